import fc from 'fast-check';
import { buildASTSchema, type GraphQLInputType, type GraphQLSchema, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, parse } from 'graphql';
import { signAuditHead } from '@ypf/audit';
import { loadPrivateKey, signNodeToken } from '@ypf/auth';
import { citySubgraphTypeDefs } from '@ypf/contract';
import { batchHash, type Envelope, envelopeHash } from '@ypf/delivery';
import { CITY_CODES } from '@ypf/region';
import { homeTokenFor, testEnv } from '@ypf/testing';
import type { Permission } from '../auth/permissions.js';
import { startTestNode, type TestNode } from '../testing/test-node.js';
import { type CityOperation, cityOperations, declaredPermissions, type DeclaredResolver, introspectNode, minimalValue, operationDocument, probeId } from '../testing/schema-operations.js';

const CITY = 'nanjing';
const OTHER = 'wuxi';
/** Fixed, so that a failure is reproduced by running the file again; fast-check prints it with the counterexample. */
const SEED = 20261129;
const RUNS_PER_MUTATION = 25;

/** The schema as the contract writes it: the operation list is known when Jest collects the tests (one per mutation). */
const contractSchema: GraphQLSchema = buildASTSchema(parse(citySubgraphTypeDefs(CITY)), { assumeValidSDL: true });
const mutations = cityOperations(contractSchema).filter((op) => op.parent === 'CityMutation' && op.field.args.length > 0);

// --- values that are valid GraphQL but wrong for the domain, so that they reach the resolvers ---------------------
const HUGE = 'Ａ'.repeat(20_000);
const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m\r\n\t',
  '\u202egnp.exe',
  '\ud800',
  '😀'.repeat(500),
  HUGE,
  "'; DROP TABLE audit_entry; --",
  '%s%n%x',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'null',
  'undefined',
  '2026-13-45',
  '2026-02-30T25:61:00+08:00',
  '0000-00-00T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
  'yesterday',
  'NaN',
  '-1',
  '1e309',
  CITY,
  OTHER,
  'shanghai',
  'NANJING',
);
const oddIds = fc.constantFrom(
  probeId(CITY),
  probeId(OTHER),
  `${CITY}:`,
  `${CITY}:${'Z'.repeat(200)}`,
  ':',
  '',
  '01JAAAAAAAAAAAAAAAAAAAAAAA',
  '00000000-0000-0000-0000-000000000000',
  `${CITY}:1' OR '1'='1`,
  `${CITY}:\u0000`,
  `${CITY}:swat-1`,
);
const stringArb = (valid: unknown) => fc.oneof(fc.constant(valid), oddStrings, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 300 }));
const intArb = fc.oneof(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), fc.constantFrom(0, -1, 1, 2_147_483_647, -2_147_483_648, 10_001));
const floatArb = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, -1, 1e308, 5e-324));

/** Arbitrary values of a GraphQL input type: every value passes GraphQL's own coercion. */
function arbitraryOf(type: GraphQLInputType): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitraryOf(type.ofType);
  if (isListType(type)) {
    const item = arbitraryOf(type.ofType);
    return fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(item, { minLength: 1, maxLength: 4 }), weight: 6 }, { arbitrary: fc.array(item, { minLength: 60, maxLength: 120 }), weight: 1 });
  }
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.value as string));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((f) => [f.name, isNonNullType(f.type) ? arbitraryOf(f.type) : fc.option(arbitraryOf(f.type), { nil: null })]));
    return fc.record(model, { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) });
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return fc.oneof(oddIds, stringArb(probeId(CITY)));
      case 'Int':
        return intArb;
      case 'Float':
        return floatArb;
      case 'Boolean':
        return fc.boolean();
      default:
        return stringArb(minimalValue(type, CITY));
    }
  }
  throw new Error(`no arbitrary for ${String(type)}`);
}

function argumentsArbitrary(op: CityOperation): fc.Arbitrary<Record<string, unknown>> {
  const model = Object.fromEntries(op.field.args.map((a) => [a.name, isNonNullType(a.type) ? arbitraryOf(a.type) : fc.option(arbitraryOf(a.type), { nil: null })]));
  return fc.record(model, { requiredKeys: op.field.args.filter((a) => isNonNullType(a.type)).map((a) => a.name) });
}

/** A date `offset` days from today in China (YYYY-MM-DD). */
const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Valid arguments of the mutations that create things: random input alone rarely gets past the first check, so these
 * are fuzzed again with one field at a time replaced, which takes odd values all the way to the database.
 */
const VALID_ARGUMENTS: Record<string, () => Record<string, unknown>> = {
  createIntelligenceReport: () => ({
    input: {
      title: 'River port smuggling of protected species',
      summary: 'Containers relabelled at the river port.',
      body: 'Details of the relabelling scheme, with the broker named.',
      category: 'SMUGGLING',
      sourceReliability: 'B',
      informationCredibility: 2,
      tlp: 'AMBER',
      handlingConditions: ['PURPOSE_ONLY'],
      identifiers: [{ kind: 'PHONE', value: '+86 139-8888-7777' }],
      scope: 'REGION',
    },
  }),
  createAssistanceRequest: () => ({
    input: {
      kind: 'SPECIALIST_TEAM',
      title: 'Festival crowd security',
      description: 'Two K9 teams for the river-front festival, explosives search.',
      resourceType: 'K9',
      quantity: 2,
      location: 'River front',
      startsAt: `${day(20)}T08:00:00+08:00`,
      endsAt: `${day(20)}T20:00:00+08:00`,
      servesReference: 'NJ-EVENT-2026-12',
      priority: 'URGENT',
      targetCities: ['suzhou', 'wuxi'],
    },
  }),
  proposeWatchEntry: () => ({
    input: {
      category: 'WANTED_ARREST',
      legalBasis: '刑事诉讼法 第81条 (arrest)',
      decisionReference: 'NJ-ARREST-2026-0042',
      offence: 'DRUG_TRAFFICKING',
      riskLevel: 'HIGH',
      participatingCities: ['suzhou'],
      reviewDate: day(200),
      identifiers: [{ kind: 'PERSON_ID', value: '320102198001010016' }],
      description: 'Male, about 45, scar on the left hand.',
    },
  }),
  reportIncident: () => ({
    input: {
      title: 'Armed robbery of a gold shop',
      incidentType: 'PUBLIC_SECURITY',
      grade: 'II',
      location: 'Xinjiekou, Nanjing',
      affectedArea: 'Nanjing city centre',
      summary: 'Two armed suspects fled in a grey sedan.',
      commanderName: 'Deputy Director Chen',
      commanderContact: '025-8452-0110',
      invitedCities: ['wuxi'],
    },
  }),
  createWarningRule: () => ({
    input: {
      name: 'Theft and robbery, Nanjing, 24 h',
      category: 'THEFT_ROBBERY',
      scope: 'CITY',
      windowHours: 24,
      thresholds: { blue: 10, yellow: 20, orange: 30, red: 40 },
      minCount: 5,
      holdMinutes: 5,
      campaignCities: ['nanjing', 'zhenjiang'],
    },
  }),
  upsertCatalogueEntry: () => ({ input: { key: 'fuzz-k9', resourceType: 'K9', name: 'K9 team', count: 2, unit: 'team', contact: '025-8888-0000' } }),
  recordCaseCounts: () => ({ counts: [{ category: 'THEFT_ROBBERY', area: 'xuanwu', periodStart: '2026-11-28T00:00:00+08:00', count: 35 }] }),
  // A head of Wuxi's audit chain signed with Wuxi's key (sent with a Wuxi node token): a replaced field reaches the
  // sender, signature and chain checks, and the witness's store.
  receiveAuditHead: () => ({ head: signAuditHead(loadPrivateKey(testEnv.keysDir(), OTHER), { city: OTHER, seq: 7, hash: 'a1'.repeat(32), entries: 7, signedAt: new Date().toISOString() }) }),
};

/** The places one can replace in valid arguments: each argument, each field of an input object (first list item's). */
function replaceablePaths(op: CityOperation, args: Record<string, unknown>): { path: (string | number)[]; type: GraphQLInputType }[] {
  const unwrap = (t: GraphQLInputType): GraphQLInputType => (isNonNullType(t) ? t.ofType : t);
  return op.field.args.flatMap((arg) => {
    let type = unwrap(arg.type);
    const path: (string | number)[] = [arg.name];
    if (isListType(type) && Array.isArray(args[arg.name])) {
      type = unwrap(type.ofType);
      path.push(0);
    }
    if (!isInputObjectType(type)) return [{ path: [arg.name], type: arg.type }];
    return Object.values(type.getFields()).map((f) => ({ path: [...path, f.name], type: f.type }));
  });
}

function withReplaced(args: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  let at = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]] = value;
  return copy;
}

// --- what a clean answer looks like --------------------------------------------------------------------------------
/** Stack frames, file positions, SQL and driver messages: none may reach a client. */
const LEAKS = [/\n\s*at /, /\bat .+\.(js|ts):\d+/, /node_modules/, /QueryFailedError|TypeORMError|EntityNotFound/, /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b .*\b(FROM|SET|VALUES|WHERE)\b/, /violates .* constraint|duplicate key|invalid byte sequence|relation "|column "|syntax error at/i, /Cannot read propert|undefined is not|is not a function/];

interface Tally {
  data: number;
  codes: Record<string, number>;
}

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: unknown } }[] } | null;
  text: string;
}

async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Answer['body'], text };
  } catch {
    return { status: res.status, body: null, text };
  }
}

function uncleanness(a: Answer): string | null {
  if (a.status >= 500) return `HTTP ${a.status}: ${a.text.slice(0, 500)}`;
  if (!a.body) return a.status === 413 ? null : `HTTP ${a.status} without a JSON body: ${a.text.slice(0, 300)}`;
  for (const e of a.body.errors ?? []) {
    const code = e.extensions?.code;
    if (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR') return `error without a domain code (${String(code)}): ${e.message}`;
    const leak = LEAKS.find((re) => re.test(e.message));
    if (leak) return `error message leaks internals (${leak}): ${e.message.slice(0, 500)}`;
    if ('stacktrace' in (e.extensions ?? {}) || 'exception' in (e.extensions ?? {})) return `error carries a stack trace: ${JSON.stringify(e.extensions).slice(0, 300)}`;
  }
  return null;
}

/**
 * Every mutation of the schema with random arguments (valid GraphQL, wrong for the domain: odd unicode, control
 * characters, huge strings, out-of-range numbers, empty and long lists, impossible dates, ids of the wrong shape), sent
 * by a caller the mutation admits, against one real node: every answer is a clean coded error or data, never a 500 or a
 * stack trace, and a call that failed left every table as it was (refusals may only add DENIED/REFUSED audit entries).
 */
describe('input fuzzing of every mutation', () => {
  let node: TestNode;
  let declared: Map<string, DeclaredResolver>;
  let tables: string[];

  const counts = async (): Promise<Record<string, number>> => {
    const rows: { t: string; n: string }[] = await node.db.query(tables.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM "${t}"`).join(' UNION ALL '));
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  };
  const lastAuditId = async () => Number((await node.db.query<{ id: string }[]>('SELECT coalesce(max(seq), 0) AS id FROM audit_entry'))[0].id);

  /** Headers of a caller the mutation admits: a home token of its first role, a node token for node-only ones. */
  const callerFor = (op: CityOperation, permission: Permission, args: Record<string, unknown>): Record<string, string> => {
    if (permission.kind === 'public') return {};
    if (permission.kind === 'node' && op.name === 'receiveAuditHead') {
      // From the city the head claims to be of when that is a peer, so the call gets past the sender check too.
      const city = (args.head as { city?: unknown } | null)?.city;
      const source = typeof city === 'string' && CITY_CODES.includes(city) && city !== CITY ? city : OTHER;
      return { 'x-ypf-node-token': signNodeToken(loadPrivateKey(testEnv.keysDir(), source), source, CITY, 30) };
    }
    if (permission.kind === 'node') {
      // Signed for exactly these envelopes (the ph claim), so the call gets past the token to the envelope checks.
      const envelopes = (op.name === 'deliverMessages' ? args.envelopes : [args.envelope]) as Envelope[];
      const hash = op.name === 'deliverMessages' ? batchHash(envelopes) : envelopeHash(envelopes[0]);
      // Signed by the city the envelopes claim to come from when that is a peer, so the source check passes too.
      const source = envelopes[0] && CITY_CODES.includes(envelopes[0].source) && envelopes[0].source !== CITY ? envelopes[0].source : OTHER;
      return { 'x-ypf-node-token': signNodeToken(loadPrivateKey(testEnv.keysDir(), source), source, CITY, 30, hash) };
    }
    const role = permission.roles === 'ANY' ? 'ANALYST' : permission.roles[0];
    return { authorization: `Bearer ${homeTokenFor(CITY, role)}` };
  };

  /** One call: a clean answer, and when it failed, every table as it was (refusals may add DENIED/REFUSED audit rows). */
  const callCleanly = async (op: CityOperation, permission: Permission, query: string, args: Record<string, unknown>, tally: Tally) => {
    const name = op.name;
    const before = await counts();
    const auditBefore = await lastAuditId();
    const answer = await post(node.url, query, args, callerFor(op, permission, args));
    const unclean = uncleanness(answer);
    if (unclean) throw new Error(`${name}: ${unclean}`);
    const errors = answer.body?.errors ?? [];
    for (const e of errors) tally.codes[String(e.extensions?.code)] = (tally.codes[String(e.extensions?.code)] ?? 0) + 1;
    if (!errors.length && answer.body) tally.data++;
    if (errors.length === 0 && answer.status < 400) return;
    const after = await counts();
    // audit_head: the node's own signed chain heads, written by its publisher after any audit entry (a refusal's too).
    // login_throttle: a failed login is counted, by design (it is what throttles the next ones).
    const kept = new Set(['audit_entry', 'seen_node_token', 'audit_head', 'login_throttle']);
    const changed = tables.filter((t) => !kept.has(t) && after[t] !== before[t]).map((t) => `${t} ${before[t]} → ${after[t]}`);
    if (changed.length) throw new Error(`${name} failed (${errors.map((e) => e.extensions?.code).join(',')}) but changed ${changed.join(', ')}`);
    const audited: { action: string; outcome: string }[] = await node.db.query('SELECT action, outcome FROM audit_entry WHERE seq > $1', [auditBefore]);
    const done = audited.filter((a) => a.outcome === 'OK');
    if (done.length) throw new Error(`${name} failed but audited as done: ${done.map((a) => a.action).join(', ')}`);
  };

  beforeAll(async () => {
    // Background sweeps and evaluations stay out of the way: only the fuzzed calls change the tables.
    node = await startTestNode(CITY, {
      env: { WARNING_EVAL_MS: '86400000', DELIVERY_SWEEP_MS: '3600000', DELIVERY_BACKOFF_MS: '600000', SLA_SWEEP_MS: '3600000', WATCH_SWEEP_MS: '86400000', EXPIRY_SWEEP_MS: '86400000', OVERSIGHT_SCAN_MS: '86400000' },
    });
    declared = declaredPermissions(node.app);
    const rows: { table_name: string }[] = await node.db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    tables = rows.map((r) => r.table_name);
  }, 60_000);
  afterAll(async () => node?.close(), 60_000);

  it('fuzzes the mutations the node serves (the contract and the served schema list the same ones)', async () => {
    const served = cityOperations(await introspectNode(node.url)).filter((op) => op.parent === 'CityMutation' && op.field.args.length > 0);
    expect(served.map((op) => op.name).sort()).toEqual(mutations.map((op) => op.name).sort());
    expect(tables.length).toBeGreaterThan(10);
  });

  it('refuses text with U+0000 as input (PostgreSQL cannot store it), after the permission check', async () => {
    const query = `mutation($id: ID!) { ${CITY} { approveWatchEntry(id: $id) { id } } }`;
    const supervisor = await post(node.url, query, { id: `${CITY}:\u0000` }, { authorization: `Bearer ${homeTokenFor(CITY, 'SUPERVISOR')}` });
    expect(supervisor.body?.errors?.map((e) => [e.extensions?.code, (e.extensions as { field?: string }).field])).toEqual([['BAD_USER_INPUT', 'id']]);
    const analyst = await post(node.url, query, { id: `${CITY}:\u0000` }, { authorization: `Bearer ${homeTokenFor(CITY, 'ANALYST')}` });
    expect(analyst.body?.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it.each([
    ['a type without @key (CityNode)', [{ __typename: 'CityNode' }], 'representations[0]: "CityNode" is not an entity of this subgraph'],
    ['the mutation type (CityMutation)', [{ __typename: 'CityMutation', code: CITY }], 'representations[0]: "CityMutation" is not an entity'],
    ['a root type (Query)', [{ __typename: 'Query' }], 'representations[0]: "Query" is not an entity'],
    ['an enum (AccessLevel)', [{ __typename: 'AccessLevel' }], 'representations[0]: "AccessLevel" is not an entity'],
    ['a type that does not exist', [{ __typename: 'NoSuchType', id: 'x' }], 'representations[0]: "NoSuchType" is not an entity'],
    ['no __typename', [{ id: 'yangtze-jiangsu' }], 'representations[0]: has no __typename'],
    ['a bad one after a good one', [{ __typename: 'Region', id: 'yangtze-jiangsu' }, { __typename: 'CityNode' }], 'representations[1]: "CityNode" is not an entity'],
  ])('answers _entities with %s as a coded client error naming the types it resolves, no stack', async (_name, representations, message) => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { id } } }`;
    for (const headers of [{}, { authorization: `Bearer ${homeTokenFor(CITY, 'ANALYST')}` }] as Record<string, string>[]) {
      const answer = await post(node.url, query, { r: representations }, headers);
      expect(uncleanness(answer)).toBeNull();
      expect(answer.status).toBe(200);
      expect(answer.body?.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(answer.body!.errors![0].message).toContain(message);
      expect(answer.body!.errors![0].message).toContain('_entities resolves only Region');
    }
    // ... and inline, as a client would write it without variables.
    const inline = await post(node.url, '{ _entities(representations: [{ __typename: "CityNode" }]) { __typename } }', {}, {});
    expect(inline.body?.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    // The Region still resolves.
    const region = await post(node.url, query, { r: [{ __typename: 'Region', id: 'yangtze-jiangsu' }] }, {});
    expect(region.body).toEqual({ data: { _entities: [{ id: 'yangtze-jiangsu' }] } });
  });

  const outcomes: Record<string, Tally> = {};
  afterAll(() => {
    const lines = Object.entries(outcomes).map(([name, o]) => `${name}: ${o.data} data, ${Object.entries(o.codes).map(([c, n]) => `${c} ${n}`).join(', ')}`);
    console.log(`input fuzzing at ${CITY} (seed ${SEED}): ${mutations.length} mutations × ${RUNS_PER_MUTATION} random inputs, ${Object.keys(VALID_ARGUMENTS).length} of them also × ${RUNS_PER_MUTATION * 2} valid inputs with one field replaced\n  ${lines.join('\n  ')}`);
  });

  it.each(mutations.map((op) => [op.name, op] as const))('%s answers random input cleanly and never writes half', async (name, op) => {
    const permission = declared.get(op.key)?.permission;
    if (!permission) throw new Error(`${op.key} declares no permission (see the authorization matrix)`);
    const query = operationDocument(CITY, op, op.field.args);
    const tally = (outcomes[name] = { data: 0, codes: {} });
    await fc.assert(
      fc.asyncProperty(argumentsArbitrary(op), (args) => callCleanly(op, permission, query, args, tally)),
      { seed: SEED, numRuns: RUNS_PER_MUTATION, endOnFailure: true },
    );
  }, 120_000);
  const templated = mutations.filter((op) => VALID_ARGUMENTS[op.name]);
  it.each(templated.map((op) => [op.name, op] as const))('%s with valid input but one field replaced answers cleanly and never writes half', async (name, op) => {
    const permission = declared.get(op.key)!.permission!;
    const query = operationDocument(CITY, op, op.field.args);
    const valid = VALID_ARGUMENTS[name]();
    // The template itself must succeed, or replacing one field would test nothing beyond the first check.
    const tally: Tally = (outcomes[`${name} (one field)`] = { data: 0, codes: {} });
    await callCleanly(op, permission, query, valid, tally);
    expect(tally).toEqual({ data: 1, codes: {} });
    const replacement = fc.constantFrom(...replaceablePaths(op, valid)).chain(({ path, type }) =>
      (isNonNullType(type) ? arbitraryOf(type) : fc.option(arbitraryOf(type), { nil: null })).map((value) => ({ path, value })),
    );
    await fc.assert(
      fc.asyncProperty(replacement, ({ path, value }) => callCleanly(op, permission, query, withReplaced(VALID_ARGUMENTS[name](), path, value), tally)),
      { seed: SEED, numRuns: RUNS_PER_MUTATION * 2, endOnFailure: true },
    );
  }, 120_000);
});
