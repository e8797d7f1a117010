import type { EntityManager } from 'typeorm';
import type { SignedAuditHead } from '@ypf/audit';
import { AuditEquivocationEntity, type AuditHeadCountersignatureEntity, AuditHeadEntity, WitnessedAuditHeadEntity } from './entities/audit-head.entity.js';

/** Serialises the signing of this city's heads across its processes (one order of heads, signed in time order). */
const OWN_HEAD_LOCK = 72_000_102;
/** With a city's index: serialises what a witness holds of that city (two processes receiving its heads at once). */
const WITNESS_LOCK = 72_000_103;

export const toSignedHead = (h: { city?: string; seq: number; hash: string; entries: number; signedAt: Date; signature: string }, city: string): SignedAuditHead => ({
  city,
  seq: h.seq,
  hash: h.hash,
  entries: h.entries,
  signedAt: h.signedAt.toISOString(),
  signature: h.signature,
});

/** The queries of the signed audit heads: this city's own, its witnesses' countersignatures, and the heads it witnesses. */
export class AuditHeadsRepository {
  constructor(private readonly em: EntityManager) {}

  // ---- this city's own heads -------------------------------------------------------------------------------------

  /** Takes the lock under which this city's heads are signed (inside the caller's transaction). */
  async lockOwnHeads(): Promise<void> {
    await this.em.query('SELECT pg_advisory_xact_lock($1)', [OWN_HEAD_LOCK]);
  }

  /**
   * The chain's last committed entry and the database's clock, read in one statement: under the signing lock, heads
   * signed one after another carry times in the order of their entries, whichever process of the city signs them.
   */
  async chainEnd(): Promise<{ seq: number; hash: string; now: Date } | null> {
    const rows: { seq: string; hash: string; now: Date }[] = await this.em.query('SELECT seq, hash, clock_timestamp() AS now FROM audit_entry ORDER BY seq DESC LIMIT 1');
    return rows.length ? { seq: Number(rows[0].seq), hash: rows[0].hash, now: rows[0].now } : null;
  }

  /** The head signed last (after a chain was cut short, not the highest). */
  latestOwnHead(): Promise<AuditHeadEntity | null> {
    return this.em.getRepository(AuditHeadEntity).createQueryBuilder('h').orderBy('h.signed_at', 'DESC').addOrderBy('h.seq', 'DESC').limit(1).getOne();
  }

  /** A head signed for a sequence number signed before (the chain was rewritten) replaces it: it is what was sent. */
  async addOwnHead(head: SignedAuditHead, keep: number): Promise<void> {
    await this.em.query(
      `INSERT INTO audit_head (seq, hash, entries, signed_at, signature) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (seq) DO UPDATE SET hash = EXCLUDED.hash, entries = EXCLUDED.entries, signed_at = EXCLUDED.signed_at, signature = EXCLUDED.signature`,
      [head.seq, head.hash, head.entries, new Date(head.signedAt), head.signature],
    );
    await this.em.query('DELETE FROM audit_head WHERE seq NOT IN (SELECT seq FROM audit_head ORDER BY signed_at DESC, seq DESC LIMIT $1)', [keep]);
  }

  // ---- what the witnesses countersigned --------------------------------------------------------------------------

  /** The witnesses that have countersigned this very head. */
  async countersignedBy(head: Pick<SignedAuditHead, 'seq' | 'hash'>): Promise<Set<string>> {
    const rows: { witness_city: string }[] = await this.em.query('SELECT witness_city FROM audit_head_countersignature WHERE seq = $1 AND hash = $2', [head.seq, head.hash]);
    return new Set(rows.map((r) => r.witness_city));
  }

  /** The highest head of this city each witness has countersigned. */
  async countersignedSeqs(): Promise<Map<string, number>> {
    const rows: { witness_city: string; seq: string }[] = await this.em.query('SELECT witness_city, max(seq) AS seq FROM audit_head_countersignature GROUP BY witness_city');
    return new Map(rows.map((r) => [r.witness_city, Number(r.seq)]));
  }

  /** Keeps a witness's countersignature (the latest for a sequence number), and the witness's latest `keep`. */
  async addCountersignature(row: AuditHeadCountersignatureEntity, keep: number): Promise<void> {
    await this.em.query(
      `INSERT INTO audit_head_countersignature (witness_city, seq, hash, head_signed_at, head_signature, countersigned_at, countersignature)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (witness_city, seq) DO UPDATE SET hash = EXCLUDED.hash, head_signed_at = EXCLUDED.head_signed_at, head_signature = EXCLUDED.head_signature,
         countersigned_at = EXCLUDED.countersigned_at, countersignature = EXCLUDED.countersignature`,
      [row.witnessCity, row.seq, row.hash, row.headSignedAt, row.headSignature, row.countersignedAt, row.countersignature],
    );
    await this.em.query(
      `DELETE FROM audit_head_countersignature WHERE witness_city = $1
          AND seq NOT IN (SELECT seq FROM audit_head_countersignature WHERE witness_city = $1 ORDER BY countersigned_at DESC, seq DESC LIMIT $2)`,
      [row.witnessCity, keep],
    );
  }

  // ---- the heads this node witnesses -----------------------------------------------------------------------------

  /** Takes the lock on what this node holds of one city (inside the caller's transaction). */
  async lockWitnessed(cityIndex: number): Promise<void> {
    await this.em.query('SELECT pg_advisory_xact_lock($1, $2)', [WITNESS_LOCK, cityIndex]);
  }

  witnessed(city: string): Promise<WitnessedAuditHeadEntity[]> {
    return this.em.getRepository(WitnessedAuditHeadEntity).find({ where: { city }, order: { seq: 'DESC', signedAt: 'DESC' } });
  }

  async addWitnessed(head: SignedAuditHead, receivedAt: Date, conflict: boolean): Promise<void> {
    await this.em
      .createQueryBuilder()
      .insert()
      .into(WitnessedAuditHeadEntity)
      .values({ city: head.city, seq: head.seq, hash: head.hash, entries: head.entries, signedAt: new Date(head.signedAt), signature: head.signature, receivedAt, conflict })
      .orIgnore()
      .execute();
  }

  async markConflict(h: Pick<WitnessedAuditHeadEntity, 'city' | 'seq' | 'hash'>): Promise<void> {
    await this.em.getRepository(WitnessedAuditHeadEntity).update({ city: h.city, seq: h.seq, hash: h.hash }, { conflict: true });
  }

  async dropWitnessed(heads: readonly Pick<WitnessedAuditHeadEntity, 'city' | 'seq' | 'hash'>[]): Promise<void> {
    for (const h of heads) await this.em.getRepository(WitnessedAuditHeadEntity).delete({ city: h.city, seq: h.seq, hash: h.hash });
  }

  async addEquivocation(row: Omit<AuditEquivocationEntity, 'id'>): Promise<string> {
    const inserted = await this.em.getRepository(AuditEquivocationEntity).insert(row);
    return String((inserted.identifiers[0] as { id: string | number }).id);
  }

  countEquivocations(city: string): Promise<number> {
    return this.em.getRepository(AuditEquivocationEntity).countBy({ city });
  }

  equivocations(city: string | undefined, limit: number): Promise<AuditEquivocationEntity[]> {
    return this.em.getRepository(AuditEquivocationEntity).find({ where: city ? { city } : {}, order: { id: 'DESC' }, take: limit });
  }

  // ---- the local chain, for comparison --------------------------------------------------------------------------

  /** The chain's last entry now, and the hashes of the entries at `seqs`. */
  async localChain(seqs: readonly number[]): Promise<{ endSeq: number; hashes: Map<number, string> }> {
    const [end]: { seq: string | null }[] = await this.em.query('SELECT max(seq) AS seq FROM audit_entry');
    const rows: { seq: string; hash: string }[] = seqs.length ? await this.em.query('SELECT seq, hash FROM audit_entry WHERE seq = ANY($1::bigint[])', [seqs]) : [];
    return { endSeq: end.seq === null ? 0 : Number(end.seq), hashes: new Map(rows.map((r) => [Number(r.seq), r.hash])) };
  }
}
