import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every disclosure of a report to another city: what the owner told whom, at which level, for which purpose. */
@Entity({ name: 'intelligence_dissemination' })
@Index('idx_intelligence_dissemination_report', ['reportId'])
export class DisseminationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'report_id', type: 'varchar', length: 80 })
  reportId!: string;

  @Column({ name: 'recipient_city', type: 'varchar', length: 32 })
  recipientCity!: string;

  @Column({ name: 'officer_id', type: 'varchar', length: 80 })
  officerId!: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  role!: string | null;

  @Column({ name: 'access_level', type: 'varchar', length: 16 })
  accessLevel!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  purpose!: string | null;

  /** At HIT_ONLY the recipient gets this one-time reference instead of the report id; the owner resolves it here. */
  @Column({ type: 'varchar', length: 80, nullable: true })
  reference!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
