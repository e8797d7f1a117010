import { generateKeyPairSync } from 'node:crypto';
import { type ChainVerification, signAuditHead } from '@ypf/audit';
import { checkPeer, type HeldHeadAnswer, peerVerification } from './audit-peer-verification.js';

const taizhou = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const wuxi = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const hash = (c: string) => c.repeat(64);
const chainHashes = new Map([
  [10, hash('a')],
  [20, hash('b')],
]);
const local = { endSeq: 20, hashAt: (seq: number) => chainHashes.get(seq) };
const okChain: ChainVerification = { ok: true, checked: 20, headSeq: 20, firstBrokenSeq: null, problem: null };
const held = (seq: number, h: string, key = taizhou.privateKey): HeldHeadAnswer => ({
  ...signAuditHead(key, { city: 'taizhou', seq, hash: h, entries: seq, signedAt: `2026-11-29T08:00:${String(seq).padStart(2, '0')}.000Z` }),
  receivedAt: '2026-11-29T08:01:00.000Z',
  conflict: false,
});
const check = (city: string, heads: HeldHeadAnswer[], countersigned: number | null = null) => checkPeer('taizhou', taizhou.publicKey, { city, heads }, local, countersigned);

describe('an auditor\'s verification through the other cities\' heads', () => {
  it('confirms a chain every city holds matching heads of, highest first', () => {
    const peers = [check('wuxi', [held(10, hash('a')), held(20, hash('b'))]), check('suzhou', [held(20, hash('b'))])];
    expect(peers[0]).toMatchObject({ status: 'MATCHES', error: null, heads: [{ seq: 20, status: 'MATCHES', localHash: hash('b') }, { seq: 10 }] });
    const v = peerVerification(okChain, 20, peers);
    expect(v.verdict).toBe('CONSISTENT');
    expect(v.summary).toBe('The chain verifies (20 entries) and all 2 other cities hold signed heads it matches (up to entry 20).');
  });

  it('says entries were cut off, how many, and what to do, when a city holds a head beyond the end', () => {
    const p = check('wuxi', [held(20, hash('b')), held(23, hash('c'))]);
    expect(p.status).toBe('TRUNCATED');
    expect(p.message).toMatch(/^wuxi holds this city's head for entry 23 .*the chain now ends at entry 20: at least 3 entries were cut off the end of the audit log\. Keep this node's database as it is/);
    const v = peerVerification(okChain, 20, [p, check('suzhou', [held(20, hash('b'))])]);
    expect(v.verdict).toBe('TAMPERED');
    expect(v.summary).toMatch(/^Entries were cut off the end of the chain: wuxi hold signed heads beyond its last entry \(20\)\. Keep this node's database/);
  });

  it('says the history was rewritten at the lowest head the chain contradicts', () => {
    const p = check('wuxi', [held(10, hash('x')), held(20, hash('y'))]);
    expect(p.status).toBe('FORKED');
    expect(p.message).toMatch(/^wuxi holds this city's head for entry 10 with hash xxxxxxxxxxxx… .*but this node's entry 10 has hash aaaaaaaaaaaa…: the history up to entry 10 was rewritten/);
    expect(p.message).toMatch(/replace the audit key/);
    expect(peerVerification(okChain, 20, [p]).summary).toMatch(/^The history was rewritten: wuxi hold signed heads the chain contradicts\./);
  });

  it('never takes an unreachable city, one holding nothing, or one holding heads this city did not sign, as a confirmation', () => {
    const down = checkPeer('taizhou', taizhou.publicKey, { city: 'nanjing', error: 'nanjing did not answer: connect ECONNREFUSED 127.0.0.1:9' }, local, 20);
    expect(down).toMatchObject({ status: 'UNREACHABLE', heads: [], countersignedSeq: 20, error: expect.stringContaining('ECONNREFUSED') });
    expect(down.message).toMatch(/^nanjing could not be asked \(nanjing did not answer: .*\): its heads of this chain were not compared, so this check is incomplete/);
    const empty = check('suzhou', []);
    expect(empty).toMatchObject({ status: 'NO_HEAD' });
    expect(check('suzhou', [], 12).message).toMatch(/although it countersigned the head for entry 12 .* ask suzhou's auditors why/);
    const forged = check('yangzhou', [held(30, hash('f'), wuxi.privateKey)]);
    expect(forged).toMatchObject({ status: 'INVALID_HEAD', heads: [{ seq: 30, status: 'INVALID_HEAD' }] });
    const v = peerVerification(okChain, 20, [check('wuxi', [held(20, hash('b'))]), down, empty, forged]);
    expect(v.verdict).toBe('UNCONFIRMED');
    expect(v.summary).toBe(
      'Nothing contradicts the chain (it verifies, 20 entries), but only 1 of 4 other cities confirmed it (wuxi): nanjing could not be asked; suzhou hold no head yet; yangzhou answered with heads this city did not sign. Verify again when they answer.',
    );
  });

  it('reports a chain that does not verify as tampered, whatever the cities hold', () => {
    const broken: ChainVerification = { ok: false, checked: 4, headSeq: 4, firstBrokenSeq: 5, problem: 'entry content does not match its hash (the entry was edited)' };
    const v = peerVerification(broken, 20, [check('wuxi', [held(20, hash('b'))])]);
    expect(v.verdict).toBe('TAMPERED');
    expect(v.summary).toMatch(/^The chain itself does not verify at entry 5: entry content does not match its hash \(the entry was edited\)\./);
  });
});
