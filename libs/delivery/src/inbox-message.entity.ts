import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const INBOX_STATES = ['APPLIED', 'BUFFERED', 'REJECTED'] as const;
export type InboxState = (typeof INBOX_STATES)[number];

/** A message received from another city. The primary key makes a second delivery of the same message harmless. */
@Entity({ name: 'inbox_message' })
@Index('idx_inbox_message_stream', ['sourceCity', 'streamKey', 'streamSeq'])
export class InboxMessageEntity {
  @PrimaryColumn({ name: 'source_city', type: 'varchar', length: 32 })
  sourceCity!: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ name: 'stream_key', type: 'varchar', length: 120 })
  streamKey!: string;

  @Column({ name: 'stream_seq', type: 'integer' })
  streamSeq!: number;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: InboxState;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  detail!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt!: Date | null;
}

/** How far each sender's stream has been applied here, so out-of-order arrivals wait for their predecessors. */
@Entity({ name: 'inbox_stream' })
export class InboxStreamEntity {
  @PrimaryColumn({ name: 'source_city', type: 'varchar', length: 32 })
  sourceCity!: string;

  @PrimaryColumn({ name: 'stream_key', type: 'varchar', length: 120 })
  streamKey!: string;

  @Column({ name: 'last_applied_seq', type: 'integer' })
  lastAppliedSeq!: number;

  /**
   * The highest sequence number ever held here behind a gap: successors may be waiting only while it is above
   * `lastAppliedSeq`. Kept on the stream's row because that row is read after its lock, so it is current even when
   * the lock was waited for (a query of the inbox in the same statement would miss what the lock holder added).
   */
  @Column({ name: 'max_buffered_seq', type: 'integer', default: 0 })
  maxBufferedSeq!: number;
}
