import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The keyed blind index of an active entry's identifier: what hit/no-hit checks compare. Only active entries have rows. */
@Entity({ name: 'watch_identifier' })
@Index('idx_watch_identifier_token', ['token'])
export class WatchIdentifierEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'varchar', length: 80 })
  entryId!: string;

  @PrimaryColumn({ type: 'char', length: 64 })
  token!: string;

  @Column({ type: 'varchar', length: 24 })
  kind!: string;
}
