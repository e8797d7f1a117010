import { createHmac } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { AuditEntryEntity } from './audit-entry.entity.js';

export const GENESIS_HASH = '0'.repeat(64);

type HashedFields = Omit<AuditEntryEntity, 'hash'>;

/**
 * The chain link: HMAC-SHA256 under the node's audit key over every field of the entry, including its sequence
 * number and the previous entry's hash. Keyed, so someone with write access to the database but not the key
 * cannot recompute the chain after editing it.
 */
export function auditEntryHash(key: Buffer, e: HashedFields): string {
  const payload = canonicalJson([
    e.seq,
    e.at.toISOString(),
    e.actorId,
    e.actorCity,
    e.actorRoles,
    e.purpose,
    e.action,
    e.resourceKind,
    e.resourceIds,
    e.accessLevel,
    e.outcome,
    e.detail,
    e.prevHash,
  ]);
  return createHmac('sha256', key).update(payload).digest('hex');
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  headSeq: number | null;
  firstBrokenSeq: number | null;
  problem: string | null;
}

/** Walks entries in seq order; reports the first entry whose link, sequence or content does not hold. */
export function verifyChain(key: Buffer, entries: Iterable<AuditEntryEntity>, start?: { seq: number; hash: string }): ChainVerification {
  let expectedSeq = start ? start.seq + 1 : 1;
  let prev = start ? start.hash : GENESIS_HASH;
  let checked = 0;
  let head: number | null = start ? start.seq : null;
  for (const e of entries) {
    const broken = (problem: string): ChainVerification => ({ ok: false, checked, headSeq: head, firstBrokenSeq: e.seq, problem });
    if (e.seq !== expectedSeq) return broken(`expected entry ${expectedSeq} but found ${e.seq} (entries deleted or reordered)`);
    if (e.prevHash !== prev) return broken('link to the previous entry does not match (an entry before it was changed, removed or inserted)');
    if (auditEntryHash(key, e) !== e.hash) return broken('entry content does not match its hash (the entry was edited)');
    prev = e.hash;
    expectedSeq += 1;
    head = e.seq;
    checked += 1;
  }
  return { ok: true, checked, headSeq: head, firstBrokenSeq: null, problem: null };
}
