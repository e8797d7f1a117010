import { errorCodes, gql, homeTokenFor, viaRegionEntity } from '@ypf/testing';
import { eventually, startTestCluster, startTestNode, type TestCluster } from '../../testing/test-node.js';
import { subscribeFeed } from '../../testing/feed-client.js';

const RULE_FIELDS = 'id stateLevel candidateLevel lastValue lastCount openAlertId lastError';
const EVAL_FIELDS = 'ruleId value count measuredLevel level effect alertId campaignId error';

/**
 * The early-warning line on real nodes: case counts in Nanjing cross orange and open one joint campaign with
 * Zhenjiang, rise to red and escalate it, fall back and resolve it after the hold; a REGION rule sums both cities'
 * counts over signed node-to-node calls.
 */
describe('early-warning line and joint campaigns', () => {
  let cluster: TestCluster;
  const url = (city: string) => cluster.urls[city];
  // The nodes' clocks run up to 40 minutes ahead in this file (holds are measured on them): tokens that outlive the jump.
  const LONG = 3600;
  const token = (city: string, role: string) => homeTokenFor(city, role, LONG);
  const coordinator = (city: string) => token(city, 'COORDINATOR');
  const analyst = (city: string) => token(city, 'ANALYST');

  const run = (city: string, doc: string, token: string, variables: Record<string, unknown> = {}) => gql(url(city), doc, { token, variables });
  const read = async (city: string, selection: string, token = coordinator(city)) => {
    const r = await gql(url(city), viaRegionEntity(city, `{ ${selection} }`), { token });
    expect(r.errors).toBeUndefined();
    return r.data!._entities[0][city];
  };
  /** Moves both nodes' clocks (the rule's hold is measured on the evaluating node's clock). */
  const advanceMinutes = (min: number) => {
    for (const n of Object.values(cluster.nodes)) n.clock.set(new Date(n.clock.now().getTime() + min * 60_000));
  };
  const hoursAgo = (city: string, h: number) => {
    const d = new Date(cluster.nodes[city].clock.now().getTime() - h * 3_600_000);
    d.setUTCMinutes(0, 0, 0);
    return d.toISOString();
  };
  const record = (city: string, counts: { category: string; area: string; periodStart: string; count: number }[]) =>
    run(city, `mutation($c: [CaseCountInput!]!) { ${city} { recordCaseCounts(counts: $c) { accepted imported errors { row message } } } }`, analyst(city), { c: counts });
  const evaluate = async (city: string) => {
    const r = await run(city, `mutation { ${city} { evaluateWarningRules { ${EVAL_FIELDS} } } }`, coordinator(city));
    expect(r.errors).toBeUndefined();
    return r.data![city].evaluateWarningRules as { ruleId: string; effect: string | null; level: string | null; campaignId: string | null; alertId: string | null; value: number; error: string | null }[];
  };
  const createRule = async (city: string, input: Record<string, unknown>) => {
    const r = await run(city, `mutation($i: WarningRuleInput!) { ${city} { createWarningRule(input: $i) { ${RULE_FIELDS} } } }`, coordinator(city), { i: input });
    return r;
  };
  const campaign = async (city: string, id: string) => {
    const r = await gql(url(city), viaRegionEntity(city, `{ jointOperation(id: "${id}") { id kind status warningLevel category planCode leadCity sourceReference tasks { city title status } participants { city status } } }`), { token: token(city, 'LIAISON_OFFICER') });
    return r.errors ? null : r.data!._entities[0][city].jointOperation;
  };

  beforeAll(async () => {
    // The region's other six nodes are down here (a port nothing listens on).
    const down = Object.fromEntries(['wuxi', 'changzhou', 'suzhou', 'nantong', 'yangzhou', 'taizhou'].map((c) => [c, 'http://127.0.0.1:9/graphql']));
    cluster = await startTestCluster(['nanjing', 'zhenjiang'], {
      otherCityUrls: down,
      // No demo case counts: the counts asserted here are the tests' own, whatever the time of day (the demo's latest
      // day falls inside a 48-hour window).
      demoSeed: false,
      // The scheduled evaluation stays out of the way: the test evaluates at the moments it chooses.
      env: { WARNING_EVAL_MS: '86400000', DELIVERY_BACKOFF_MS: '100', DELIVERY_SWEEP_MS: '500', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) },
    });
  }, 60_000);
  afterAll(async () => cluster?.close(), 120_000);

  it('imports a CSV all or nothing, with every bad row named', async () => {
    const csv = (rows: string[]) => ['category,area,period_start,count', ...rows].join('\n');
    const importCsv = (text: string) => run('nanjing', 'mutation($t: String!) { nanjing { importCaseCountsCsv(csv: $t) { accepted imported errors { row column message } } } }', analyst('nanjing'), { t: text });
    const bad = await importCsv(csv([`FRAUD,gulou,${hoursAgo('nanjing', 30)},4`, `FRAUD,gulou,not-a-time,4`, `FRAUD,jianye,${hoursAgo('nanjing', 30)},four`]));
    expect(bad.errors).toBeUndefined();
    expect(bad.data!.nanjing.importCaseCountsCsv).toEqual({
      accepted: false,
      imported: 0,
      errors: [
        { row: 3, column: 'period_start', message: 'must be an ISO-8601 timestamp with a zone, e.g. 2026-12-01T08:00:00+08:00' },
        { row: 4, column: 'count', message: '"four" is not a whole number' },
      ],
    });
    expect(await read('nanjing', 'caseCounts(filter: { category: FRAUD }) { count }')).toEqual({ caseCounts: [] });
    const good = await importCsv(csv([`FRAUD,gulou,${hoursAgo('nanjing', 30)},4`, `FRAUD,jianye,${hoursAgo('nanjing', 30)},6`]));
    expect(good.data!.nanjing.importCaseCountsCsv).toEqual({ accepted: true, imported: 2, errors: [] });
    expect((await read('nanjing', 'caseCounts(filter: { category: FRAUD }) { area count }')).caseCounts).toHaveLength(2);
    // Only analysts and coordinators of the city record statistics.
    expect(errorCodes(await run('nanjing', 'mutation($t: String!) { nanjing { importCaseCountsCsv(csv: $t) { accepted } } }', token('nanjing', 'LIAISON_OFFICER'), { t: csv([]) }))).toEqual(['FORBIDDEN']);
  }, 60_000);

  it('opens one campaign at orange after the hold, escalates it at red, and resolves it with hysteresis', async () => {
    const bad = await createRule('nanjing', { name: 'Thresholds out of order', category: 'THEFT_ROBBERY', scope: 'CITY', windowHours: 24, thresholds: { blue: 10, yellow: 5, orange: 30, red: 40 } });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].message).toMatch(/0 < blue < yellow < orange < red/);
    const created = await createRule('nanjing', {
      name: 'Theft and robbery, Nanjing, 24 h',
      category: 'THEFT_ROBBERY',
      scope: 'CITY',
      windowHours: 24,
      thresholds: { blue: 10, yellow: 20, orange: 30, red: 40 },
      minCount: 5,
      holdMinutes: 5,
      hysteresisPercent: 20,
      campaignCities: ['nanjing', 'zhenjiang'],
    });
    expect(created.errors).toBeUndefined();
    const ruleId = created.data!.nanjing.createWarningRule.id as string;
    const mine = (evals: Awaited<ReturnType<typeof evaluate>>) => evals.find((e) => e.ruleId === ruleId)!;
    const dutyFeed = subscribeFeed(url('nanjing'), token('nanjing', 'COMMANDER'), { since: '0' });
    const zhenjiangFeed = subscribeFeed(url('zhenjiang'), token('zhenjiang', 'COMMANDER'), { since: '0' });
    // One period whose count is replaced (fixed now: the clocks move forward during the test).
    const period = hoursAgo('nanjing', 2);
    const setCount = (n: number) => record('nanjing', [{ category: 'THEFT_ROBBERY', area: 'xuanwu', periodStart: period, count: n }]);

    // Crossing orange starts the hold; nothing fires until it has held for 5 minutes, then once.
    expect((await setCount(35)).errors).toBeUndefined();
    expect(mine(await evaluate('nanjing'))).toMatchObject({ effect: null, level: null, value: 35 });
    advanceMinutes(6);
    const fired = mine(await evaluate('nanjing'));
    expect(fired).toMatchObject({ effect: 'FIRE', level: 'ORANGE' });
    for (let i = 0; i < 3; i++) {
      advanceMinutes(1);
      expect(mine(await evaluate('nanjing'))).toMatchObject({ effect: null, level: 'ORANGE', alertId: fired.alertId });
    }
    const campaigns = (await read('nanjing', 'jointOperations(filter: { kind: CAMPAIGN }) { id }')).jointOperations;
    expect(campaigns).toEqual([{ id: fired.campaignId }]);
    const opened = await campaign('nanjing', fired.campaignId!);
    expect(opened).toMatchObject({ kind: 'CAMPAIGN', status: 'ACTIVE', warningLevel: 'ORANGE', category: 'THEFT_ROBBERY', planCode: 'THEFT_ROBBERY_CAMPAIGN', sourceReference: fired.alertId });
    expect([...new Set(opened.tasks.map((t: { city: string }) => t.city))].sort()).toEqual(['nanjing', 'zhenjiang']);
    // Zhenjiang is told and holds the campaign with its tasks; its commander was notified.
    const atZhenjiang = await eventually(() => campaign('zhenjiang', fired.campaignId!), 20_000, 'Zhenjiang to hold the campaign');
    expect(atZhenjiang.tasks.filter((t: { city: string }) => t.city === 'zhenjiang')).toHaveLength(2);
    const zjNotices = (await read('zhenjiang', 'notifications { kind reference }', token('zhenjiang', 'COMMANDER'))).notifications;
    expect(zjNotices.filter((n: { kind: string; reference: string }) => n.kind === 'warning.campaign' && n.reference === fired.campaignId)).toHaveLength(1);

    // The duty commander acknowledges, once.
    const ack = (token: string) => run('nanjing', `mutation { nanjing { acknowledgeWarningAlert(id: "${fired.alertId}") { acknowledgedBy acknowledgedAt level } } }`, token);
    expect(errorCodes(await ack(coordinator('nanjing')))).toEqual(['FORBIDDEN']);
    expect((await ack(token('nanjing', 'COMMANDER'))).data!.nanjing.acknowledgeWarningAlert.acknowledgedBy).toMatch(/^nanjing:/);
    expect(errorCodes(await ack(token('nanjing', 'COMMANDER')))).toEqual(['ALREADY_ACKNOWLEDGED']);

    // Rising to red escalates the same campaign after the hold.
    await setCount(45);
    expect(mine(await evaluate('nanjing'))).toMatchObject({ effect: null, level: 'ORANGE' });
    advanceMinutes(6);
    expect(mine(await evaluate('nanjing'))).toMatchObject({ effect: 'ESCALATE', level: 'RED', campaignId: fired.campaignId });
    await eventually(async () => (await campaign('zhenjiang', fired.campaignId!))?.warningLevel === 'RED', 20_000, 'Zhenjiang to see RED');

    // Falling to 9 is under blue but not under the hysteresis line (8): the episode stays open.
    await setCount(9);
    advanceMinutes(6);
    expect(mine(await evaluate('nanjing'))).toMatchObject({ effect: null, level: 'RED' });
    advanceMinutes(6);
    expect(mine(await evaluate('nanjing'))).toMatchObject({ effect: null, level: 'RED' });
    // Under the line for the hold: resolved, once.
    await setCount(3);
    expect(mine(await evaluate('nanjing'))).toMatchObject({ effect: null, level: 'RED' });
    advanceMinutes(6);
    expect(mine(await evaluate('nanjing'))).toMatchObject({ effect: 'RESOLVE', level: null });
    advanceMinutes(1);
    expect(mine(await evaluate('nanjing'))).toMatchObject({ effect: null, level: null });
    const resolved = await eventually(async () => {
      const c = await campaign('zhenjiang', fired.campaignId!);
      return c?.status === 'RESOLVED' ? c : null;
    }, 20_000, 'Zhenjiang to see the campaign resolved');
    // Tasks nobody took up are cancelled with the campaign, and it leaves the board of ongoing operations (issue 17).
    expect(resolved.tasks.length).toBeGreaterThan(0);
    expect(resolved.tasks.filter((t: { status: string }) => t.status !== 'CANCELLED')).toEqual([]);
    expect((await read('nanjing', 'jointOperations(filter: { kind: CAMPAIGN, openOnly: true }) { id }')).jointOperations).toEqual([]);
    expect((await read('nanjing', 'jointOperations(filter: { kind: CAMPAIGN }) { id status }')).jointOperations).toEqual([{ id: fired.campaignId, status: 'RESOLVED' }]);

    // Live: the duty commander saw the warning fire, rise and resolve, each once; Zhenjiang's the campaign open once.
    await eventually(async () => dutyFeed.about(fired.alertId!).length === 3, 10_000, 'three warning events');
    expect(dutyFeed.about(fired.alertId!).map((e) => e.kind)).toEqual(['warning.alert', 'warning.alert', 'warning.alert']);
    expect(dutyFeed.about(fired.alertId!).map((e) => e.text.split(' ')[0])).toEqual(['ORANGE', 'Warning', 'Warning']);
    expect(zhenjiangFeed.about(fired.campaignId!).filter((e) => e.kind === 'warning.campaign')).toHaveLength(1);
    await Promise.all([dutyFeed.dispose(), zhenjiangFeed.dispose()]);
    const alerts = (await read('nanjing', `warningAlerts(filter: { ruleId: "${ruleId}" }) { status level history { event level count } }`)).warningAlerts;
    expect(alerts).toEqual([
      {
        status: 'RESOLVED',
        level: 'RED',
        history: [
          { event: 'FIRE', level: 'ORANGE', count: 35 },
          { event: 'ESCALATE', level: 'RED', count: 45 },
          { event: 'RESOLVE', level: null, count: 3 },
        ],
      },
    ]);
    const audit = await read('nanjing', `auditTrail(filter: { resourceId: "${fired.alertId}" }) { entries { action } }`, token('nanjing', 'AUDITOR'));
    expect(audit.auditTrail.entries.map((e: { action: string }) => e.action).sort()).toEqual(['warning.acknowledge', 'warning.escalate', 'warning.fire', 'warning.resolve']);
    await run('nanjing', `mutation { nanjing { disableWarningRule(id: "${ruleId}", reason: "test finished, rule retired") { id } } }`, coordinator('nanjing'));
  }, 120_000);

  it('evaluates a REGION rule over several cities\' counts, gathered node to node, and refuses to evaluate an incomplete region', async () => {
    const rule = (name: string, cities?: string[]) =>
      createRule('nanjing', { name, category: 'TELECOM_FRAUD', scope: 'REGION', ...(cities ? { cities } : {}), windowHours: 48, bucketHours: 1, thresholds: { blue: 10, yellow: 20, orange: 30, red: 40 }, minCount: 1, holdMinutes: 0 });
    const belt = await rule('Telecom fraud, Nanjing and Zhenjiang, 48 h', ['nanjing', 'zhenjiang']);
    expect(belt.errors).toBeUndefined();
    const beltId = belt.data!.nanjing.createWarningRule.id as string;
    const whole = await rule('Telecom fraud, whole region, 48 h');
    const wholeId = whole.data!.nanjing.createWarningRule.id as string;
    await record('nanjing', [{ category: 'TELECOM_FRAUD', area: 'ALL', periodStart: hoursAgo('nanjing', 5), count: 14 }]);
    await record('zhenjiang', [
      { category: 'TELECOM_FRAUD', area: 'jingkou', periodStart: hoursAgo('zhenjiang', 5), count: 6 },
      { category: 'TELECOM_FRAUD', area: 'runzhou', periodStart: hoursAgo('zhenjiang', 6), count: 3 },
      // Outside the 48 h window: not counted.
      { category: 'TELECOM_FRAUD', area: 'runzhou', periodStart: hoursAgo('zhenjiang', 60), count: 50 },
    ]);
    const evals = await evaluate('nanjing');
    // 14 + 9 = 23: yellow, fired at once (no hold); the campaign involves both cities, which both had cases.
    const fired = evals.find((e) => e.ruleId === beltId)!;
    expect(fired).toMatchObject({ effect: 'FIRE', level: 'YELLOW', value: 23, error: null });
    const opened = await eventually(() => campaign('zhenjiang', fired.campaignId!), 20_000, 'Zhenjiang to hold the campaign');
    expect(opened).toMatchObject({ warningLevel: 'YELLOW', planCode: 'TELECOM_FRAUD_CAMPAIGN', leadCity: 'nanjing' });
    // Zhenjiang's node audited what it shared with Nanjing (aggregates, node to node).
    const shared = await read('zhenjiang', 'auditTrail(filter: { action: "warning.counts.shared" }) { entries { actorCity } }', token('zhenjiang', 'AUDITOR'));
    expect(shared.auditTrail.entries[0]).toEqual({ actorCity: 'nanjing' });
    // The whole region: six nodes do not answer, so the rule is not evaluated (an incomplete region must not look
    // like a fall) and it says which cities are missing.
    const partial = evals.find((e) => e.ruleId === wholeId)!;
    expect(partial.effect).toBeNull();
    expect(partial.error).toMatch(/^not evaluated, counts missing from /);
    expect(partial.error).toMatch(/wuxi/);
    expect(partial.error).not.toMatch(/zhenjiang/);
    expect((await read('nanjing', 'warningRules { id lastError }')).warningRules.find((r: { id: string }) => r.id === wholeId).lastError).toBe(partial.error);
  }, 60_000);

  it('reads yesterday\'s daily count in a 24 h window (windows and buckets aligned, issue 17)', async () => {
    // Daily counts start at 00:00 Beijing time; a 24 h rule over them (the default bucket is a day) reads the periods
    // its window overlaps: yesterday's and today's, never the day before.
    const now = cluster.nodes.nanjing.clock.now().getTime();
    const beijingMidnight = Math.floor((now + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000;
    const day = (d: number) => new Date(beijingMidnight - d * 86_400_000).toISOString();
    expect((await record('nanjing', [
      { category: 'THEFT_ROBBERY', area: 'qinhuai', periodStart: day(1), count: 7 },
      { category: 'THEFT_ROBBERY', area: 'qinhuai', periodStart: day(2), count: 50 },
    ])).errors).toBeUndefined();
    const created = await createRule('nanjing', { name: 'Theft and robbery, Qinhuai, 24 h', category: 'THEFT_ROBBERY', scope: 'CITY', area: 'qinhuai', windowHours: 24, thresholds: { blue: 10, yellow: 20, orange: 30, red: 40 }, minCount: 1, holdMinutes: 0 });
    expect(created.errors).toBeUndefined();
    const ruleId = created.data!.nanjing.createWarningRule.id as string;
    expect((await evaluate('nanjing')).find((e) => e.ruleId === ruleId)).toMatchObject({ value: 7, level: null, effect: null, error: null });
    await run('nanjing', `mutation { nanjing { disableWarningRule(id: "${ruleId}", reason: "test finished, rule retired") { id } } }`, coordinator('nanjing'));
  }, 60_000);

  it('fires a CUSUM rule on a sustained rise against the preceding weeks, which a flat count never does', async () => {
    const created = await createRule('nanjing', {
      name: 'Cybercrime, Nanjing, CUSUM over 3 days against 14',
      category: 'CYBERCRIME',
      scope: 'CITY',
      method: 'CUSUM',
      windowHours: 72,
      bucketHours: 24,
      baselineBuckets: 14,
      cusumK: 0.5,
      thresholds: { blue: 2, yellow: 4, orange: 6, red: 8 },
      minCount: 5,
      holdMinutes: 0,
    });
    expect(created.errors).toBeUndefined();
    const ruleId = created.data!.nanjing.createWarningRule.id as string;
    const mine = (evals: Awaited<ReturnType<typeof evaluate>>) => evals.find((e) => e.ruleId === ruleId)!;
    // Day buckets counted back from now: 14 baseline days of about 4, then the last 3 days.
    const day = (d: number) => hoursAgo('nanjing', 24 * d + 1);
    const baseline = [4, 5, 3, 4, 4, 5, 3, 4, 4, 5, 3, 4, 4, 4].map((count, i) => ({ category: 'CYBERCRIME', area: 'ALL', periodStart: day(16 - i), count }));
    await record('nanjing', [...baseline, ...[0, 1, 2].map((d) => ({ category: 'CYBERCRIME', area: 'ALL', periodStart: day(d), count: 4 }))]);
    const flat = mine(await evaluate('nanjing'));
    expect(flat).toMatchObject({ effect: null, measuredLevel: null, value: 0 });
    // The last three days rise to 8, 9, 11: z = 2, 2.5, 3.5 above a mean of 4 (sd 2), less k = 0.5 each day: S = 6.5.
    await record('nanjing', [2, 1, 0].map((d, i) => ({ category: 'CYBERCRIME', area: 'ALL', periodStart: day(d), count: [8, 9, 11][i] })));
    const rise = mine(await evaluate('nanjing'));
    expect(rise.effect).toBe('FIRE');
    expect(rise.value).toBeCloseTo(6.5, 5);
    expect(rise.level).toBe('ORANGE');
    await run('nanjing', `mutation { nanjing { disableWarningRule(id: "${ruleId}", reason: "test finished, rule retired") { id } } }`, coordinator('nanjing'));
  }, 60_000);
});

/** The repeatable job on its real queue: a rule fires with nobody calling evaluate. */
describe('early-warning evaluation job', () => {
  it('evaluates the rules on its schedule and opens the campaign', async () => {
    const node = await startTestNode('yangzhou', { demoSeed: false, env: { WARNING_EVAL_MS: '300' } });
    try {
      const token = (role: string) => homeTokenFor('yangzhou', role);
      const periodStart = new Date(Date.now() - 3_600_000).toISOString();
      const rec = await gql(node.url, 'mutation($c: [CaseCountInput!]!) { yangzhou { recordCaseCounts(counts: $c) { imported } } }', {
        token: token('ANALYST'),
        variables: { c: [{ category: 'ILLEGAL_GAMBLING', area: 'guangling', periodStart, count: 12 }] },
      });
      expect(rec.errors).toBeUndefined();
      const rule = await gql(node.url, 'mutation($i: WarningRuleInput!) { yangzhou { createWarningRule(input: $i) { id } } }', {
        token: token('COORDINATOR'),
        variables: { i: { name: 'Illegal gambling, Guangling, 24 h', category: 'ILLEGAL_GAMBLING', scope: 'CITY', area: 'guangling', windowHours: 24, thresholds: { blue: 5, yellow: 10, orange: 15, red: 20 }, holdMinutes: 0 } },
      });
      expect(rule.errors).toBeUndefined();
      const alert = await eventually(async () => {
        const r = await gql(node.url, viaRegionEntity('yangzhou', '{ warningAlerts { level status campaignId } }'), { token: token('COMMANDER') });
        return r.data?._entities[0].yangzhou.warningAlerts[0];
      }, 20_000, 'the job to fire the rule');
      expect(alert).toMatchObject({ level: 'YELLOW', status: 'OPEN' });
      // The general campaign plan covers a category no plan names.
      const op = await gql(node.url, viaRegionEntity('yangzhou', `{ jointOperation(id: "${alert.campaignId}") { planCode warningLevel tasks { city } } }`), { token: token('COMMANDER') });
      expect(op.data!._entities[0].yangzhou.jointOperation).toMatchObject({ planCode: 'GENERAL_CAMPAIGN', warningLevel: 'YELLOW' });
    } finally {
      await node.close();
    }
  }, 60_000);
});
