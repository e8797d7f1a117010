import { type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * A city's statement "my audit chain has `entries` entries and entry `seq` has hash `hash`", signed with its ES256
 * (P-256) key and gossiped to the other cities, who keep it and countersign it — Certificate Transparency's signed tree
 * head for a hash chain. A city that later cuts entries off or rewrites its history cannot take the statement back.
 */
export interface AuditHead {
  city: string;
  seq: number;
  /** The chain value: the hash of the entry at `seq`. */
  hash: string;
  /** Entries in the chain; equal to `seq`, since the chain is numbered from 1 without gaps. */
  entries: number;
  /** ISO 8601 UTC with milliseconds, exactly as signed. */
  signedAt: string;
}

export interface SignedAuditHead extends AuditHead {
  /** ES256 over `auditHeadSigningBytes`: r || s (64 bytes), base64url without padding. */
  signature: string;
}

/** A witness city's signature over a signed head: proof that it holds the head. */
export interface AuditHeadCountersignature {
  witnessCity: string;
  countersignedAt: string;
  countersignature: string;
}

/**
 * What is signed starts with a context string, so a head signature can never be read as a countersignature (or the
 * other way round), nor as any other ES256 signature of the city (its tokens are JWTs over different bytes).
 */
const HEAD_CONTEXT = 'ypf:audit-head:v1';
const COUNTERSIGNATURE_CONTEXT = 'ypf:audit-head-countersignature:v1';
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function auditHeadSigningBytes(h: AuditHead): Buffer {
  return Buffer.from(canonicalJson([HEAD_CONTEXT, h.city, h.seq, h.hash, h.entries, h.signedAt]), 'utf8');
}

function countersignatureBytes(head: SignedAuditHead, witnessCity: string, countersignedAt: string): Buffer {
  return Buffer.from(
    canonicalJson([COUNTERSIGNATURE_CONTEXT, witnessCity, countersignedAt, head.city, head.seq, head.hash, head.entries, head.signedAt, head.signature]),
    'utf8',
  );
}

const isP256 = (key: KeyObject) => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';

/** ES256 and nothing else: a P-256 key, SHA-256, the fixed 64-byte r || s form. */
function es256Sign(privateKey: KeyObject, data: Buffer): string {
  if (privateKey.type !== 'private' || !isP256(privateKey)) throw new Error('audit heads are signed with the city\'s P-256 (ES256) private key');
  return sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
}

function es256Verify(publicKey: KeyObject, data: Buffer, signature: string): boolean {
  if (!isP256(publicKey) || typeof signature !== 'string' || !SIGNATURE.test(signature)) return false;
  const raw = Buffer.from(signature, 'base64url');
  if (raw.length !== 64) return false;
  try {
    return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw);
  } catch {
    return false;
  }
}

export function signAuditHead(privateKey: KeyObject, head: AuditHead): SignedAuditHead {
  const h = { city: head.city, seq: head.seq, hash: head.hash, entries: head.entries, signedAt: head.signedAt };
  return { ...h, signature: es256Sign(privateKey, auditHeadSigningBytes(h)) };
}

/** True when `publicKey` (the registry's key of the head's city, never one the sender names) signed exactly this head. */
export function verifyAuditHead(publicKey: KeyObject, head: SignedAuditHead): boolean {
  return es256Verify(publicKey, auditHeadSigningBytes(head), head.signature);
}

export function countersignAuditHead(privateKey: KeyObject, witnessCity: string, head: SignedAuditHead, at: Date): AuditHeadCountersignature {
  const countersignedAt = at.toISOString();
  return { witnessCity, countersignedAt, countersignature: es256Sign(privateKey, countersignatureBytes(head, witnessCity, countersignedAt)) };
}

/** True when the witness's key (from the registry) countersigned exactly this signed head. */
export function verifyAuditHeadCountersignature(witnessPublicKey: KeyObject, head: SignedAuditHead, c: AuditHeadCountersignature): boolean {
  return es256Verify(witnessPublicKey, countersignatureBytes(head, c.witnessCity, c.countersignedAt), c.countersignature);
}

// ---- a witness judging a head it is offered ------------------------------------------------------------------------

export type HeadFact = Pick<AuditHead, 'seq' | 'hash' | 'signedAt'>;

/**
 * NEW: keep it. DUPLICATE: already held. FORK: the city signed another hash for the same entry (two histories).
 * ROLLBACK: of two heads, the one signed later claims fewer entries (the chain shrank: entries were cut off).
 */
export type OfferedHeadVerdict<T extends HeadFact> = { kind: 'NEW' } | { kind: 'DUPLICATE'; held: T } | { kind: 'FORK' | 'ROLLBACK'; held: T };

/**
 * A chain only grows, so a city's heads must agree in two ways: one hash per sequence number, and a head signed later
 * never has fewer entries than one signed earlier. Heads may arrive out of order (two processes of a city, a retry):
 * a lower head signed earlier is a late arrival, not a rollback.
 */
export function judgeOfferedHead<T extends HeadFact>(held: readonly T[], offered: HeadFact): OfferedHeadVerdict<T> {
  const fork = held.find((h) => h.seq === offered.seq && h.hash !== offered.hash);
  if (fork) return { kind: 'FORK', held: fork };
  const at = Date.parse(offered.signedAt);
  const rollback = held.find((h) => {
    const heldAt = Date.parse(h.signedAt);
    return (h.seq > offered.seq && heldAt < at) || (h.seq < offered.seq && heldAt > at);
  });
  if (rollback) return { kind: 'ROLLBACK', held: rollback };
  const same = held.find((h) => h.seq === offered.seq && h.hash === offered.hash);
  return same ? { kind: 'DUPLICATE', held: same } : { kind: 'NEW' };
}

/**
 * Which of the heads a witness holds for one city it keeps: every conflicting one (evidence), the `latest` highest,
 * and, as checkpoints, the highest head of each of the last `checkpointDays` days on which heads were signed — so a
 * city that rewrote its history cannot flush it out of the witness's memory by publishing many new heads.
 */
export function headsToKeep<T extends HeadFact & { conflict: boolean }>(held: readonly T[], opts: { latest: number; checkpointDays: number }): Set<T> {
  const keep = new Set<T>(held.filter((h) => h.conflict));
  const plain = held.filter((h) => !h.conflict).sort((a, b) => b.seq - a.seq || Date.parse(b.signedAt) - Date.parse(a.signedAt));
  for (const h of plain.slice(0, opts.latest)) keep.add(h);
  const days = new Map<string, T>();
  for (const h of plain) {
    const day = h.signedAt.slice(0, 10);
    if (!days.has(day)) days.set(day, h);
  }
  for (const [, h] of [...days].sort(([a], [b]) => (a < b ? 1 : -1)).slice(0, opts.checkpointDays)) keep.add(h);
  return keep;
}

// ---- the owner comparing its chain with the heads a peer holds -----------------------------------------------------

export type PeerHeadStatus = 'MATCHES' | 'TRUNCATED' | 'FORKED' | 'INVALID_HEAD';

/** What the local chain looks like now: where it ends and the hash of an entry (undefined: no such entry). */
export interface LocalChainView {
  endSeq: number;
  hashAt(seq: number): string | undefined;
}

/**
 * One head a peer holds, against the local chain: signed by someone else (or not about this city) it proves nothing;
 * beyond the chain's end, entries were cut off; with another hash than the local entry, the history was rewritten.
 */
export function judgePeerHead(ownCity: string, ownPublicKey: KeyObject, head: SignedAuditHead, local: LocalChainView): PeerHeadStatus {
  if (head.city !== ownCity || head.entries !== head.seq || !verifyAuditHead(ownPublicKey, head)) return 'INVALID_HEAD';
  if (head.seq > local.endSeq) return 'TRUNCATED';
  return local.hashAt(head.seq) === head.hash ? 'MATCHES' : 'FORKED';
}

const SEVERITY: readonly PeerHeadStatus[] = ['FORKED', 'TRUNCATED', 'INVALID_HEAD', 'MATCHES'];

/** A peer's status: the worst of its heads' (a rewritten history outweighs a cut-off one); NO_HEAD when it holds none. */
export function peerStatusOf(statuses: readonly PeerHeadStatus[]): PeerHeadStatus | 'NO_HEAD' {
  return SEVERITY.find((s) => statuses.includes(s)) ?? 'NO_HEAD';
}

export type PeerVerdict = 'CONSISTENT' | 'UNCONFIRMED' | 'TAMPERED';

/**
 * TAMPERED: the chain does not verify, or a peer holds a head the chain contradicts. CONSISTENT: the chain verifies and
 * every peer answered with heads it matches. UNCONFIRMED: nothing contradicts the chain, but not every peer confirmed
 * it (unreachable, holding nothing, or holding a head that is not this city's).
 */
export function peerVerdictOf(chainOk: boolean, peers: readonly (PeerHeadStatus | 'NO_HEAD' | 'UNREACHABLE')[]): PeerVerdict {
  if (!chainOk || peers.some((s) => s === 'FORKED' || s === 'TRUNCATED')) return 'TAMPERED';
  return peers.every((s) => s === 'MATCHES') ? 'CONSISTENT' : 'UNCONFIRMED';
}
