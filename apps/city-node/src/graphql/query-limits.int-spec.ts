import { DEFAULT_GATEWAY_GRAPHQL_LIMITS, DEFAULT_NODE_GRAPHQL_LIMITS } from '@ypf/common';
import {
  errorCodes,
  expectAccepted,
  expectRefused,
  gql,
  queryOfCost,
  queryOfDepth,
  queryOfTokens,
  queryWithAliases,
  queryWithDirectives,
  readTokenFor,
  viaRegionEntity,
} from '@ypf/testing';
import { startTestNode, type TestNode } from '../testing/test-node.js';

const limits = DEFAULT_NODE_GRAPHQL_LIMITS;

/** A node is reachable directly, not only through the gateway: it enforces the same limits, each tested at its boundary. */
describe('GraphQL limits at a node', () => {
  let node: TestNode;
  const token = readTokenFor('taizhou', 'ANALYST', 'taizhou');
  const ask = (query: string) => gql(node.url, query, { token });

  beforeAll(async () => {
    node = await startTestNode('taizhou', { demoSeed: false });
  });
  afterAll(async () => node?.close());

  it('accepts at least what the gateway lets through (plus the planner\'s _entities wrapper)', () => {
    for (const key of Object.keys(limits) as (keyof typeof limits)[]) expect(limits[key]).toBeGreaterThanOrEqual(DEFAULT_GATEWAY_GRAPHQL_LIMITS[key]);
  });

  it(`depth: ${limits.maxDepth} passes, ${limits.maxDepth + 1} is QUERY_TOO_DEEP`, async () => {
    expectAccepted(await ask(queryOfDepth(limits.maxDepth)));
    expectRefused(await ask(queryOfDepth(limits.maxDepth + 1)), 'QUERY_TOO_DEEP', limits.maxDepth, limits.maxDepth + 1);
  });

  it(`aliases: ${limits.maxAliases} pass, ${limits.maxAliases + 1} are TOO_MANY_ALIASES`, async () => {
    const ok = await ask(queryWithAliases('node', 'taizhou', limits.maxAliases));
    expectAccepted(ok);
    expect(Object.keys((ok.data as any)._entities[0].taizhou)).toHaveLength(limits.maxAliases);
    expectRefused(await ask(queryWithAliases('node', 'taizhou', limits.maxAliases + 1)), 'TOO_MANY_ALIASES', limits.maxAliases, limits.maxAliases + 1);
  });

  it(`cost: ${limits.maxCost} passes, ${limits.maxCost + 1} is QUERY_TOO_COSTLY`, async () => {
    expectAccepted(await ask(queryOfCost('node', 'taizhou', limits.maxCost)));
    expectRefused(await ask(queryOfCost('node', 'taizhou', limits.maxCost + 1)), 'QUERY_TOO_COSTLY', limits.maxCost, limits.maxCost + 1);
  });

  it('refuses thousands of copies of one field (graphql-js gives up validating them) as QUERY_TOO_COSTLY', async () => {
    const r = await ask(`{ ${'__typename '.repeat(1500)}}`);
    expect(r.status).toBe(400);
    expect(errorCodes(r)).toEqual(['QUERY_TOO_COSTLY']);
    expect(r.errors![0].message).toMatch(/too many copies/);
  });

  it(`tokens: ${limits.maxTokens} pass, ${limits.maxTokens + 1} are TOO_MANY_TOKENS`, async () => {
    expectAccepted(await ask(queryOfTokens(limits.maxTokens)));
    expectRefused(await ask(queryOfTokens(limits.maxTokens + 1)), 'TOO_MANY_TOKENS', limits.maxTokens);
    // A huge document costs no more than the limit: the parser stops there.
    expectRefused(await ask(queryOfTokens(200_000)), 'TOO_MANY_TOKENS', limits.maxTokens);
  });

  it(`directives: ${limits.maxDirectives} pass, ${limits.maxDirectives + 1} are TOO_MANY_DIRECTIVES`, async () => {
    expectAccepted(await ask(queryWithDirectives('node', 'taizhou', limits.maxDirectives)));
    expectRefused(
      await ask(queryWithDirectives('node', 'taizhou', limits.maxDirectives + 1)),
      'TOO_MANY_DIRECTIVES',
      limits.maxDirectives,
      limits.maxDirectives + 1,
    );
  });

  it('refuses a batched request (a JSON array of operations) with 400: one operation per request', async () => {
    const res = await fetch(node.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
    expect(body.errors[0].message).toMatch(/batching disabled/i);
  });

  it('outside production, errors do suggest field names (the control for the production test below)', async () => {
    const r = await ask(viaRegionEntity('taizhou', '{ searchIntelligenc { total } }'));
    expect(JSON.stringify(r.errors)).toMatch(/Did you mean/);
  });

  it('takes its limits from the environment (GRAPHQL_MAX_*); the deepest real path fits depth 7, fragments adding no level', async () => {
    const small = await startTestNode('taizhou', { demoSeed: false, env: { GRAPHQL_MAX_DEPTH: '7', GRAPHQL_MAX_ALIASES: '2' } });
    const askSmall = (query: string) => gql(small.url, query, { token });
    try {
      expectAccepted(await askSmall(queryOfDepth(7)));
      expectRefused(await askSmall(queryOfDepth(8)), 'QUERY_TOO_DEEP', 7, 8);
      // The schema's deepest real path is 7 levels; the planner's _entities wrapper and fragments add none.
      const deepest = '{ searchIntelligence { results { report { grading { sourceReliability } } } } }';
      expectAccepted(await askSmall(viaRegionEntity('taizhou', deepest)));
      const viaFragments = `{ ...A } fragment A on Query { _entities(representations: [{ __typename: "Region", id: "yangtze-jiangsu" }]) { ...B } } fragment B on Region { taizhou ${deepest} }`;
      expectAccepted(await askSmall(viaFragments));
      expectAccepted(await askSmall(queryWithAliases('node', 'taizhou', 2)));
      expectRefused(await askSmall(queryWithAliases('node', 'taizhou', 3)), 'TOO_MANY_ALIASES', 2, 3);
    } finally {
      await small.close();
    }
  });
});

/** NODE_ENV=production: the schema is not given away, neither by introspection nor by "Did you mean" suggestions. */
describe('a node in production mode', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode('taizhou', { demoSeed: false, env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => node?.close());

  it('refuses introspection', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }']) {
      const r = await gql(node.url, query);
      expect(r.status).toBe(400);
      expect(errorCodes(r)).toContain('GRAPHQL_VALIDATION_FAILED');
      expect(r.data).toBeUndefined();
    }
  });

  it('suggests no field names in errors', async () => {
    const r = await gql(node.url, viaRegionEntity('taizhou', '{ searchIntelligenc { total } }'));
    expect(errorCodes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(r.errors)).not.toMatch(/Did you mean|searchIntelligence/);
  });

  it('still answers real operations', async () => {
    const r = await gql(node.url, viaRegionEntity('taizhou', '{ code }'));
    expectAccepted(r);
    expect((r.data as any)._entities[0].taizhou.code).toBe('taizhou');
  });
});
