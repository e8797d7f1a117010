import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The thread of a request: messages, status reports, transitions and escalations, replicated with the same id. */
@Entity({ name: 'assistance_event' })
@Index('idx_assistance_event_request', ['requestId', 'at'])
export class AssistanceEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 80 })
  requestId!: string;

  /** The answer (target city) the event belongs to; null for request-wide events. */
  @Column({ name: 'target_city', type: 'varchar', length: 32, nullable: true })
  targetCity!: string | null;

  /** Where the event happened. */
  @Column({ type: 'varchar', length: 32 })
  city!: string;

  @Column({ name: 'author_id', type: 'varchar', length: 80 })
  authorId!: string;

  @Column({ name: 'author_name', type: 'varchar', length: 120 })
  authorName!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  action!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  status!: string | null;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  text!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
