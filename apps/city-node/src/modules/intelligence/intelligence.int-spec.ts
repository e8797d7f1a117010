import { join } from 'node:path';
import { keyFiles, loadPrivateKey, loadSecret, signNodeToken, signOfficerToken } from '@ypf/auth';
import { errorCodes, gql, type GqlResponse, homeTokenFor, readTokenFor, testEnv, viaRegionEntity } from '@ypf/testing';
import { startTestNode, type TestNode } from '../../testing/test-node.js';
import { BlindIndex } from '../../core/blind-index.js';
import { DEMO_AMBER_STRICT_PERSON_ID, DEMO_RED_PERSON_ID } from '../seed/demo-data.js';

/** The intelligence lifecycle and sharing at one real Taizhou node (own database, real HTTP, signed tokens). */
describe('intelligence at the Taizhou node', () => {
  let node: TestNode;
  const analyst = () => homeTokenFor('taizhou', 'ANALYST');
  const supervisor = () => homeTokenFor('taizhou', 'SUPERVISOR');
  const REPORT_FIELDS = 'id status title tlp scope recipientCities reviewDate authorId approvedById grading { code } identifiers { kind value }';

  const mutate = (op: string, token: string, variables: Record<string, unknown> = {}) =>
    gql(node.url, `mutation${signature(op)} { taizhou { ${op} } }`, { token, variables });
  const query = (selection: string, token: string, purpose?: string) => gql(node.url, viaRegionEntity('taizhou', selection), { token, purpose });
  /** Taizhou's own blind index of an identifier (what only Taizhou's key computes). */
  const taizhouIndex = new BlindIndex(loadSecret(join(testEnv.keysDir(), keyFiles.indexKey('taizhou'))), 'taizhou');
  /** A node-to-node read by another city's node (signed with that city's key) for one of its officers. */
  const asNode = (city: string, selection: string) =>
    gql(node.url, viaRegionEntity('taizhou', selection), { headers: { 'x-ypf-node-token': signNodeToken(loadPrivateKey(testEnv.keysDir(), city), city, 'taizhou') } });
  const officerArg = (city: string, role: string, purpose?: string) => `{ sub: "${city}:demo-${role.toLowerCase().replace(/_/g, '-')}", roles: [${role === 'AUDITOR' || role === 'ADMIN' ? 'ANALYST' : role}], purpose: ${JSON.stringify(purpose ?? '')} }`;
  const count = async (table: string) => Number((await node.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  const input = (over: Record<string, unknown> = {}) => ({
    title: 'River port smuggling of protected species',
    summary: 'Containers relabelled at the Taizhou river port.',
    body: 'Details of the relabelling scheme, with the broker named.',
    category: 'SMUGGLING',
    sourceReliability: 'B',
    informationCredibility: 2,
    tlp: 'AMBER',
    handlingConditions: ['PURPOSE_ONLY'],
    identifiers: [{ kind: 'PHONE', value: '+86 139-8888-7777' }, { kind: 'VEHICLE_PLATE', value: '苏m 88a77' }],
    scope: 'REGION',
    ...over,
  });

  beforeAll(async () => {
    node = await startTestNode('taizhou');
  });
  afterAll(async () => node?.close());

  async function createDraft(over: Record<string, unknown> = {}, token = analyst()) {
    const r = await gql(node.url, `mutation($input: IntelligenceReportInput!) { taizhou { createIntelligenceReport(input: $input) { ${REPORT_FIELDS} } } }`, {
      token,
      variables: { input: input(over) },
    });
    expect(r.errors).toBeUndefined();
    return r.data!.taizhou.createIntelligenceReport;
  }

  it('runs draft -> submitted -> approved (not by the author) -> published, audited at each step', async () => {
    const draft = await createDraft();
    expect(draft).toMatchObject({ status: 'DRAFT', grading: { code: 'B2' }, authorId: 'taizhou:demo-analyst' });
    expect(draft.identifiers).toEqual([
      { kind: 'PHONE', value: '13988887777' },
      { kind: 'VEHICLE_PLATE', value: '苏M88A77' },
    ]);
    const submitted = await mutate('submitIntelligenceReport(id: $id) { status submittedAt }', analyst(), { id: draft.id });
    expect(submitted.data!.taizhou.submitIntelligenceReport.status).toBe('SUBMITTED');
    const approved = await mutate('approveIntelligenceReport(id: $id) { status approvedById }', supervisor(), { id: draft.id });
    expect(approved.data!.taizhou.approveIntelligenceReport).toEqual({ status: 'APPROVED', approvedById: 'taizhou:demo-supervisor' });
    const published = await mutate('publishIntelligenceReport(id: $id) { status publishedAt }', analyst(), { id: draft.id });
    expect(published.data!.taizhou.publishIntelligenceReport.status).toBe('PUBLISHED');
    const actions = (await node.db.query(`SELECT action FROM audit_entry WHERE $1 = ANY(resource_ids) ORDER BY seq`, [draft.id])).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['intelligence.create', 'intelligence.submit', 'intelligence.approve', 'intelligence.publish']);
  });

  it('tells the supervisors a report awaits approval, and its author when it is returned (issue 17)', async () => {
    const notices = async (role: string) =>
      await node.db.query<{ kind: string; text: string }[]>(`SELECT kind, text FROM officer_notification WHERE reference = $1 AND recipient_role = $2 ORDER BY id`, [draft.id, role]);
    const draft = await createDraft({ title: 'Ferry ticket fraud ring' });
    draft.authorName = (await node.db.query('SELECT author_name FROM intelligence_report WHERE id = $1', [draft.id]))[0].author_name;
    expect((await mutate('submitIntelligenceReport(id: $id) { status }', analyst(), { id: draft.id })).errors).toBeUndefined();
    expect(await notices('SUPERVISOR')).toEqual([{ kind: 'intelligence.submitted', text: `Report "Ferry ticket fraud ring" by ${draft.authorName} awaits approval.` }]);
    expect(await notices('ANALYST')).toEqual([]);
    const returned = await mutate('returnIntelligenceReport(id: $id, reason: $reason) { status }', supervisor(), { id: draft.id, reason: 'Grade the source before submitting' });
    expect(returned.errors).toBeUndefined();
    expect((await notices('ANALYST')).map((n) => n.kind)).toEqual(['intelligence.returned']);
    expect((await notices('ANALYST'))[0].text).toBe(`${draft.authorName}: report ${draft.id} was returned to draft by Demo SUPERVISOR (taizhou); open it for the reason.`);
  });

  it('refuses a supervisor approving their own report, and writes nothing', async () => {
    const draft = await createDraft({}, supervisor());
    await mutate('submitIntelligenceReport(id: $id) { status }', supervisor(), { id: draft.id });
    const audits = await count('audit_entry');
    const r = await mutate('approveIntelligenceReport(id: $id) { status }', supervisor(), { id: draft.id });
    expect(errorCodes(r)).toEqual(['SELF_APPROVAL']);
    expect(r.errors![0].message).toMatch(/not its author/);
    expect(await count('audit_entry')).toBe(audits);
    const status = (await node.db.query('SELECT status FROM intelligence_report WHERE id = $1', [draft.id]))[0].status;
    expect(status).toBe('SUBMITTED');
    // another supervisor may
    const ok = await mutate('approveIntelligenceReport(id: $id) { status }', secondSupervisorToken(), { id: draft.id });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses transitions that the lifecycle does not allow, naming what would be allowed', async () => {
    const draft = await createDraft();
    const r = await mutate('publishIntelligenceReport(id: $id) { status }', analyst(), { id: draft.id });
    expect(errorCodes(r)).toEqual(['INVALID_TRANSITION']);
    expect(r.errors![0].message).toBe('Cannot publish a report that is DRAFT; publish applies to reports that are APPROVED.');
  });

  it.each([
    ['invalid grading', { informationCredibility: 7 }, /input.informationCredibility/],
    ['unknown recipient city', { scope: 'CITIES', recipientCities: ['shanghai'] }, /input.recipientCities.0: must be a city code/],
    ['oversized body', { body: 'x'.repeat(20001) }, /input.body: must be at most 20,000 characters/],
    ['malformed identifier', { identifiers: [{ kind: 'PERSON_ID', value: '12345' }] }, /input.identifiers.0.value: PERSON_ID must be an 18-character/],
    ['RED for the whole region', { tlp: 'RED' }, /TLP RED is for named recipients/],
    ['review date beyond a year', { reviewDate: '2099-01-01' }, /input.reviewDate: must be at most 365 days ahead/],
  ])('rejects %s with a clear BAD_USER_INPUT error and writes nothing', async (_name, over, message) => {
    const before = [await count('intelligence_report'), await count('audit_entry'), await count('intelligence_identifier')];
    const r = await gql(node.url, 'mutation($input: IntelligenceReportInput!) { taizhou { createIntelligenceReport(input: $input) { id } } }', {
      token: analyst(),
      variables: { input: input(over) },
    });
    expect(errorCodes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).toMatch(message);
    expect([await count('intelligence_report'), await count('audit_entry'), await count('intelligence_identifier')]).toEqual(before);
  });

  it('names every wrong field in one answer, and takes a two-character Chinese title (issue 17)', async () => {
    const create = (over: Record<string, unknown>) =>
      gql(node.url, 'mutation($input: IntelligenceReportInput!) { taizhou { createIntelligenceReport(input: $input) { id title } } }', { token: analyst(), variables: { input: input(over) } });
    const before = await count('intelligence_report');
    const r = await create({ title: 'x', informationCredibility: 9, body: '' });
    expect(errorCodes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).toBe('input.title: must be at least 3 characters (2 in Chinese); input.body: is required; input.informationCredibility: is 1 (confirmed) to 6 (cannot be judged)');
    expect((r.errors![0].extensions as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual(['input.title', 'input.body', 'input.informationCredibility']);
    expect(await count('intelligence_report')).toBe(before);
    const short = await create({ title: '增援' });
    expect(short.errors).toBeUndefined();
    expect(short.data!.taizhou.createIntelligenceReport.title).toBe('增援');
  });

  it('refuses a report whose text names a protected topic, naming each field, and writes nothing (DESIGN 5)', async () => {
    const before = [await count('intelligence_report'), await count('audit_entry')];
    const r = await gql(node.url, 'mutation($input: IntelligenceReportInput!) { taizhou { createIntelligenceReport(input: $input) { id } } }', {
      token: analyst(),
      variables: { input: input({ title: 'Uyghur ethnic group petitioners at the port', body: '上访人员 gathered at the ferry' }) },
    });
    expect(errorCodes(r)).toEqual(['PROHIBITED_DATA']);
    expect(r.errors![0].message).toMatch(/^input\.title mentions ethnicity; input\.body mentions petitioning: the platform holds no data on ethnicity, religion, political opinion or petitioning/);
    expect([await count('intelligence_report'), await count('audit_entry')]).toEqual(before);
    // An edit is screened the same way.
    const draft = await createDraft();
    const edit = await mutate('updateIntelligenceReport(id: $id, input: $input) { id }', analyst(), { id: draft.id, input: input({ summary: '信仰宗教 suspects' }) });
    expect(errorCodes(edit)).toEqual(['PROHIBITED_DATA']);
  });

  it('rejects a malformed id with INVALID_ID', async () => {
    const r = await mutate('submitIntelligenceReport(id: $id) { status }', analyst(), { id: "wuxi:01ABC'; DROP TABLE x" });
    expect(errorCodes(r)).toEqual(['INVALID_ID']);
  });

  it('writes only with a home token: a read token is refused, and a home token is refused at any other node', async () => {
    const create = (token: string) =>
      gql(node.url, 'mutation($input: IntelligenceReportInput!) { taizhou { createIntelligenceReport(input: $input) { id } } }', { token, variables: { input: input() } });
    expect(errorCodes(await create(readTokenFor('taizhou', 'ANALYST', 'taizhou')))).toEqual(['HOME_TOKEN_REQUIRED']);
    expect(errorCodes(await create(homeTokenFor('wuxi', 'ANALYST')))).toEqual(['HOME_NODE_ONLY']);
  });

  it('lets officers of other cities write nothing here (home node only)', async () => {
    const r = await gql(node.url, 'mutation($input: IntelligenceReportInput!) { taizhou { createIntelligenceReport(input: $input) { id } } }', {
      token: readTokenFor('wuxi', 'ANALYST', 'taizhou'),
      variables: { input: input() },
    });
    expect(errorCodes(r)).toEqual(['HOME_NODE_ONLY']);
  });

  describe('sharing with other cities', () => {
    it('needs a purpose for cross-city reads and audits the refusal', async () => {
      const r = await query('{ searchIntelligence { total } }', readTokenFor('wuxi', 'ANALYST', 'taizhou'));
      expect(errorCodes(r)).toEqual(['PURPOSE_REQUIRED']);
      const refused = await node.db.query(`SELECT outcome, actor_city FROM audit_entry WHERE action = 'intelligence.search' ORDER BY seq DESC LIMIT 1`);
      expect(refused[0]).toEqual({ outcome: 'REFUSED', actor_city: 'wuxi' });
    });

    it('gives Wuxi a summary of AMBER with exactly the policy fields, and no trace of RED in a content search', async () => {
      const r = await query(
        '{ searchIntelligence(filter: { categories: [DRUG_TRAFFICKING, FIREARMS_EXPLOSIVES] }) { total results { id accessLevel redactedFields report { title summary body category grading { code } handlingConditions identifiers { value } publishedAt reviewDate } contact { city unit } } } }',
        readTokenFor('wuxi', 'ANALYST', 'taizhou'),
        'WX-2026-0042',
      );
      expect(r.errors).toBeUndefined();
      const results = r.data!._entities[0].taizhou.searchIntelligence.results;
      expect(results.map((x: { id: string }) => x.id)).toEqual(['taizhou:demo-amber']);
      const amber = results[0];
      expect(amber.accessLevel).toBe('SUMMARY');
      expect(amber.redactedFields.sort()).toEqual(['body', 'identifiers', 'reviewDate']);
      expect(amber.report).toMatchObject({ body: null, identifiers: null, reviewDate: null, handlingConditions: ['PURPOSE_ONLY'] });
      expect(amber.report.title).toMatch(/synthetic drug/);
      const dissemination = await node.db.query(`SELECT report_id, recipient_city, access_level, purpose FROM intelligence_dissemination WHERE purpose = 'WX-2026-0042'`);
      expect(dissemination).toEqual([{ report_id: 'taizhou:demo-amber', recipient_city: 'wuxi', access_level: 'SUMMARY', purpose: 'WX-2026-0042' }]);
    });

    it('cannot be used to probe redacted text: words only in a RED or AMBER body match nothing for Wuxi', async () => {
      const wuxi = readTokenFor('wuxi', 'ANALYST', 'taizhou');
      for (const word of ['ferry', 'supplier', 'rotating']) {
        const r = await query(`{ searchIntelligence(filter: { text: "${word}" }) { total } }`, wuxi, 'WX-2026-0043');
        expect(r.data!._entities[0].taizhou.searchIntelligence.total).toBe(0);
      }
      // ...while Yangzhou (AMBER in full, named RED recipient) finds both
      const yz = await query('{ searchIntelligence(filter: { text: "ferry" }) { results { id accessLevel } } }', readTokenFor('yangzhou', 'ANALYST', 'taizhou'), 'YZ-1');
      expect(yz.data!._entities[0].taizhou.searchIntelligence.results).toEqual([{ id: 'taizhou:demo-red', accessLevel: 'FULL' }]);
    });

    it('answers an identifier hit on an AMBER+STRICT report with a one-time reference, never the report id', async () => {
      const token = taizhouIndex.token('PERSON_ID', DEMO_AMBER_STRICT_PERSON_ID);
      const check = () => asNode('wuxi', `{ checkIdentifiersOnBehalf(tokens: ["${token}"], officer: ${officerArg('wuxi', 'ANALYST', 'WX-2026-0044')}) { matches { reference accessLevel reportId contact { city } } } }`);
      const [first, second] = [await check(), await check()].map((r) => r.data!._entities[0].taizhou.checkIdentifiersOnBehalf.matches);
      expect(first).toEqual([{ reference: expect.stringMatching(/^taizhou:hit-[0-9a-f]{16}$/), accessLevel: 'HIT_ONLY', reportId: null, contact: { city: 'taizhou' } }]);
      expect(second[0].reference).not.toBe(first[0].reference);
      const row = await node.db.query('SELECT report_id, access_level FROM intelligence_dissemination WHERE reference = $1', [first[0].reference]);
      expect(row).toEqual([{ report_id: 'taizhou:demo-amber-strict', access_level: 'HIT_ONLY' }]);
    });

    it('gives the named recipient (Yangzhou) the RED report in full', async () => {
      const r = await query('{ intelligenceReport(id: "taizhou:demo-red") { accessLevel report { body identifiers { kind value } } } }', readTokenFor('yangzhou', 'ANALYST', 'taizhou'), 'YZ-2026-7');
      expect(r.data!._entities[0].taizhou.intelligenceReport).toEqual({
        accessLevel: 'FULL',
        report: { body: expect.stringContaining('ferry'), identifiers: [{ kind: 'PERSON_ID', value: DEMO_RED_PERSON_ID }] },
      });
    });

    it('answers hit/no-hit by blind index: a miss reveals nothing, a non-recipient hit on AMBER+STRICT only whom to contact, on RED nothing', async () => {
      const [hitToken, missToken, redToken] = [
        taizhouIndex.token('PERSON_ID', DEMO_AMBER_STRICT_PERSON_ID),
        taizhouIndex.token('PHONE', '13700000000'),
        taizhouIndex.token('PERSON_ID', DEMO_RED_PERSON_ID),
      ];
      const check = (tokens: string[]) =>
        asNode('wuxi', `{ checkIdentifiersOnBehalf(tokens: ${JSON.stringify(tokens)}, officer: ${officerArg('wuxi', 'LIAISON_OFFICER', 'WX-1')}) { city hit matches { token accessLevel reportId contact { city phone } } } }`);
      const answer = async (tokens: string[]) => (await check(tokens)).data!._entities[0].taizhou.checkIdentifiersOnBehalf;
      expect(await answer([missToken])).toEqual({ city: 'taizhou', hit: false, matches: [] });
      expect(await answer([redToken])).toEqual({ city: 'taizhou', hit: false, matches: [] });
      expect(await answer([missToken, redToken, hitToken])).toEqual({
        city: 'taizhou',
        hit: true,
        matches: [{ token: hitToken, accessLevel: 'HIT_ONLY', reportId: null, contact: { city: 'taizhou', phone: '+86-523-0000-0110' } }],
      });
      // The buckets a checking city compares with hold the indexes it may learn of (AMBER+STRICT: it exists, ask us),
      // never a RED report's; a bucket with nothing the caller may see is empty.
      const bucket = async (token: string) =>
        (await asNode('wuxi', `{ identifierBucket(prefixes: ["${token.slice(0, 3)}"], officer: ${officerArg('wuxi', 'LIAISON_OFFICER', 'WX-1')}) { prefix tokens } }`)).data!._entities[0].taizhou.identifierBucket[0];
      expect((await bucket(hitToken)).tokens).toContain(hitToken);
      expect((await bucket(redToken)).tokens).not.toContain(redToken);
      const audited = await node.db.query(`SELECT actor_city, purpose FROM audit_entry WHERE action = 'identifier.bucket' ORDER BY seq DESC LIMIT 1`);
      expect(audited).toEqual([{ actor_city: 'wuxi', purpose: 'WX-1' }]);
    });

    it('checks identifiers only at the officer\'s home node, and for its own officers only node to node', async () => {
      const r = await query('{ checkIdentifiersRegion(identifiers: [{ kind: PHONE, value: "13700000000" }]) { hit } }', readTokenFor('wuxi', 'ANALYST', 'taizhou'), 'WX-1');
      expect(errorCodes(r)).toEqual(['HOME_NODE_ONLY']);
      const forOthers = await asNode('wuxi', `{ checkIdentifiersOnBehalf(tokens: ["${'a'.repeat(64)}"], officer: ${officerArg('suzhou', 'ANALYST', 'WX-1')}) { hit } }`);
      expect(errorCodes(forOthers)).toEqual(['BAD_USER_INPUT']);
      expect(forOthers.errors![0].message).toMatch(/wuxi checks only for its own officers/);
    });
  });

  /**
   * TLP 2.0 RED is for the named recipients only: to an officer of any other city, of any role, with or without a
   * purpose, every read path must answer exactly as if the report did not exist. The answers are taken before the
   * reports exist and again after ten of them are published, and must be the same.
   */
  describe('a RED report, asked by a city that is not its recipient', () => {
    const ROLES = ['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR', 'AUDITOR', 'ADMIN'] as const;
    /** A well-formed id of this node that no report has. */
    const MISSING = 'taizhou:01JQZX3V0W8T5K2M9N4P6R7S8D';
    const WORD = 'quinquereme';
    const PHONE = '13811112222';
    const red = (n: number) =>
      input({
        title: `Human trafficking route ${n} via the ${WORD} jetty`,
        summary: `Victims moved by night past the ${WORD} jetty.`,
        body: `Boat owner named; the ${WORD} jetty is used on Fridays.`,
        category: 'HUMAN_TRAFFICKING',
        tlp: 'RED',
        scope: 'CITIES',
        recipientCities: ['yangzhou'],
        identifiers: [{ kind: 'PHONE', value: PHONE }],
      });
    let redToken: string;
    let since: string;

    /** Every read a city node serves that could tell of a report, by id or by its content, identifiers or time. */
    const probes = (id: string) => ({
      read: `{ intelligenceReport(id: "${id}") { id city accessLevel redactedFields report { id title body } contact { city unit } } }`,
      search: '{ searchIntelligence { city total results { id accessLevel } } }',
      firstOfPage: '{ searchIntelligence(filter: { limit: 1 }) { total results { id accessLevel } } }',
      text: `{ searchIntelligence(filter: { text: "${WORD}" }) { total results { id } } }`,
      category: '{ searchIntelligence(filter: { categories: [HUMAN_TRAFFICKING] }) { total results { id } } }',
      since: `{ searchIntelligence(filter: { since: "${since}" }) { total results { id } } }`,
      bucket: `{ identifierBucket(prefixes: ["${redToken.slice(0, 3)}"], officer: OFFICER) { prefix tokens } }`,
      check: `{ checkIdentifiersOnBehalf(tokens: ["${redToken}"], officer: OFFICER) { city hit matches { token accessLevel reportId reference } } }`,
      dissemination: `{ disseminationLog(reportId: "${id}") { recipientCity accessLevel } }`,
      worklist: '{ intelligenceWorklist { id } }',
      grants: '{ accessPolicy { version grantsForCaller { tlp level } } }',
      notifications: '{ notifications { kind reference } }',
      audit: `{ auditTrail(filter: { resourceId: "${id}" }) { entries { action } } }`,
    });

    /** What a Wuxi officer of each role gets from every probe, with and without a purpose, the asked id blanked out. */
    async function answers(id: string, only?: (keyof ReturnType<typeof probes>)[]) {
      const out: Record<string, unknown> = {};
      for (const role of ROLES) {
        for (const purpose of [undefined, 'WX-2026-0777']) {
          for (const [name, selection] of Object.entries(probes(id)).filter(([n]) => !only || (only as string[]).includes(n))) {
            // The identifier probes are what Wuxi's node asks for its officer (node to node); the rest the officer asks.
            const r = selection.includes('OFFICER') ? await asNode('wuxi', selection.replaceAll('OFFICER', officerArg('wuxi', role, purpose))) : await query(selection, readTokenFor('wuxi', role, 'taizhou'), purpose);
            out[`${role} ${purpose ? 'with' : 'without'} purpose: ${name}`] = shape(r, id);
          }
        }
      }
      return out;
    }
    const shape = (r: GqlResponse, id: string) =>
      JSON.parse(
        JSON.stringify({ status: r.status, data: r.data ?? null, errors: (r.errors ?? []).map((e) => ({ code: e.extensions?.code, message: e.message, path: e.path })) }).replaceAll(id, '<asked id>'),
      );

    async function publishRed(n: number): Promise<string> {
      const created = await gql(node.url, `mutation($input: IntelligenceReportInput!) { taizhou { createIntelligenceReport(input: $input) { id } } }`, { token: analyst(), variables: { input: red(n) } });
      const id = created.data!.taizhou.createIntelligenceReport.id as string;
      for (const [op, token] of [['submitIntelligenceReport', analyst()], ['approveIntelligenceReport', supervisor()], ['publishIntelligenceReport', analyst()]] as const) {
        const r = await mutate(`${op}(id: $id) { status }`, token, { id });
        expect(r.errors).toBeUndefined();
      }
      return id;
    }

    beforeAll(async () => {
      redToken = taizhouIndex.token('PHONE', PHONE);
      since = new Date(Date.now() - 60_000).toISOString();
    });

    it('answers every read path, for every role with and without a purpose, exactly as if the report did not exist', async () => {
      const before = await answers(MISSING);
      const outbox = await count('outbox_message');
      // Ten newer RED reports than anything Wuxi may see: were they counted in the search's candidate window, a page of
      // one would come back empty.
      const ids: string[] = [];
      for (let n = 1; n <= 10; n++) ids.push(await publishRed(n));
      const after = await answers(ids[0]);
      expect(after).toEqual(before);
      // Asked by id, the last one published and the seeded RED report answer the same too.
      const byId = ['read', 'dissemination', 'audit'] as const;
      const missingById = await answers(MISSING, [...byId]);
      expect(await answers(ids[9], [...byId])).toEqual(missingById);
      expect(await answers('taizhou:demo-red', [...byId])).toEqual(missingById);
      // Publishing sent nothing to any city: no delivery, so no notification or live-feed event anywhere else.
      expect(await count('outbox_message')).toBe(outbox);

      // Not vacuous: the probes do find the reports for the named recipient, and Wuxi did get an answer.
      const yz = readTokenFor('yangzhou', 'ANALYST', 'taizhou');
      const yzRead = await query(probes(ids[0]).read, yz, 'YZ-2026-0777');
      expect(yzRead.data!._entities[0].taizhou.intelligenceReport).toMatchObject({ id: ids[0], accessLevel: 'FULL', report: { body: expect.stringContaining(WORD) } });
      const yzCheck = await asNode('yangzhou', probes(ids[0]).check.replaceAll('OFFICER', officerArg('yangzhou', 'ANALYST', 'YZ-2026-0777')));
      expect(yzCheck.data!._entities[0].taizhou.checkIdentifiersOnBehalf.matches).toHaveLength(10);
      const yzBucket = await asNode('yangzhou', probes(ids[0]).bucket.replaceAll('OFFICER', officerArg('yangzhou', 'ANALYST', 'YZ-2026-0777')));
      expect(yzBucket.data!._entities[0].taizhou.identifierBucket[0].tokens).toContain(redToken);
      const yzFirst = await query(probes(ids[0]).firstOfPage, yz, 'YZ-2026-0777');
      expect(yzFirst.data!._entities[0].taizhou.searchIntelligence.results).toEqual([{ id: ids[9], accessLevel: 'FULL' }]);
      expect(after['ANALYST with purpose: firstOfPage']).toMatchObject({ data: { _entities: [{ taizhou: { searchIntelligence: { total: 1 } } }] } });
      expect(after['ANALYST with purpose: read']).toEqual({ status: 200, data: { _entities: [{ taizhou: { intelligenceReport: null } }] }, errors: [] });

      // The owner audits every attempt as it does for a report that does not exist: the reads with the level NONE,
      // the ones without a purpose as refused; nothing was disseminated to Wuxi.
      const audited: { outcome: string; access_level: string | null; n: number }[] = await node.db.query(
        `SELECT outcome, access_level, count(*)::int AS n FROM audit_entry WHERE action = 'intelligence.read' AND actor_city = 'wuxi' AND $1 = ANY(resource_ids) GROUP BY 1, 2 ORDER BY 1`,
        [ids[0]],
      );
      expect(audited).toEqual([
        { outcome: 'OK', access_level: 'NONE', n: 6 },
        { outcome: 'REFUSED', access_level: null, n: 6 },
      ]);
      expect(await node.db.query(`SELECT report_id FROM intelligence_dissemination WHERE recipient_city = 'wuxi' AND report_id = ANY($1)`, [[...ids, 'taizhou:demo-red']])).toEqual([]);
    }, 120_000);

    it('takes as long to answer for a RED report as for one that does not exist', async () => {
      const wuxi = readTokenFor('wuxi', 'ANALYST', 'taizhou');
      const time = async (id: string) => {
        const started = process.hrtime.bigint();
        const r = await query(probes(id).read, wuxi, 'WX-2026-0778');
        expect(r.data!._entities[0].taizhou.intelligenceReport).toBeNull();
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const [redMs, missingMs]: number[][] = [[], []];
      await time(MISSING);
      for (let i = 0; i < 30; i++) {
        redMs.push(await time('taizhou:demo-red'));
        missingMs.push(await time(MISSING));
      }
      // The same work on both paths (one lookup by id, one audit entry): the same timing class, within noise.
      expect(Math.abs(median(redMs) - median(missingMs))).toBeLessThan(Math.max(5, median(missingMs) * 0.5));
    }, 60_000);
  });

  it('links this city\'s reports that share an identifier, for its own officers only (as MISP correlates)', async () => {
    const phone = '+86 139-2222-3333';
    const a = (await createDraft({ title: 'Loan shark collectors', identifiers: [{ kind: 'PHONE', value: phone }] })).id;
    const b = (await createDraft({ title: 'Fake customer service line', identifiers: [{ kind: 'PHONE', value: '13922223333' }, { kind: 'VEHICLE_PLATE', value: '苏M55555' }] })).id;
    const c = (await createDraft({ title: 'Unrelated', identifiers: [{ kind: 'VEHICLE_PLATE', value: '苏M66666' }] })).id;
    const related = async (id: string, token = analyst()) => query(`{ relatedIntelligence(reportId: "${id}") { id title sharedIdentifiers { kind value } } }`, token);
    expect((await related(a)).data!._entities[0].taizhou.relatedIntelligence).toEqual([{ id: b, title: 'Fake customer service line', sharedIdentifiers: [{ kind: 'PHONE', value: '13922223333' }] }]);
    expect((await related(c)).data!._entities[0].taizhou.relatedIntelligence).toEqual([]);
    expect(errorCodes(await related(a, readTokenFor('wuxi', 'ANALYST', 'taizhou')))).toEqual(['HOME_NODE_ONLY']);
  });

  it('reviews: retain needs a reason and a date, purge removes the content and identifiers', async () => {
    const id = 'taizhou:demo-green';
    const noDate = await gql(node.url, 'mutation($id: ID!) { taizhou { reviewIntelligenceReport(id: $id, input: { decision: RETAIN, reason: "still relevant" }) { status } } }', { token: supervisor(), variables: { id } });
    expect(errorCodes(noDate)).toEqual(['BAD_USER_INPUT']);
    const purge = await gql(node.url, 'mutation($id: ID!) { taizhou { reviewIntelligenceReport(id: $id, input: { decision: PURGE, reason: "no longer needed" }) { status title body identifiers { value } } } }', { token: supervisor(), variables: { id } });
    expect(purge.data!.taizhou.reviewIntelligenceReport).toEqual({ status: 'PURGED', title: '[purged]', body: null, identifiers: [] });
  });

  it('purges reports past their review date with the scheduled expiry, audited as the system', async () => {
    const draft = await createDraft({ reviewDate: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10) });
    await mutate('submitIntelligenceReport(id: $id) { status }', analyst(), { id: draft.id });
    await mutate('approveIntelligenceReport(id: $id) { status }', supervisor(), { id: draft.id });
    await mutate('publishIntelligenceReport(id: $id) { status }', analyst(), { id: draft.id });
    const { IntelligenceService } = await import('./intelligence.service.js');
    const service = node.app.get(IntelligenceService);
    expect(await service.purgeOverdue()).not.toContain(draft.id);
    node.clock.advanceDays(6);
    expect(await service.purgeOverdue()).toContain(draft.id);
    const audit = await node.db.query(`SELECT actor_id, detail FROM audit_entry WHERE action = 'intelligence.purge' AND $1 = ANY(resource_ids)`, [draft.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe('taizhou:system');
    expect(await node.db.query('SELECT * FROM intelligence_identifier WHERE report_id = $1', [draft.id])).toEqual([]);
  });
});

/** The demo seed creates taizhou:demo-supervisor-2; a token for that second supervisor. */
function secondSupervisorToken(): string {
  return signOfficerToken(loadPrivateKey(testEnv.keysDir(), 'taizhou'), {
    city: 'taizhou',
    sub: 'taizhou:demo-supervisor-2',
    roles: ['SUPERVISOR'],
    name: 'Second supervisor',
    ttlSeconds: 600,
    scope: 'home',
  });
}

function signature(op: string): string {
  const vars: string[] = [];
  if (op.includes('$input')) vars.push('$input: IntelligenceReportInput!');
  if (op.includes('$id')) vars.push('$id: ID!');
  if (op.includes('$reason')) vars.push('$reason: String!');
  return vars.length ? `(${vars.join(', ')})` : '';
}
