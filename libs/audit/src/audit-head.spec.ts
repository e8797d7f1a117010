import { generateKeyPairSync, sign } from 'node:crypto';
import {
  type AuditHead,
  auditHeadSigningBytes,
  countersignAuditHead,
  headsToKeep,
  judgeOfferedHead,
  judgePeerHead,
  peerStatusOf,
  peerVerdictOf,
  signAuditHead,
  verifyAuditHead,
  verifyAuditHeadCountersignature,
} from './audit-head.js';

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const taizhou = p256();
const wuxi = p256();
const hash = (c: string) => c.repeat(64);
const head = (over: Partial<AuditHead> = {}): AuditHead => ({ city: 'taizhou', seq: 120, hash: hash('a'), entries: 120, signedAt: '2026-11-29T08:00:00.000Z', ...over });

describe('signed audit heads', () => {
  it('verifies a head under the signing city\'s key, and no other key', () => {
    const signed = signAuditHead(taizhou.privateKey, head());
    expect(signed.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyAuditHead(taizhou.publicKey, signed)).toBe(true);
    expect(verifyAuditHead(wuxi.publicKey, signed)).toBe(false);
  });

  it('fails for any field changed after signing', () => {
    const signed = signAuditHead(taizhou.privateKey, head());
    for (const changed of [{ city: 'wuxi' }, { seq: 121 }, { hash: hash('b') }, { entries: 119 }, { signedAt: '2026-11-29T08:00:00.001Z' }]) {
      expect(verifyAuditHead(taizhou.publicKey, { ...signed, ...changed })).toBe(false);
    }
  });

  it('refuses signatures that are not exactly ES256 r || s: DER, truncated, padded, empty, other curves and key kinds', () => {
    const signed = signAuditHead(taizhou.privateKey, head());
    const der = sign('sha256', auditHeadSigningBytes(head()), taizhou.privateKey).toString('base64url');
    expect(verifyAuditHead(taizhou.publicKey, { ...signed, signature: der })).toBe(false);
    expect(verifyAuditHead(taizhou.publicKey, { ...signed, signature: signed.signature.slice(0, 85) })).toBe(false);
    expect(verifyAuditHead(taizhou.publicKey, { ...signed, signature: `${signed.signature}==` })).toBe(false);
    expect(verifyAuditHead(taizhou.publicKey, { ...signed, signature: '' })).toBe(false);
    expect(verifyAuditHead(taizhou.publicKey, { ...signed, signature: 'A'.repeat(86) })).toBe(false);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() => signAuditHead(p384.privateKey, head())).toThrow(/P-256/);
    expect(verifyAuditHead(p384.publicKey, signed)).toBe(false);
    const ed = generateKeyPairSync('ed25519');
    expect(verifyAuditHead(ed.publicKey, signed)).toBe(false);
    expect(() => signAuditHead(taizhou.publicKey as never, head())).toThrow(/private key/);
  });

  it('countersignatures bind the witness, its time and the whole signed head, and are not head signatures', () => {
    const signed = signAuditHead(taizhou.privateKey, head());
    const c = countersignAuditHead(wuxi.privateKey, 'wuxi', signed, new Date('2026-11-29T08:00:01.000Z'));
    expect(verifyAuditHeadCountersignature(wuxi.publicKey, signed, c)).toBe(true);
    expect(verifyAuditHeadCountersignature(taizhou.publicKey, signed, c)).toBe(false);
    expect(verifyAuditHeadCountersignature(wuxi.publicKey, signed, { ...c, witnessCity: 'suzhou' })).toBe(false);
    expect(verifyAuditHeadCountersignature(wuxi.publicKey, signed, { ...c, countersignedAt: '2026-11-29T08:00:02.000Z' })).toBe(false);
    const other = signAuditHead(taizhou.privateKey, head({ seq: 121, entries: 121 }));
    expect(verifyAuditHeadCountersignature(wuxi.publicKey, other, c)).toBe(false);
    // The same head signed again (ECDSA is randomised) is another statement: the countersignature names the signature too.
    expect(verifyAuditHeadCountersignature(wuxi.publicKey, signAuditHead(taizhou.privateKey, head()), c)).toBe(false);
    // A head signed by wuxi is never wuxi's countersignature of anything, and the other way round.
    const asHead = { ...head({ city: 'wuxi' }), signature: c.countersignature };
    expect(verifyAuditHead(wuxi.publicKey, asHead)).toBe(false);
  });
});

describe('a witness judging an offered head', () => {
  const held = [
    { seq: 100, hash: hash('1'), signedAt: '2026-11-29T08:00:00.000Z' },
    { seq: 120, hash: hash('2'), signedAt: '2026-11-29T08:01:00.000Z' },
  ];

  it('takes a head further along, signed later, as new; the same head again as a duplicate', () => {
    expect(judgeOfferedHead(held, { seq: 130, hash: hash('3'), signedAt: '2026-11-29T08:02:00.000Z' })).toEqual({ kind: 'NEW' });
    expect(judgeOfferedHead(held, { ...held[1] })).toEqual({ kind: 'DUPLICATE', held: held[1] });
    expect(judgeOfferedHead([], held[0])).toEqual({ kind: 'NEW' });
  });

  it('takes a lower head signed earlier as a late arrival, not a rollback', () => {
    expect(judgeOfferedHead(held, { seq: 110, hash: hash('4'), signedAt: '2026-11-29T08:00:30.000Z' })).toEqual({ kind: 'NEW' });
    expect(judgeOfferedHead(held, { seq: 90, hash: hash('4'), signedAt: '2026-11-29T07:59:00.000Z' })).toEqual({ kind: 'NEW' });
  });

  it('finds a fork: another hash signed for a sequence number it holds', () => {
    expect(judgeOfferedHead(held, { seq: 120, hash: hash('f'), signedAt: '2026-11-29T08:05:00.000Z' })).toEqual({ kind: 'FORK', held: held[1] });
    // even one signed earlier, or with the same time
    expect(judgeOfferedHead(held, { seq: 100, hash: hash('f'), signedAt: held[0].signedAt })).toEqual({ kind: 'FORK', held: held[0] });
  });

  it('finds a rollback: a head signed later with fewer entries, or one signed earlier with more', () => {
    expect(judgeOfferedHead(held, { seq: 110, hash: hash('5'), signedAt: '2026-11-29T08:03:00.000Z' })).toEqual({ kind: 'ROLLBACK', held: held[1] });
    expect(judgeOfferedHead(held, { seq: 125, hash: hash('5'), signedAt: '2026-11-29T07:00:00.000Z' })).toEqual({ kind: 'ROLLBACK', held: held[0] });
    // two heads signed in the same millisecond are not ordered: not a rollback
    expect(judgeOfferedHead(held, { seq: 110, hash: hash('5'), signedAt: held[1].signedAt })).toEqual({ kind: 'NEW' });
  });
});

describe('what a witness keeps', () => {
  const at = (day: number, minute: number) => `2026-11-${String(day).padStart(2, '0')}T08:${String(minute).padStart(2, '0')}:00.000Z`;

  it('keeps the latest heads, the last head of each recent day, and every conflicting head', () => {
    const heads = [
      ...Array.from({ length: 10 }, (_, i) => ({ seq: 1000 + i, hash: hash('a'), signedAt: at(29, i), conflict: false })),
      { seq: 500, hash: hash('b'), signedAt: at(28, 1), conflict: false },
      { seq: 510, hash: hash('b'), signedAt: at(28, 2), conflict: false },
      { seq: 300, hash: hash('c'), signedAt: at(27, 1), conflict: false },
      { seq: 100, hash: hash('d'), signedAt: at(20, 1), conflict: false },
      { seq: 50, hash: hash('e'), signedAt: at(19, 1), conflict: true },
    ];
    const kept = [...headsToKeep(heads, { latest: 3, checkpointDays: 3 })].map((h) => h.seq).sort((a, b) => a - b);
    // 1007-1009 latest; 1009 (29th), 510 (28th), 300 (27th) checkpoints; 100 (20th) is a fourth day; 50 is evidence
    expect(kept).toEqual([50, 300, 510, 1007, 1008, 1009]);
  });
});

describe('the owner comparing its chain with a peer\'s heads', () => {
  const chain = new Map([
    [100, hash('1')],
    [120, hash('2')],
  ]);
  const local = { endSeq: 120, hashAt: (seq: number) => chain.get(seq) };
  const signed = (over: Partial<AuditHead>) => signAuditHead(taizhou.privateKey, head(over));

  it('matches a head the chain has, sees entries cut off beyond its end and a rewritten history at another hash', () => {
    expect(judgePeerHead('taizhou', taizhou.publicKey, signed({ seq: 120, entries: 120, hash: hash('2') }), local)).toBe('MATCHES');
    expect(judgePeerHead('taizhou', taizhou.publicKey, signed({ seq: 140, entries: 140, hash: hash('9') }), local)).toBe('TRUNCATED');
    expect(judgePeerHead('taizhou', taizhou.publicKey, signed({ seq: 100, entries: 100, hash: hash('9') }), local)).toBe('FORKED');
    // an entry missing inside the chain: the history differs there too
    expect(judgePeerHead('taizhou', taizhou.publicKey, signed({ seq: 110, entries: 110, hash: hash('9') }), local)).toBe('FORKED');
  });

  it('takes no head as proof that this city did not sign, or that is about another city', () => {
    expect(judgePeerHead('taizhou', taizhou.publicKey, signAuditHead(wuxi.privateKey, head({ seq: 140, entries: 140 })), local)).toBe('INVALID_HEAD');
    expect(judgePeerHead('taizhou', taizhou.publicKey, signAuditHead(taizhou.privateKey, head({ city: 'wuxi', seq: 140, entries: 140 })), local)).toBe('INVALID_HEAD');
    expect(judgePeerHead('taizhou', taizhou.publicKey, { ...signed({ seq: 120, entries: 120, hash: hash('2') }), seq: 140 }, local)).toBe('INVALID_HEAD');
  });

  it('rates a peer by its worst head and the whole by every peer', () => {
    expect(peerStatusOf(['MATCHES', 'TRUNCATED', 'MATCHES'])).toBe('TRUNCATED');
    expect(peerStatusOf(['TRUNCATED', 'FORKED'])).toBe('FORKED');
    expect(peerStatusOf(['MATCHES', 'INVALID_HEAD'])).toBe('INVALID_HEAD');
    expect(peerStatusOf([])).toBe('NO_HEAD');
    expect(peerVerdictOf(true, ['MATCHES', 'MATCHES'])).toBe('CONSISTENT');
    expect(peerVerdictOf(true, ['MATCHES', 'UNREACHABLE'])).toBe('UNCONFIRMED');
    expect(peerVerdictOf(true, ['MATCHES', 'NO_HEAD', 'INVALID_HEAD'])).toBe('UNCONFIRMED');
    expect(peerVerdictOf(true, ['UNREACHABLE', 'TRUNCATED'])).toBe('TAMPERED');
    expect(peerVerdictOf(false, ['MATCHES'])).toBe('TAMPERED');
  });
});
