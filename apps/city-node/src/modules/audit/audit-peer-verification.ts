import type { KeyObject } from 'node:crypto';
import { type ChainVerification, judgePeerHead, type LocalChainView, type PeerHeadStatus, peerStatusOf, type PeerVerdict, peerVerdictOf, type SignedAuditHead } from '@ypf/audit';

/** A witnessed head as a peer answers it. */
export interface HeldHeadAnswer extends SignedAuditHead {
  receivedAt: string;
  conflict: boolean;
}

/** What one peer said: the heads of this city's chain it holds, or why it could not be asked. */
export type PeerAnswer = { city: string; heads: HeldHeadAnswer[] } | { city: string; error: string };

export type PeerCheckStatus = PeerHeadStatus | 'NO_HEAD' | 'UNREACHABLE';

export interface PeerHeadCheck {
  city: string;
  status: PeerCheckStatus;
  heads: { seq: number; hash: string; signedAt: string; receivedAt: string; localHash: string | null; status: PeerHeadStatus }[];
  countersignedSeq: number | null;
  error: string | null;
  message: string;
}

export interface PeerVerification {
  verdict: PeerVerdict;
  chain: ChainVerification;
  endSeq: number | null;
  peers: PeerHeadCheck[];
  summary: string;
}

/** A peer holds at most this many heads of one city (latest, daily checkpoints, evidence); more is not looked at. */
export const MAX_HEADS_PER_PEER = 500;

const short = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : 'none');
const REPORT = "Keep this node's database as it is (do not repair it) and report a suspected compromise of the node to the region's security officer";

/**
 * One peer's answer against this city's chain as it is now: every head it holds judged (see `judgePeerHead`), the
 * peer rated by its worst head, and what that means in words.
 */
export function checkPeer(ownCity: string, ownKey: KeyObject, answer: PeerAnswer, local: LocalChainView, countersignedSeq: number | null): PeerHeadCheck {
  const base = { city: answer.city, countersignedSeq };
  if ('error' in answer) {
    return {
      ...base,
      status: 'UNREACHABLE',
      heads: [],
      error: answer.error,
      message: `${answer.city} could not be asked (${answer.error}): its heads of this chain were not compared, so this check is incomplete. Verify again when ${answer.city} answers.`,
    };
  }
  const heads = answer.heads.slice(0, MAX_HEADS_PER_PEER).map((h) => ({
    seq: h.seq,
    hash: h.hash,
    signedAt: h.signedAt,
    receivedAt: h.receivedAt,
    localHash: local.hashAt(h.seq) ?? null,
    status: judgePeerHead(ownCity, ownKey, h, local),
  }));
  heads.sort((a, b) => b.seq - a.seq);
  const status = peerStatusOf(heads.map((h) => h.status));
  return { ...base, status, heads, error: null, message: peerMessage(answer.city, status, heads, local.endSeq, countersignedSeq) };
}

function peerMessage(city: string, status: PeerCheckStatus, heads: PeerHeadCheck['heads'], endSeq: number, countersignedSeq: number | null): string {
  const first = (s: PeerHeadStatus) => heads.filter((h) => h.status === s);
  switch (status) {
    case 'MATCHES':
      return `${city} holds ${heads.length} signed head(s) of this chain, up to entry ${heads[0].seq} (signed ${heads[0].signedAt}): the chain has every one of them.`;
    case 'TRUNCATED': {
      const top = first('TRUNCATED')[0];
      return (
        `${city} holds this city's head for entry ${top.seq} (signed ${top.signedAt}), but the chain now ends at entry ${endSeq}: ` +
        `at least ${top.seq - endSeq} entr${top.seq - endSeq === 1 ? 'y was' : 'ies were'} cut off the end of the audit log. ${REPORT}; ${city} keeps the signed head as proof.`
      );
    }
    case 'FORKED': {
      const low = first('FORKED').at(-1)!;
      const here = low.localHash ? `this node's entry ${low.seq} has hash ${short(low.localHash)}` : `this node has no entry ${low.seq}`;
      return (
        `${city} holds this city's head for entry ${low.seq} with hash ${short(low.hash)} (signed ${low.signedAt}), but ${here}: ` +
        `the history up to entry ${low.seq} was rewritten after ${low.signedAt}, by someone holding the audit key if the chain still verifies. ` +
        (first('TRUNCATED').length ? `It also holds heads beyond the chain's end (entry ${endSeq}): entries were cut off too. ` : '') +
        `${REPORT}, and replace the audit key; ${city} keeps the signed head as proof.`
      );
    }
    case 'INVALID_HEAD':
      return (
        `${city} answered with ${first('INVALID_HEAD').length} head(s) that this city did not sign (or that name another city): they prove nothing about this chain. ` +
        `${city}'s copy is damaged or its node misbehaves: tell ${city}'s auditors.`
      );
    case 'NO_HEAD':
      return countersignedSeq !== null
        ? `${city} holds no head of this chain, although it countersigned the head for entry ${countersignedSeq} (the countersignature is kept here): its copy was lost or removed; ask ${city}'s auditors why.`
        : `${city} holds no head of this chain yet, so it cannot confirm it (heads are sent within AUDIT_HEAD_GATHER_MS of a change and every AUDIT_HEAD_PUBLISH_MS). Verify again later.`;
    case 'UNREACHABLE':
      return `${city} could not be asked.`;
  }
}

/** The whole answer: the verdict from the chain and every peer, and a summary that says what to do. */
export function peerVerification(chain: ChainVerification, endSeq: number, peers: PeerHeadCheck[]): PeerVerification {
  const verdict = peerVerdictOf(
    chain.ok,
    peers.map((p) => p.status),
  );
  const named = (s: PeerCheckStatus) => peers.filter((p) => p.status === s).map((p) => p.city);
  const parts: string[] = [];
  if (!chain.ok) parts.push(`The chain itself does not verify at entry ${chain.firstBrokenSeq}: ${chain.problem}.`);
  if (named('TRUNCATED').length) parts.push(`Entries were cut off the end of the chain: ${named('TRUNCATED').join(', ')} hold signed heads beyond its last entry (${endSeq}).`);
  if (named('FORKED').length) parts.push(`The history was rewritten: ${named('FORKED').join(', ')} hold signed heads the chain contradicts.`);
  if (verdict === 'TAMPERED') parts.push(`${REPORT}; each city's message below says what it holds.`);
  if (verdict === 'CONSISTENT') {
    const top = Math.max(...peers.map((p) => p.heads[0]?.seq ?? 0));
    parts.push(`The chain verifies (${chain.checked} entries) and all ${peers.length} other cities hold signed heads it matches (up to entry ${top}).`);
  }
  if (verdict === 'UNCONFIRMED') {
    const confirmed = named('MATCHES');
    const missing = [
      named('UNREACHABLE').length ? `${named('UNREACHABLE').join(', ')} could not be asked` : '',
      named('NO_HEAD').length ? `${named('NO_HEAD').join(', ')} hold no head yet` : '',
      named('INVALID_HEAD').length ? `${named('INVALID_HEAD').join(', ')} answered with heads this city did not sign` : '',
    ].filter(Boolean);
    parts.push(
      `Nothing contradicts the chain (it verifies, ${chain.checked} entries), but only ${confirmed.length} of ${peers.length} other cities confirmed it` +
        `${confirmed.length ? ` (${confirmed.join(', ')})` : ''}: ${missing.join('; ')}. Verify again when they answer.`,
    );
  }
  return { verdict, chain, endSeq, peers, summary: parts.join(' ') };
}
