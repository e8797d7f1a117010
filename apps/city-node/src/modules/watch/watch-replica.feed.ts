import type { EntityManager } from 'typeorm';

/** One lock for the feed's numbering: the numbers of changes are taken and committed in the same order. */
const FEED_LOCK_KEY = 0x57415443; // 'WATC'

/**
 * Records that an entry this city leads (or led) changed, with the next feed number, in the caller's transaction.
 * Numbers are taken under a transaction-level lock, so they commit in order: a copy that has read up to number N has
 * seen every change numbered below N, and never skips one that committed late.
 */
export async function markReplicaChange(em: EntityManager, entryId: string): Promise<void> {
  await em.query('SELECT pg_advisory_xact_lock($1)', [FEED_LOCK_KEY]);
  await em.query('INSERT INTO watch_replica_feed (entry_id) VALUES ($1) ON CONFLICT (entry_id) DO UPDATE SET seq = DEFAULT', [entryId]);
}
