import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** BUFFERED: the target holds the message but waits for an earlier one of its stream (shown, so a gap is visible). */
export const OUTBOX_STATUSES = ['QUEUED', 'RETRYING', 'BUFFERED', 'DELIVERED', 'DEAD'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * A message to another city, written in the same transaction as the business change that caused it. The outbox is
 * the source of truth; the queue only moves it.
 */
@Entity({ name: 'outbox_message' })
@Index('idx_outbox_message_status', ['status'])
@Index('uq_outbox_message_stream', ['targetCity', 'streamKey', 'streamSeq'], { unique: true })
export class OutboxMessageEntity {
  /** ULID, unique at the sender; the receiver keys its inbox by (source city, id). */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'target_city', type: 'varchar', length: 32 })
  targetCity!: string;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  /** Messages of one stream (e.g. one assistance request) are applied by the receiver in stream_seq order. */
  @Column({ name: 'stream_key', type: 'varchar', length: 120 })
  streamKey!: string;

  @Column({ name: 'stream_seq', type: 'integer' })
  streamSeq!: number;

  /** Canonical JSON of the payload. */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'dead_reason', type: 'varchar', length: 1000, nullable: true })
  deadReason!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
