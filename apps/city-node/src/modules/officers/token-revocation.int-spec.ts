import { loadPrivateKey, signOfficerToken } from '@ypf/auth';
import { errorCodes, gql, testEnv, viaRegionEntity } from '@ypf/testing';
import { deliverSignedBy } from '../../testing/deliver-by-hand.js';
import { eventually, startTestCluster, type TestCluster } from '../../testing/test-node.js';

/**
 * Issue 24: a disabled officer's tokens stop working at once, at every node — not after their 15 minutes. Taizhou
 * withdraws its officer's tokens; Nanjing refuses the officer's Nanjing read token within seconds. A compromised
 * Suzhou node, signing with its own real key, cannot withdraw a Taizhou officer's tokens at Nanjing.
 */
describe("withdrawing an officer's tokens across the region", () => {
  let cluster: TestCluster;
  const HOME = 'taizhou';
  const PEER = 'nanjing';
  const admin = () =>
    signOfficerToken(loadPrivateKey(testEnv.keysDir(), HOME), { city: HOME, sub: `${HOME}:demo-admin`, roles: ['ADMIN', 'ANALYST'], name: 'Demo ADMIN', ttlSeconds: 600, scope: 'home' });
  const adminCall = (doc: string, variables: Record<string, unknown> = {}) => gql(cluster.urls[HOME], doc, { token: admin(), variables });
  const me = (city: string, token: string) => gql(cluster.urls[city], viaRegionEntity(city, '{ me { id roles } }'), { token });
  const login = async (username: string, password: string, newPassword?: string) => {
    const r = await gql(cluster.urls[HOME], `mutation($u: String!, $p: String!, $n: String) { ${HOME} { login(username: $u, password: $p, newPassword: $n) { token homeToken } } }`, {
      variables: { u: username, p: password, n: newPassword ?? null },
    });
    expect(r.errors).toBeUndefined();
    const { token, homeToken } = r.data![HOME].login as { token: string; homeToken: string };
    const exchanged = await fetch(new URL('/auth/city-tokens', cluster.urls[HOME]), { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const { tokens } = (await exchanged.json()) as { tokens: Record<string, string> };
    return { session: token, homeToken, at: tokens };
  };
  const setActive = (id: string, active: boolean) =>
    adminCall(`mutation($id: ID!, $a: Boolean!) { ${HOME} { setOfficerActive(id: $id, active: $a, reason: "Suspended pending review TZ-2026-0042") { active } } }`, { id, a: active });

  const deliver = (source: string, target: string, kind: string, payload: Record<string, unknown>) => deliverSignedBy(cluster, source, target, kind, payload);

  let password = '';
  beforeAll(async () => {
    cluster = await startTestCluster([HOME, PEER]);
    const created = await adminCall(`mutation { ${HOME} { createOfficer(input: { username: "zhou.min", displayName: "Sergeant Zhou Min", roles: [ANALYST] }) { oneTimePassword } } }`);
    expect(created.errors).toBeUndefined();
    password = 'Hailing-river-2026';
    await login('zhou.min', created.data![HOME].createOfficer.oneTimePassword, password);
  }, 120_000);
  afterAll(async () => cluster?.close(), 60_000);

  it("refuses a disabled officer's tokens at home at once and at a peer within seconds; a new login after re-enabling works", async () => {
    const before = await login('zhou.min', password);
    expect((await me(PEER, before.at[PEER])).data!._entities[0][PEER].me.id).toBe(`${HOME}:zhou.min`);
    expect((await me(HOME, before.homeToken)).data!._entities[0][HOME].me.id).toBe(`${HOME}:zhou.min`);

    const disabledAt = Date.now();
    expect((await setActive(`${HOME}:zhou.min`, false)).errors).toBeUndefined();
    // Home: the process that disabled the officer refuses at once, every token the officer holds.
    for (const token of [before.homeToken, before.at[HOME]]) {
      const refused = await me(HOME, token);
      expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
      expect(refused.errors![0].message).toMatch(/^The officer token was withdrawn: taizhou disabled this account at .*Log in again at taizhou/);
    }
    const exchange = await fetch(new URL('/auth/city-tokens', cluster.urls[HOME]), { method: 'POST', headers: { authorization: `Bearer ${before.session}` } });
    expect(exchange.status).toBe(401);
    // Peer: the read token Nanjing accepted a moment ago is refused once Taizhou's word arrives (delivery, seconds).
    const refusedAtPeer = await eventually(async () => {
      const r = await me(PEER, before.at[PEER]);
      return errorCodes(r)[0] === 'UNAUTHENTICATED' ? r : null;
    }, 15_000, 'Nanjing refusing the withdrawn token');
    process.stdout.write(`token withdrawn at the peer ${Date.now() - disabledAt} ms after the disable\n`);
    expect(refusedAtPeer.errors![0].message).toMatch(/withdrawn: taizhou disabled this account/);
    const kept = await cluster.nodes[PEER].db.query(`SELECT min_generation, reason FROM officer_revocation WHERE sub = $1`, [`${HOME}:zhou.min`]);
    expect(kept).toEqual([{ min_generation: 1, reason: 'DISABLED' }]);
    // The disable is audited with the withdrawal.
    const [audit] = await cluster.nodes[HOME].db.query(`SELECT detail FROM audit_entry WHERE action = 'officer.disable' AND $1 = ANY(resource_ids)`, [`${HOME}:zhou.min`]);
    expect(JSON.parse(audit.detail)).toMatchObject({ tokensWithdrawn: 'DISABLED', generation: 1 });

    // Re-enabled, the officer logs in again and the new tokens work everywhere; the old ones stay refused.
    expect((await setActive(`${HOME}:zhou.min`, true)).errors).toBeUndefined();
    const after = await login('zhou.min', password);
    expect((await me(PEER, after.at[PEER])).data!._entities[0][PEER].me.id).toBe(`${HOME}:zhou.min`);
    expect((await me(HOME, after.homeToken)).errors).toBeUndefined();
    expect(errorCodes(await me(PEER, before.at[PEER]))).toEqual(['UNAUTHENTICATED']);
  }, 60_000);

  it('withdraws tokens when a role is taken away, not when one is given', async () => {
    const session = await login('zhou.min', password);
    const roles = (r: string[]) => adminCall(`mutation($id: ID!, $r: [Role!]!) { ${HOME} { setOfficerRoles(id: $id, roles: $r) { roles } } }`, { id: `${HOME}:zhou.min`, r });
    expect((await roles(['ANALYST', 'ADMIN'])).errors).toBeUndefined();
    expect((await me(HOME, session.homeToken)).errors).toBeUndefined();
    expect((await roles(['ANALYST'])).errors).toBeUndefined();
    const refused = await me(HOME, session.homeToken);
    expect(refused.errors![0].message).toMatch(/withdrawn: taizhou removed a role from this account/);
    await eventually(async () => errorCodes(await me(PEER, session.at[PEER]))[0] === 'UNAUTHENTICATED', 15_000, 'Nanjing refusing the token after the role change');
    expect((await me(PEER, (await login('zhou.min', password)).at[PEER])).data!._entities[0][PEER].me.roles).toEqual(['ANALYST']);
  }, 60_000);

  it("refuses a compromised node's withdrawal of another city's officer, and takes a city's word on its own", async () => {
    const session = await login('zhou.min', password);
    const forged = await deliver('suzhou', PEER, 'officer.revoked', { sub: `${HOME}:zhou.min`, generation: 99, reason: 'DISABLED', revokedAt: new Date().toISOString() });
    expect(forged.status).toBe('REJECTED');
    expect(forged.detail).toMatch(/suzhou may not send officer.revoked about taizhou:zhou.min: only the officer's own city may/);
    expect(await cluster.nodes[PEER].db.query(`SELECT min_generation FROM officer_revocation WHERE sub = $1`, [`${HOME}:zhou.min`])).toEqual([{ min_generation: 2 }]);
    // Well past a reload: the officer's tokens still work at Nanjing.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await me(PEER, session.at[PEER])).errors).toBeUndefined();

    // Suzhou speaking of its own officer is taken; a malformed word is refused with the reason.
    const own = await deliver('suzhou', PEER, 'officer.revoked', { sub: 'suzhou:demo-analyst', generation: 1, reason: 'PASSWORD_RESET', revokedAt: new Date().toISOString() });
    expect(own.status).toBe('APPLIED');
    const suzhouToken = signOfficerToken(loadPrivateKey(testEnv.keysDir(), 'suzhou'), { city: 'suzhou', sub: 'suzhou:demo-analyst', roles: ['ANALYST'], name: 'Suzhou analyst', ttlSeconds: 600, scope: 'city', at: PEER });
    await eventually(async () => errorCodes(await me(PEER, suzhouToken))[0] === 'UNAUTHENTICATED', 5_000, "Nanjing refusing Suzhou's withdrawn officer");
    const malformed = await deliver('suzhou', PEER, 'officer.revoked', { sub: 'suzhou:demo-analyst', generation: -1, reason: 'BORED', revokedAt: 'yesterday' });
    expect(malformed).toMatchObject({ status: 'REJECTED' });
    expect(malformed.detail).toMatch(/malformed officer.revoked payload/);
  }, 60_000);
});
