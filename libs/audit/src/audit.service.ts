import { EntityManager } from 'typeorm';
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

/**
 * Append-only, hash-chained audit log of one node. `append` runs inside the caller's transaction so the audit
 * entry and the business change commit or roll back together.
 */
export class AuditLog {
  constructor(
    private readonly key: Buffer,
    private readonly ownCity: string,
  ) {}

  async append(manager: EntityManager, record: AuditRecord): Promise<AuditEntryEntity> {
    if (!manager.queryRunner?.isTransactionActive) {
      return manager.transaction((tx) => this.append(tx, record));
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const last = await manager.getRepository(AuditEntryEntity).find({ order: { seq: 'DESC' }, take: 1 });
    const entry = new AuditEntryEntity();
    entry.seq = last.length ? last[0].seq + 1 : 1;
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
    entry.prevHash = last.length ? last[0].hash : GENESIS_HASH;
    entry.hash = auditEntryHash(this.key, entry);
    await manager.getRepository(AuditEntryEntity).insert(entry);
    return entry;
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
