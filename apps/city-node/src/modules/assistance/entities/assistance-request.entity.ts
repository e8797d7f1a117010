import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A request for assistance. The requesting city and every target city each hold their own copy; they agree because
 * every change travels as a delivery message.
 */
@Entity({ name: 'assistance_request' })
@Index('idx_assistance_request_requester', ['requesterCity'])
@Index('idx_assistance_request_status', ['status'])
export class AssistanceRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ name: 'requester_city', type: 'varchar', length: 32 })
  requesterCity!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 4000 })
  description!: string;

  @Column({ name: 'resource_type', type: 'varchar', length: 32 })
  resourceType!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ name: 'catalogue_entry_ids', type: 'text', array: true })
  catalogueEntryIds!: string[];

  @Column({ type: 'varchar', length: 300 })
  location!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt!: Date | null;

  /** The event or case the request serves. */
  @Column({ name: 'serves_reference', type: 'varchar', length: 120 })
  servesReference!: string;

  @Column({ name: 'legal_reference', type: 'varchar', length: 200, nullable: true })
  legalReference!: string | null;

  @Column({ type: 'varchar', length: 16 })
  priority!: string;

  @Column({ name: 'target_cities', type: 'text', array: true })
  targetCities!: string[];

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 1000, nullable: true })
  cancelReason!: string | null;

  @Column({ name: 'created_by_id', type: 'varchar', length: 80 })
  createdById!: string;

  @Column({ name: 'created_by_name', type: 'varchar', length: 120 })
  createdByName!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
