import { errorCodes, gql, homeTokenFor, readTokenFor, viaRegionEntity } from '@ypf/testing';
import { eventually, startTestCluster, type TestCluster } from '../../testing/test-node.js';
import { subscribeFeed } from '../../testing/feed-client.js';

const OP_FIELDS = `id kind leadCity title grade gradeLabel status planCode version accessLevel afterActionReview
  participants { city status liaisonName reason }
  tasks { id city unit title status checkpoint planCode dueAt acknowledgedAt }
  checkpointBoard { city status acknowledged }
  sitreps { seq situation actionsTaken statusAtIssue gradeAtIssue casualties { kind count } }
  latestSitrep { seq situation }
  resources { id kind servesReference targetCities answers { city status } }`;

const INPUT_TYPES: Record<string, string> = {
  reportIncident: 'IncidentReportInput!',
  answerOperationInvitation: 'InvitationAnswerInput!',
  changeOperationStatus: 'OperationStatusInput!',
  assignOperationTask: 'OperationTaskInput!',
  updateOperationTask: 'OperationTaskUpdateInput!',
  issueSitrep: 'SitrepInput!',
  regradeIncident: 'IncidentRegradeInput!',
};

const incidentInput = (over: Record<string, unknown> = {}) => ({
  title: 'Armed robbery of a gold shop, suspects fled by car',
  incidentType: 'PUBLIC_SECURITY',
  grade: 'II',
  location: 'Guanqian Street, Gusu district, Suzhou',
  affectedArea: 'Suzhou city centre and the routes towards Wuxi and Nantong',
  summary: 'Two armed suspects robbed a gold shop at 09:40 and fled in a grey sedan, plate unknown.',
  commanderName: 'Deputy Director Chen',
  commanderContact: '0512-6522-0110',
  invitedCities: ['wuxi', 'nantong'],
  ...over,
});

/**
 * A joint incident between real nodes (own databases, real HTTP, node tokens, BullMQ delivery): Suzhou leads a
 * grade II incident with Wuxi and Nantong.
 */
describe('joint incidents under unified command', () => {
  let cluster: TestCluster;
  const url = (city: string) => cluster.urls[city];
  const commander = (city: string) => homeTokenFor(city, 'COMMANDER');
  const liaison = (city: string) => homeTokenFor(city, 'LIAISON_OFFICER');

  const mutate = (city: string, field: string, args: Record<string, string>, variables: Record<string, unknown>, token = commander(city), fields = OP_FIELDS) => {
    const decl = Object.entries(args).map(([k, t]) => `$${k}: ${t}`);
    const call = Object.keys(args).map((k) => `${k}: $${k}`);
    return gql(url(city), `mutation${decl.length ? `(${decl.join(', ')})` : ''} { ${city} { ${field}${call.length ? `(${call.join(', ')})` : ''} { ${fields} } } }`, { token, variables });
  };
  const withInput = (city: string, field: string, id: string | null, input: unknown, token = commander(city), fields = OP_FIELDS) =>
    mutate(city, field, { ...(id ? { [field === 'updateOperationTask' ? 'taskId' : 'id']: 'ID!' } : {}), input: INPUT_TYPES[field] }, { ...(id ? { [field === 'updateOperationTask' ? 'taskId' : 'id']: id } : {}), input }, token, fields);
  const held = async (city: string, id: string, token = liaison(city)) => {
    const r = await gql(url(city), viaRegionEntity(city, `{ jointOperation(id: "${id}") { ${OP_FIELDS} } }`), { token });
    if (r.errors) return null;
    return r.data!._entities[0][city].jointOperation;
  };
  const notices = async (city: string, token: string) => {
    const r = await gql(url(city), viaRegionEntity(city, '{ notifications { kind reference text } }'), { token });
    return r.data!._entities[0][city].notifications as { kind: string; reference: string; text: string }[];
  };

  beforeAll(async () => {
    cluster = await startTestCluster(['suzhou', 'wuxi', 'nantong'], {
      env: { DELIVERY_BACKOFF_MS: '100', DELIVERY_SWEEP_MS: '500', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) },
    });
  }, 60_000);
  afterAll(async () => cluster?.close(), 120_000);

  it('runs a grade II incident: invitations, the city-gates plan, tasks in each city, numbered sitreps everywhere, closure', async () => {
    // Wuxi's commander and liaison officer watch their live feed (from the start of the city's notifications).
    const wuxiCommander = subscribeFeed(url('wuxi'), commander('wuxi'), { since: '0' });
    const wuxiLiaison = subscribeFeed(url('wuxi'), liaison('wuxi'), { since: '0' });
    const reported = await withInput('suzhou', 'reportIncident', null, incidentInput());
    expect(reported.errors).toBeUndefined();
    const op = reported.data!.suzhou.reportIncident;
    expect(op).toMatchObject({ kind: 'INCIDENT', leadCity: 'suzhou', grade: 'II', gradeLabel: '重大 (serious)', status: 'REPORTED', accessLevel: 'FULL' });
    expect(op.participants.map((p: { city: string; status: string }) => [p.city, p.status])).toEqual([['nantong', 'INVITED'], ['wuxi', 'INVITED']]);
    const id = op.id as string;

    // Invitations delivered: each invited city holds the incident and its commander was told.
    for (const city of ['wuxi', 'nantong']) {
      const copy = await eventually(() => held(city, id), 20_000, `${city} to hold the incident`);
      expect(copy).toMatchObject({ leadCity: 'suzhou', grade: 'II', status: 'REPORTED' });
      expect((await notices(city, commander(city))).filter((n) => n.kind === 'incident.invitation' && n.reference === id)).toHaveLength(1);
    }

    // Each city answers for itself, naming its liaison; a liaison officer may not, and declining needs a reason.
    expect(errorCodes(await withInput('wuxi', 'answerOperationInvitation', id, { accept: true, liaisonName: 'Inspector Wang', liaisonContact: '0510-8000-0110' }, liaison('wuxi')))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await withInput('nantong', 'answerOperationInvitation', id, { accept: false }))).toEqual(['BAD_USER_INPUT']);
    expect((await withInput('wuxi', 'answerOperationInvitation', id, { accept: true, liaisonName: 'Inspector Wang', liaisonContact: '0510-8000-0110' })).errors).toBeUndefined();
    expect((await withInput('nantong', 'answerOperationInvitation', id, { accept: true, liaisonName: 'Inspector Zhou', liaisonContact: '0513-8000-0110' })).errors).toBeUndefined();
    expect(errorCodes(await withInput('wuxi', 'answerOperationInvitation', id, { accept: false, reason: 'changed our mind' }))).toEqual(['NOT_INVITED']);
    await eventually(async () => (await held('suzhou', id))?.participants.every((p: { status: string }) => p.status === 'ACCEPTED'), 20_000, 'both acceptances at the lead');

    // Bad plan input changes nothing.
    const before = (await held('suzhou', id)).version;
    expect(errorCodes(await mutate('suzhou', 'activateContingencyPlan', { id: 'ID!', planCode: 'String!' }, { id, planCode: 'NO_SUCH_PLAN' }))).toEqual(['PLAN_NOT_FOUND']);
    expect(errorCodes(await mutate('suzhou', 'activateContingencyPlan', { id: 'ID!', planCode: 'String!' }, { id, planCode: 'FLOOD_EMERGENCY' }))).toEqual(['PLAN_NOT_APPLICABLE']);
    expect(errorCodes(await mutate('suzhou', 'activateContingencyPlan', { id: 'ID!', planCode: 'String!' }, { id, planCode: 'city gates' }))).toEqual(['BAD_USER_INPUT']);
    expect((await held('suzhou', id)).version).toBe(before);
    expect((await held('suzhou', id)).tasks).toEqual([]);
    // Only the lead city activates plans.
    expect(errorCodes(await mutate('wuxi', 'activateContingencyPlan', { id: 'ID!', planCode: 'String!' }, { id, planCode: 'CITY_GATES' }))).toEqual(['NOT_LEAD_CITY']);

    // 关城门: the plan's tasks for every city, with a checkpoint per city.
    const activated = await mutate('suzhou', 'activateContingencyPlan', { id: 'ID!', planCode: 'String!' }, { id, planCode: 'CITY_GATES' });
    expect(activated.errors).toBeUndefined();
    const lead = activated.data!.suzhou.activateContingencyPlan;
    expect(lead).toMatchObject({ status: 'ACTIVE', planCode: 'CITY_GATES' });
    const perCity = (tasks: { city: string }[]) => Object.fromEntries(['suzhou', 'wuxi', 'nantong'].map((c) => [c, tasks.filter((t) => t.city === c).length]));
    expect(perCity(lead.tasks)).toEqual({ suzhou: 2, wuxi: 2, nantong: 2 });
    expect(lead.checkpointBoard).toEqual([
      { city: 'suzhou', status: 'ASSIGNED', acknowledged: false },
      { city: 'nantong', status: 'ASSIGNED', acknowledged: false },
      { city: 'wuxi', status: 'ASSIGNED', acknowledged: false },
    ]);
    for (const city of ['wuxi', 'nantong']) {
      const copy = await eventually(async () => {
        const c = await held(city, id);
        return c?.tasks.length === 6 ? c : null;
      }, 20_000, `${city} to receive the plan's tasks`);
      expect(copy.tasks.map((t: { id: string }) => t.id)).toEqual(lead.tasks.map((t: { id: string }) => t.id));
      expect((await notices(city, liaison(city))).some((n) => n.kind === 'incident.task' && n.reference === id)).toBe(true);
    }

    // Wuxi acknowledges its checkpoint at its own node; the lead's board shows it. Wuxi cannot touch Nantong's task.
    const wuxiCheckpoint = lead.tasks.find((t: { city: string; checkpoint: boolean }) => t.city === 'wuxi' && t.checkpoint);
    const nantongCheckpoint = lead.tasks.find((t: { city: string; checkpoint: boolean }) => t.city === 'nantong' && t.checkpoint);
    const ack = await withInput('wuxi', 'updateOperationTask', wuxiCheckpoint.id, { action: 'ACKNOWLEDGE' }, liaison('wuxi'), 'id status acknowledgedAt');
    expect(ack.errors).toBeUndefined();
    expect(ack.data!.wuxi.updateOperationTask.status).toBe('ACKNOWLEDGED');
    expect(errorCodes(await withInput('wuxi', 'updateOperationTask', nantongCheckpoint.id, { action: 'ACKNOWLEDGE' }, liaison('wuxi'), 'id'))).toEqual(['NOT_ASSIGNEE']);
    expect(errorCodes(await withInput('wuxi', 'updateOperationTask', wuxiCheckpoint.id, { action: 'REPORT' }, liaison('wuxi'), 'id'))).toEqual(['BAD_USER_INPUT']);
    await eventually(async () => (await held('suzhou', id)).checkpointBoard.find((c: { city: string }) => c.city === 'wuxi').acknowledged, 20_000, 'the lead to see Wuxi\'s checkpoint acknowledged');
    // ... and the snapshot back to Nantong carries it too.
    await eventually(async () => (await held('nantong', id)).checkpointBoard.find((c: { city: string }) => c.city === 'wuxi').acknowledged, 20_000, 'Nantong to see it');

    // Numbered situation reports, the same numbers and order everywhere; only the lead issues them.
    const sitrep = (n: number) => ({ situation: `Situation ${n}: suspects heading north on the G2.`, actionsTaken: `Checkpoints staffed (${n}).`, casualties: { injured: n } });
    for (const n of [1, 2, 3]) expect((await withInput('suzhou', 'issueSitrep', id, sitrep(n), liaison('suzhou'))).errors).toBeUndefined();
    expect(errorCodes(await withInput('wuxi', 'issueSitrep', id, sitrep(9)))).toEqual(['NOT_LEAD_CITY']);
    const leadReports = (await held('suzhou', id)).sitreps;
    expect(leadReports.map((s: { seq: number }) => s.seq)).toEqual([1, 2, 3]);
    for (const city of ['wuxi', 'nantong']) {
      const reports = await eventually(async () => {
        const c = await held(city, id);
        return c?.sitreps.length === 3 ? c.sitreps : null;
      }, 20_000, `${city} to hold three situation reports`);
      expect(reports).toEqual(leadReports);
    }
    // Live: the invitation reached Wuxi's commander once, each report its liaison officer once, in order.
    await eventually(async () => wuxiLiaison.about(id).filter((e) => e.kind === 'incident.sitrep').length === 3, 10_000, 'three sitrep events');
    expect(wuxiCommander.about(id).filter((e) => e.kind === 'incident.invitation')).toHaveLength(1);
    expect(wuxiLiaison.about(id).filter((e) => e.kind === 'incident.sitrep').map((e) => e.text.match(/#(\d+)/)![1])).toEqual(['1', '2', '3']);
    expect(wuxiLiaison.about(id).filter((e) => e.kind === 'incident.invitation')).toEqual([]);
    await Promise.all([wuxiCommander.dispose(), wuxiLiaison.dispose()]);
    expect(leadReports[1]).toMatchObject({ seq: 2, statusAtIssue: 'ACTIVE', gradeAtIssue: 'II', casualties: [{ kind: 'injured', count: 2 }] });

    // The regional board: an officer of a city that takes no part sees the summary and the latest report only.
    const board = await gql(url('suzhou'), viaRegionEntity('suzhou', `{ jointOperations(filter: { openOnly: true, ledHere: true }) { ${OP_FIELDS} } }`), { token: readTokenFor('taizhou', 'COORDINATOR', 'suzhou'), purpose: 'regional board' });
    expect(board.errors).toBeUndefined();
    const seen = board.data!._entities[0].suzhou.jointOperations.find((o: { id: string }) => o.id === id);
    expect(seen).toMatchObject({ accessLevel: 'SUMMARY', grade: 'II', leadCity: 'suzhou', tasks: [], sitreps: [], resources: [], latestSitrep: { seq: 3 } });

    // Lifecycle to closure; closing needs the after-action review, and cancels the tasks nobody took up (what was
    // acknowledged or under way keeps its state for the review).
    expect(errorCodes(await withInput('suzhou', 'changeOperationStatus', id, { action: 'CLOSE', afterActionReview: 'Too early to close this incident.' }))).toEqual(['INVALID_TRANSITION']);
    for (const action of ['CONTAIN', 'DEMOBILISE']) expect((await withInput('suzhou', 'changeOperationStatus', id, { action })).errors).toBeUndefined();
    expect(errorCodes(await withInput('suzhou', 'changeOperationStatus', id, { action: 'CLOSE' }))).toEqual(['BAD_USER_INPUT']);
    const review = 'Checkpoints closed the G2 within 25 minutes; Nantong ferry checks were late. Add the ferry piers to the plan.';
    const closed = await withInput('suzhou', 'changeOperationStatus', id, { action: 'CLOSE', afterActionReview: review });
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.suzhou.changeOperationStatus).toMatchObject({ status: 'CLOSED', afterActionReview: review });
    const closedTasks = closed.data!.suzhou.changeOperationStatus.tasks as { id: string; status: string }[];
    expect(closedTasks.filter((t) => t.status === 'ASSIGNED')).toEqual([]);
    expect(closedTasks.find((t) => t.id === wuxiCheckpoint.id)).toMatchObject({ status: 'ACKNOWLEDGED' });
    expect(closedTasks.filter((t) => t.status === 'CANCELLED')).toHaveLength(closedTasks.length - 1);
    for (const city of ['wuxi', 'nantong']) {
      const copy = await eventually(async () => {
        const c = await held(city, id);
        return c?.status === 'CLOSED' ? c : null;
      }, 20_000, `${city} to see the closure`);
      expect(copy.afterActionReview).toBe(review);
    }

    // Every step was audited at the lead city.
    const audit = await gql(url('suzhou'), viaRegionEntity('suzhou', `{ auditTrail(filter: { resourceId: "${id}" }) { entries { action } } }`), { token: homeTokenFor('suzhou', 'AUDITOR') });
    const actions = audit.data!._entities[0].suzhou.auditTrail.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['incident.report', 'incident.plan.activate', 'incident.sitrep', 'incident.close', 'incident.invitation.accept.received', 'incident.task.acknowledge.received', 'operation.read']));
  }, 120_000);

  it('files a plan\'s assistance requests to the cities taking part, and a declining city gets no tasks', async () => {
    const reported = await withInput('suzhou', 'reportIncident', null, incidentInput({ title: 'Multi-vehicle collision on the G15', incidentType: 'ACCIDENT_DISASTER', grade: 'III' }));
    const id = reported.data!.suzhou.reportIncident.id as string;
    await eventually(() => held('nantong', id), 20_000, 'Nantong to hold the incident');
    await eventually(() => held('wuxi', id), 20_000, 'Wuxi to hold the incident');
    expect((await withInput('nantong', 'answerOperationInvitation', id, { accept: false, reason: 'All traffic units committed to the Nantong marathon.' })).errors).toBeUndefined();
    await eventually(async () => (await held('suzhou', id)).participants.find((p: { city: string }) => p.city === 'nantong').status === 'DECLINED', 20_000, 'the decline at the lead');

    const activated = await mutate('suzhou', 'activateContingencyPlan', { id: 'ID!', planCode: 'String!' }, { id, planCode: 'MAJOR_TRAFFIC_ACCIDENT' });
    expect(activated.errors).toBeUndefined();
    const op = activated.data!.suzhou.activateContingencyPlan;
    expect([...new Set(op.tasks.map((t: { city: string }) => t.city))].sort()).toEqual(['suzhou', 'wuxi']);
    expect(op.resources).toHaveLength(1);
    expect(op.resources[0]).toMatchObject({ kind: 'PERSONNEL', servesReference: id, targetCities: ['wuxi'] });
    const requestId = op.resources[0].id;
    // The request reached Wuxi as an ordinary assistance request with its SLA clock, linked to the incident.
    const atWuxi = await eventually(async () => (await held('wuxi', id, commander('wuxi')))?.resources.find((r: { id: string }) => r.id === requestId), 20_000, 'the planned request at Wuxi');
    expect(atWuxi.answers).toEqual([{ city: 'wuxi', status: 'SUBMITTED' }]);
    // Nantong declined: it holds no tasks, and no more snapshots are sent to it after its decline was recorded.
    expect((await held('nantong', id))?.tasks ?? []).toEqual([]);
  }, 120_000);

  it('shows a city not taking part the board cut only, the latest report cut like the summary, and only with a purpose', async () => {
    const BOARD = `id accessLevel summary commanderName commanderContact afterActionReview
      participants { city status liaisonName liaisonContact reason } tasks { id } sitreps { seq } resources { id } checkpointBoard { city }
      latestSitrep { seq issuedAt issuedByName statusAtIssue gradeAtIssue situation actionsTaken resourcesDeployed nextSteps casualties { kind count } }`;
    const long = (what: string) => `${what} `.repeat(8).trim();
    const reported = await withInput('suzhou', 'reportIncident', null, incidentInput({ title: 'Hostage taking at a bank branch', invitedCities: ['wuxi'], summary: long('Armed man holding two clerks, negotiators on site.') }));
    const id = reported.data!.suzhou.reportIncident.id as string;
    await eventually(() => held('wuxi', id), 20_000, 'Wuxi to hold the incident');
    expect((await withInput('wuxi', 'answerOperationInvitation', id, { accept: true, liaisonName: 'Inspector Wang', liaisonContact: '0510-8000-0110' })).errors).toBeUndefined();
    await eventually(async () => (await held('suzhou', id))?.participants[0].status === 'ACCEPTED', 20_000, 'the acceptance at the lead');
    const situation = long('Hostage-taker named as Li Ming, 42, of Wuzhong; one clerk injured.');
    const issued = await withInput('suzhou', 'issueSitrep', id, { situation, actionsTaken: 'Perimeter closed, negotiator in contact.', resourcesDeployed: 'SWAT team 2, negotiators', nextSteps: 'Entry at 18:00 if talks fail.', casualties: { injured: 1 } }, liaison('suzhou'));
    expect(issued.errors).toBeUndefined();

    const listAt = (token: string, purpose?: string) => gql(url('suzhou'), viaRegionEntity('suzhou', `{ jointOperations(filter: { ledHere: true }) { ${BOARD} } }`), { token, purpose });
    const oneAt = (token: string, purpose?: string) => gql(url('suzhou'), viaRegionEntity('suzhou', `{ jointOperation(id: "${id}") { ${BOARD} } }`), { token, purpose });
    const listed = (r: Awaited<ReturnType<typeof listAt>>) => r.data!._entities[0].suzhou.jointOperations.find((o: { id: string }) => o.id === id);

    // Any other city's officer needs a purpose, taking part or not; the refusal is audited at the lead city.
    for (const city of ['taizhou', 'wuxi']) {
      expect(errorCodes(await listAt(readTokenFor(city, 'COORDINATOR', 'suzhou')))).toEqual(['PURPOSE_REQUIRED']);
      expect(errorCodes(await oneAt(readTokenFor(city, 'COORDINATOR', 'suzhou')))).toEqual(['PURPOSE_REQUIRED']);
    }
    const refused = await cluster.nodes.suzhou.db.query(`SELECT actor_city, count(*)::int AS n FROM audit_entry WHERE action = 'operation.read' AND outcome = 'REFUSED' GROUP BY 1 ORDER BY 1`);
    expect(refused).toEqual([{ actor_city: 'taizhou', n: 2 }, { actor_city: 'wuxi', n: 2 }]);

    // A city not taking part, every role that reads: the board cut, the same in the list and by id.
    const board = {
      id,
      accessLevel: 'SUMMARY',
      summary: incidentInput({ summary: long('Armed man holding two clerks, negotiators on site.') }).summary.slice(0, 300),
      commanderName: 'Deputy Director Chen',
      commanderContact: '0512-6522-0110',
      afterActionReview: null,
      participants: [{ city: 'wuxi', status: 'ACCEPTED', liaisonName: null, liaisonContact: null, reason: null }],
      tasks: [],
      sitreps: [],
      resources: [],
      checkpointBoard: [],
      latestSitrep: {
        seq: 1,
        issuedAt: expect.any(String),
        issuedByName: null,
        statusAtIssue: 'REPORTED',
        gradeAtIssue: 'II',
        situation: situation.slice(0, 300),
        actionsTaken: null,
        resourcesDeployed: null,
        nextSteps: null,
        casualties: [],
      },
    };
    for (const role of ['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR', 'AUDITOR']) {
      const token = readTokenFor('taizhou', role, 'suzhou');
      const list = await listAt(token, 'TZ-2026-0100 regional board');
      expect(list.errors).toBeUndefined();
      expect(listed(list)).toEqual(board);
      const one = await oneAt(token, 'TZ-2026-0100 regional board');
      expect(one.data!._entities[0].suzhou.jointOperation).toEqual(listed(list));
    }
    expect(situation.length).toBeGreaterThan(300);
    const audited = await cluster.nodes.suzhou.db.query(`SELECT access_level, detail FROM audit_entry WHERE action = 'operation.read' AND outcome = 'OK' AND actor_city = 'taizhou' AND $1 = ANY(resource_ids) ORDER BY seq DESC LIMIT 1`, [id]);
    expect(audited).toHaveLength(1);
    expect(audited[0].access_level).toBe('SUMMARY');
    expect(JSON.parse(audited[0].detail).levels[id]).toBe('SUMMARY');

    // A city taking part reads the lead's record in full (with a purpose); the lead's own officers need none.
    const wuxi = await oneAt(readTokenFor('wuxi', 'LIAISON_OFFICER', 'suzhou'), 'WX-2026-0100');
    expect(wuxi.data!._entities[0].suzhou.jointOperation).toMatchObject({
      accessLevel: 'FULL',
      summary: expect.stringMatching(/^.{301,}$/s),
      participants: [{ city: 'wuxi', liaisonName: 'Inspector Wang', liaisonContact: '0510-8000-0110' }],
      sitreps: [{ seq: 1 }],
      latestSitrep: { situation, issuedByName: expect.any(String), actionsTaken: 'Perimeter closed, negotiator in contact.', nextSteps: 'Entry at 18:00 if talks fail.', casualties: [{ kind: 'injured', count: 1 }] },
    });
    expect((await cluster.nodes.suzhou.db.query(`SELECT access_level FROM audit_entry WHERE action = 'operation.read' AND outcome = 'OK' AND actor_city = 'wuxi' ORDER BY seq DESC LIMIT 1`))[0].access_level).toBe('FULL');
    const home = await oneAt(liaison('suzhou'));
    expect(home.data!._entities[0].suzhou.jointOperation).toMatchObject({ accessLevel: 'FULL', latestSitrep: { casualties: [{ kind: 'injured', count: 1 }] } });
  }, 120_000);

  it('refuses bad input with clear errors and writes nothing', async () => {
    const count = async () => (await gql(url('suzhou'), viaRegionEntity('suzhou', '{ jointOperations { id } }'), { token: liaison('suzhou') })).data!._entities[0].suzhou.jointOperations.length;
    const n = await count();
    // Grade outside I-IV: refused by the schema's enum before anything runs.
    const badGrade = await withInput('suzhou', 'reportIncident', null, incidentInput({ grade: 'V' }));
    expect(badGrade.errors?.[0].message).toMatch(/IncidentGrade/);
    const ownCity = await withInput('suzhou', 'reportIncident', null, incidentInput({ invitedCities: ['suzhou'] }));
    expect(errorCodes(ownCity)).toEqual(['BAD_USER_INPUT']);
    expect(ownCity.errors![0].message).toMatch(/suzhou leads this incident/);
    const unknownCity = await withInput('suzhou', 'reportIncident', null, incidentInput({ invitedCities: ['shanghai'] }));
    expect(errorCodes(unknownCity)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await withInput('suzhou', 'reportIncident', null, incidentInput({ commanderName: '' })))).toEqual(['BAD_USER_INPUT']);
    // Officers write only at their home node; an analyst may not report.
    expect(errorCodes(await withInput('suzhou', 'reportIncident', null, incidentInput(), readTokenFor('wuxi', 'COMMANDER', 'suzhou')))).toEqual(['HOME_NODE_ONLY']);
    expect(errorCodes(await withInput('suzhou', 'reportIncident', null, incidentInput(), homeTokenFor('suzhou', 'ANALYST')))).toEqual(['FORBIDDEN']);
    expect(await count()).toBe(n);
    // Another city cannot read an incident it does not lead at this node; a wrong id is a clear not-found.
    expect(errorCodes(await gql(url('suzhou'), viaRegionEntity('suzhou', '{ jointOperation(id: "suzhou:01JAAAAAAAAAAAAAAAAAAAAAAA") { id } }'), { token: liaison('suzhou') }))).toEqual(['OPERATION_NOT_FOUND']);
  }, 60_000);
});

/**
 * Issue 17: what the lead writes while it receives a participant's answer (a snapshot to every other participant) is
 * dispatched when that transaction commits. The sweeper runs once an hour here, so every arrival below is dispatch.
 */
describe('joint incidents: what a participant sets off reaches the others without the sweeper', () => {
  let cluster: TestCluster;
  const commander = (city: string) => homeTokenFor(city, 'COMMANDER');
  const liaison = (city: string) => homeTokenFor(city, 'LIAISON_OFFICER');
  const call = (city: string, doc: string, variables: Record<string, unknown>, token = commander(city)) => gql(cluster.urls[city], doc, { token, variables });
  const held = async (city: string, id: string) => {
    const r = await gql(cluster.urls[city], viaRegionEntity(city, `{ jointOperation(id: "${id}") { version participants { city status } tasks { id city checkpoint status } } }`), { token: liaison(city) });
    return r.errors ? null : r.data!._entities[0][city].jointOperation;
  };
  /** Polls `check` at `city` every 20 ms; how long after `since` it first held (the test's log shows the figures). */
  const arrival = async (what: string, since: number, check: () => Promise<boolean>) => {
    await eventually(check, 20_000, what, 20);
    return Date.now() - since;
  };

  beforeAll(async () => {
    cluster = await startTestCluster(['suzhou', 'wuxi', 'nantong'], {
      env: { DELIVERY_BACKOFF_MS: '100', DELIVERY_SWEEP_MS: '3600000', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) },
    });
  }, 60_000);
  afterAll(async () => cluster?.close(), 120_000);

  it('an acceptance and a task acknowledgement reach the other participant within seconds, in order', async () => {
    const reported = await call('suzhou', 'mutation($i: IncidentReportInput!) { suzhou { reportIncident(input: $i) { id } } }', { i: incidentInput() });
    expect(reported.errors).toBeUndefined();
    const id = reported.data!.suzhou.reportIncident.id as string;
    for (const city of ['wuxi', 'nantong']) await eventually(() => held(city, id), 20_000, `${city} to hold the incident`, 20);
    const figures: Record<string, number> = {};
    const answer = (city: string) =>
      call(city, 'mutation($id: ID!, $i: InvitationAnswerInput!) { ' + city + ' { answerOperationInvitation(id: $id, input: $i) { id } } }', { id, i: { accept: true, liaisonName: 'Inspector Li', liaisonContact: '0510-8000-0110' } });

    // Wuxi accepts at its node; the lead applies it and writes a snapshot for Nantong inside that receiving transaction.
    let t0 = Date.now();
    expect((await answer('wuxi')).errors).toBeUndefined();
    const statusAt = async (city: string, of: string) => (await held(city, id))?.participants.find((p: { city: string }) => p.city === of)?.status;
    figures.acceptanceAtNantong = await arrival('Nantong to see Wuxi accepted', t0, async () => (await statusAt('nantong', 'wuxi')) === 'ACCEPTED');
    t0 = Date.now();
    expect((await answer('nantong')).errors).toBeUndefined();
    figures.acceptanceAtWuxi = await arrival('Wuxi to see Nantong accepted', t0, async () => (await statusAt('wuxi', 'nantong')) === 'ACCEPTED');

    // The lead's next snapshot (the plan's tasks) is not held behind an undelivered one.
    t0 = Date.now();
    const activated = await call('suzhou', 'mutation($id: ID!, $p: String!) { suzhou { activateContingencyPlan(id: $id, planCode: $p) { tasks { id city checkpoint } } } }', { id, p: 'CITY_GATES' });
    expect(activated.errors).toBeUndefined();
    for (const city of ['wuxi', 'nantong']) figures[`tasksAt_${city}`] = await arrival(`${city} to hold the plan's tasks`, t0, async () => (await held(city, id))?.tasks.length === 6);

    // Wuxi acknowledges its checkpoint; Nantong sees it through the lead's snapshot, written while receiving it.
    const checkpoint = (activated.data!.suzhou.activateContingencyPlan.tasks as { id: string; city: string; checkpoint: boolean }[]).find((t) => t.city === 'wuxi' && t.checkpoint)!;
    t0 = Date.now();
    const ack = await call('wuxi', 'mutation($id: ID!, $i: OperationTaskUpdateInput!) { wuxi { updateOperationTask(taskId: $id, input: $i) { status } } }', { id: checkpoint.id, i: { action: 'ACKNOWLEDGE' } }, liaison('wuxi'));
    expect(ack.errors).toBeUndefined();
    figures.acknowledgementAtNantong = await arrival('Nantong to see the acknowledgement', t0, async () => (await held('nantong', id))?.tasks.find((t: { id: string }) => t.id === checkpoint.id)?.status === 'ACKNOWLEDGED');

    // Nothing the lead sent is still waiting in its outbox (the sweeper never had to run for it), and every copy is at
    // the lead's version.
    // A row is marked DELIVERED once the receiver's answer is back, a moment after the copy changed: allow that moment
    // (5 s, with the sweeper at an hour), not the sweeper.
    await eventually(
      async () => (await cluster.nodes.suzhou.db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE stream_key = $1 AND status <> 'DELIVERED'`, [id]))[0].n === 0,
      5_000,
      'the lead outbox all delivered',
      20,
    );
    const version = (await held('suzhou', id)).version;
    for (const city of ['wuxi', 'nantong']) await eventually(async () => (await held(city, id))?.version === version, 5_000, `${city} at version ${version}`, 20);
    console.log(`arrival after the commit at the other cities (ms, sweeper every hour): ${JSON.stringify(figures)}`);
  }, 120_000);
});

