import { join } from 'node:path';
import { keyFiles, loadPrivateKey, loadSecret } from '@ypf/auth';
import { CITY_CODES } from '@ypf/region';
import { errorCodes, gql, homeTokenFor, readTokenFor, testEnv, viaRegionEntity, withClient } from '@ypf/testing';
import { NodeAuthService } from '../../auth/node-auth.service.js';
import { BlindIndex } from '../../core/blind-index.js';
import { sendCrafted } from '../../testing/deliver-by-hand.js';
import { eventually, startTestCluster, type TestCluster } from '../../testing/test-node.js';
import { signLeadTransfer } from './lead-chain.js';
import { markReplicaChange } from './watch-replica.feed.js';
import { WatchReplicaService } from './watch-replica.service.js';

const PHONE = '13912345678';
const PLATE = '苏A12345';
const MATCH = 'identifier { kind value } token reference leadCity accessLevel action instruction contact { city unit phone email } entry { id accessLevel description identifiers { kind value } }';
const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * The region-wide check from each node's copy of the other cities' blind indexes, between real nodes: Nanjing leads,
 * Suzhou takes part, Wuxi does not; the five other cities are down (their port refuses).
 */
describe('region-wide watch check from the copies of blind indexes', () => {
  let cluster: TestCluster;
  const CITIES = ['nanjing', 'suzhou', 'wuxi'];
  const DOWN = CITY_CODES.filter((c) => !CITIES.includes(c));
  const url = (city: string) => cluster.urls[city];
  const liaison = (city: string) => homeTokenFor(city, 'LIAISON_OFFICER');
  const replica = (city: string) => cluster.nodes[city].app.get(WatchReplicaService);
  const syncFrom = async (city: string, ...peers: string[]) => {
    for (const p of peers) await replica(city).sync(p);
  };

  const entryMutation = (city: string, field: string, args: string, token: string, variables: Record<string, unknown> = {}) =>
    gql(url(city), `mutation${variables.input ? '($input: WatchEntryInput!)' : ''} { ${city} { ${field}${args} { id status leadCity } } }`, { token, variables });
  const activeEntry = async (identifiers: { kind: string; value: string }[], participatingCities: string[], city = 'nanjing') => {
    const proposed = await entryMutation(city, 'proposeWatchEntry', '(input: $input)', liaison(city), {
      input: {
        category: 'WANTED_ARREST',
        legalBasis: '刑事诉讼法 第81条 (arrest)',
        decisionReference: 'NJ-ARREST-2026-0077',
        offence: 'FRAUD',
        riskLevel: 'HIGH',
        participatingCities,
        reviewDate: day(200),
        identifiers,
        description: 'Female, about 30, limps on the right leg.',
      },
    });
    expect(proposed.errors).toBeUndefined();
    const id = proposed.data![city].proposeWatchEntry.id as string;
    expect((await entryMutation(city, 'approveWatchEntry', `(id: "${id}")`, homeTokenFor(city, 'SUPERVISOR'))).errors).toBeUndefined();
    return id;
  };
  type Ident = { kind: string; value: string };
  /** The region-wide check at a city's home node (its copies, each other city evaluating the blinded identifiers). */
  const regionCheck = (city: string, identifiers: Ident[], purpose: string | undefined = 'traffic stop G42') =>
    gql(
      url(city),
      viaRegionEntity(city, `{ checkWatchRegion(identifiers: [${identifiers.map((i) => `{ kind: ${i.kind}, value: ${JSON.stringify(i.value)} }`).join(', ')}]) { hit matches { ${MATCH} } cities { city answeredFrom syncedAt error } } }`),
      { token: liaison(city), purpose },
    );
  /** The lead city's own answer for the caller's officer (node to node, with the lead's own indexes of the identifiers). */
  const directCheck = async (caller: string, lead: string, identifiers: Ident[]) => {
    const index = new BlindIndex(loadSecret(join(testEnv.keysDir(), keyFiles.indexKey(lead))), lead);
    const tokens = identifiers.map((i) => index.token(i.kind, i.value));
    const r = await gql(url(lead), viaRegionEntity(lead, `{ checkWatchOnBehalf(tokens: ${JSON.stringify(tokens)}, officer: { sub: "${caller}:demo-liaison-officer", roles: [LIAISON_OFFICER], purpose: "traffic stop G42" }) { matches { ${MATCH} } } }`), {
      headers: { 'x-ypf-node-token': cluster.nodes[caller].app.get(NodeAuthService).tokenFor(lead) },
    });
    expect(r.errors).toBeUndefined();
    const matches: Record<string, any>[] = r.data!._entities[0][lead].checkWatchOnBehalf.matches;
    return matches.map((m): Record<string, any> => ({ ...m, identifier: identifiers.find((i) => index.token(i.kind, i.value) === m.token) }));
  };
  type Source = { city: string; answeredFrom: string; syncedAt: string | null; error: string | null };
  const source = (r: Awaited<ReturnType<typeof regionCheck>>, city: string): Source =>
    Object.values(r.data!._entities[0] as Record<string, { checkWatchRegion: { cities: Source[] } }>)[0].checkWatchRegion.cities.find((c) => c.city === city)!;
  const audit = (city: string, action: string) =>
    withClient(cluster.nodes[city].databaseUrl, async (c) =>
      (await c.query('SELECT actor_id, actor_city, purpose, resource_ids, detail FROM audit_entry WHERE action = $1 ORDER BY seq', [action])).rows.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) : null })),
    );

  beforeAll(async () => {
    cluster = await startTestCluster(CITIES, {
      // Copies are brought up to date by the tests, not by the schedule; the cities that do not run refuse at once.
      env: {
        WATCH_REPLICA_SYNC_MS: '3600000',
        WATCH_REPLICA_STALE_MS: '7200000',
        DELIVERY_BACKOFF_MS: '100',
        DELIVERY_SWEEP_MS: '500',
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      },
      otherCityUrls: Object.fromEntries(DOWN.map((c) => [c, 'http://127.0.0.1:9/graphql'])),
      demoSeed: false,
    });
    // Each node syncs once when it starts (then hourly here): wait for that first pass to end (a row per city, synced
    // or failed), then sync every node now that all three run, so the tests decide the rest.
    for (const city of CITIES) {
      await eventually(async () => {
        const rows: { n: number }[] = await cluster.nodes[city].db.query('SELECT count(*)::int AS n FROM watch_replica_peer');
        return rows[0].n === CITY_CODES.length - 1;
      }, 20_000, `${city}'s first sync`);
      await replica(city).syncAll();
    }
  }, 60_000);
  afterAll(async () => cluster?.close(), 120_000);

  it('answers a non-participant through the lead city\'s evaluation and its copy, exactly as the lead city would, a miss with nothing, and says how each city was checked', async () => {
    const id = await activeEntry([{ kind: 'PHONE', value: PHONE }], ['suzhou']);
    const phone = [{ kind: 'PHONE', value: PHONE }];

    // Scheduled syncs are an hour apart here: Nanjing's word that its feed changed brings Wuxi's copy up to date.
    const fromCopy = await eventually(async () => {
      const r = await regionCheck('wuxi', phone);
      return r.data?._entities[0].wuxi.checkWatchRegion.hit ? r : null;
    }, 10_000, "wuxi's copy of nanjing's new entry");
    expect(fromCopy.errors).toBeUndefined();
    expect(source(fromCopy, 'nanjing')).toMatchObject({ answeredFrom: 'REPLICA', error: null, syncedAt: expect.any(String) });
    expect(source(fromCopy, 'wuxi')).toMatchObject({ answeredFrom: 'LOCAL' });
    // The five cities that are down (never copied) cannot be brought up to date, and are named as unavailable.
    for (const c of DOWN) expect(source(fromCopy, c)).toMatchObject({ answeredFrom: 'UNAVAILABLE', syncedAt: null, error: expect.stringContaining(`${c} did not answer`) });
    expect(fromCopy.data!._entities[0].wuxi.checkWatchRegion.cities.map((c: { city: string }) => c.city).sort()).toEqual([...CITY_CODES].sort());
    // The exact HIT_ONLY answer the lead city gives a non-participant: what to do, whom to contact, the reference.
    const direct = await directCheck('wuxi', 'nanjing', phone);
    expect(direct).toEqual([expect.objectContaining({ reference: id, accessLevel: 'HIT_ONLY', entry: null })]);
    expect(fromCopy.data!._entities[0].wuxi.checkWatchRegion.matches).toEqual(direct);

    // A miss: nothing but the sources.
    const miss = await regionCheck('wuxi', [{ kind: 'VEHICLE_PLATE', value: PLATE }]);
    expect(miss.data!._entities[0].wuxi.checkWatchRegion).toMatchObject({ hit: false, matches: [] });

    // The copy holds the lead city's index, the reference, the lead, the action and the participation flag; nothing
    // else, and nothing Wuxi can test a guess against: the index is Nanjing's, under Nanjing's key.
    const columns = await withClient(cluster.nodes.wuxi.databaseUrl, async (c) =>
      (await c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'watch_replica' ORDER BY column_name`)).rows.map((r) => r.column_name),
    );
    expect(columns).toEqual(['action', 'entry_id', 'lead_city', 'lead_epoch', 'participant', 'token']);
    const rows = await withClient(cluster.nodes.wuxi.databaseUrl, async (c) => (await c.query('SELECT entry_id, lead_city, action, participant FROM watch_replica')).rows);
    expect(rows).toEqual([{ entry_id: id, lead_city: 'nanjing', action: 'LOCATE_AND_ARREST', participant: false }]);

    // Audit: the lead city logged what it shared with Wuxi's node and each evaluation it made for Wuxi's officer; Wuxi
    // logged each check with the officer's purpose.
    expect(await audit('nanjing', 'watch.replica.shared')).toContainEqual(expect.objectContaining({ actor_id: 'wuxi:node', resource_ids: [id] }));
    expect(await audit('nanjing', 'index.evaluate')).toContainEqual(expect.objectContaining({ actor_id: 'wuxi:node', purpose: 'traffic stop G42', detail: expect.objectContaining({ onBehalfOf: 'wuxi:demo-liaison-officer', elements: 1 }) }));
    const checks = await audit('wuxi', 'watch.check.region');
    expect(checks.at(-2)).toMatchObject({ actor_city: 'wuxi', purpose: 'traffic stop G42', resource_ids: [id], detail: { identifiers: 1, hits: 1, evaluatedBy: ['nanjing'] } });
    expect([...checks.at(-2).detail.unavailable].sort()).toEqual([...DOWN].sort());
  });

  it('asks the lead city live for an entry the asking city takes part in, under the lead policy and audit (LIVE)', async () => {
    const plate = [{ kind: 'VEHICLE_PLATE', value: '苏E99999' }];
    const id = await activeEntry(plate, ['suzhou']);
    await syncFrom('suzhou', 'nanjing');
    const r = await regionCheck('suzhou', plate);
    expect(r.errors).toBeUndefined();
    const direct = await directCheck('suzhou', 'nanjing', plate);
    expect(direct[0].entry).toMatchObject({ id }); // a participant sees the entry, as Nanjing's policy allows
    expect(r.data!._entities[0].suzhou.checkWatchRegion.matches).toEqual(direct);
    expect(source(r, 'nanjing')).toMatchObject({ answeredFrom: 'LIVE', error: null });
    // Nanjing audited the live part as a check by Suzhou's officer, through Suzhou's node.
    expect(await audit('nanjing', 'watch.check')).toContainEqual(expect.objectContaining({ actor_city: 'suzhou', purpose: 'traffic stop G42', resource_ids: [id], detail: expect.objectContaining({ via: 'suzhou' }) }));

    // With the lead down, nothing can be compared with its entries (only it can compute its indexes): it is named as
    // unavailable, with the reason; the other cities are still checked.
    await cluster.stop('nanjing');
    try {
      const down = await regionCheck('suzhou', plate);
      expect(down.data!._entities[0].suzhou.checkWatchRegion.matches).toEqual([]);
      expect(source(down, 'nanjing')).toMatchObject({ answeredFrom: 'UNAVAILABLE', error: expect.stringContaining('nanjing did not evaluate the identifiers') });
      expect(source(down, 'wuxi')).toMatchObject({ answeredFrom: 'REPLICA', error: null });
    } finally {
      await cluster.restart('nanjing');
    }
  });

  it('follows closure and a transfer of lead, and brings a copy older than allowed up to date before answering', async () => {
    const plate = [{ kind: 'VEHICLE_PLATE', value: '苏B77777' }];
    const id = await activeEntry(plate, []);
    await syncFrom('wuxi', 'nanjing', 'suzhou');
    expect((await regionCheck('wuxi', plate)).data!._entities[0].wuxi.checkWatchRegion.matches).toEqual([expect.objectContaining({ reference: id, leadCity: 'nanjing' })]);

    // The lead moves to Suzhou (Nanjing extends the review while its offer is open): Wuxi's copy names Suzhou, and
    // Suzhou's evaluation (its own key) finds it. The orders in which the two feeds can arrive are covered below.
    const offered = await gql(url('nanjing'), `mutation { nanjing { offerWatchLead(id: "${id}", toCity: "suzhou", reason: "suspect moved to Suzhou") { id } } }`, { token: homeTokenFor('nanjing', 'SUPERVISOR') });
    expect(offered.errors).toBeUndefined();
    const extended = await gql(url('nanjing'), `mutation($input: WatchReviewInput!) { nanjing { reviewWatchEntry(id: "${id}", input: $input) { id } } }`, {
      token: homeTokenFor('nanjing', 'SUPERVISOR'),
      variables: { input: { decision: 'EXTEND', reason: 'still wanted while the lead moves', reviewDate: day(250) } },
    });
    expect(extended.errors).toBeUndefined();
    await eventually(async () => (await gql(url('suzhou'), viaRegionEntity('suzhou', `{ watchEntry(id: "${id}") { status } }`), { token: homeTokenFor('suzhou', 'SUPERVISOR') })).data?._entities?.[0]?.suzhou?.watchEntry?.status === 'TRANSFER_OFFERED', 20_000, 'offer at suzhou');
    expect((await gql(url('suzhou'), `mutation { suzhou { acceptWatchLead(id: "${id}") { id } } }`, { token: homeTokenFor('suzhou', 'SUPERVISOR') })).errors).toBeUndefined();
    await syncFrom('wuxi', 'suzhou');
    await eventually(async () => (await cluster.nodes.nanjing.db.query('SELECT status FROM watch_entry WHERE id = $1', [id]))[0]?.status === 'TRANSFERRED', 20_000, 'transfer answer at nanjing');
    await syncFrom('wuxi', 'nanjing');
    const moved = await regionCheck('wuxi', plate);
    expect(moved.data!._entities[0].wuxi.checkWatchRegion.matches).toEqual([expect.objectContaining({ reference: id, leadCity: 'suzhou', contact: expect.objectContaining({ city: 'suzhou' }) })]);

    // Closed at Suzhou: gone from the copy at the next sync.
    expect((await gql(url('suzhou'), `mutation { suzhou { closeWatchEntry(id: "${id}", reason: "arrested in Suzhou") { id } } }`, { token: homeTokenFor('suzhou', 'SUPERVISOR') })).errors).toBeUndefined();
    await syncFrom('wuxi', 'suzhou');
    expect((await regionCheck('wuxi', plate)).data!._entities[0].wuxi.checkWatchRegion).toMatchObject({ hit: false, matches: [] });
    await new Promise((r) => setTimeout(r, 500));

    // A copy older than WATCH_REPLICA_STALE_MS is not trusted: it is brought up to date, then used; a new entry at
    // Suzhou is found although no notice or schedule brought it.
    const reopened = await activeEntry(plate, [], 'suzhou');
    await new Promise((r) => setTimeout(r, 500)); // Suzhou's notice and the pull it starts have run; the copy is made stale after them
    await cluster.nodes.wuxi.db.query(`DELETE FROM watch_replica WHERE entry_id = $1`, [reopened]);
    await cluster.nodes.wuxi.db.query(`DELETE FROM watch_replica_entry WHERE entry_id = $1`, [reopened]);
    await cluster.nodes.wuxi.db.query(`UPDATE watch_replica_peer SET synced_at = now() - interval '3 hours', after_seq = 0 WHERE city = 'suzhou'`);
    const stale = await regionCheck('wuxi', plate);
    expect(source(stale, 'suzhou')).toMatchObject({ answeredFrom: 'REPLICA', error: null });
    expect(Date.now() - Date.parse(source(stale, 'suzhou').syncedAt!)).toBeLessThan(60_000);
    expect(source(stale, 'nanjing')).toMatchObject({ answeredFrom: 'REPLICA', error: null });
    expect(stale.data!._entities[0].wuxi.checkWatchRegion.matches).toEqual([expect.objectContaining({ reference: reopened, leadCity: 'suzhou' })]);
  });

  const A = 'changzhou';
  const B = 'nantong';

  it('keeps the rows of the latest lead whatever order the two leads\' feeds arrive in, and never applies an older page', async () => {
    // Two leads as the feeds of changzhou (the first lead, epoch 0) and nantong (the lead after a transfer, epoch 1).
    const svc = replica('wuxi');
    const contact = { unit: 'duty desk' };
    const position = async (city: string) => ((await cluster.nodes.wuxi.db.query('SELECT after_seq::text AS a FROM watch_replica_peer WHERE city = $1', [city])) as { a: string }[])[0]?.a ?? '0';
    const feed = async (city: string, entryId: string, leadEpoch: number, active: boolean) => {
      const from = await position(city);
      const seq = String(BigInt(from) + 1n);
      const token = (leadEpoch ? 'b' : 'a').repeat(63) + String(entryId.length % 10);
      // The second lead proves its lead with the move the first one signed.
      const leadChain = leadEpoch ? [signLeadTransfer(loadPrivateKey(testEnv.keysDir(), A), { entryId, epoch: 1, from: A, to: B })] : [];
      expect(await svc.applyPage(city, from, [{ seq, entryId, active, action: 'LOCATE_AND_ARREST', participant: false, leadEpoch, leadChain, tokens: active ? [token] : [] }], null, contact)).toBe(true);
    };
    const rows = async (entryId: string) => (await cluster.nodes.wuxi.db.query('SELECT lead_city, lead_epoch FROM watch_replica WHERE entry_id = $1', [entryId])) as { lead_city: string; lead_epoch: number }[];
    const orders: [string, [string, number, boolean][]][] = [
      ['new lead before the old lead drops', [[A, 0, true], [B, 1, true], [A, 0, true], [A, 0, false]]],
      ['old lead drops first', [[A, 0, true], [A, 0, true], [A, 0, false], [B, 1, true]]],
      ['new lead seen before the old lead at all', [[B, 1, true], [A, 0, true], [A, 0, false]]],
    ];
    for (const [i, [, steps]] of orders.entries()) {
      const entryId = `changzhou:ORDER${i}${'0'.repeat(20)}`;
      for (const [city, epoch, active] of steps) await feed(city, entryId, epoch, active);
      expect(await rows(entryId)).toEqual([{ lead_city: B, lead_epoch: 1 }]);
    }
    // A page read from an older position (another process applied pages meanwhile) is not applied.
    const now = await position(A);
    expect(await svc.applyPage(A, '0', [{ seq: '1', entryId: 'changzhou:STALEPAGE00000000000000000', active: true, action: 'REPORT_ONLY', participant: false, leadEpoch: 0, leadChain: [], tokens: ['c'.repeat(64)] }], null, contact)).toBe(now);
    expect(await rows('changzhou:STALEPAGE00000000000000000')).toEqual([]);
  });

  it("believes a city's feed only about entries it proves it leads: another city's entry claimed by a compromised node is left out", async () => {
    const svc = replica('wuxi');
    const contact = { unit: 'duty desk' };
    const position = async (city: string) => ((await cluster.nodes.wuxi.db.query('SELECT after_seq::text AS a FROM watch_replica_peer WHERE city = $1', [city])) as { a: string }[])[0]?.a ?? '0';
    const entryId = 'changzhou:CLAIMED0000000000000000000';
    const page = async (city: string, leadEpoch: number, leadChain: ReturnType<typeof signLeadTransfer>[], active = true) => {
      const from = await position(city);
      return svc.applyPage(city, from, [{ seq: String(BigInt(from) + 1n), entryId, active, action: 'LOCATE_AND_ARREST', participant: false, leadEpoch, leadChain, tokens: active ? ['d'.repeat(64)] : [] }], null, contact);
    };
    const copy = async () => (await cluster.nodes.wuxi.db.query('SELECT lead_city, lead_epoch FROM watch_replica WHERE entry_id = $1', [entryId])) as { lead_city: string; lead_epoch: number }[];
    const known = async () => (await cluster.nodes.wuxi.db.query('SELECT lead_city, lead_epoch, active FROM watch_replica_entry WHERE entry_id = $1', [entryId])) as unknown[];
    // The real lead (the city the id names) at epoch 0.
    expect(await page(A, 0, [])).toBe(true);
    expect(await copy()).toEqual([{ lead_city: A, lead_epoch: 0 }]);
    // Suzhou claims the entry: at epoch 0, at a high epoch with no proof, with a move it signed itself, with a move
    // Changzhou signed for another city: each left out; the real lead's rows stay, and what Wuxi knows of the entry.
    const S = 'suzhou';
    const forged = [
      [0, []],
      [99, []],
      [1, [signLeadTransfer(loadPrivateKey(testEnv.keysDir(), S), { entryId, epoch: 1, from: A, to: S })]],
      [1, [signLeadTransfer(loadPrivateKey(testEnv.keysDir(), A), { entryId, epoch: 1, from: A, to: B })]],
    ] as const;
    for (const [epoch, chain] of forged) {
      expect(await page(S, epoch, [...chain])).toBe(true);
      expect(await copy()).toEqual([{ lead_city: A, lead_epoch: 0 }]);
      expect(await known()).toEqual([{ lead_city: A, lead_epoch: 0, active: true }]);
    }
    const refusals = await cluster.nodes.wuxi.db.query(`SELECT actor_city, outcome FROM audit_entry WHERE action = 'watch.replica.refused' AND $1 = ANY(resource_ids)`, [entryId]);
    expect(refusals).toEqual(Array(forged.length).fill({ actor_city: S, outcome: 'REFUSED' }));
    // The lead Changzhou really gave to Nantong is believed.
    expect(await page(B, 1, [signLeadTransfer(loadPrivateKey(testEnv.keysDir(), A), { entryId, epoch: 1, from: A, to: B })])).toBe(true);
    expect(await copy()).toEqual([{ lead_city: B, lead_epoch: 1 }]);
  });

  it("refuses what a node that neither leads nor takes part says about another city's entry (issue 16, finding 2)", async () => {
    const PHONE_X = '13955556666';
    const id = await activeEntry([{ kind: 'PHONE', value: PHONE_X }], ['suzhou']);
    await syncFrom('suzhou', 'nanjing');
    await syncFrom('wuxi', 'nanjing');
    const hits = async () => (await regionCheck('suzhou', [{ kind: 'PHONE', value: PHONE_X }])).data!._entities[0].suzhou.checkWatchRegion.matches.filter((m: { reference: string }) => m.reference === id).length;
    expect(await hits()).toBe(1);
    const endedNotices = async () => (await cluster.nodes.suzhou.db.query(`SELECT count(*)::int AS n FROM officer_notification WHERE kind = 'watch.ended' AND reference = $1`, [id]))[0].n;

    // Wuxi, signing with its own real key, tells Suzhou the entry ended: refused, Suzhou's officers are not told to stop.
    const ended = await sendCrafted(cluster, 'wuxi', 'suzhou', { kind: 'watch.ended', streamKey: id, streamSeq: 1, payload: { entryId: id, status: 'CLOSED', reason: 'Forged: the person was arrested.' } });
    expect(ended).toMatchObject({ status: 'REJECTED', detail: expect.stringMatching(/^wuxi may not send watch\.ended about .*: only the entry's lead city may/) });
    expect(await endedNotices()).toBe(0);

    // Wuxi offers Suzhou the lead of Nanjing's entry with a high epoch and a move it signed itself: refused, so no
    // supervisor can accept it, and the entry stays in every copy.
    const snapshot = {
      id, category: 'WANTED_ARREST', action: 'LOCATE_AND_ARREST', legalBasis: '刑事诉讼法 第81条 (arrest)', decisionReference: 'NJ-ARREST-2026-0077', offence: 'FRAUD', riskLevel: 'HIGH',
      participatingCities: ['suzhou'], reviewDate: day(200), description: 'Female, about 30.', identifiers: [{ kind: 'PHONE', value: PHONE_X }], proposedBy: 'wuxi:x', proposedAt: new Date().toISOString(),
      approvedBy: null, approvedAt: null, leadEpoch: 50, leadChain: [],
    };
    const transfer = signLeadTransfer(loadPrivateKey(testEnv.keysDir(), 'wuxi'), { entryId: id, epoch: 51, from: 'wuxi', to: 'suzhou' });
    const offer = await sendCrafted(cluster, 'wuxi', 'suzhou', { kind: 'watch.transfer.offer', streamKey: `${id}-offer`, streamSeq: 1, payload: { entry: snapshot, reason: 'Forged transfer of the lead.', transfer } });
    expect(offer).toMatchObject({ status: 'REJECTED', detail: expect.stringMatching(/^wuxi may not send watch\.transfer\.offer about .*: only the entry's current lead city may/) });
    expect(await cluster.nodes.suzhou.db.query('SELECT status FROM watch_entry WHERE id = $1', [id])).toEqual([]);
    // Even from the real lead, an offer must carry the chain that proves the lead and the move signed for Suzhou.
    const unproven = await sendCrafted(cluster, 'nanjing', 'suzhou', { kind: 'watch.transfer.offer', streamKey: `${id}-offer2`, streamSeq: 1, payload: { entry: { ...snapshot, leadEpoch: 0 }, reason: 'An offer with a move signed by someone else.', transfer } });
    expect(unproven).toMatchObject({ status: 'REJECTED', detail: expect.stringMatching(/carries no move of its lead to suzhou signed by nanjing/) });
    expect(await hits()).toBe(1);
  });

  it('refuses a check without a purpose, the feed to an officer, and a live check for another city\'s officer', async () => {
    const tokens = ['a'.repeat(64)];
    const noPurpose = await gql(url('wuxi'), viaRegionEntity('wuxi', `{ checkWatchRegion(identifiers: [{ kind: PHONE, value: "${PHONE}" }]) { hit } }`), { token: liaison('wuxi') });
    expect(errorCodes(noPurpose)).toEqual(['PURPOSE_REQUIRED']);
    const feedAsOfficer = await gql(url('nanjing'), viaRegionEntity('nanjing', '{ watchReplica(after: "0") { entries { entryId } } }'), { token: readTokenFor('wuxi', 'LIAISON_OFFICER', 'nanjing') });
    expect(errorCodes(feedAsOfficer)).toEqual(['UNAUTHENTICATED']);
    const nodeToken = cluster.nodes.wuxi.app.get(NodeAuthService).tokenFor('nanjing');
    const forged = await gql(
      url('nanjing'),
      viaRegionEntity('nanjing', `{ checkWatchOnBehalf(tokens: ${JSON.stringify(tokens)}, officer: { sub: "suzhou:someone", roles: [LIAISON_OFFICER], purpose: "traffic stop G42" }) { hit } }`),
      { headers: { 'x-ypf-node-token': nodeToken } },
    );
    expect(errorCodes(forged)).toEqual(['NOT_OWN_OFFICER']);
    expect(await audit('nanjing', 'watch.check')).toContainEqual(expect.objectContaining({ actor_id: 'wuxi:node', detail: expect.objectContaining({ onBehalfOf: 'suzhou:someone' }) }));
    const badCursor = await gql(url('nanjing'), viaRegionEntity('nanjing', '{ watchReplica(after: "-1") { entries { entryId } } }'), { headers: { 'x-ypf-node-token': cluster.nodes.wuxi.app.get(NodeAuthService).tokenFor('nanjing') } });
    expect(badCursor.errors?.[0].message).toMatch(/after.*feed number/);
  });

  it('numbers changes in commit order: a change numbered later cannot commit before an earlier one', async () => {
    const db = cluster.nodes.nanjing.db;
    const first = db.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    try {
      await markReplicaChange(first.manager, 'nanjing:ORDER-A');
      let secondDone = false;
      const second = db.transaction(async (em) => {
        await markReplicaChange(em, 'nanjing:ORDER-B');
      }).then(() => (secondDone = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(secondDone).toBe(false);
      await first.commitTransaction();
      await second;
    } finally {
      await first.release();
    }
    const seqs = await withClient(cluster.nodes.nanjing.databaseUrl, async (c) =>
      (await c.query(`SELECT entry_id, seq::text FROM watch_replica_feed WHERE entry_id LIKE 'nanjing:ORDER-%' ORDER BY seq`)).rows.map((r) => r.entry_id),
    );
    expect(seqs).toEqual(['nanjing:ORDER-A', 'nanjing:ORDER-B']);
  });
});
