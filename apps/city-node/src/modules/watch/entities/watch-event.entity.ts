import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The entry's history: proposal, approval, reviews (with their reasons), transfers, hits, closure, deletion. */
@Entity({ name: 'watch_event' })
@Index('idx_watch_event_entry', ['entryId', 'at'])
export class WatchEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'entry_id', type: 'varchar', length: 80 })
  entryId!: string;

  @Column({ type: 'varchar', length: 40 })
  type!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 120 })
  actorId!: string;

  @Column({ name: 'actor_city', type: 'varchar', length: 32 })
  actorCity!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
