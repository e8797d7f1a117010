import { loadPrivateKey, signNodeToken } from '@ypf/auth';
import { type Envelope, envelopeHash } from '@ypf/delivery';
import { CITY_CODES, REGION_ID, ulid } from '@ypf/region';
import { gql, homeTokenFor, readTokenFor, testEnv } from '@ypf/testing';
import { eventually, startTestCluster, type TestCluster } from '../../testing/test-node.js';
import { OversightScan } from '../oversight/oversight-scan.service.js';
import { WatchReplicaService } from '../watch/watch-replica.service.js';
import { DeliveryHandlers } from './delivery-handlers.js';
import { PEER_MESSAGE_RULES } from './peer-senders.js';

/**
 * Tables a refused message may touch: the inbox (it is recorded as refused), the audit (the refusal) with the signed
 * heads of the audit chain the cities exchange about it, the node-token replay guard; and the watch copies' sync times
 * and the oversight scan's place in the audit log, which background jobs move on their own.
 */
const MAY_CHANGE = new Set([
  'inbox_message',
  'inbox_stream',
  'audit_entry',
  'audit_head',
  'audit_head_countersignature',
  'witnessed_audit_head',
  'audit_equivocation',
  'seen_node_token',
  'schema_migration',
  'watch_replica_peer',
  'oversight_cursor',
]);

interface Sent {
  source: string;
  target: string;
  kind: string;
  streamKey: string;
  payload: string;
}

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Every peer message kind, sent from every city that may not send it, signed with that city's own real key (a node that
 * behaves, then misuses its place in the region): the receiver refuses each, for its sender, and nothing changes there.
 * The messages are the real ones a scenario across three nodes produced (every kind the nodes receive must appear, so a
 * new kind is covered without editing this file); each is replayed unchanged from every wrong city.
 */
describe('who may send each peer message (the sender table, checked before any handler)', () => {
  let cluster: TestCluster;
  const CITIES = ['nanjing', 'suzhou', 'wuxi'];
  const url = (city: string) => cluster.urls[city];
  const ok = async (city: string, query: string, token: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(url(city), query, { token, variables });
    if (r.errors) throw new Error(`${city}: ${JSON.stringify(r.errors)}`);
    return r.data as Record<string, any>;
  };
  const liaison = (c: string) => homeTokenFor(c, 'LIAISON_OFFICER');
  const commander = (c: string) => homeTokenFor(c, 'COMMANDER');
  const supervisor = (c: string) => homeTokenFor(c, 'SUPERVISOR');

  /** A signed delivery from `source` (its real key), exactly as that city's node could send it. */
  const sendAs = async (source: string, target: string, m: Pick<Sent, 'kind' | 'streamKey' | 'payload'>) => {
    // Each forged message on a stream of its own, first of it: the stream's order holds none back, only the sender rule decides.
    const id = ulid();
    const envelope: Envelope = { id, source, target, kind: m.kind, streamKey: `${m.streamKey}#${id}`, streamSeq: 1, createdAt: new Date().toISOString(), payload: m.payload };
    const token = signNodeToken(loadPrivateKey(testEnv.keysDir(), source), source, target, 30, envelopeHash(envelope));
    const res = await fetch(url(target), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ypf-node-token': token },
      body: JSON.stringify({ query: `mutation($e: DeliveryEnvelopeInput!) { ${target} { deliverMessage(envelope: $e) { status detail } } }`, variables: { e: envelope } }),
    });
    const body = (await res.json()) as { data?: Record<string, { deliverMessage: { status: string; detail: string | null } }> };
    return body.data![target].deliverMessage;
  };

  /** Every table's content at a node but those a refusal may write to: equal fingerprints, nothing changed. */
  const fingerprint = async (city: string) => {
    const db = cluster.nodes[city].db;
    const tables: { t: string }[] = await db.query(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
    const out: Record<string, string> = {};
    for (const { t } of tables.filter((x) => !MAY_CHANGE.has(x.t))) {
      // Messages to the cities not running here (an officer's withdrawal goes to all eight) keep retrying in the
      // background; only what concerns the running cities counts.
      const rows = t === 'outbox_message' ? `(SELECT * FROM outbox_message WHERE target_city = ANY('{${CITIES.join(',')}}'))` : `"${t}"`;
      out[t] = (await db.query(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${rows} x`))[0].h;
    }
    return out;
  };

  beforeAll(async () => {
    cluster = await startTestCluster(CITIES, {
      env: {
        DELIVERY_BACKOFF_MS: '100',
        DELIVERY_SWEEP_MS: '500',
        SLA_SWEEP_MS: '300',
        SLA_POLICY: JSON.stringify({ IMMEDIATE: { acknowledgeSeconds: 2, answerSeconds: 4 } }),
        WATCH_REPLICA_SYNC_MS: '500',
        // A few reads are a misuse alert and a purpose report here; the scan runs when the scenario asks.
        OVERSIGHT_SCAN_MS: '3600000',
        OVERSIGHT_MIN_COUNT: '2',
        OVERSIGHT_FLOOR: '1',
        OVERSIGHT_MULTIPLIER: '1',
        OVERSIGHT_PURPOSE_REPORT_MIN: '1',
      },
    });
  }, 90_000);
  afterAll(async () => cluster?.close(), 120_000);

  /** Runs a scenario in which every kind travels at least once; returns what each node sent. */
  async function scenario(): Promise<Sent[]> {
    // Assistance: Nanjing asks Suzhou (IMMEDIATE, so Suzhou's missed acknowledgement is escalated), messages both ways,
    // Suzhou acknowledges, Nanjing cancels.
    const req = await ok('nanjing', 'mutation($i: AssistanceRequestInput!) { nanjing { createAssistanceRequest(input: $i) { id } } }', liaison('nanjing'), {
      i: { kind: 'PERSONNEL', title: 'Marathon stewards', description: 'Forty officers for the marathon route.', resourceType: 'PERSONNEL', quantity: 40, location: 'Nanjing Xuanwu Lake', startsAt: '2026-12-20T08:00:00+08:00', endsAt: '2026-12-20T14:00:00+08:00', servesReference: 'NJ-EVENT-2026-12', priority: 'IMMEDIATE', targetCities: ['suzhou'] },
    });
    const requestId = req.nanjing.createAssistanceRequest.id as string;
    await ok('nanjing', `mutation { nanjing { submitAssistanceRequest(id: "${requestId}") { id } } }`, liaison('nanjing'));
    const held = async (c: string, sql: string, params: unknown[]) => (await cluster.nodes[c].db.query<unknown[]>(sql, params)).length > 0;
    await eventually(() => held('nanjing', `SELECT 1 FROM assistance_event WHERE request_id = $1 AND type = 'ESCALATION'`, [requestId]), 20_000, 'the escalation at the requester');
    await ok('nanjing', `mutation { nanjing { postAssistanceMessage(id: "${requestId}", text: "Please confirm numbers.") { id } } }`, liaison('nanjing'));
    await ok('suzhou', `mutation($i: AssistanceAnswerInput!) { suzhou { answerAssistanceRequest(id: "${requestId}", input: $i) { id } } }`, liaison('suzhou'), { i: { action: 'ACKNOWLEDGE' } });
    await ok('suzhou', `mutation { suzhou { postAssistanceMessage(id: "${requestId}", text: "Checking our rota.") { id } } }`, liaison('suzhou'));
    await ok('nanjing', `mutation { nanjing { cancelAssistanceRequest(id: "${requestId}", reason: "Route changed, not needed.") { id } } }`, liaison('nanjing'));

    // Watch: Nanjing leads with Suzhou taking part; Wuxi encounters the person; Nanjing forwards and acknowledges the
    // hit; the lead passes to Suzhou, which closes the entry.
    const proposed = await ok('nanjing', 'mutation($i: WatchEntryInput!) { nanjing { proposeWatchEntry(input: $i) { id } } }', liaison('nanjing'), {
      i: { category: 'WANTED_ARREST', legalBasis: '刑事诉讼法 第81条 (arrest)', decisionReference: 'NJ-ARREST-2026-0099', offence: 'FRAUD', riskLevel: 'HIGH', participatingCities: ['suzhou'], reviewDate: day(200), identifiers: [{ kind: 'PHONE', value: '13911112222' }], description: 'Male, about 30.' },
    });
    const entryId = proposed.nanjing.proposeWatchEntry.id as string;
    await ok('nanjing', `mutation { nanjing { approveWatchEntry(id: "${entryId}") { id } } }`, supervisor('nanjing'));
    // Wuxi's officer checks the phone at home and matches from Wuxi's copy: Nanjing is told (watch.match).
    await cluster.nodes.wuxi.app.get(WatchReplicaService).sync('nanjing');
    const checked = await gql(url('wuxi'), `{ _entities(representations: [{ __typename: "Region", id: "${REGION_ID}" }]) { ... on Region { wuxi { checkWatchRegion(identifiers: [{ kind: PHONE, value: "13911112222" }], cities: ["nanjing"]) { hit } } } } }`, { token: liaison('wuxi'), purpose: 'traffic stop G1' });
    expect(checked.data!._entities[0].wuxi.checkWatchRegion.hit).toBe(true);
    const hit = await ok('wuxi', 'mutation($i: WatchHitInput!) { wuxi { fileWatchHit(input: $i) { id } } }', liaison('wuxi'), {
      i: { entryId, leadCity: 'nanjing', observedAt: new Date().toISOString(), location: 'Wuxi railway station', observation: 'Seen boarding a train.', actionTaken: 'Reported.' },
    });
    const hitId = hit.wuxi.fileWatchHit.id as string;
    await eventually(() => held('suzhou', 'SELECT 1 FROM watch_hit WHERE id = $1', [hitId]), 20_000, 'the forwarded hit at suzhou');
    await ok('nanjing', `mutation { nanjing { acknowledgeWatchHit(id: "${hitId}") { id } } }`, liaison('nanjing'));
    await ok('nanjing', `mutation { nanjing { offerWatchLead(id: "${entryId}", toCity: "suzhou", reason: "The person moved to Suzhou.") { id } } }`, supervisor('nanjing'));
    await eventually(() => held('suzhou', `SELECT 1 FROM watch_entry WHERE id = $1 AND status = 'TRANSFER_OFFERED'`, [entryId]), 20_000, 'the offer at suzhou');
    await ok('suzhou', `mutation { suzhou { acceptWatchLead(id: "${entryId}") { id } } }`, supervisor('suzhou'));
    await eventually(() => held('nanjing', `SELECT 1 FROM watch_entry WHERE id = $1 AND status = 'TRANSFERRED'`, [entryId]), 20_000, 'the transfer at nanjing');
    await ok('suzhou', `mutation { suzhou { closeWatchEntry(id: "${entryId}", reason: "Arrested in Suzhou.") { id } } }`, supervisor('suzhou'));

    // Incident: Suzhou leads, invites Nanjing, which accepts and acknowledges its task; a situation report follows.
    const reported = await ok('suzhou', 'mutation($i: IncidentReportInput!) { suzhou { reportIncident(input: $i) { id } } }', commander('suzhou'), {
      i: { title: 'Chemical plant fire', incidentType: 'ACCIDENT_DISASTER', grade: 'III', location: 'Suzhou industrial park', affectedArea: 'Park and the river downstream', summary: 'Fire at a chemical plant, smoke drifting east.', commanderName: 'Director Xu', commanderContact: '0512-0000-0119', invitedCities: ['nanjing'] },
    });
    const opId = reported.suzhou.reportIncident.id as string;
    await eventually(() => held('nanjing', 'SELECT 1 FROM joint_operation WHERE id = $1', [opId]), 20_000, 'the invitation at nanjing');
    await ok('nanjing', `mutation($i: InvitationAnswerInput!) { nanjing { answerOperationInvitation(id: "${opId}", input: $i) { id } } }`, commander('nanjing'), { i: { accept: true, liaisonName: 'Inspector Li', liaisonContact: '025-0000-0110' } });
    const task = await ok('suzhou', `mutation($i: OperationTaskInput!) { suzhou { assignOperationTask(id: "${opId}", input: $i) { tasks { id city } } } }`, commander('suzhou'), { i: { city: 'nanjing', unit: 'Hazmat team', title: 'Send a hazmat team', description: 'Two engines and a decontamination unit.' } });
    const taskId = (task.suzhou.assignOperationTask.tasks as { id: string; city: string }[]).find((t) => t.city === 'nanjing')!.id;
    await eventually(() => held('nanjing', 'SELECT 1 FROM operation_task WHERE id = $1', [taskId]), 20_000, 'the task at nanjing');
    await ok('nanjing', `mutation($i: OperationTaskUpdateInput!) { nanjing { updateOperationTask(taskId: "${taskId}", input: $i) { id } } }`, liaison('nanjing'), { i: { action: 'ACKNOWLEDGE' } });
    await ok('suzhou', `mutation($i: SitrepInput!) { suzhou { issueSitrep(id: "${opId}", input: $i) { id } } }`, liaison('suzhou'), { i: { situation: 'Fire contained.', actionsTaken: 'Road closed.' } });

    // Oversight: a Suzhou officer reads Nanjing's data; Nanjing's scan alerts Suzhou and reports the purpose to it.
    for (let i = 0; i < 3; i++) {
      const r = await gql(url('nanjing'), '{ _entities(representations: [{ __typename: "Region", id: "yangtze-jiangsu" }]) { ... on Region { nanjing { searchIntelligence { total } } } } }', { token: readTokenFor('suzhou', 'ANALYST', 'nanjing'), purpose: 'SZ-2026-0007' });
      if (r.errors) throw new Error(`nanjing: ${JSON.stringify(r.errors)}`);
    }
    await eventually(async () => !(await cluster.nodes.nanjing.app.get(OversightScan).run()).skipped, 20_000, "nanjing's oversight scan");

    // Officers: Wuxi's ADMIN disables a Wuxi officer; every peer is told the officer's tokens are withdrawn.
    await ok('wuxi', 'mutation { wuxi { setOfficerActive(id: "wuxi:demo-analyst", active: false, reason: "Left the force") { active } } }', homeTokenFor('wuxi', 'ADMIN'));

    // Everything delivered and applied by its rightful receiver (none refused: the rule lets the rightful sender
    // through); what each node sent, from its outbox. Messages to the five cities not running here (a withdrawal
    // goes to every city) cannot be delivered and are left out.
    for (const c of CITIES) {
      await eventually(async () => ((await cluster.nodes[c].db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE status NOT IN ('DELIVERED', 'DEAD') AND target_city = ANY($1)`, [CITIES]))[0].n === 0 ? true : null), 30_000, `${c}'s outbox settled`);
      expect(await cluster.nodes[c].db.query(`SELECT kind, last_error FROM outbox_message WHERE status = 'DEAD'`)).toEqual([]);
    }
    const sent: Sent[] = [];
    for (const c of CITIES) {
      const rows: { target_city: string; kind: string; stream_key: string; payload: string }[] = await cluster.nodes[c].db.query('SELECT target_city, kind, stream_key, payload FROM outbox_message WHERE target_city = ANY($1) ORDER BY created_at', [CITIES]);
      sent.push(...rows.map((r) => ({ source: c, target: r.target_city, kind: r.kind, streamKey: r.stream_key, payload: r.payload })));
    }
    return sent;
  }

  it('refuses every kind from every city that may not send it, changing nothing (the rightful senders\' were all applied)', async () => {
    const sent = await scenario();
    const received = cluster.nodes.nanjing.app.get(DeliveryHandlers).kinds().sort();
    // Every kind the nodes receive travelled (a new kind must be added to the scenario), and has a rule.
    expect([...new Set(sent.map((s) => s.kind))].sort()).toEqual(received);
    expect(Object.keys(PEER_MESSAGE_RULES).sort()).toEqual(received);

    // One real message per kind and receiver.
    const samples = sent.filter((s, i) => sent.findIndex((o) => o.kind === s.kind && o.target === s.target) === i);
    const lines: string[] = [];
    let refused = 0;
    for (const m of samples) {
      const wrong = CITY_CODES.filter((c) => c !== m.source && c !== m.target);
      const before = await fingerprint(m.target);
      for (const city of wrong) {
        const r = await sendAs(city, m.target, m);
        expect({ kind: m.kind, from: city, to: m.target, status: r.status }).toEqual({ kind: m.kind, from: city, to: m.target, status: 'REJECTED' });
        expect(r.detail).toMatch(new RegExp(`^${city} may not send ${m.kind.replace(/\./g, '\\.')} about .*: only .* may, as ${m.target} knows it$`));
        refused++;
      }
      expect(await fingerprint(m.target)).toEqual(before);
      // Audited at the receiver, once per refused message.
      const audited = await cluster.nodes[m.target].db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'delivery.refused' AND detail::jsonb->>'kind' = $1 AND actor_city = ANY($2)`, [m.kind, wrong]);
      expect(audited[0].n).toBeGreaterThanOrEqual(wrong.length);
      lines.push(`${m.kind} ${m.source}→${m.target}: refused from ${wrong.length} cities`);
    }
    console.log(`peer sender table: ${received.length} kinds (${samples.length} kind and receiver pairs), ${refused} forged messages refused\n  ${lines.join('\n  ')}`);
  }, 240_000);
});
