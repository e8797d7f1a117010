import { serverAudits, type AuditResult } from 'graphql-http';
import { testEnv } from '@ypf/testing';

/**
 * GraphQL over HTTP conformance (graphql-http's server audits) at the gateway and at one city node. Every MUST audit
 * passes; the SHOULD/MAY audits that do not are listed here with the reason, so that a change either way shows.
 */
const CITY = 'nanjing';

/** Apollo Server's published figure, the bar to match or beat. */
const APOLLO_SERVER_PASSED = 54;

/**
 * The SHOULD/MAY audits that do not pass, at the gateway and at the nodes alike (both are Apollo Server), with the status
 * they get and why. Any other audit must pass; a MUST audit always.
 */
const EXPECTED_MISSES: Record<string, { status: number; body: RegExp; why: string }> = {
  // Apollo's CSRF prevention: a GET without a content-type or a preflight header (Apollo-Require-Preflight) is refused.
  '5A70': { status: 400, body: /CSRF/, why: 'CSRF prevention refuses a simple GET' },
  D6D5: { status: 400, body: /CSRF/, why: 'CSRF prevention refuses a simple GET' },
  '6A70': { status: 400, body: /CSRF/, why: 'CSRF prevention refuses a simple GET' },
  // Apollo answers request errors with 400 whatever the accepted media type. (The audits' own documents: FDE2's
  // `{ 8f31… }` does not parse, and 7B9B's operation never uses its variable, so it fails validation.)
  '572B': { status: 400, body: /GRAPHQL_PARSE_FAILED/, why: 'a parse error is 400 for application/json too' },
  FDE2: { status: 400, body: /GRAPHQL_PARSE_FAILED/, why: 'a parse error is 400 for application/json too' },
  '7B9B': { status: 400, body: /GRAPHQL_VALIDATION_FAILED/, why: 'a validation error is 400 for application/json too' },
};

const targets = [
  { name: 'gateway', url: () => testEnv.gatewayUrl() },
  { name: `city node (${CITY})`, url: () => testEnv.cityUrls()[CITY] },
];

describe.each(targets)('GraphQL over HTTP audits: $name', (target) => {
  const audits = serverAudits({ url: () => target.url() });
  const results: AuditResult[] = [];

  afterAll(() => {
    const passed = results.filter((r) => r.status === 'ok').length;
    const rows = results.map((r) =>
      r.status === 'ok' ? `  pass    ${r.id}  ${r.name}` : `  ${r.status.padEnd(6)}  ${r.id}  ${r.name}\n          ${r.reason} (${r.response.status}: ${EXPECTED_MISSES[r.id]?.why ?? 'unexpected'})`,
    );
    // A table in the test output: what passed, what did not and why.
    process.stdout.write(`\ngraphql-http audits at the ${target.name}: ${passed}/${results.length} passed\n${rows.join('\n')}\n`);
  });

  it('has the full list of audits: 13 MUST, 23 SHOULD, 25 MAY', () => {
    const levels = audits.map((a) => a.name.split(' ')[0]);
    expect(['MUST', 'SHOULD', 'MAY'].map((l) => levels.filter((x) => x === l).length)).toEqual([13, 23, 25]);
    expect(Object.keys(EXPECTED_MISSES).every((id) => audits.some((a) => a.id === id && !a.name.startsWith('MUST')))).toBe(true);
  });

  it.each(audits.map((a) => [`${a.id} ${a.name}`, a] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    results.push(result);
    const expected = EXPECTED_MISSES[audit.id];
    if (result.status === 'ok') {
      expect(expected).toBeUndefined();
      return;
    }
    const body = await result.response.text().catch(() => '');
    // Not passing, exactly as known: the same status, and never a stack trace in the answer.
    expect({ id: audit.id, status: result.response.status }).toEqual({ id: audit.id, status: expected?.status ?? 'audit should pass' });
    expect(body).toMatch(expected!.body);
    expect(body).not.toMatch(/stacktrace|\bat \S+ \(/);
  });

  it(`passes ${61 - Object.keys(EXPECTED_MISSES).length} of 61, every MUST (Apollo Server: ${APOLLO_SERVER_PASSED} of 60)`, () => {
    expect(results).toHaveLength(61);
    expect(results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok')).toEqual([]);
    const passed = results.filter((r) => r.status === 'ok').length;
    expect(passed).toBe(61 - Object.keys(EXPECTED_MISSES).length);
    expect(passed).toBeGreaterThanOrEqual(APOLLO_SERVER_PASSED);
  });
});
