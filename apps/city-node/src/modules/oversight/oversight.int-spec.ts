import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { AuditLog } from '@ypf/audit';
import type { Role } from '@ypf/auth';
import { ulid } from '@ypf/region';
import { devOfficerSub } from '@ypf/region-runner';
import { errorCodes, gql, homeTokenFor, readTokenFor, viaRegionEntity } from '@ypf/testing';
import { MAINTENANCE_QUEUE } from '../../jobs/maintenance.js';
import { deliverSignedBy } from '../../testing/deliver-by-hand.js';
import { eventually, startTestCluster, startTestNode, type TestCluster } from '../../testing/test-node.js';
import { OVERSIGHT_SCAN_JOB } from './oversight.module.js';
import { OversightScan, type ScanResult } from './oversight-scan.service.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const HOME = 'wuxi';
const OWNERS = ['taizhou', 'suzhou', 'nanjing'];
const ANALYST = devOfficerSub(HOME, 'ANALYST');
const LIAISON = devOfficerSub(HOME, 'LIAISON_OFFICER');
const COORDINATOR = devOfficerSub(HOME, 'COORDINATOR');
const SUPERVISOR = devOfficerSub(HOME, 'SUPERVISOR');

const ENV = {
  // The scheduled scan runs at start and then hourly; the tests run it when they need it.
  OVERSIGHT_SCAN_MS: '3600000',
  OVERSIGHT_WINDOW_MINUTES: '60',
  OVERSIGHT_MIN_HISTORY: '5',
  OVERSIGHT_FLOOR: '5',
  OVERSIGHT_MULTIPLIER: '4',
  OVERSIGHT_MIN_COUNT: '20',
  OVERSIGHT_PURPOSE_MIN_CITIES: '3',
  OVERSIGHT_PURPOSE_MIN_COUNT: '24',
  OVERSIGHT_PURPOSE_REPORT_MIN: '5',
  DELIVERY_BACKOFF_MS: '100',
  DELIVERY_SWEEP_MS: '500',
};
const ALERT_FIELDS = 'id kind metric officerId officerCity raisedBy received count baseline threshold historyWindows purposes { purpose count } cities { city count } acknowledgedBy acknowledgementNote';

/**
 * Misuse shows up (issue 16) on four real nodes: Wuxi is the officers' home city, Taizhou, Suzhou and Nanjing hold
 * data. An owner counts other cities' officers' reads and checks from its audit log, compares each officer's window
 * with that officer's own history, and raises an alert for its auditors that it also sends to the officer's home city;
 * the home city correlates the purposes every owner reported.
 */
describe('misuse detection (per-officer baselines, alerts to both cities\' auditors)', () => {
  let cluster: TestCluster;
  const node = (city: string) => cluster.nodes[city];

  const scan = (city: string): Promise<ScanResult> =>
    eventually(async () => {
      const r = await node(city).app.get(OversightScan).run();
      return r.skipped ? null : r; // a scheduled run of the city held the lock: try again
    }, 30_000, `a scan at ${city}`);

  const alerts = async (city: string, role: Role = 'AUDITOR', filter = '') => {
    const r = await gql(node(city).url, viaRegionEntity(city, `{ oversightAlerts${filter} { ${ALERT_FIELDS} } }`), { token: homeTokenFor(city, role) });
    if (r.errors) return { errors: errorCodes(r), list: [] as Record<string, any>[] };
    return { errors: [], list: r.data!._entities[0][city].oversightAlerts as Record<string, any>[] };
  };

  const settled = async () => {
    for (const c of [HOME, ...OWNERS]) {
      await eventually(async () => ((await node(c).db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE status <> 'DELIVERED'`))[0].n === 0 ? true : null), 30_000, `${c}'s outbox delivered`);
    }
  };

  /**
   * What the owner audited of an officer in the past days, written as the node writes it (the audit log takes the time
   * of each entry from the caller): `perWindow` reads in `windowsPerDay` hours of each of `days` days before today.
   */
  const audited = async (owner: string, role: Role, purpose: string, times: readonly Date[]) => {
    const audit = node(owner).app.get(AuditLog);
    await node(owner).db.transaction(async (em) => {
      const held = audit.defer(em);
      for (const at of times) {
        await audit.append(em, { actor: { id: devOfficerSub(HOME, role), city: HOME, roles: [role] }, purpose, action: 'intelligence.search', resourceKind: 'intelligence_report', accessLevel: 'SUMMARY', at });
      }
      await held.flush();
    });
  };
  const history = async (owner: string, role: Role, perWindow: number, windowsPerDay: number, days: number) => {
    const now = Date.now();
    const times: Date[] = [];
    for (let d = 1; d <= days; d++) {
      for (let w = 0; w < windowsPerDay; w++) times.push(...Array.from({ length: perWindow }, () => new Date(now - d * DAY_MS - w * 2 * HOUR_MS)));
    }
    await audited(owner, role, 'WX-ROUTINE', times);
  };

  /** Real cross-city reads of one officer at one owner, through the node's GraphQL, as the gateway forwards them. */
  const reads = async (owner: string, role: Role, n: number, purpose: string) => {
    const token = readTokenFor(HOME, role, owner);
    for (let i = 0; i < n; i++) {
      const r = await gql(node(owner).url, viaRegionEntity(owner, '{ searchIntelligence { total } }'), { token, purpose });
      expect(r.errors).toBeUndefined();
    }
  };

  /** Bursts are counted in the window they happen in (they take a few seconds): none starts in the hour's last minute. */
  const awayFromWindowEdge = async () => {
    const left = HOUR_MS - (Date.now() % HOUR_MS);
    if (left < 60_000) await new Promise((r) => setTimeout(r, left + 1_000));
  };
  /** Tests that may wait for the next hour. */
  const MAY_WAIT = 300_000;

  beforeAll(async () => {
    cluster = await startTestCluster([HOME, ...OWNERS], { env: ENV });
    // A week of normal work at Taizhou: the analyst about 3 reads in 4 hours a day, the liaison officer about 10.
    await history('taizhou', 'ANALYST', 3, 4, 7);
    await history('taizhou', 'LIAISON_OFFICER', 10, 4, 7);
  }, 180_000);
  afterAll(async () => cluster?.close(), 120_000);

  it('raises one alert at the owner and one at the home city for an officer far above their baseline; none for one within it', async () => {
    await awayFromWindowEdge();
    await reads('taizhou', 'ANALYST', 40, 'WX-2026-0117');
    // 25 reads: more than an officer without history may make unremarked (20), well within this officer's own (4 × 10).
    await reads('taizhou', 'LIAISON_OFFICER', 25, 'WX-2026-0220');
    const result = await scan('taizhou');
    expect(result.alerts).toHaveLength(1);

    const atOwner = await alerts('taizhou');
    expect(atOwner.list).toEqual([
      expect.objectContaining({
        kind: 'VOLUME',
        metric: 'READS',
        officerId: ANALYST,
        officerCity: HOME,
        raisedBy: 'taizhou',
        received: false,
        count: 40,
        baseline: 3,
        threshold: 20,
        historyWindows: 28,
        purposes: [{ purpose: 'WX-2026-0117', count: 40 }],
        cities: [{ city: 'taizhou', count: 40 }],
      }),
    ]);
    // The liaison officer's 25 reads are within their own baseline: nothing about them.
    expect(atOwner.list.map((a) => a.officerId)).not.toContain(LIAISON);
    const id = atOwner.list[0].id as string;
    expect(id).toMatch(/^taizhou:/);

    await settled();
    const atHome = await alerts(HOME);
    expect(atHome.list).toEqual([expect.objectContaining({ id, officerId: ANALYST, raisedBy: 'taizhou', received: true, count: 40, baseline: 3 })]);

    // Both cities' auditors were told; nobody else was.
    for (const city of ['taizhou', HOME]) {
      const auditor = await gql(node(city).url, viaRegionEntity(city, '{ notifications { kind reference text } }'), { token: homeTokenFor(city, 'AUDITOR') });
      const told = (auditor.data!._entities[0][city].notifications as { kind: string; reference: string; text: string }[]).filter((n) => n.kind === 'oversight.alert');
      expect(told).toEqual([expect.objectContaining({ reference: id, text: expect.stringContaining(`${ANALYST} (${HOME}) made 40 reads`) })]);
      const analyst = await gql(node(city).url, viaRegionEntity(city, '{ notifications { kind } }'), { token: homeTokenFor(city, 'ANALYST') });
      expect((analyst.data!._entities[0][city].notifications as { kind: string }[]).filter((n) => n.kind === 'oversight.alert')).toEqual([]);
    }
    // Only the two cities concerned hold it.
    expect((await alerts('suzhou')).list).toEqual([]);
    expect((await alerts('nanjing')).list).toEqual([]);
    // Privacy: counts, purposes and the officer's id; nothing of what was read.
    const [stored] = await node('taizhou').db.query('SELECT row_to_json(a)::text AS row FROM oversight_alert a');
    expect(stored.row).not.toMatch(/intelligence_report|resource|SUMMARY|FULL/);
  }, MAY_WAIT);

  it('shows the alerts to AUDITORs of the city only, at their home node', async () => {
    for (const role of ['ANALYST', 'SUPERVISOR', 'ADMIN', 'COMMANDER'] as Role[]) {
      expect((await alerts('taizhou', role)).errors).toEqual(['FORBIDDEN']);
      expect((await alerts(HOME, role)).errors).toEqual(['FORBIDDEN']);
    }
    // Another city's auditor, with a read token for this node: home-only.
    const foreign = await gql(node('taizhou').url, viaRegionEntity('taizhou', '{ oversightAlerts { id } }'), { token: readTokenFor(HOME, 'AUDITOR', 'taizhou'), purpose: 'AUDIT-1' });
    expect(errorCodes(foreign)).toEqual(['HOME_NODE_ONLY']);
    // An auditor's own read token at home is not a home token either.
    const ownRead = await gql(node(HOME).url, viaRegionEntity(HOME, '{ oversightAlerts { id } }'), { token: readTokenFor(HOME, 'AUDITOR', HOME) });
    expect(errorCodes(ownRead)).toEqual(['HOME_TOKEN_REQUIRED']);
  });

  it('raises nothing new when the scan runs again: twice at once, from a second process, and in the next hour', async () => {
    const count = async (city: string) => (await node(city).db.query('SELECT count(*)::int AS n FROM oversight_alert'))[0].n as number;
    const before = { owner: await count('taizhou'), home: await count(HOME) };
    // More of the same officer in the alert's window (still far above baseline: the window is judged again), and
    // another officer's reads to count.
    const [{ window_start: burstWindow }] = await node('taizhou').db.query(`SELECT window_start FROM oversight_alert WHERE officer_id = $1`, [ANALYST]);
    await audited('taizhou', 'ANALYST', 'WX-2026-0117', Array.from({ length: 5 }, () => new Date(new Date(burstWindow).getTime() + 60_000)));
    await reads('taizhou', 'COMMANDER', 15, 'WX-2026-0301');
    const second = await startTestNode('taizhou', { databaseUrl: node('taizhou').databaseUrl, env: { ...ENV, CITY_URLS: JSON.stringify(cluster.urls) } });
    try {
      const runs = await Promise.all([node('taizhou').app.get(OversightScan).run(), node('taizhou').app.get(OversightScan).run(), second.app.get(OversightScan).run()]);
      expect(runs.flatMap((r) => r.alerts)).toEqual([]);
      expect(runs.reduce((n, r) => n + r.scanned, 0)).toBeGreaterThanOrEqual(20);
      // Nothing counted twice: the counts are what the reads were.
      const counted = await node('taizhou').db.query(`SELECT officer_id, sum(reads)::int AS reads FROM oversight_usage WHERE purpose IN ('WX-2026-0117', 'WX-2026-0301') GROUP BY 1 ORDER BY 1`);
      expect(counted).toEqual([{ officer_id: ANALYST, reads: 45 }, { officer_id: devOfficerSub(HOME, 'COMMANDER'), reads: 15 }]);
    } finally {
      await second.close();
    }
    node('taizhou').clock.set(new Date(Date.now() + HOUR_MS));
    try {
      expect((await scan('taizhou')).alerts).toEqual([]);
    } finally {
      node('taizhou').clock.set(new Date());
    }
    await settled();
    expect({ owner: await count('taizhou'), home: await count(HOME) }).toEqual(before);
    const sent = await node('taizhou').db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE kind = 'oversight.alert'`);
    expect(sent[0].n).toBe(1);
  }, 180_000);

  it('measures an officer without history against the floor: region-wide identifier checks, at the owner and at home', async () => {
    await awayFromWindowEdge();
    // The officer's home node asks Nanjing for its part of each check (Nanjing audits it under the officer's name).
    const token = homeTokenFor(HOME, 'SUPERVISOR');
    for (let i = 0; i < 21; i++) {
      const r = await gql(node(HOME).url, viaRegionEntity(HOME, `{ checkIdentifiersRegion(identifiers: [{ kind: PHONE, value: "1391234${String(i).padStart(4, '0')}" }], cities: ["nanjing"]) { hit cities { city checked error } } }`), { token, purpose: 'WX-CHECKPOINT-9' });
      expect(r.errors).toBeUndefined();
      expect(r.data!._entities[0][HOME].checkIdentifiersRegion.cities).toEqual([{ city: 'nanjing', checked: true, error: null }]);
    }
    expect((await scan('nanjing')).alerts).toHaveLength(1);
    const atOwner = (await alerts('nanjing')).list;
    expect(atOwner).toEqual([expect.objectContaining({ officerId: SUPERVISOR, metric: 'CHECKS', count: 21, baseline: 5, threshold: 20, historyWindows: 0, purposes: [{ purpose: 'WX-CHECKPOINT-9', count: 21 }] })]);
    // The home node saw every one of them too, and raises its own; the owner's arrives beside it.
    expect((await scan(HOME)).alerts).toHaveLength(1);
    await settled();
    const atHome = (await alerts(HOME)).list.filter((a) => a.officerId === SUPERVISOR);
    expect(atHome.map((a) => [a.raisedBy, a.metric, a.count]).sort()).toEqual([['nanjing', 'CHECKS', 21], ['wuxi', 'CHECKS', 21]]);
  }, MAY_WAIT);

  it('counts the home city\'s own officers\' region-wide checks at home, where alone they are all seen, and nothing else they do there', async () => {
    const audit = node(HOME).app.get(AuditLog);
    const now = new Date();
    const officer = { id: LIAISON, city: HOME, roles: ['LIAISON_OFFICER'] };
    await node(HOME).db.transaction(async (em) => {
      const held = audit.defer(em);
      for (let i = 0; i < 12; i++) await audit.append(em, { actor: officer, purpose: 'WX-ROADBLOCK-3', action: 'watch.check.region', resourceKind: 'watch_entry', at: now });
      for (let i = 0; i < 10; i++) await audit.append(em, { actor: officer, purpose: 'WX-ROADBLOCK-3', action: 'identifier.check.region', resourceKind: 'intelligence_report', at: now });
      // Home work that is not a check across the region: not counted.
      for (let i = 0; i < 30; i++) await audit.append(em, { actor: officer, purpose: 'WX-ROADBLOCK-3', action: 'identifier.tokenize', at: now });
      await held.flush();
    });
    expect((await scan(HOME)).alerts).toHaveLength(1);
    const [own] = (await alerts(HOME)).list.filter((a) => a.officerId === LIAISON);
    expect(own).toMatchObject({ kind: 'VOLUME', metric: 'CHECKS', raisedBy: HOME, received: false, count: 22, cities: [{ city: HOME, count: 22 }], purposes: [{ purpose: 'WX-ROADBLOCK-3', count: 22 }] });
    // Nobody else to tell: no message leaves.
    expect(await node(HOME).db.query(`SELECT 1 FROM outbox_message WHERE kind = 'oversight.alert'`)).toEqual([]);
  });

  it('raises the purpose alert at the home city when one purpose is reused across cities at volume, and tells each of them', async () => {
    await awayFromWindowEdge();
    for (const owner of OWNERS) await reads(owner, 'COORDINATOR', 10, 'WX-SWEEP-1');
    for (const owner of OWNERS) {
      const r = await scan(owner);
      // 10 reads are not a volume alert at any one city (no history: alert at 20)
      expect(r.alerts).toEqual([]);
      expect(r.reports).toBeGreaterThanOrEqual(1);
    }
    await settled();
    const shares = await node(HOME).db.query(`SELECT owner_city, uses FROM oversight_purpose_share WHERE officer_id = $1 AND purpose = 'WX-SWEEP-1' ORDER BY owner_city`, [COORDINATOR]);
    expect(shares).toEqual([{ owner_city: 'nanjing', uses: 10 }, { owner_city: 'suzhou', uses: 10 }, { owner_city: 'taizhou', uses: 10 }]);

    const home = await scan(HOME);
    expect(home.alerts).toHaveLength(1);
    const spread = (await alerts(HOME, 'AUDITOR', '(filter: { kind: PURPOSE_SPREAD })')).list;
    expect(spread).toEqual([
      expect.objectContaining({
        kind: 'PURPOSE_SPREAD',
        metric: null,
        officerId: COORDINATOR,
        officerCity: HOME,
        raisedBy: HOME,
        received: false,
        count: 30,
        threshold: 24,
        purposes: [{ purpose: 'WX-SWEEP-1', count: 30 }],
        cities: [{ city: 'nanjing', count: 10 }, { city: 'suzhou', count: 10 }, { city: 'taizhou', count: 10 }],
      }),
    ]);
    // The analyst's 40 reads for one purpose were at one city only: no purpose alert for them.
    expect(spread.some((a) => a.officerId === ANALYST)).toBe(false);

    await settled();
    for (const owner of OWNERS) {
      const seen = (await alerts(owner, 'AUDITOR', '(filter: { kind: PURPOSE_SPREAD })')).list;
      expect(seen).toEqual([expect.objectContaining({ id: spread[0].id, raisedBy: HOME, received: true, count: 30 })]);
    }
    // Run again: the same purpose window raises it once.
    expect((await scan(HOME)).alerts).toEqual([]);
  }, MAY_WAIT);

  it('lets an auditor acknowledge with a note, once, audited; the other city\'s copy stays open for its own auditors', async () => {
    const [alert] = (await alerts(HOME, 'AUDITOR', '(filter: { kind: VOLUME })')).list.filter((a) => a.officerId === ANALYST);
    const ack = (role: Role, note: string, id = alert.id as string) =>
      gql(node(HOME).url, `mutation($id: ID!, $note: String!) { ${HOME} { acknowledgeOversightAlert(id: $id, note: $note) { ${ALERT_FIELDS} acknowledgedAt } } }`, { token: homeTokenFor(HOME, role), variables: { id, note } });

    expect(errorCodes(await ack('ANALYST', 'Looks fine to me.'))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await ack('AUDITOR', 'ok'))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await ack('AUDITOR', 'Checked with the analyst.', `${HOME}:01JAAAAAAAAAAAAAAAAAAAAAAA`))).toEqual(['OVERSIGHT_ALERT_NOT_FOUND']);

    const note = 'Case WX-2026-0117 is a real drug case; the search sweep was approved by the duty chief.';
    const done = await ack('AUDITOR', note);
    expect(done.errors).toBeUndefined();
    expect(done.data![HOME].acknowledgeOversightAlert).toMatchObject({ id: alert.id, acknowledgedBy: devOfficerSub(HOME, 'AUDITOR'), acknowledgementNote: note, acknowledgedAt: expect.any(String) });
    expect(errorCodes(await ack('AUDITOR', 'A second look.'))).toEqual(['ALREADY_ACKNOWLEDGED']);

    const audited = await node(HOME).db.query(`SELECT actor_id, resource_ids, detail FROM audit_entry WHERE action = 'oversight.alert.acknowledge'`);
    expect(audited).toEqual([{ actor_id: devOfficerSub(HOME, 'AUDITOR'), resource_ids: [alert.id], detail: expect.stringContaining(note) }]);
    // Reading the alerts is audited too.
    expect((await node(HOME).db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'oversight.alerts.read'`))[0].n).toBeGreaterThan(0);

    expect((await alerts(HOME, 'AUDITOR', '(filter: { openOnly: true })')).list.map((a) => a.id)).not.toContain(alert.id);
    expect((await alerts('taizhou', 'AUDITOR', '(filter: { openOnly: true })')).list.map((a) => a.id)).toContain(alert.id);
  });

  it('refuses what a node signs with its own key but may not say: alerts and reports about another city\'s officers', async () => {
    const deliver = (source: string, target: string, kind: string, payload: Record<string, unknown>) => deliverSignedBy(cluster, source, target, kind, payload);
    const now = new Date();
    const alert = (raisedBy: string, officerId: string, officerCity: string) => ({
      alertId: `${raisedBy}:${ulid()}`, raisedBy, kind: 'VOLUME', metric: 'READS', officerId, officerCity, windowStart: now.toISOString(), windowEnd: now.toISOString(),
      count: 99, baseline: 1, threshold: 20, historyWindows: 0, purposes: [], cities: [{ city: raisedBy, count: 99 }], raisedAt: now.toISOString(),
    });
    const before = (await node(HOME).db.query('SELECT count(*)::int AS n FROM oversight_alert'))[0].n;
    // Suzhou tells Wuxi about a Nanjing officer: not Wuxi's officer.
    expect(await deliver('suzhou', HOME, 'oversight.alert', alert('suzhou', devOfficerSub('nanjing', 'ANALYST'), 'nanjing'))).toMatchObject({ status: 'REJECTED', detail: expect.stringMatching(/only of wuxi's own officers/) });
    // Suzhou passes off an alert as Taizhou's.
    expect(await deliver('suzhou', HOME, 'oversight.alert', alert('taizhou', ANALYST, HOME))).toMatchObject({ status: 'REJECTED', detail: expect.stringMatching(/^suzhou may not send oversight\.alert/) });
    // Suzhou reports a Nanjing officer's purposes to Wuxi.
    const report = { reportId: `suzhou:${ulid()}`, bucketHours: 24, shares: [{ officerId: devOfficerSub('nanjing', 'ANALYST'), purpose: 'NJ-1', bucketStart: now.toISOString(), uses: 500 }] };
    expect(await deliver('suzhou', HOME, 'oversight.usage', report)).toMatchObject({ status: 'REJECTED', detail: expect.stringMatching(/only on wuxi's own officers/) });
    expect((await node(HOME).db.query('SELECT count(*)::int AS n FROM oversight_alert'))[0].n).toBe(before);
    expect(await node(HOME).db.query(`SELECT 1 FROM oversight_purpose_share WHERE officer_id LIKE 'nanjing:%'`)).toEqual([]);
    // The rightful sender's alert about Wuxi's own officer is taken.
    expect(await deliver('suzhou', HOME, 'oversight.alert', alert('suzhou', ANALYST, HOME))).toMatchObject({ status: 'APPLIED' });
  });

  it('runs as the maintenance job through the real queue', async () => {
    const queue = node('suzhou').app.get<Queue>(getQueueToken(MAINTENANCE_QUEUE));
    const job = await queue.add(OVERSIGHT_SCAN_JOB, { city: 'suzhou' }, { jobId: `oversight-test-${Date.now()}` });
    const state = await eventually(async () => {
      const s = await job.getState();
      return s === 'completed' || s === 'failed' ? s : null;
    }, 30_000, 'the queued scan');
    expect(state).toBe('completed');
    const done = await queue.getJob(job.id!);
    expect(done!.returnvalue).toMatchObject({ scanned: expect.any(Number), alerts: [] });
    const [cursor] = await node('suzhou').db.query(`SELECT last_seq FROM oversight_cursor`);
    const [head] = await node('suzhou').db.query('SELECT max(seq) AS seq FROM audit_entry');
    expect(Number(cursor.last_seq)).toBeGreaterThan(0);
    expect(Number(cursor.last_seq)).toBeLessThanOrEqual(Number(head.seq));
  });

  it('starts a first scan at the baseline days, found by binary search, not at the beginning of a long log', async () => {
    const db = node('suzhou').db;
    // The newest entries, written after a pause: the baseline days will start in that pause (the test clock goes on
    // ticking, so never exactly at an entry).
    // Some length first.
    await audited('suzhou', 'ANALYST', 'WX-EARLY', Array.from({ length: 200 }, () => new Date()));
    const before = Date.now();
    await new Promise((r) => setTimeout(r, 1_200));
    await audited('suzhou', 'ANALYST', 'WX-LATE', [new Date(), new Date(), new Date()]);
    const log: { seq: string; at: Date }[] = await db.query('SELECT seq, at FROM audit_entry ORDER BY seq');
    const first = Number(log.find((e) => new Date(e.at).getTime() > before + 600)!.seq);
    const head = Number(log[log.length - 1].seq);
    expect(head - first).toBeLessThan(10);
    expect(first).toBeGreaterThan(200);
    await db.query('DELETE FROM oversight_cursor');
    node('suzhou').clock.set(new Date(before + 600 + 14 * DAY_MS));
    let result: ScanResult;
    try {
      result = await scan('suzhou');
    } finally {
      node('suzhou').clock.set(new Date());
    }
    // The three entries and what followed them; entries the node wrote meanwhile (its signed audit heads) may be read too.
    expect(result.scanned).toBeGreaterThanOrEqual(head - first + 1);
    expect(result.scanned).toBeLessThan(head - first + 1 + 20);
  });

  it('deletes counts the baselines no longer need, keeping the alerts', async () => {
    expect((await node('taizhou').db.query('SELECT count(*)::int AS n FROM oversight_usage'))[0].n).toBeGreaterThan(0);
    node('taizhou').clock.set(new Date(Date.now() + 17 * DAY_MS));
    try {
      await scan('taizhou');
    } finally {
      node('taizhou').clock.set(new Date());
    }
    expect((await node('taizhou').db.query('SELECT count(*)::int AS n FROM oversight_usage'))[0].n).toBe(0);
    expect((await node('taizhou').db.query('SELECT count(*)::int AS n FROM oversight_alert'))[0].n).toBe(2);
  });
});
