import { join } from 'node:path';
import { keyFiles, loadPrivateKey, loadSecret, signNodeToken } from '@ypf/auth';
import { CITY_CODES, REGION_ID } from '@ypf/region';
import { errorCodes, gql, homeTokenFor, testEnv, viaRegionEntity } from '@ypf/testing';
import { BlindIndex, blindIdentifiers } from '../../core/blind-index.js';
import { eventually, startTestCluster, type TestCluster } from '../../testing/test-node.js';
import { WatchReplicaService } from '../watch/watch-replica.service.js';
import { IdentifierIndexService } from './identifier-index.service.js';

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
/** Evaluations each city performs for another per minute in this test (the default is 1,200). */
const BUDGET = 300;
const WATCHED_PHONE = '13957571234';

/**
 * Blind indexes under each city's own key between real nodes: Nanjing holds a watch entry and a report, Wuxi and
 * Suzhou check them from their home nodes. Nothing a node holds lets it test guesses offline; guessing online costs one
 * audited evaluation per guess at the owner, within its budget; a correct check still hits.
 */
describe('blind indexes under per-city keys (issue 16, finding 3)', () => {
  let cluster: TestCluster;
  const CITIES = ['nanjing', 'suzhou', 'wuxi'];
  const url = (city: string) => cluster.urls[city];
  const ok = async (city: string, query: string, token: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(url(city), query, { token, variables });
    if (r.errors) throw new Error(`${city}: ${JSON.stringify(r.errors)}`);
    return r.data as Record<string, any>;
  };
  const watchCheck = (city: string, value: string, role = 'LIAISON_OFFICER') =>
    gql(url(city), viaRegionEntity(city, `{ checkWatchRegion(identifiers: [{ kind: PHONE, value: "${value}" }]) { hit matches { reference leadCity accessLevel } cities { city answeredFrom error } } }`), {
      token: homeTokenFor(city, role),
      purpose: 'traffic stop G7',
    });
  let entryId: string;
  let reportId: string;

  beforeAll(async () => {
    cluster = await startTestCluster(CITIES, {
      env: { DELIVERY_BACKOFF_MS: '100', DELIVERY_SWEEP_MS: '500', INDEX_EVALUATIONS_PER_MINUTE: String(BUDGET), IDENTIFIER_CHECKS_PER_MINUTE: '40', WATCH_REPLICA_SYNC_MS: '3600000', WATCH_REPLICA_STALE_MS: '7200000' },
      otherCityUrls: Object.fromEntries(CITY_CODES.filter((c) => !CITIES.includes(c)).map((c) => [c, 'http://127.0.0.1:9/graphql'])),
      demoSeed: false,
    });
    const proposed = await ok('nanjing', 'mutation($i: WatchEntryInput!) { nanjing { proposeWatchEntry(input: $i) { id } } }', homeTokenFor('nanjing', 'LIAISON_OFFICER'), {
      i: { category: 'WANTED_ARREST', legalBasis: '刑事诉讼法 第81条 (arrest)', decisionReference: 'NJ-ARREST-2026-0505', offence: 'FRAUD', riskLevel: 'HIGH', participatingCities: [], reviewDate: day(200), identifiers: [{ kind: 'PHONE', value: WATCHED_PHONE }], description: 'Male, about 40.' },
    });
    entryId = proposed.nanjing.proposeWatchEntry.id;
    await ok('nanjing', `mutation { nanjing { approveWatchEntry(id: "${entryId}") { id } } }`, homeTokenFor('nanjing', 'SUPERVISOR'));
    const created = await ok('nanjing', 'mutation($i: IntelligenceReportInput!) { nanjing { createIntelligenceReport(input: $i) { id } } }', homeTokenFor('nanjing', 'ANALYST'), {
      i: { title: 'Telecom fraud call centre', summary: 'Calls impersonating officials, from a rented flat.', body: 'The flat is let under a false name.', category: 'FRAUD', sourceReliability: 'B', informationCredibility: 2, tlp: 'AMBER', scope: 'REGION', identifiers: [{ kind: 'PHONE', value: '13712345678' }] },
    });
    reportId = created.nanjing.createIntelligenceReport.id;
    for (const [op, role] of [['submitIntelligenceReport', 'ANALYST'], ['approveIntelligenceReport', 'SUPERVISOR'], ['publishIntelligenceReport', 'ANALYST']] as const) {
      await ok('nanjing', `mutation { nanjing { ${op}(id: "${reportId}") { status } } }`, homeTokenFor('nanjing', role));
    }
    for (const c of ['suzhou', 'wuxi']) await cluster.nodes[c].app.get(WatchReplicaService).sync('nanjing');
  }, 90_000);
  afterAll(async () => cluster?.close(), 120_000);

  it('checks intelligence across the region from the home node: a hit as the owner allows, a miss telling the owner only a bucket', async () => {
    const check = (value: string) =>
      gql(url('wuxi'), viaRegionEntity('wuxi', `{ checkIdentifiersRegion(identifiers: [{ kind: PHONE, value: "${value}" }], cities: ["nanjing", "suzhou", "wuxi"]) { hit matches { city identifier { kind value } accessLevel reportId reference contact { city } } cities { city checked error } } }`), {
        token: homeTokenFor('wuxi', 'ANALYST'),
        purpose: 'WX-2026-0505',
      });
    const hit = await check('+86 137-1234-5678');
    expect(hit.errors).toBeUndefined();
    expect(hit.data!._entities[0].wuxi.checkIdentifiersRegion).toEqual({
      hit: true,
      matches: [{ city: 'nanjing', identifier: { kind: 'PHONE', value: '13712345678' }, accessLevel: 'SUMMARY', reportId, reference: reportId, contact: { city: 'nanjing' } }],
      cities: [
        { city: 'nanjing', checked: true, error: null },
        { city: 'suzhou', checked: true, error: null },
        { city: 'wuxi', checked: true, error: null },
      ],
    });
    // Nanjing's liaison desk is told of the hit (as Europol's EIS tells the data owner), and of nothing else.
    const notices = await cluster.nodes.nanjing.db.query(`SELECT kind, reference, text FROM officer_notification WHERE kind = 'intelligence.match'`);
    expect(notices).toEqual([{ kind: 'intelligence.match', reference: reportId, text: expect.stringContaining('An officer of wuxi (wuxi:demo-analyst) checked an identifier') }]);
    const miss = await check('13700000001');
    expect(miss.data!._entities[0].wuxi.checkIdentifiersRegion).toMatchObject({ hit: false, matches: [] });
    // At the owner: an evaluation, a bucket (by prefix) and, for the hit only, the check of Nanjing's own index, each
    // audited with the officer and purpose; nothing the owner holds names the identifier of the miss.
    const audit: { action: string; detail: string; purpose: string }[] = await cluster.nodes.nanjing.db.query(
      `SELECT action, detail, purpose FROM audit_entry WHERE actor_city = 'wuxi' AND action IN ('index.evaluate', 'identifier.bucket', 'identifier.check') ORDER BY seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(['index.evaluate', 'identifier.bucket', 'identifier.check', 'index.evaluate', 'identifier.bucket']);
    expect(audit.every((a) => a.purpose === 'WX-2026-0505')).toBe(true);
    const nanjingIndex = new BlindIndex(loadSecret(join(testEnv.keysDir(), keyFiles.indexKey('nanjing'))), 'nanjing');
    const everythingNanjingHolds = JSON.stringify(await cluster.nodes.nanjing.db.query(`SELECT * FROM audit_entry WHERE actor_city = 'wuxi'`));
    expect(everythingNanjingHolds).not.toContain('13700000001');
    expect(everythingNanjingHolds).not.toContain(nanjingIndex.token('PHONE', '13700000001'));
  });

  it('leaves a node holding everything it was sent unable to recover a watched phone number, while a correct check still hits', async () => {
    // An honest check from Wuxi (which does not take part) hits, from its copy and Nanjing's evaluation.
    const honest = await watchCheck('wuxi', WATCHED_PHONE);
    expect(honest.data!._entities[0].wuxi.checkWatchRegion.matches).toEqual([{ reference: entryId, leadCity: 'nanjing', accessLevel: 'HIT_ONLY' }]);
    // Nanjing learns of the match from Wuxi's notice (it saw only a blinded evaluation): its liaison desk is told once
    // an hour per officer and entry, however often the officer checks.
    await watchCheck('wuxi', WATCHED_PHONE);
    const matchNotices = () => cluster.nodes.nanjing.db.query(`SELECT reference, text FROM officer_notification WHERE kind = 'watch.match'`);
    await eventually(async () => ((await matchNotices()).length ? true : null), 20_000, 'the match notice at nanjing');
    await new Promise((r) => setTimeout(r, 500));
    expect(await matchNotices()).toEqual([{ reference: entryId, text: expect.stringContaining('An officer of wuxi (wuxi:demo-liaison-officer) checked an identifier of watch entry') }]);

    // Offline: Wuxi's node holds its copy of Nanjing's indexes and its own index key. Guessing the numbers around the
    // watched one (it is among them) with everything Wuxi holds finds nothing: the copy is under Nanjing's key.
    const copy: string[] = (await cluster.nodes.wuxi.db.query(`SELECT token FROM watch_replica WHERE entry_id = $1`, [entryId])).map((r: { token: string }) => r.token);
    expect(copy).toHaveLength(1);
    const wuxiIndex = new BlindIndex(loadSecret(join(testEnv.keysDir(), keyFiles.indexKey('wuxi'))), 'wuxi');
    const candidates = Array.from({ length: 3000 }, (_, i) => `1395757${String(i).padStart(4, '0')}`);
    expect(candidates).toContain(WATCHED_PHONE);
    const offline = candidates.filter((c) => copy.includes(wuxiIndex.token('PHONE', c)));
    expect(offline).toEqual([]);

    // Online: guessing needs Nanjing's evaluation of every guess. Wuxi's node asks for them, 50 a request, as fast as
    // it can: Nanjing stops after its budget for Wuxi this minute, long before the watched number, and audits it all.
    const asWuxi = (elements: string[]) =>
      gql(url('nanjing'), `query($e: [String!]!) { _entities(representations: [{ __typename: "Region", id: "${REGION_ID}" }]) { ... on Region { nanjing { evaluateBlindIndex(elements: $e, officer: { sub: "wuxi:attacker", purpose: "fishing expedition" }) } } } }`, {
        headers: { 'x-ypf-node-token': signNodeToken(loadPrivateKey(testEnv.keysDir(), 'wuxi'), 'wuxi', 'nanjing') },
        variables: { e: elements },
      });
    let guessed = 0;
    let recovered: string | null = null;
    let refusal: unknown = null;
    for (let i = 0; i < candidates.length && !refusal; i += 50) {
      const batch = candidates.slice(i, i + 50).map((value) => ({ kind: 'PHONE', value }));
      const blinded = blindIdentifiers(batch);
      const r = await asWuxi(blinded.elements);
      if (r.errors) {
        refusal = r.errors[0];
        break;
      }
      const indexes = blinded.finalize('nanjing', r.data!._entities[0].nanjing.evaluateBlindIndex);
      guessed += batch.length;
      const found = indexes.findIndex((t) => copy.includes(t));
      if (found >= 0) recovered = batch[found].value;
    }
    expect(refusal).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
    // (Twice the budget at most: the attack may straddle the turn of a minute.)
    expect(guessed).toBeLessThanOrEqual(2 * BUDGET);
    expect(candidates.indexOf(WATCHED_PHONE)).toBeGreaterThan(guessed);
    expect(recovered).toBeNull();
    const evaluations: { outcome: string; n: number }[] = await cluster.nodes.nanjing.db.query(
      `SELECT outcome, count(*)::int AS n FROM audit_entry WHERE action = 'index.evaluate' AND actor_city = 'wuxi' AND purpose = 'fishing expedition' GROUP BY 1 ORDER BY 1`,
    );
    expect(evaluations).toEqual([
      { outcome: 'OK', n: guessed / 50 },
      { outcome: 'REFUSED', n: 1 },
    ]);

    // A correct check by another city's officer still hits (its own budget at Nanjing).
    const suzhou = await watchCheck('suzhou', WATCHED_PHONE);
    expect(suzhou.data!._entities[0].suzhou.checkWatchRegion.matches).toEqual([{ reference: entryId, leadCity: 'nanjing', accessLevel: 'HIT_ONLY' }]);
  }, 120_000);

  it('limits how many identifiers one officer checks a minute at the home node, and audits the refusal', async () => {
    const many = Array.from({ length: 20 }, (_, i) => `{ kind: PHONE, value: "1380000${String(i).padStart(4, '0')}" }`).join(', ');
    const ask = () =>
      gql(url('suzhou'), viaRegionEntity('suzhou', `{ checkWatchRegion(identifiers: [${many}], cities: ["suzhou"]) { hit } }`), { token: homeTokenFor('suzhou', 'ANALYST'), purpose: 'SZ-2026-0001' });
    expect((await ask()).errors).toBeUndefined();
    expect((await ask()).errors).toBeUndefined();
    const third = await ask();
    expect(errorCodes(third)).toEqual(['RATE_LIMITED']);
    expect(third.errors![0].message).toMatch(/at most 40 identifiers a minute/);
    const refused = await cluster.nodes.suzhou.db.query(`SELECT actor_id, outcome FROM audit_entry WHERE action = 'watch.check.region' AND outcome = 'REFUSED' AND detail LIKE '%rate limit%'`);
    expect(refused).toEqual([{ actor_id: 'suzhou:demo-analyst', outcome: 'REFUSED' }]);
  });

  it('computes every stored index again when the index key changed (rotation, or the upgrade from the shared key)', async () => {
    const db = cluster.nodes.nanjing.db;
    // Indexes as an earlier key made them, and the state naming that key.
    await db.query(`UPDATE watch_identifier SET token = repeat('0', 64) WHERE entry_id = $1`, [entryId]);
    await db.query(`UPDATE intelligence_identifier SET blind_index = repeat('1', 64) WHERE report_id = $1`, [reportId]);
    await db.query(`UPDATE blind_index_state SET fingerprint = 'an-earlier-key'`);
    const feedBefore = (await db.query(`SELECT seq::text AS s FROM watch_replica_feed WHERE entry_id = $1`, [entryId]))[0].s;
    const written = await cluster.nodes.nanjing.app.get(IdentifierIndexService).reindexIfKeyChanged();
    expect(written).toBe(2);
    const index = new BlindIndex(loadSecret(join(testEnv.keysDir(), keyFiles.indexKey('nanjing'))), 'nanjing');
    expect(await db.query(`SELECT token FROM watch_identifier WHERE entry_id = $1`, [entryId])).toEqual([{ token: index.token('PHONE', WATCHED_PHONE) }]);
    expect(await db.query(`SELECT blind_index FROM intelligence_identifier WHERE report_id = $1`, [reportId])).toEqual([{ blind_index: index.token('PHONE', '13712345678') }]);
    // The entry is a change of the feed again, so every copy takes the new index; the second run does nothing.
    expect(BigInt((await db.query(`SELECT seq::text AS s FROM watch_replica_feed WHERE entry_id = $1`, [entryId]))[0].s)).toBeGreaterThan(BigInt(feedBefore));
    expect(await cluster.nodes.nanjing.app.get(IdentifierIndexService).reindexIfKeyChanged()).toBe(0);
    await eventually(async () => {
      await cluster.nodes.wuxi.app.get(WatchReplicaService).sync('nanjing');
      return (await cluster.nodes.wuxi.db.query(`SELECT token FROM watch_replica WHERE entry_id = $1`, [entryId]))[0]?.token === index.token('PHONE', WATCHED_PHONE);
    }, 10_000, "wuxi's copy of the new index");
  });
});
