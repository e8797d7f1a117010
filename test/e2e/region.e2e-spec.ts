import { CITY_CODES } from '@ypf/region';
import { errorCodes, gql, homeTokenFor, testEnv, tokenFor } from '@ypf/testing';

/** The whole region booted once (eight nodes + gateway, real HTTP, real PostgreSQL, signed tokens). */
describe('the region through the gateway', () => {
  const gateway = () => testEnv.gatewayUrl();
  const allCities = (selection: string) => `{ region { ${CITY_CODES.map((c) => `${c} ${selection}`).join(' ')} } }`;

  it('answers { region { <city> { code } } } for every city asked, without a token', async () => {
    const r = await gql(gateway(), allCities('{ code }'));
    expect(r.errors).toBeUndefined();
    expect(Object.values(r.data!.region).map((c: any) => c.code)).toEqual([...CITY_CODES]);
  });

  it('lists the region directory from the gateway itself', async () => {
    const r = await gql(gateway(), '{ region { id name cities { code nameZh } } }');
    expect(r.data!.region.cities).toHaveLength(CITY_CODES.length);
    expect(r.data!.region.cities.find((c: any) => c.code === 'taizhou').nameZh).toBe('泰州');
  });

  it('searches all eight cities in one request, each result shaped by its owner and saying its access level', async () => {
    const r = await gql(gateway(), allCities('{ searchIntelligence(filter: { categories: [TELECOM_FRAUD, DRUG_TRAFFICKING] }) { city total results { id city accessLevel } } }'), {
      token: tokenFor('wuxi', 'ANALYST'),
      purpose: 'WX-2026-0001',
    });
    expect(r.errors).toBeUndefined();
    for (const city of CITY_CODES) {
      const result = r.data!.region[city].searchIntelligence;
      expect(result.city).toBe(city);
      // every demo city publishes a GREEN telecom-fraud report: CLEAR/GREEN are FULL region-wide in every policy
      expect(result.results).toContainEqual({ id: `${city}:demo-green`, city, accessLevel: 'FULL' });
    }
  });

  it('gives a Wuxi analyst nothing of a Taizhou RED report (as if it did not exist), HIT_ONLY of AMBER+STRICT, and exactly the summary fields for AMBER', async () => {
    const r = await gql(
      gateway(),
      `{ region { taizhou {
          red: intelligenceReport(id: "taizhou:demo-red") { accessLevel report { body } redactedFields contact { city unit } }
          missing: intelligenceReport(id: "taizhou:demo-nothing") { accessLevel report { body } redactedFields contact { city unit } }
          strict: intelligenceReport(id: "taizhou:demo-amber-strict") { accessLevel report { body } redactedFields contact { city unit } }
          amber: intelligenceReport(id: "taizhou:demo-amber") { accessLevel redactedFields report { id city tlp title summary body category grading { code } handlingConditions identifiers { value } publishedAt reviewDate } }
      } } }`,
      { token: tokenFor('wuxi', 'ANALYST'), purpose: 'WX-2026-0002' },
    );
    expect(r.errors).toBeUndefined();
    const { red, missing, strict, amber } = r.data!.region.taizhou;
    // TLP RED is for its named recipients only: not even that it exists.
    expect(red).toBeNull();
    expect(missing).toBeNull();
    expect(strict.accessLevel).toBe('HIT_ONLY');
    expect(strict.report).toBeNull();
    expect(strict.contact.city).toBe('taizhou');
    expect(JSON.stringify(strict)).not.toMatch(/wholesaler|Gaogang/);
    // Taizhou's policy: AMBER summaries with cities other than Yangzhou and Zhenjiang; summaryFields as configured
    expect(amber.accessLevel).toBe('SUMMARY');
    expect(Object.entries(amber.report).filter(([, v]) => v !== null).map(([k]) => k).sort()).toEqual(
      ['category', 'city', 'grading', 'handlingConditions', 'id', 'publishedAt', 'summary', 'title', 'tlp'],
    );
    expect(amber.redactedFields.sort()).toEqual(['body', 'identifiers', 'reviewDate']);
  });

  it('gives Yangzhou (neighbour and named recipient) the same reports in full', async () => {
    const r = await gql(gateway(), '{ region { taizhou { red: intelligenceReport(id: "taizhou:demo-red") { accessLevel report { body } } amber: intelligenceReport(id: "taizhou:demo-amber") { accessLevel report { identifiers { kind } } } } } }', {
      token: tokenFor('yangzhou', 'ANALYST'),
      purpose: 'YZ-2026-0003',
    });
    expect(r.data!.region.taizhou.red).toEqual({ accessLevel: 'FULL', report: { body: expect.stringContaining('ferry') } });
    expect(r.data!.region.taizhou.amber.accessLevel).toBe('FULL');
    expect(r.data!.region.taizhou.amber.report.identifiers).toHaveLength(2);
  });

  it('refuses a cross-city read without a purpose, with a clear error naming the header', async () => {
    const r = await gql(gateway(), '{ region { taizhou { searchIntelligence { total } } } }', { token: tokenFor('wuxi', 'ANALYST') });
    expect(errorCodes(r)).toEqual(['PURPOSE_REQUIRED']);
    expect(r.errors![0].message).toMatch(/X-Purpose/);
  });

  it('checks identifiers across the whole region: hit at Taizhou with a contact point, no-hit elsewhere', async () => {
    const r = await gql(gateway(), '{ region { wuxi { checkIdentifiersRegion(identifiers: [{ kind: VEHICLE_PLATE, value: "苏M 12345" }]) { hit matches { city accessLevel reportId contact { city } } cities { city checked error } } } } }', {
      token: homeTokenFor('wuxi', 'LIAISON_OFFICER'),
      purpose: 'WX-2026-0004',
    });
    expect(r.errors).toBeUndefined();
    const answer = r.data!.region.wuxi.checkIdentifiersRegion;
    expect(answer.matches).toEqual([{ city: 'taizhou', accessLevel: 'SUMMARY', reportId: 'taizhou:demo-amber', contact: { city: 'taizhou' } }]);
    expect(answer.cities).toEqual(CITY_CODES.map((city) => ({ city, checked: true, error: null })));
  });

  it.each([
    ['forged (signed by a key outside the registry)', () => tokenFor('wuxi', 'ANALYST').replace(/\.[^.]+$/, '.' + Buffer.alloc(64, 1).toString('base64url'))],
    ['expired', () => expiredToken()],
    ['wrong city', () => signed({ city: 'taizhou' })],
  ])('refuses a %s session token: its home node will not exchange it, so no city is asked', async (_name, make) => {
    const r = await gql(gateway(), '{ region { taizhou { me { id } } suzhou { me { id } } } }', { token: make() });
    expect(r.data!.region).toEqual({ taizhou: null, suzhou: null });
    expect(errorCodes(r)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(r.errors![0].message).toMatch(/^The officer token was refused \(/);
  });

  it('refuses a token of the wrong audience at every node it reaches', async () => {
    const r = await gql(gateway(), '{ region { taizhou { me { id } } suzhou { me { id } } } }', { token: signed({ aud: 'ypf-node:taizhou' }) });
    expect(r.data!.region).toEqual({ taizhou: { me: null }, suzhou: { me: null } });
    expect(errorCodes(r)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('logs in at the home node through the gateway and uses the token across the region', async () => {
    const login = await gql(gateway(), 'mutation { suzhou { login(username: "suzhou.commander", password: "yangtze-demo") { token homeToken officer { id roles } } } }');
    expect(login.data!.suzhou.login.officer).toEqual({ id: 'suzhou:demo-commander', roles: ['COMMANDER'] });
    const r = await gql(gateway(), '{ region { nanjing { me { id homeNode } } suzhou { me { homeNode } } } }', { token: login.data!.suzhou.login.token });
    expect(r.data!.region).toEqual({ nanjing: { me: { id: 'suzhou:demo-commander', homeNode: false } }, suzhou: { me: { homeNode: true } } });
    // the home token works at home and nowhere else
    const home = login.data!.suzhou.login.homeToken;
    const atHome = await gql(gateway(), '{ region { suzhou { me { id } } nanjing { me { id } } } }', { token: home });
    expect(atHome.data!.region).toEqual({ suzhou: { me: { id: 'suzhou:demo-commander' } }, nanjing: { me: null } });
    expect(errorCodes(atHome)).toEqual(['HOME_NODE_ONLY']);
    const wrong = await gql(gateway(), 'mutation { suzhou { login(username: "suzhou.commander", password: "nope") { token } } }');
    expect(errorCodes(wrong)).toEqual(['INVALID_CREDENTIALS']);
  });

  it('lets no supervisor approve their own report, through the gateway', async () => {
    const sup = homeTokenFor('nantong', 'SUPERVISOR');
    const created = await gql(gateway(), 'mutation($input: IntelligenceReportInput!) { nantong { createIntelligenceReport(input: $input) { id } } }', {
      token: sup,
      variables: {
        input: { title: 'Port fuel smuggling', summary: 'Barges offloading untaxed fuel.', body: 'Observed at night.', category: 'SMUGGLING', sourceReliability: 'C', informationCredibility: 3, tlp: 'GREEN', scope: 'REGION' },
      },
    });
    const id = created.data!.nantong.createIntelligenceReport.id;
    await gql(gateway(), `mutation { nantong { submitIntelligenceReport(id: "${id}") { status } } }`, { token: sup });
    const r = await gql(gateway(), `mutation { nantong { approveIntelligenceReport(id: "${id}") { status } } }`, { token: sup });
    expect(errorCodes(r)).toEqual(['SELF_APPROVAL']);
  });

  it('publishes each node\'s effective policy read-only, with what the caller gets', async () => {
    const r = await gql(gateway(), '{ region { taizhou { accessPolicy { city version grantsForCaller { tlp level } } } } }', { token: tokenFor('wuxi', 'ANALYST') });
    expect(r.data!.region.taizhou.accessPolicy.grantsForCaller).toEqual([
      { tlp: 'CLEAR', level: 'FULL' },
      { tlp: 'GREEN', level: 'FULL' },
      { tlp: 'AMBER', level: 'SUMMARY' },
      { tlp: 'AMBER_STRICT', level: 'HIT_ONLY' },
      { tlp: 'RED', level: 'NONE' },
    ]);
  });
});

import { loadPrivateKey } from '@ypf/auth';
import jwt from 'jsonwebtoken';

function signed(over: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign(
    { typ: 'officer', city: 'wuxi', roles: ['ANALYST'], name: 'x', sub: 'wuxi:demo-analyst', iss: 'ypf:wuxi', aud: 'ypf:session', jti: 'e2e-token-1', iat: now, exp: now + 600, ...over },
    loadPrivateKey(testEnv.keysDir(), 'wuxi'),
    { algorithm: 'ES256', keyid: 'wuxi' },
  );
}

function expiredToken(): string {
  const now = Math.floor(Date.now() / 1000);
  return signed({ iat: now - 1000, exp: now - 100 });
}
