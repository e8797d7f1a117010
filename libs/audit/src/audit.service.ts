import { EntityManager } from 'typeorm';
import { queryPrepared } from '@ypf/common';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { auditEntryHash, type ChainVerification, GENESIS_HASH, verifyChain } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';

export type AuditOutcome = 'OK' | 'DENIED' | 'REFUSED';

export interface AuditActor {
  id: string;
  city: string;
  roles: readonly string[];
}

export interface AuditRecord {
  actor: AuditActor;
  purpose?: string | null;
  action: string;
  resourceKind?: string;
  resourceIds?: readonly string[];
  accessLevel?: string | null;
  outcome?: AuditOutcome;
  detail?: Record<string, unknown>;
  at?: Date;
}

/** A transaction's held audit records (see `AuditLog.defer`). */
export interface DeferredAudit {
  /** How many records are held now (take it at a savepoint). */
  mark(): number;
  /** Drops the records held since `mark` (after rolling back to that savepoint). */
  rewind(mark: number): void;
  /** Writes the held records to the chain; call it last, before the transaction commits. */
  flush(): Promise<void>;
}

export interface AuditQuery {
  actorCity?: string;
  action?: string;
  resourceId?: string;
  crossCityOnly?: boolean;
  limit: number;
  beforeSeq?: number;
}

/** Serialises appends to the chain across all processes of one city (they share the database). */
const AUDIT_CHAIN_LOCK = 72_000_101;
/** Audit rows per INSERT statement (14 parameters each, well under PostgreSQL's 65,535). */
const INSERT_CHUNK = 1000;

/**
 * Append-only, hash-chained audit log of one node. `append` runs inside the caller's transaction so the audit
 * entry and the business change commit or roll back together.
 */
export class AuditLog {
  constructor(
    private readonly key: Buffer,
    private readonly ownCity: string,
  ) {}

  /** Transactions whose appends are held until `DeferredAudit.flush` (keyed by their query runner). */
  private readonly deferred = new WeakMap<object, AuditRecord[]>();
  private readonly writeListeners: (() => void)[] = [];

  /**
   * Calls `listener` each time entries were written, inside their transaction (so they may still roll back): the
   * node's signed chain head is published a moment later, from what has committed by then.
   */
  onWrite(listener: () => void): void {
    this.writeListeners.push(listener);
  }

  /**
   * Holds this transaction's appends and writes them together at `flush`, taking the chain's lock only then: a
   * transaction doing much work (a delivery batch) does not serialise the whole node behind the chain while it runs.
   * `mark`/`rewind` drop the records of a rolled-back savepoint.
   */
  defer(manager: EntityManager): DeferredAudit {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('audit can only be deferred inside a transaction');
    const records: AuditRecord[] = [];
    this.deferred.set(runner, records);
    return {
      mark: () => records.length,
      rewind: (mark) => void records.splice(mark),
      flush: async () => {
        this.deferred.delete(runner);
        if (records.length) await this.write(manager, records);
      },
    };
  }

  async append(manager: EntityManager, record: AuditRecord): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      return manager.transaction((tx) => this.append(tx, record));
    }
    const held = this.deferred.get(manager.queryRunner);
    if (held) held.push({ ...record, at: record.at ?? new Date() });
    else await this.write(manager, [record]);
  }

  private async write(manager: EntityManager, records: readonly AuditRecord[]): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('audit entries are written inside a transaction');
    // One round trip for the lock and the chain's head: the statements of one simple query each see what was
    // committed before they start, so the head is read only once the lock is held (a waiter sees its holder's rows).
    const client = (await runner.connect()) as { query(sql: string): Promise<{ rows: { seq: string; hash: string }[] }[]> };
    const [, head] = await client.query(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}); SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1`);
    let prev = head.rows.length ? { seq: Number(head.rows[0].seq), hash: head.rows[0].hash } : { seq: 0, hash: GENESIS_HASH };
    const entries = records.map((record) => {
      const entry = new AuditEntryEntity();
      entry.seq = prev.seq + 1;
      entry.at = record.at ?? new Date();
      entry.actorId = record.actor.id;
      entry.actorCity = record.actor.city;
      entry.actorRoles = [...record.actor.roles];
      entry.purpose = record.purpose ?? null;
      entry.action = record.action;
      entry.resourceKind = record.resourceKind ?? null;
      entry.resourceIds = [...(record.resourceIds ?? [])];
      entry.accessLevel = record.accessLevel ?? null;
      entry.outcome = record.outcome ?? 'OK';
      entry.detail = record.detail ? canonicalJson(record.detail) : null;
      entry.prevHash = prev.hash;
      entry.hash = auditEntryHash(this.key, entry);
      prev = { seq: entry.seq, hash: entry.hash };
      return entry;
    });
    // Plain SQL rather than the repository's insert builder: every audited request writes here, and building the
    // statement cost more CPU than running it. In chunks: a statement takes at most 65,535 parameters (14 per row).
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      const values: unknown[] = [];
      const rows = entries.slice(i, i + INSERT_CHUNK).map((e) => {
        const at = values.length;
        values.push(e.seq, e.at, e.actorId, e.actorCity, e.actorRoles, e.purpose, e.action, e.resourceKind, e.resourceIds, e.accessLevel, e.outcome, e.detail, e.prevHash, e.hash);
        return `(${Array.from({ length: 14 }, (_, k) => `$${at + k + 1}`).join(', ')})`;
      });
      const text = `INSERT INTO audit_entry (seq, at, actor_id, actor_city, actor_roles, purpose, action, resource_kind, resource_ids, access_level, outcome, detail, prev_hash, hash)
         VALUES ${rows.join(', ')}`;
      // One row (every audited read) is one fixed text: prepared. Batches vary in size and run as plain queries.
      if (rows.length === 1) await queryPrepared(manager, text, values);
      else await manager.query(text, values);
    }
    for (const listener of this.writeListeners) listener();
  }

  /** Recomputes the whole chain in pages, so memory stays flat however long the log grows. */
  async verify(manager: EntityManager, pageSize = 2000): Promise<ChainVerification> {
    const repo = manager.getRepository(AuditEntryEntity);
    let start: { seq: number; hash: string } | undefined;
    let total = 0;
    let afterSeq = 0;
    for (;;) {
      const page = await repo
        .createQueryBuilder('a')
        .where('a.seq > :afterSeq', { afterSeq })
        .orderBy('a.seq', 'ASC')
        .take(pageSize)
        .getMany();
      if (page.length === 0) break;
      const result = verifyChain(this.key, page, start);
      total += result.checked;
      if (!result.ok) return { ...result, checked: total };
      const last = page[page.length - 1];
      start = { seq: last.seq, hash: last.hash };
      afterSeq = last.seq;
    }
    return { ok: true, checked: total, headSeq: start?.seq ?? null, firstBrokenSeq: null, problem: null };
  }

  async list(manager: EntityManager, q: AuditQuery): Promise<AuditEntryEntity[]> {
    const qb = manager.getRepository(AuditEntryEntity).createQueryBuilder('a').orderBy('a.seq', 'DESC').take(q.limit);
    if (q.actorCity) qb.andWhere('a.actor_city = :actorCity', { actorCity: q.actorCity });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.resourceId) qb.andWhere(':rid = ANY(a.resource_ids)', { rid: q.resourceId });
    if (q.crossCityOnly) qb.andWhere('a.actor_city <> :own', { own: this.ownCity });
    if (q.beforeSeq) qb.andWhere('a.seq < :beforeSeq', { beforeSeq: q.beforeSeq });
    return qb.getMany();
  }
}
