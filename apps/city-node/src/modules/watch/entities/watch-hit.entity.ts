import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A hit report (SIS Art. 37 style): filed by the encountering city, delivered to the lead city, which forwards it to
 * the participating cities; each holds its copy. The lead city's acknowledgement runs on an URGENT SLA clock.
 */
@Entity({ name: 'watch_hit' })
@Index('idx_watch_hit_entry', ['entryId'])
@Index('idx_watch_hit_ack_due', ['ackDueAt'])
export class WatchHitEntity {
  /** City-scoped id of the encountering city. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ name: 'entry_id', type: 'varchar', length: 80 })
  entryId!: string;

  @Column({ name: 'lead_city', type: 'varchar', length: 32 })
  leadCity!: string;

  @Column({ name: 'encountering_city', type: 'varchar', length: 32 })
  encounteringCity!: string;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;

  @Column({ type: 'varchar', length: 300 })
  location!: string;

  @Column({ type: 'varchar', length: 2000 })
  observation!: string;

  @Column({ name: 'action_taken', type: 'varchar', length: 1000 })
  actionTaken!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  companions!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  vehicle!: string | null;

  @Column({ name: 'filed_by', type: 'varchar', length: 120 })
  filedBy!: string;

  @Column({ name: 'filed_at', type: 'timestamptz' })
  filedAt!: Date;

  /** At the lead city: when the acknowledgement is due (URGENT clock), given, and escalated if missed. */
  @Column({ name: 'ack_due_at', type: 'timestamptz', nullable: true })
  ackDueAt!: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 120, nullable: true })
  acknowledgedBy!: string | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  /** Copies held at the encountering and participating cities are deleted then (the lead's go with the entry). */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
