import { loadPrivateKey, signOfficerToken } from '@ypf/auth';
import { errorCodes, gql, homeTokenFor, testEnv, viaRegionEntity } from '@ypf/testing';
import type { OfficerContext } from '../../auth/request-context.js';
import { eventually, startTestCluster, type TestCluster } from '../../testing/test-node.js';
import { ServiceAccountsService } from './service-accounts.service.js';

/**
 * Issue 24: service accounts for machines. Created by an ADMIN with roles, an owner, a purpose and an expiry; a client
 * credential exchanged for short-lived tokens; every read audited under the account; expiry and disabling end it.
 */
describe('service accounts', () => {
  let cluster: TestCluster;
  const HOME = 'taizhou';
  const PEER = 'nanjing';
  const admin: OfficerContext = {
    requestId: 'svc-test',
    nodeCity: HOME,
    node: null,
    purpose: 'TZ-2026-0100',
    officer: { kind: 'officer', scope: 'home', sub: `${HOME}:demo-admin`, city: HOME, roles: ['ADMIN', 'ANALYST'], name: 'Demo ADMIN', jti: 'x', exp: 0 },
  };
  const service = () => cluster.nodes[HOME].app.get(ServiceAccountsService);
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  const input = (over: Record<string, unknown> = {}) => ({ name: 'suzhou-cyber-feed', ownerId: `${HOME}:demo-analyst`, purpose: 'Polls the intelligence feed for the cyber unit', roles: ['ANALYST'], expiresAt: inDays(1), ...over });
  const tokenCall = (init: { basic?: string; body?: unknown }) =>
    fetch(new URL('/auth/service-token', cluster.urls[HOME]), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(init.basic ? { authorization: `Basic ${Buffer.from(init.basic).toString('base64')}` } : {}), 'x-forwarded-for': '10.9.9.9' },
      body: JSON.stringify(init.body ?? {}),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
  const me = (city: string, token: string) => gql(cluster.urls[city], viaRegionEntity(city, '{ me { id roles } }'), { token });

  let clientId = '';
  let clientSecret = '';
  beforeAll(async () => {
    cluster = await startTestCluster([HOME, PEER]);
    const created = await service().create(admin, input());
    ({ clientId, clientSecret } = created);
    expect(created.account).toMatchObject({ id: `${HOME}:svc:suzhou-cyber-feed`, ownerId: `${HOME}:demo-analyst`, roles: ['ANALYST'], active: true, createdBy: `${HOME}:demo-admin` });
    expect(clientSecret).toMatch(/^ypfsa_[A-Za-z0-9_-]{43}$/);
  }, 120_000);
  afterAll(async () => cluster?.close(), 60_000);

  it('refuses an account a machine should not have, saying why', async () => {
    const refused = async (over: Record<string, unknown>) => {
      try {
        await service().create(admin, input({ name: 'another-feed', ...over }));
        return null;
      } catch (e) {
        return { code: (e as { extensions: { code: string } }).extensions.code, message: (e as Error).message };
      }
    };
    expect(await refused({ roles: ['ADMIN'] })).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/roles.0: must be among .*a machine is never ADMIN or AUDITOR/) });
    expect(await refused({ roles: ['COMMANDER'] })).toMatchObject({ code: 'ROLE_NOT_HELD' });
    expect(await refused({ ownerId: `${HOME}:nobody` })).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^ownerId: taizhou:nobody is not an active officer/) });
    expect(await refused({ expiresAt: inDays(-1) })).toMatchObject({ message: 'expiresAt: must be in the future' });
    expect(await refused({ expiresAt: inDays(400) })).toMatchObject({ message: expect.stringMatching(/^expiresAt: must be within 366 days/) });
    expect(await refused({ name: 'suzhou-cyber-feed' })).toMatchObject({ code: 'SERVICE_ACCOUNT_NAME_TAKEN' });
    // None of the refused ones was created.
    expect((await service().list(admin)).map((a) => a.name)).toEqual(['suzhou-cyber-feed']);
  });

  it('exchanges the client credential for tokens; reads at a peer are audited under the account', async () => {
    const wrong = await tokenCall({ basic: `${clientId}:ypfsa_wrong` });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_client', errors: [{ extensions: { code: 'INVALID_CLIENT' } }] } });
    const viaJson = await tokenCall({ body: { clientId, clientSecret } });
    expect(viaJson.status).toBe(200);
    const t = await tokenCall({ basic: `${clientId}:${clientSecret}` });
    expect(t).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: expect.any(Number) } });
    expect(t.body.expires_in).toBeLessThanOrEqual(900);
    expect((await me(HOME, t.body.home_token)).data!._entities[0][HOME].me).toEqual({ id: clientId, roles: ['ANALYST'] });

    // As an officer's session: exchanged for a read token per city; Nanjing audits the read under the account.
    const exchanged = await fetch(new URL('/auth/city-tokens', cluster.urls[HOME]), { method: 'POST', headers: { authorization: `Bearer ${t.body.access_token}` } });
    const { tokens } = (await exchanged.json()) as { tokens: Record<string, string> };
    const read = await gql(cluster.urls[PEER], viaRegionEntity(PEER, '{ searchIntelligence { total } }'), { token: tokens[PEER], purpose: 'SZ-CYBER-2026-07' });
    expect(read.errors).toBeUndefined();
    const audited = await cluster.nodes[PEER].db.query(`SELECT actor_city, purpose FROM audit_entry WHERE actor_id = $1`, [clientId]);
    expect(audited.length).toBeGreaterThan(0);
    expect(audited[0]).toEqual({ actor_city: HOME, purpose: 'SZ-CYBER-2026-07' });
    const issued = await cluster.nodes[HOME].db.query(`SELECT outcome, count(*)::int AS n FROM audit_entry WHERE action = 'service_account.token' GROUP BY outcome ORDER BY outcome`);
    expect(issued).toEqual([{ outcome: 'DENIED', n: 1 }, { outcome: 'OK', n: 2 }]);
  });

  it('ends at its expiry: no token after it', async () => {
    cluster.nodes[HOME].clock.advanceDays(2);
    try {
      const late = await tokenCall({ basic: `${clientId}:${clientSecret}` });
      expect(late).toMatchObject({ status: 401, body: { error: 'invalid_client', errors: [{ extensions: { code: 'SERVICE_ACCOUNT_EXPIRED' } }] } });
      expect(late.body.error_description).toMatch(/^The service account taizhou:svc:suzhou-cyber-feed expired at /);
    } finally {
      cluster.nodes[HOME].clock.advanceDays(-2);
    }
  });

  it('is administered over GraphQL by an ADMIN of the city only', async () => {
    const adminToken = signOfficerToken(loadPrivateKey(testEnv.keysDir(), HOME), { city: HOME, sub: `${HOME}:demo-admin`, roles: ['ADMIN', 'ANALYST'], name: 'Demo ADMIN', ttlSeconds: 600, scope: 'home' });
    const create = (token: string) =>
      gql(cluster.urls[HOME], `mutation($i: ServiceAccountInput!) { ${HOME} { createServiceAccount(input: $i) { clientId clientSecret account { id roles active } } } }`, {
        token,
        variables: { i: input({ name: 'nantong-watch-poller', purpose: 'Polls watch changes for the Nantong bridge' }) },
      });
    const created = await create(adminToken);
    expect(created.errors).toBeUndefined();
    expect(created.data![HOME].createServiceAccount).toMatchObject({ clientId: `${HOME}:svc:nantong-watch-poller`, account: { roles: ['ANALYST'], active: true } });
    expect(errorCodes(await create(homeTokenFor(HOME, 'ANALYST')))).toEqual(['FORBIDDEN']);
    const listed = await gql(cluster.urls[HOME], viaRegionEntity(HOME, '{ serviceAccounts { id ownerId expiresAt } }'), { token: adminToken });
    expect(listed.data!._entities[0][HOME].serviceAccounts.map((a: { id: string }) => a.id)).toEqual([`${HOME}:svc:nantong-watch-poller`, `${HOME}:svc:suzhou-cyber-feed`]);
    const off = await gql(cluster.urls[HOME], `mutation { ${HOME} { setServiceAccountActive(id: "${HOME}:svc:nantong-watch-poller", active: false, reason: "Bridge decommissioned") { active } } }`, { token: adminToken });
    expect(off.data![HOME].setServiceAccountActive.active).toBe(false);
  });

  it('disabled: its tokens are refused at once at home and within seconds at a peer', async () => {
    const t = await tokenCall({ basic: `${clientId}:${clientSecret}` });
    const exchanged = await fetch(new URL('/auth/city-tokens', cluster.urls[HOME]), { method: 'POST', headers: { authorization: `Bearer ${t.body.access_token}` } });
    const { tokens } = (await exchanged.json()) as { tokens: Record<string, string> };
    expect((await me(PEER, tokens[PEER])).errors).toBeUndefined();
    await service().setActive(admin, clientId, false, 'The cyber unit moved to the new feed');
    expect(errorCodes(await me(HOME, t.body.home_token))).toEqual(['UNAUTHENTICATED']);
    await eventually(async () => errorCodes(await me(PEER, tokens[PEER]))[0] === 'UNAUTHENTICATED', 15_000, 'Nanjing refusing the disabled account');
    expect(await tokenCall({ basic: `${clientId}:${clientSecret}` })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });
});
