import { CITY_CODES } from '@ypf/region';
import { DEFAULT_GATEWAY_GRAPHQL_LIMITS } from '@ypf/common';
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
  testEnv,
  tokenFor,
} from '@ypf/testing';

const limits = DEFAULT_GATEWAY_GRAPHQL_LIMITS;

/**
 * The gateway's limits on one operation, each at its boundary (limit passes, limit + 1 refused before any city is
 * asked). Passing operations that reach a city also pass that city's own limits (a node accepts what the gateway did).
 */
describe('GraphQL limits at the gateway', () => {
  const gw = () => testEnv.gatewayUrl();
  const token = tokenFor('taizhou', 'ANALYST');
  const ask = (query: string) => gql(gw(), query, { token });

  it(`depth: ${limits.maxDepth} passes, ${limits.maxDepth + 1} is QUERY_TOO_DEEP`, async () => {
    expectAccepted(await ask(queryOfDepth(limits.maxDepth)));
    expectRefused(await ask(queryOfDepth(limits.maxDepth + 1)), 'QUERY_TOO_DEEP', limits.maxDepth, limits.maxDepth + 1);
  });

  it(`aliases: ${limits.maxAliases} pass (through to the city), ${limits.maxAliases + 1} are TOO_MANY_ALIASES`, async () => {
    const ok = await ask(queryWithAliases('gateway', 'taizhou', limits.maxAliases));
    expectAccepted(ok);
    expect(Object.values(ok.data!.region.taizhou)).toEqual(Array(limits.maxAliases).fill('taizhou'));
    expectRefused(await ask(queryWithAliases('gateway', 'taizhou', limits.maxAliases + 1)), 'TOO_MANY_ALIASES', limits.maxAliases, limits.maxAliases + 1);
  });

  it(`cost: ${limits.maxCost} passes, ${limits.maxCost + 1} is QUERY_TOO_COSTLY`, async () => {
    expectAccepted(await ask(queryOfCost('gateway', 'taizhou', limits.maxCost)));
    expectRefused(await ask(queryOfCost('gateway', 'taizhou', limits.maxCost + 1)), 'QUERY_TOO_COSTLY', limits.maxCost, limits.maxCost + 1);
  });

  it(`tokens: ${limits.maxTokens} pass, ${limits.maxTokens + 1} are TOO_MANY_TOKENS`, async () => {
    expectAccepted(await ask(queryOfTokens(limits.maxTokens)));
    expectRefused(await ask(queryOfTokens(limits.maxTokens + 1)), 'TOO_MANY_TOKENS', limits.maxTokens);
  });

  it(`directives: ${limits.maxDirectives} pass (through to the city), ${limits.maxDirectives + 1} are TOO_MANY_DIRECTIVES`, async () => {
    const ok = await ask(queryWithDirectives('gateway', 'taizhou', limits.maxDirectives));
    expectAccepted(ok);
    expect(ok.data!.region.taizhou).toEqual({ code: 'taizhou' });
    expectRefused(
      await ask(queryWithDirectives('gateway', 'taizhou', limits.maxDirectives + 1)),
      'TOO_MANY_DIRECTIVES',
      limits.maxDirectives,
      limits.maxDirectives + 1,
    );
  });

  it('refuses a batched request (a JSON array of operations) with 400: one operation per request', async () => {
    const res = await fetch(gw(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ region { id } }' }, { query: '{ region { id } }' }]),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
    expect(body.errors[0].message).toMatch(/batching disabled/i);
  });

  it('lets the largest real regional operations through with room to spare: a full report view of all eight cities', async () => {
    const report =
      '{ id city title summary body category grading { sourceReliability informationCredibility code } tlp handlingConditions identifiers { kind value } reviewDate publishedAt }';
    const view = `{ accessLevel redactedFields report ${report} contact { city unit phone } }`;
    const q = `{ region { ${CITY_CODES.map((c) => `${c} { red: intelligenceReport(id: "${c}:demo-red") ${view} amber: intelligenceReport(id: "${c}:demo-amber") ${view} search: searchIntelligence { total results { id accessLevel report { title grading { code } } } } }`).join(' ')} } }`;
    const r = await gql(gw(), q, { token: tokenFor('wuxi', 'ANALYST'), purpose: 'WX-2026-0099' });
    expect(r.status).toBe(200);
    expect(errorCodes(r).filter((c) => /TOO_|QUERY_TOO/.test(String(c)))).toEqual([]);
    expect(r.data!.region.taizhou.search.total).toBeGreaterThan(0);
  });
});
