import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/**
 * At the lead city: the order in which its entries changed, as other cities' copies read it. Every change to an entry
 * this city leads (or led) takes the next number, so a copy asks only for what changed after the last number it has.
 */
@Entity({ name: 'watch_replica_feed' })
export class WatchReplicaFeedEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'varchar', length: 80 })
  entryId!: string;

  @Index('idx_watch_replica_feed_seq', { unique: true })
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;
}

/**
 * At every other city: its copy of one blind index of an active entry another city leads (Schengen's national copies).
 * It holds the token, the entry reference, the lead city, the action on encounter and whether this city takes part:
 * what a hit/no-hit check tells a city that does not take part, and nothing more.
 */
@Entity({ name: 'watch_replica' })
@Index('idx_watch_replica_token', ['token'])
export class WatchReplicaEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'varchar', length: 80 })
  entryId!: string;

  @PrimaryColumn({ type: 'char', length: 64 })
  token!: string;

  @Column({ name: 'lead_city', type: 'varchar', length: 32 })
  leadCity!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  /** This city takes part in the entry: a hit is answered by the lead city, which shows the entry as its policy allows. */
  @Column({ type: 'boolean' })
  participant!: boolean;

  /** The entry's lead epoch (how many times its lead moved): a later lead's rows win over an earlier lead's. */
  @Column({ name: 'lead_epoch', type: 'integer' })
  leadEpoch!: number;
}

/**
 * At every other city: what it knows of each entry another city leads or led, from that city's feed, kept after the
 * entry ends: its lead city and epoch, proven by the entry's signed chain of lead moves, and whether it is active. It is
 * how this node knows who may tell it about the entry (who may end it, forward its hits or offer its lead).
 */
@Entity({ name: 'watch_replica_entry' })
@Index('idx_watch_replica_entry_active_lead', ['leadCity'], { where: 'active' })
export class WatchReplicaEntryEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'varchar', length: 80 })
  entryId!: string;

  @Column({ name: 'lead_city', type: 'varchar', length: 32 })
  leadCity!: string;

  @Column({ name: 'lead_epoch', type: 'integer' })
  leadEpoch!: number;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ type: 'boolean' })
  participant!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** At every other city: how far its copy of one city's entries has come, and whom that city names as its contact. */
@Entity({ name: 'watch_replica_peer' })
export class WatchReplicaPeerEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  city!: string;

  /** The last feed number applied. */
  @Column({ name: 'after_seq', type: 'bigint', default: 0 })
  afterSeq!: string;

  /** When the copy last caught up with the city's whole feed (null: never). */
  @Column({ name: 'synced_at', type: 'timestamptz', nullable: true })
  syncedAt!: Date | null;

  /** The lead city's contact point from its policy (what a HIT_ONLY answer names). */
  @Column({ type: 'jsonb', nullable: true })
  contact!: { unit: string; phone?: string; email?: string } | null;

  /** The last failure to sync, cleared by the next success. */
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;
}
