import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditEntryEntity, auditEntryHash, AuditLog, signAuditHead, type SignedAuditHead, verifyAuditHead, verifyAuditHeadCountersignature } from '@ypf/audit';
import { keyFiles, loadPrivateKey, loadSecret, signNodeToken } from '@ypf/auth';
import { CITY_CODES } from '@ypf/region';
import { errorCodes, gql, homeTokenFor, readTokenFor, testEnv, viaRegionEntity } from '@ypf/testing';
import { eventually, startTestCluster, type TestCluster } from '../../testing/test-node.js';
import { AuditHeadPublisher } from './audit-head.publisher.js';

/** Serialises appends to the chain (libs/audit): an attacker rewriting it holds it too, so no append lands mid-rewrite. */
const AUDIT_CHAIN_LOCK = 72_000_101;
const VERIFICATION = `{ auditChainPeerVerification { verdict summary endSeq chain { ok checked problem }
  peers { city status countersignedSeq error message heads { seq hash localHash status signedAt receivedAt } } } }`;
const RECEIPT = 'witnessCity status countersignature countersignedAt problem';

type PeerCheck = { city: string; status: string; countersignedSeq: number | null; error: string | null; message: string; heads: { seq: number; hash: string; localHash: string | null; status: string }[] };
type Verification = { verdict: string; summary: string; endSeq: number; chain: { ok: boolean; checked: number; problem: string | null }; peers: PeerCheck[] };

/**
 * Signed audit chain heads between real nodes (DESIGN 3.5): Taizhou, Wuxi and Suzhou run; the five other cities are down
 * (their port refuses). Heads are published 200 ms after entries are written (the hourly schedule stays out of the way).
 * Attacks come the way a hostile operator or node would: rows deleted or rewritten as the database owner (with the
 * city's real audit key), heads signed with a stolen key, forged signatures and node tokens of another city.
 */
describe('signed audit chain heads, kept and countersigned by the other cities', () => {
  let cluster: TestCluster;
  const CITIES = ['taizhou', 'wuxi', 'suzhou'];
  const DOWN = CITY_CODES.filter((c) => !CITIES.includes(c));
  const node = (city: string) => cluster.nodes[city];
  const publicKey = (city: string) => createPublicKey(readFileSync(join(testEnv.keysDir(), keyFiles.publicKey(city))));
  const privateKey = (city: string) => loadPrivateKey(testEnv.keysDir(), city);
  const nodeToken = (from: string, to: string) => signNodeToken(privateKey(from), from, to, 30);

  /** Audited work at a node (what any officer's request writes), through the node's own audit log. */
  const activity = async (city: string, n: number) => {
    const audit = node(city).app.get(AuditLog);
    for (let i = 0; i < n; i++) await audit.append(node(city).db.manager, { actor: { id: `${city}:officer-1`, city, roles: ['ANALYST'] }, action: 'test.activity', detail: { i } });
  };
  const publish = (city: string) => node(city).app.get(AuditHeadPublisher).publish();
  const chainEnd = async (city: string) => {
    const [row]: { seq: string; hash: string }[] = await node(city).db.query('SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1');
    return { seq: Number(row.seq), hash: row.hash };
  };
  const witnessed = async (at: string, of: string): Promise<{ seq: number; hash: string; conflict: boolean }[]> =>
    (await node(at).db.query('SELECT seq, hash, conflict FROM witnessed_audit_head WHERE city = $1 ORDER BY seq DESC', [of])).map((r: { seq: string; hash: string; conflict: boolean }) => ({ ...r, seq: Number(r.seq) }));
  const verify = async (city: string): Promise<Verification> => {
    const r = await gql(node(city).url, viaRegionEntity(city, VERIFICATION), { token: homeTokenFor(city, 'AUDITOR') });
    expect(r.errors).toBeUndefined();
    return r.data!._entities[0][city].auditChainPeerVerification;
  };
  const peer = (v: Verification, city: string) => v.peers.find((p) => p.city === city)!;
  /** The chain check an auditor had before: the node vouching for itself. */
  const localCheck = async (city: string) =>
    (await gql(node(city).url, viaRegionEntity(city, '{ auditChainVerification { ok checked problem } }'), { token: homeTokenFor(city, 'AUDITOR') })).data!._entities[0][city].auditChainVerification;
  /** As the database owner would: the append-only trigger switched off around the change, the chain's lock held. */
  const asDatabaseOwner = (city: string, change: (q: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<void>) =>
    node(city).db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      await em.query('ALTER TABLE audit_entry DISABLE TRIGGER USER');
      await change((sql, params) => em.query(sql, params));
      await em.query('ALTER TABLE audit_entry ENABLE TRIGGER USER');
    });
  const sendHead = (to: string, head: unknown, headers: Record<string, string>) =>
    gql(node(to).url, `mutation($head: SignedAuditHeadInput!) { ${to} { receiveAuditHead(head: $head) { ${RECEIPT} } } }`, { variables: { head }, headers });
  const headOf = (city: string, seq: number, hash: string, signedAt: Date, key = privateKey(city)): SignedAuditHead =>
    signAuditHead(key, { city, seq, hash, entries: seq, signedAt: signedAt.toISOString() });
  /** The witnesses whose countersignature of `city`'s head `seq` the owner keeps. */
  const countersigners = async (city: string, seq: number) =>
    (await node(city).db.query('SELECT witness_city FROM audit_head_countersignature WHERE seq = $1 ORDER BY witness_city', [seq])).map((r: { witness_city: string }) => r.witness_city);
  const auditRows = async (city: string, action: string) =>
    (await node(city).db.query('SELECT actor_id, outcome, resource_ids, detail FROM audit_entry WHERE action = $1 ORDER BY seq', [action])).map((r: { detail: string | null }) => ({
      ...r,
      detail: r.detail ? JSON.parse(r.detail) : null,
    }));

  beforeAll(async () => {
    cluster = await startTestCluster(CITIES, {
      env: {
        AUDIT_HEAD_GATHER_MS: '200',
        AUDIT_HEAD_PUBLISH_MS: '3600000',
        WATCH_REPLICA_SYNC_MS: '3600000',
        WATCH_REPLICA_STALE_MS: '7200000',
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      },
      otherCityUrls: Object.fromEntries(DOWN.map((c) => [c, 'http://127.0.0.1:9/graphql'])),
      demoSeed: false,
    });
  }, 90_000);
  afterAll(async () => cluster?.close(), 120_000);

  it('publishes the head after entries are written; the other cities keep it and countersign it, and the owner keeps the countersignatures', async () => {
    await activity('taizhou', 3);
    const end = await chainEnd('taizhou');
    // No call asked for it: the write itself makes the node publish, 200 ms later.
    for (const witness of ['wuxi', 'suzhou']) {
      await eventually(async () => (await witnessed(witness, 'taizhou')).find((h) => h.seq === end.seq), 10_000, `${witness} holding taizhou's head ${end.seq}`);
      expect((await witnessed(witness, 'taizhou')).find((h) => h.seq === end.seq)).toEqual({ seq: end.seq, hash: end.hash, conflict: false });
    }
    // Each countersignature verifies under the witness's registry key, over exactly the head Taizhou signed.
    const rows = await eventually(async () => {
      const r: { witness_city: string; seq: string; hash: string; head_signed_at: Date; head_signature: string; countersigned_at: Date; countersignature: string }[] = await node('taizhou').db.query(
        'SELECT * FROM audit_head_countersignature WHERE seq = $1 ORDER BY witness_city',
        [end.seq],
      );
      return r.length === 2 ? r : null;
    }, 10_000, "taizhou's countersignatures");
    expect(rows.map((r) => r.witness_city)).toEqual(['suzhou', 'wuxi']);
    for (const r of rows) {
      const head: SignedAuditHead = { city: 'taizhou', seq: end.seq, hash: end.hash, entries: end.seq, signedAt: r.head_signed_at.toISOString(), signature: r.head_signature };
      expect(verifyAuditHead(publicKey('taizhou'), head)).toBe(true);
      const c = { witnessCity: r.witness_city, countersignedAt: r.countersigned_at.toISOString(), countersignature: r.countersignature };
      expect(verifyAuditHeadCountersignature(publicKey(r.witness_city), head, c)).toBe(true);
      expect(verifyAuditHeadCountersignature(publicKey(r.witness_city === 'wuxi' ? 'suzhou' : 'wuxi'), head, c)).toBe(false);
    }
    // Nothing to send again: every reachable city has countersigned this head.
    const again = await publish('taizhou');
    expect(again).toMatchObject({ seq: end.seq, signed: false, countersignedBy: [] });
    expect(Object.keys(again.failed).sort()).toEqual([...DOWN].sort());

    // The auditor's verification: both witnesses confirm, the five cities that are down are named, never taken as a match.
    const v = await verify('taizhou');
    expect(v.chain.ok).toBe(true);
    expect(v.verdict).toBe('UNCONFIRMED');
    for (const city of ['wuxi', 'suzhou']) {
      expect(peer(v, city)).toMatchObject({ status: 'MATCHES', countersignedSeq: end.seq, error: null });
      expect(peer(v, city).heads[0]).toMatchObject({ seq: end.seq, hash: end.hash, localHash: end.hash, status: 'MATCHES' });
    }
    for (const city of DOWN) {
      expect(peer(v, city)).toMatchObject({ status: 'UNREACHABLE', heads: [], error: expect.stringContaining(`${city} did not answer`) });
      expect(peer(v, city).message).toMatch(/could not be asked .* this check is incomplete/);
    }
    expect(v.summary).toMatch(/^Nothing contradicts the chain .* only 2 of 7 other cities confirmed it \(wuxi, suzhou\): .*nanjing.* could not be asked/);
    // Audited where it happened: the verification at Taizhou, the heads shared at each witness.
    expect((await auditRows('taizhou', 'audit.verify.peers')).at(-1)).toMatchObject({ actor_id: expect.stringMatching(/^taizhou:/), outcome: 'OK', detail: { verdict: 'UNCONFIRMED' } });
    for (const witness of ['wuxi', 'suzhou']) expect((await auditRows(witness, 'audit.head.shared')).at(-1)).toMatchObject({ actor_id: 'taizhou:node', outcome: 'OK' });
  });

  it('refuses a forged head: another city\'s key, another city\'s node token, a field changed after signing, an officer token; keeps nothing', async () => {
    const refusedBefore = (await auditRows('wuxi', 'audit.head.received')).length;
    const hash = 'ab'.repeat(32);
    const now = new Date();
    const attempts: [string, Awaited<ReturnType<typeof sendHead>>, string][] = [
      // Nanjing's head signed with Suzhou's key, sent under a (stolen) Nanjing node token.
      ['another city\'s key', await sendHead('wuxi', headOf('nanjing', 40, hash, now, privateKey('suzhou')), { 'x-ypf-node-token': nodeToken('nanjing', 'wuxi') }), 'AUDIT_HEAD_SIGNATURE_INVALID'],
      // Nanjing's real head, relayed by Yangzhou's node: a node speaks only for its own city.
      ['another city\'s node token', await sendHead('wuxi', headOf('nanjing', 40, hash, now), { 'x-ypf-node-token': nodeToken('yangzhou', 'wuxi') }), 'AUDIT_HEAD_NOT_FROM_ITS_CITY'],
      ['a sequence number changed after signing', await sendHead('wuxi', { ...headOf('nanjing', 40, hash, now), seq: 4000, entries: 4000 }, { 'x-ypf-node-token': nodeToken('nanjing', 'wuxi') }), 'AUDIT_HEAD_SIGNATURE_INVALID'],
      ['a hash changed after signing', await sendHead('wuxi', { ...headOf('nanjing', 40, hash, now), hash: 'cd'.repeat(32) }, { 'x-ypf-node-token': nodeToken('nanjing', 'wuxi') }), 'AUDIT_HEAD_SIGNATURE_INVALID'],
      ['entries other than its sequence number', await sendHead('wuxi', signAuditHead(privateKey('nanjing'), { city: 'nanjing', seq: 40, hash, entries: 39, signedAt: now.toISOString() }), { 'x-ypf-node-token': nodeToken('nanjing', 'wuxi') }), 'AUDIT_HEAD_INVALID'],
      ['signed a day ahead', await sendHead('wuxi', headOf('nanjing', 40, hash, new Date(now.getTime() + 86_400_000)), { 'x-ypf-node-token': nodeToken('nanjing', 'wuxi') }), 'AUDIT_HEAD_INVALID'],
      ['the witness\'s own city', await sendHead('wuxi', headOf('wuxi', 40, hash, now), { 'x-ypf-node-token': nodeToken('wuxi', 'wuxi') }), 'AUDIT_HEAD_INVALID'],
      ['a DER signature', await sendHead('wuxi', { ...headOf('nanjing', 40, hash, now), signature: 'MEUCIQ' + 'A'.repeat(90) }, { 'x-ypf-node-token': nodeToken('nanjing', 'wuxi') }), 'BAD_USER_INPUT'],
      ['an officer token as node token', await sendHead('wuxi', headOf('nanjing', 40, hash, now), { 'x-ypf-node-token': homeTokenFor('nanjing', 'ADMIN') }), 'UNAUTHENTICATED'],
      ['an officer token as bearer', await sendHead('wuxi', headOf('wuxi', 40, hash, now), { authorization: `Bearer ${homeTokenFor('wuxi', 'ADMIN')}` }), 'UNAUTHENTICATED'],
    ];
    for (const [what, r, code] of attempts) {
      expect([what, errorCodes(r)]).toEqual([what, [code]]);
      expect(r.errors![0].message).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    }
    expect(attempts[0][1].errors![0].message).toMatch(/does not verify under nanjing's key in the region's key registry/);
    expect(attempts[1][1].errors![0].message).toBe("A node publishes only its own city's audit head: this head is nanjing's, but the node token was issued by yangzhou. Nothing was kept.");
    for (const city of ['nanjing', 'yangzhou', 'wuxi']) expect(await witnessed('wuxi', city)).toEqual([]);
    // Each refusal that got past the token is audited at the witness, under the calling node's name.
    const refused = (await auditRows('wuxi', 'audit.head.received')).slice(refusedBefore);
    expect(refused.map((r: { actor_id: string; outcome: string; detail: { code: string } }) => [r.actor_id, r.outcome, r.detail.code])).toEqual([
      ['nanjing:node', 'REFUSED', 'AUDIT_HEAD_SIGNATURE_INVALID'],
      ['yangzhou:node', 'REFUSED', 'AUDIT_HEAD_NOT_FROM_ITS_CITY'],
      ['nanjing:node', 'REFUSED', 'AUDIT_HEAD_SIGNATURE_INVALID'],
      ['nanjing:node', 'REFUSED', 'AUDIT_HEAD_SIGNATURE_INVALID'],
      ['nanjing:node', 'REFUSED', 'AUDIT_HEAD_INVALID'],
      ['nanjing:node', 'REFUSED', 'AUDIT_HEAD_INVALID'],
      ['wuxi:node', 'REFUSED', 'AUDIT_HEAD_INVALID'],
      ['nanjing:node', 'REFUSED', 'BAD_USER_INPUT'],
    ]);
  });

  it('records an equivocation at the witness: two hashes signed for one entry, then a shorter head signed later; neither is countersigned', async () => {
    // Nanjing's node is in hostile hands (its signing key with it); it shows Wuxi two histories.
    const send = (head: SignedAuditHead) => sendHead('wuxi', head, { 'x-ypf-node-token': nodeToken('nanjing', 'wuxi') });
    const t0 = Date.now() - 60_000;
    const first = headOf('nanjing', 100, '1a'.repeat(32), new Date(t0));
    const accepted = await send(first);
    expect(accepted.data!.wuxi.receiveAuditHead).toMatchObject({ witnessCity: 'wuxi', status: 'ACCEPTED', problem: null });
    const receipt = accepted.data!.wuxi.receiveAuditHead;
    expect(verifyAuditHeadCountersignature(publicKey('wuxi'), first, { witnessCity: 'wuxi', countersignedAt: receipt.countersignedAt, countersignature: receipt.countersignature })).toBe(true);
    expect((await send(first)).data!.wuxi.receiveAuditHead).toMatchObject({ status: 'DUPLICATE', countersignature: expect.any(String) });

    const other = headOf('nanjing', 100, '2b'.repeat(32), new Date(t0 + 1000));
    const fork = (await send(other)).data!.wuxi.receiveAuditHead;
    expect(fork).toMatchObject({ status: 'EQUIVOCATION', countersignature: null, countersignedAt: null });
    expect(fork.problem).toMatch(/^nanjing signed two different hashes for its audit entry 100: 1a1a1a1a1a1a… .* and 2b2b2b2b2b2b… .*one of its two histories was rewritten/);

    await send(headOf('nanjing', 120, '3c'.repeat(32), new Date(t0 + 2000)));
    const shorter = (await send(headOf('nanjing', 110, '4d'.repeat(32), new Date(t0 + 3000)))).data!.wuxi.receiveAuditHead;
    expect(shorter).toMatchObject({ status: 'EQUIVOCATION', countersignature: null });
    expect(shorter.problem).toMatch(/^nanjing signed a head with 110 audit entries at .*, after one with 120 entries at .*: its chain shrank/);
    // A lower head signed earlier is a late arrival, not a rollback.
    expect((await send(headOf('nanjing', 105, '5e'.repeat(32), new Date(t0 + 1500)))).data!.wuxi.receiveAuditHead).toMatchObject({ status: 'ACCEPTED' });

    // Wuxi's auditors see both, with the two signed heads that prove each, and were told.
    const r = await gql(node('wuxi').url, viaRegionEntity('wuxi', '{ auditEquivocations(city: "nanjing") { id city kind message detectedAt heldHead { city seq hash entries signedAt signature } offeredHead { city seq hash entries signedAt signature } } }'), {
      token: homeTokenFor('wuxi', 'AUDITOR'),
    });
    expect(r.errors).toBeUndefined();
    const found = r.data!._entities[0].wuxi.auditEquivocations as { id: string; kind: string; heldHead: SignedAuditHead; offeredHead: SignedAuditHead }[];
    expect(found.map((e) => [e.kind, e.heldHead.seq, e.offeredHead.seq])).toEqual([
      ['ROLLBACK', 120, 110],
      ['FORK', 100, 100],
    ]);
    expect(found[0].id).toMatch(/^wuxi:equivocation-\d+$/);
    for (const e of found) for (const h of [e.heldHead, e.offeredHead]) expect(verifyAuditHead(publicKey('nanjing'), h)).toBe(true);
    const notices = await node('wuxi').db.query(`SELECT recipient_role, text FROM officer_notification WHERE kind = 'audit.equivocation' ORDER BY id`);
    expect(notices).toEqual([expect.objectContaining({ recipient_role: 'AUDITOR', text: expect.stringMatching(/^nanjing signed two different hashes/) }), expect.objectContaining({ text: expect.stringMatching(/^nanjing signed a head with 110/) })]);
    expect((await auditRows('wuxi', 'audit.head.equivocation')).map((a: { actor_id: string; outcome: string; detail: { kind: string } }) => [a.actor_id, a.outcome, a.detail.kind])).toEqual([
      ['nanjing:node', 'REFUSED', 'FORK'],
      ['nanjing:node', 'REFUSED', 'ROLLBACK'],
    ]);
    // The conflicting heads are kept as evidence, and Nanjing's own verification would be shown them.
    const held = await gql(node('wuxi').url, viaRegionEntity('wuxi', '{ auditHeadsHeld { seq hash conflict } }'), { headers: { 'x-ypf-node-token': nodeToken('nanjing', 'wuxi') } });
    expect(held.data!._entities[0].wuxi.auditHeadsHeld.filter((h: { conflict: boolean }) => h.conflict).map((h: { seq: number }) => h.seq).sort()).toEqual([100, 100, 110, 120]);
    // Another city's auditor does not see Wuxi's findings.
    const outsider = await gql(node('wuxi').url, viaRegionEntity('wuxi', '{ auditEquivocations { id } }'), { token: readTokenFor('suzhou', 'AUDITOR', 'wuxi') });
    expect(errorCodes(outsider)).toEqual(['HOME_NODE_ONLY']);
  });

  it('detects the newest entries cut off at the owner through the heads the other cities hold, which the chain check alone cannot', async () => {
    await activity('taizhou', 5);
    await publish('taizhou');
    expect((await verify('taizhou')).peers.filter((p) => p.status === 'MATCHES').map((p) => p.city).sort()).toEqual(['suzhou', 'wuxi']);
    // The verification was audited too: publish that head, so the witnesses hold the very last entry.
    const published = await publish('taizhou');
    const end = await chainEnd('taizhou');
    expect(published.seq).toBe(end.seq);
    expect(await countersigners('taizhou', end.seq)).toEqual(['suzhou', 'wuxi']);

    // The operator removes the four newest entries.
    await asDatabaseOwner('taizhou', async (q) => void (await q('DELETE FROM audit_entry WHERE seq > $1', [end.seq - 4])));

    // The node's own check finds nothing wrong (it is audited: one new entry after the cut).
    expect(await localCheck('taizhou')).toMatchObject({ ok: true, problem: null });
    const v = await verify('taizhou');
    expect(v.chain.ok).toBe(true);
    expect(v.endSeq).toBe(end.seq - 3);
    expect(v.verdict).toBe('TAMPERED');
    for (const witness of ['wuxi', 'suzhou']) {
      expect(peer(v, witness).status).toBe('TRUNCATED');
      expect(peer(v, witness).heads[0]).toMatchObject({ seq: end.seq, hash: end.hash, localHash: null, status: 'TRUNCATED' });
      expect(peer(v, witness).message).toMatch(new RegExp(`^${witness} holds this city's head for entry ${end.seq} .*the chain now ends at entry ${end.seq - 3}: at least 3 entries were cut off the end of the audit log\\. Keep this node's database as it is`));
    }
    expect(v.summary).toMatch(/^Entries were cut off the end of the chain: wuxi, suzhou hold signed heads beyond its last entry/);
    expect((await auditRows('taizhou', 'audit.verify.peers')).at(-1)).toMatchObject({ outcome: 'REFUSED', detail: { verdict: 'TAMPERED', peers: { wuxi: 'TRUNCATED', suzhou: 'TRUNCATED' } } });

    // The node, still honest code on a tampered database, publishes the chain as it now is: each witness sees for itself
    // that Taizhou's chain shrank (or changed at an entry it holds), records it and refuses to countersign.
    for (const witness of ['wuxi', 'suzhou']) {
      const [row] = await eventually(
        async () => {
          const rows: { kind: string }[] = await node(witness).db.query(`SELECT kind FROM audit_equivocation WHERE city = 'taizhou'`);
          return rows.length ? rows : null;
        },
        10_000,
        `${witness} finding taizhou's equivocation`,
      );
      expect(['ROLLBACK', 'FORK']).toContain(row.kind);
    }
    const disputed = await eventually(async () => {
      const rows: { text: string }[] = await node('taizhou').db.query(`SELECT text FROM officer_notification WHERE kind = 'audit.head.disputed' AND recipient_role = 'AUDITOR'`);
      return rows.length >= 2 ? rows : null;
    }, 10_000, "taizhou's auditors told of the dispute");
    expect(disputed[0].text).toMatch(/refused this city's signed audit head for entry \d+: it holds another head of this city that contradicts it/);
  });

  it('detects a history rewritten with the owner\'s real audit key, though the chain verifies and later heads are countersigned', async () => {
    await activity('suzhou', 8);
    // The head as published: Suzhou may write more meanwhile (as witness of Taizhou's shrunken chain, for one).
    const { seq } = await publish('suzhou');
    const end = { seq: seq!, hash: (await node('suzhou').db.query('SELECT hash FROM audit_entry WHERE seq = $1', [seq]))[0].hash as string };
    expect(await countersigners('suzhou', end.seq)).toEqual(['taizhou', 'wuxi']);
    expect((await witnessed('wuxi', 'suzhou')).find((h) => h.seq === end.seq)).toMatchObject({ hash: end.hash });

    // Someone holding Suzhou's database and its audit key changes what entry (end - 5) says and re-hashes the chain from
    // there, so that every link holds again.
    const key = loadSecret(join(testEnv.keysDir(), keyFiles.auditKey('suzhou')));
    const target = end.seq - 5;
    await asDatabaseOwner('suzhou', async (q) => {
      const rows = (await node('suzhou').db.getRepository(AuditEntryEntity).createQueryBuilder('a').where('a.seq >= :s', { s: target }).orderBy('a.seq').getMany()) as AuditEntryEntity[];
      let prev = rows[0].prevHash;
      for (const row of rows) {
        if (row.seq === target) row.actorId = 'suzhou:someone-else';
        row.prevHash = prev;
        row.hash = auditEntryHash(key, row);
        prev = row.hash;
        await q('UPDATE audit_entry SET actor_id = $1, prev_hash = $2, hash = $3 WHERE seq = $4', [row.actorId, row.prevHash, row.hash, row.seq]);
      }
    });
    expect(await localCheck('suzhou')).toMatchObject({ ok: true, problem: null });

    // The rewritten node goes on: new entries, a new head, and the witnesses countersign it (nothing at the same entry).
    await activity('suzhou', 3);
    const after = await publish('suzhou');
    expect(await countersigners('suzhou', after.seq!)).toEqual(['taizhou', 'wuxi']);

    const v = await verify('suzhou');
    expect(v.chain.ok).toBe(true);
    expect(v.verdict).toBe('TAMPERED');
    for (const witness of ['wuxi', 'taizhou']) {
      const p = peer(v, witness);
      expect(p.status).toBe('FORKED');
      // (A head Suzhou signs of the rewritten chain at the same entry may sit beside it: the witness saw that fork too.)
      expect(p.heads.find((h) => h.seq === end.seq && h.hash === end.hash)).toMatchObject({ status: 'FORKED', localHash: expect.not.stringMatching(end.hash) });
      // Every head from the changed entry on is contradicted; every one before it still matches.
      expect(p.heads.filter((h) => h.status === 'FORKED').every((h) => h.seq >= target)).toBe(true);
      expect(p.heads.filter((h) => h.seq < target).every((h) => h.status === 'MATCHES')).toBe(true);
      const lowest = Math.min(...p.heads.filter((h) => h.status === 'FORKED').map((h) => h.seq));
      expect(p.message).toMatch(new RegExp(`^${witness} holds this city's head for entry ${lowest} with hash [0-9a-f]{12}… .*but this node's entry ${lowest} has hash [0-9a-f]{12}…: the history up to entry ${lowest} was rewritten .*replace the audit key`));
    }
    expect(v.summary).toMatch(/^The history was rewritten: .*(wuxi|taizhou).* hold signed heads the chain contradicts\./);
  });

  it('shows a city that cannot be asked as unreachable, never as a match, even one that held matching heads', async () => {
    await activity('wuxi', 2);
    const published = await publish('wuxi');
    expect(await countersigners('wuxi', published.seq!)).toEqual(['suzhou', 'taizhou']);
    await cluster.stop('suzhou');
    const v = await verify('wuxi');
    expect(v.verdict).toBe('UNCONFIRMED');
    expect(peer(v, 'taizhou').status).toBe('MATCHES');
    expect(peer(v, 'suzhou')).toMatchObject({ status: 'UNREACHABLE', heads: [], error: expect.stringContaining('suzhou did not answer') });
    // What it countersigned is kept here (Wuxi may have written, and Suzhou countersigned, more since).
    expect(peer(v, 'suzhou').countersignedSeq).toBeGreaterThanOrEqual(published.seq!);
    expect(v.summary).toMatch(/only 1 of 7 other cities confirmed it \(taizhou\): .*suzhou.* could not be asked/);
  });
});
