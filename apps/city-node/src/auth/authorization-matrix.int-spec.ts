import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, type Role } from '@ypf/auth';
import { findRepoRoot } from '@ypf/region-runner';
import { gql, homeTokenFor, readTokenFor, tokenFor, type GqlResponse } from '@ypf/testing';
import { DEMO_PASSWORD } from '../modules/seed/demo-data.js';
import { startTestNode, type TestNode } from '../testing/test-node.js';
import {
  type CityOperation,
  cityOperations,
  declaredPermissions,
  type DeclaredResolver,
  introspectNode,
  minimalValue,
  operationDocument,
  requiredArgs,
} from '../testing/schema-operations.js';
import { type Permission, PERMISSION_KEY } from './permissions.js';

const CITY = 'nanjing';
const OTHER = 'wuxi';
const THIRD = 'suzhou';
/** What the gate answers when it refuses; any other outcome (data, a domain or input error) passed the gate. */
const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'HOME_NODE_ONLY', 'HOME_TOKEN_REQUIRED']);
/** Arguments that must be real for a public operation to get past its own checks (a wrong password is refused too). */
const ARG_OVERRIDES: Record<string, Record<string, unknown>> = {
  'CityMutation.login': { username: `${CITY}.analyst`, password: DEMO_PASSWORD },
};
const CONCURRENCY = 4;

type Audience = 'anonymous' | 'home' | 'own-read' | 'own-session' | 'other-city' | 'other-city-elsewhere' | 'officer-as-node';
interface Caller {
  label: string;
  role: Role | null;
  audience: Audience;
  headers: Record<string, string>;
}
type Outcome = 'pass' | 'refuse';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const CALLERS: Caller[] = [
  { label: 'no token', role: null, audience: 'anonymous', headers: {} },
  ...ROLES.flatMap((role): Caller[] => [
    { label: `${CITY} ${role} (home token)`, role, audience: 'home', headers: bearer(homeTokenFor(CITY, role)) },
    { label: `${CITY} ${role} (read token for ${CITY})`, role, audience: 'own-read', headers: bearer(readTokenFor(CITY, role, CITY)) },
    { label: `${CITY} ${role} (session token)`, role, audience: 'own-session', headers: bearer(tokenFor(CITY, role)) },
    { label: `${OTHER} ${role} (read token for ${CITY})`, role, audience: 'other-city', headers: { ...bearer(readTokenFor(OTHER, role, CITY)), 'x-purpose': 'MATRIX-2026-0001' } },
    // What a compromised node replays: a token another city's officer sent it, good at that node only.
    { label: `${OTHER} ${role} (read token for ${THIRD}, replayed here)`, role, audience: 'other-city-elsewhere', headers: { ...bearer(readTokenFor(OTHER, role, THIRD)), 'x-purpose': 'MATRIX-2026-0001' } },
  ]),
];
/** Node-only operations are also called with officer tokens where the node token belongs. */
const OFFICERS_AS_NODES: Caller[] = [
  { label: `${CITY} ADMIN home token as node token`, role: null, audience: 'officer-as-node', headers: { 'x-ypf-node-token': homeTokenFor(CITY, 'ADMIN') } },
  { label: `${OTHER} ADMIN token as node token`, role: null, audience: 'officer-as-node', headers: { 'x-ypf-node-token': tokenFor(OTHER, 'ADMIN') } },
];

/** What the declaration allows; the guard's own rules restated from DESIGN 3.2, not read from the guard. */
function expectedOutcome(permission: Permission, caller: Caller): Outcome {
  switch (permission.kind) {
    case 'public':
      return 'pass';
    case 'node':
      return 'refuse';
    case 'officer': {
      if (!caller.role || caller.audience === 'officer-as-node') return 'refuse';
      // A session token is exchanged, never presented; a read token is good at the one node it names.
      if (caller.audience === 'own-session' || caller.audience === 'other-city-elsewhere') return 'refuse';
      if (permission.roles !== 'ANY' && !permission.roles.includes(caller.role)) return 'refuse';
      if (permission.homeOnly && caller.audience === 'other-city') return 'refuse';
      // Home-only operations, reads as much as writes, need the home token.
      if (permission.homeOnly && caller.audience === 'own-read') return 'refuse';
      return 'pass';
    }
  }
}

const describePermission = (p: Permission) =>
  p.kind === 'officer' ? `${p.homeOnly ? '@AllowHome' : '@Allow'}(${p.roles === 'ANY' ? 'ANY' : p.roles.join(',')})` : p.kind === 'public' ? '@Public' : '@NodeOnly';

async function inPool<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Every operation of the schema × every role × own city (home, read and session token) / another city (a read token for
 * this node, and one for another node replayed here), plus no token, against
 * one real node: the outcome at the gate must be exactly what the resolver's declaration allows. The operation list comes
 * from the served schema and the permissions from the resolver classes, so a new operation is covered without editing
 * this file, and one without a declaration fails it.
 */
describe('authorization matrix (schema operations × roles × cities)', () => {
  let node: TestNode;
  let operations: CityOperation[];
  let declared: Map<string, DeclaredResolver>;

  beforeAll(async () => {
    node = await startTestNode(CITY);
    operations = cityOperations(await introspectNode(node.url));
    declared = declaredPermissions(node.app);
  }, 60_000);
  afterAll(async () => node?.close(), 60_000);

  it('finds a resolver declaring a permission for every CityNode and CityMutation field (deny by default)', () => {
    expect(operations.length).toBeGreaterThan(50);
    const undeclared = operations.filter((op) => !declared.get(op.key)?.permission).map((op) => (declared.has(op.key) ? `${op.key} (resolver declares nothing)` : `${op.key} (no resolver)`));
    expect(undeclared).toEqual([]);
    // A resolver for a field the schema does not have would be dead code or a typo that leaves the real field undeclared.
    const unknown = [...declared.keys()].filter((key) => !operations.some((op) => op.key === key));
    expect(unknown).toEqual([]);
  });

  it('matches the committed matrix (docs/authorization-matrix.md), so a changed declaration shows in review', () => {
    const cell = (p: Permission | undefined, role: Role) => {
      if (!p) return '?';
      if (p.kind === 'public') return 'public';
      if (p.kind === 'node') return '—';
      if (p.roles !== 'ANY' && !p.roles.includes(role)) return '—';
      return p.homeOnly ? 'home' : 'yes';
    };
    const rows = [...operations]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((op) => {
        const p = declared.get(op.key)?.permission;
        return `| \`${op.key}\` | ${p ? describePermission(p) : 'undeclared'} | ${ROLES.map((r) => cell(p, r)).join(' | ')} |`;
      });
    const text = [
      '# Authorization matrix of a city node',
      '',
      'Generated by `apps/city-node/src/auth/authorization-matrix.int-spec.ts` from the resolvers\' declarations; the test',
      'fails when they differ from this file. After changing an `@Allow`, run',
      '`YPF_WRITE_MATRIX=1 npm test -- --testPathPatterns authorization-matrix` and commit the result with the change.',
      '',
      '`home`: with the home token at the officer\'s own node only; `yes`: also with a read token from another city',
      '(under that city\'s policy, with a purpose); `public`: anyone; `—`: refused (node-only operations take a node token).',
      '',
      `| Operation | Declared | ${ROLES.join(' | ')} |`,
      `|---|---|${ROLES.map(() => '---').join('|')}|`,
      ...rows,
      '',
    ].join('\n');
    const file = join(findRepoRoot(process.cwd()), 'docs', 'authorization-matrix.md');
    if (process.env.YPF_WRITE_MATRIX === '1') writeFileSync(file, text);
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '(missing)';
    if (committed !== text) {
      throw new Error(`docs/authorization-matrix.md differs from the declarations: run \`YPF_WRITE_MATRIX=1 npm test -- --testPathPatterns authorization-matrix\` and review the diff.\n${text}`);
    }
  });

  it('keeps every write at the home node: each CityMutation field is @AllowHome, @Public or @NodeOnly', () => {
    const writableFromElsewhere = operations
      .filter((op) => op.parent === 'CityMutation')
      .filter((op) => {
        const p = declared.get(op.key)?.permission;
        return p?.kind === 'officer' && !p.homeOnly;
      })
      .map((op) => op.key);
    expect(writableFromElsewhere).toEqual([]);
  });

  /** Calls every operation in `ops` as every caller and sorts the outcomes against the declarations in `declared`. */
  async function runMatrix(ops: CityOperation[]) {
    const probes = ops.flatMap((op) => {
      const permission = declared.get(op.key)?.permission;
      if (!permission) return []; // reported by the first test
      const args = requiredArgs(op.field);
      const variables = { ...Object.fromEntries(args.map((a) => [a.name, minimalValue(a.type, CITY)])), ...(ARG_OVERRIDES[op.key] ?? {}) };
      const query = operationDocument(CITY, op, args);
      const callers = permission.kind === 'node' ? [...CALLERS, ...OFFICERS_AS_NODES] : CALLERS;
      return callers.map((caller) => ({ op, permission, caller, query, variables, expected: expectedOutcome(permission, caller) }));
    });
    const unauthorised: string[] = [];
    const wronglyRefused: string[] = [];
    const unclean: string[] = [];
    const outcomes = await inPool(probes, CONCURRENCY, async (p) => {
      const r: GqlResponse = await gql(node.url, p.query, { headers: p.caller.headers, variables: p.variables });
      const where = `${p.op.key} ${describePermission(p.permission)} as ${p.caller.label}`;
      // An error without a path means the probe itself was not valid GraphQL: a bug in this test, not in the node.
      const requestErrors = (r.errors ?? []).filter((e) => !e.path);
      if (requestErrors.length) throw new Error(`${where}: the probe was refused as a request: ${JSON.stringify(requestErrors)}`);
      const codes = (r.errors ?? []).map((e) => e.extensions?.code);
      if (r.status >= 500 || codes.some((c) => typeof c !== 'string' || c === 'INTERNAL_SERVER_ERROR')) {
        unclean.push(`${where}: HTTP ${r.status} ${JSON.stringify(r.errors)}`);
      }
      const actual: Outcome = codes.some((c) => REFUSALS.has(String(c))) ? 'refuse' : 'pass';
      if (p.expected === 'refuse' && actual === 'pass') unauthorised.push(`${where}: passed (${codes.join(',') || 'data'})`);
      if (p.expected === 'pass' && actual === 'refuse') wronglyRefused.push(`${where}: refused (${codes.join(',')})`);
      return { ...p, actual };
    });
    return { outcomes, unauthorised, wronglyRefused, unclean };
  }

  it('lets through exactly the combinations each declaration allows: zero unauthorised successes, every allowed one passes', async () => {
    const { outcomes, unauthorised, wronglyRefused, unclean } = await runMatrix(operations);

    const reads = operations.filter((op) => op.parent === 'CityNode').length;
    const writes = operations.length - reads;
    const allowed = outcomes.filter((o) => o.actual === 'pass').length;
    const byKind = Object.entries(
      operations.reduce<Record<string, number>>((acc, op) => {
        const p = declared.get(op.key)?.permission;
        const k = p ? (p.kind === 'officer' ? (p.homeOnly ? 'AllowHome' : 'Allow') : p.kind) : 'undeclared';
        acc[k] = (acc[k] ?? 0) + 1;
        return acc;
      }, {}),
    )
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const perRole = ROLES.map((role) => `${role} ${outcomes.filter((o) => o.caller.role === role && o.caller.audience === 'home' && o.actual === 'pass').length}`).join(', ');
    console.log(
      [
        `authorization matrix at ${CITY}: ${operations.length} operations (${reads} reads via _entities, ${writes} writes; ${byKind})`,
        `  × ${CALLERS.length} callers (no token; ${ROLES.length} roles × home, read and session token, ${OTHER} read token for ${CITY} and for ${THIRD}) + ${OFFICERS_AS_NODES.length} officer-as-node callers on node-only fields`,
        `  = ${outcomes.length} calls: ${allowed} passed the gate, ${outcomes.length - allowed} refused; unauthorised successes ${unauthorised.length}, wrongly refused ${wronglyRefused.length}, unclean ${unclean.length}`,
        `  operations open to each role with its home token: ${perRole}`,
      ].join('\n'),
    );

    expect(unauthorised).toEqual([]);
    expect(wronglyRefused).toEqual([]);
    expect(unclean).toEqual([]);
    // The matrix is not vacuous: both outcomes occur for officers, and anonymous callers reach only public operations.
    expect(outcomes.some((o) => o.caller.role && o.actual === 'pass')).toBe(true);
    expect(outcomes.some((o) => o.caller.role && o.actual === 'refuse')).toBe(true);
    expect(outcomes.filter((o) => o.caller.audience === 'anonymous' && o.actual === 'pass').every((o) => o.permission.kind === 'public')).toBe(true);
  }, 300_000);

  it('notices a gate that lets through more than the resolver declares (the matrix can fail)', async () => {
    // Loosen one write's metadata in this process only, after the declarations were read: the guard now lets every
    // officer of every city through, while the matrix still expects the declared @AllowHome.
    const op = operations.find((o) => o.key === 'CityMutation.approveWatchEntry')!;
    const { handler } = declared.get(op.key)!;
    const original = Reflect.getMetadata(PERMISSION_KEY, handler) as Permission;
    Reflect.defineMetadata(PERMISSION_KEY, { kind: 'officer', roles: 'ANY', homeOnly: false } satisfies Permission, handler);
    try {
      const { unauthorised } = await runMatrix([op]);
      // Every role but SUPERVISOR at home, and every role from Wuxi or with a read token for this node, now gets past
      // the gate (session tokens and tokens for another node are still refused by token verification).
      expect(unauthorised.length).toBe(ROLES.length * 3 - 1);
      expect(unauthorised.some((u) => u.includes(`${OTHER} ANALYST`))).toBe(true);
    } finally {
      Reflect.defineMetadata(PERMISSION_KEY, original, handler);
    }
    expect((await runMatrix([op])).unauthorised).toEqual([]);
  });
});
