import jwt from 'jsonwebtoken';
import { loadPrivateKey, signOfficerToken } from '@ypf/auth';
import { errorCodes, gql, readTokenFor, testEnv, viaRegionEntity } from '@ypf/testing';
import { startTestNode, type TestNode } from '../../testing/test-node.js';

/**
 * Issue 17: the console logged officers out after 15 minutes, mid-shift. Tokens stay short-lived; the officer's home
 * token renews them at the home node until SESSION_MAX_HOURS after the password was given, with the roles the officer
 * holds now. Real node, real database, real ES256 signatures.
 */
describe('session renewal at the home node', () => {
  let node: TestNode;
  const SESSION = 'token homeToken expiresAt sessionEndsAt idleMinutes officer { id roles }';
  const login = async () => {
    const r = await gql(node.url, `mutation { taizhou { login(username: "taizhou.analyst", password: "yangtze-demo") { ${SESSION} } } }`);
    expect(r.errors).toBeUndefined();
    return r.data!.taizhou.login as { token: string; homeToken: string; expiresAt: string; sessionEndsAt: string; idleMinutes: number; officer: { id: string; roles: string[] } };
  };
  const renew = (token: string) => gql(node.url, `mutation { taizhou { renewSession { ${SESSION} } } }`, { token });
  const claims = (token: string) => jwt.decode(token, { json: true })!;
  /** A home token of the demo analyst whose password was given `hoursAgo` ago (signed with Taizhou's real key). */
  const homeTokenSince = (hoursAgo: number) =>
    signOfficerToken(loadPrivateKey(testEnv.keysDir(), 'taizhou'), {
      city: 'taizhou',
      sub: 'taizhou:demo-analyst',
      roles: ['ANALYST'],
      name: 'Demo ANALYST (taizhou)',
      ttlSeconds: 600,
      scope: 'home',
      authTime: Math.floor(Date.now() / 1000 - hoursAgo * 3600),
    });

  beforeAll(async () => {
    node = await startTestNode('taizhou', { env: { SESSION_MAX_HOURS: '12', SESSION_IDLE_MINUTES: '20' } });
  });
  afterAll(async () => node?.close());

  it('renews a session with the home token: new short tokens, the login time kept, audited', async () => {
    const first = await login();
    expect(first.idleMinutes).toBe(20);
    const loginTime = claims(first.homeToken).auth_time as number;
    expect(Math.abs(loginTime - Date.now() / 1000)).toBeLessThan(60);
    expect(Date.parse(first.sessionEndsAt)).toBe((loginTime + 12 * 3600) * 1000);

    const renewed = await renew(first.homeToken);
    expect(renewed.errors).toBeUndefined();
    const next = renewed.data!.taizhou.renewSession;
    expect(next.homeToken).not.toBe(first.homeToken);
    expect(next.token).not.toBe(first.token);
    for (const t of [next.token, next.homeToken]) {
      expect(claims(t).auth_time).toBe(loginTime);
      expect((claims(t).exp as number) - (claims(t).iat as number)).toBeLessThanOrEqual(900);
    }
    expect(next.sessionEndsAt).toBe(first.sessionEndsAt);
    // The renewed home token works at home.
    const me = await gql(node.url, viaRegionEntity('taizhou', '{ me { id } }'), { token: next.homeToken });
    expect(me.data!._entities[0].taizhou.me.id).toBe(first.officer.id);
    const audited = await node.db.query(`SELECT actor_id, detail FROM audit_entry WHERE action = 'officer.renew' ORDER BY seq DESC LIMIT 1`);
    expect(audited[0].actor_id).toBe(first.officer.id);
    expect(audited[0].detail).toContain(claims(first.homeToken).jti as string);
  });

  it('renews only with a home token of this city', async () => {
    const first = await login();
    expect(errorCodes(await renew(first.token))).toEqual(['UNAUTHENTICATED']);
    const away = await renew(readTokenFor('wuxi', 'ANALYST', 'taizhou'));
    expect(away.errors).toBeDefined();
    expect(away.data?.taizhou?.renewSession ?? null).toBeNull();
    expect(errorCodes(await renew('not-a-token'))).toEqual(['UNAUTHENTICATED']);
  });

  it('ends the session SESSION_MAX_HOURS after the password, and caps the last tokens at that moment', async () => {
    const late = await renew(homeTokenSince(12.01));
    expect(errorCodes(late)).toEqual(['SESSION_ENDED']);
    expect(late.errors![0].message).toBe('Your session began over 12 hours ago. Log in again with your password.');
    // Two minutes before the end: renewed, but only until the end.
    const last = await renew(homeTokenSince(12 - 2 / 60));
    expect(last.errors).toBeUndefined();
    const { expiresAt, sessionEndsAt } = last.data!.taizhou.renewSession;
    expect(Date.parse(expiresAt)).toBeLessThanOrEqual(Date.parse(sessionEndsAt));
    expect(Date.parse(sessionEndsAt) - Date.now()).toBeLessThan(3 * 60_000);
  });

  it('ends the session of an officer deactivated meanwhile', async () => {
    const first = await login();
    await node.db.query(`UPDATE officer SET active = false WHERE id = 'taizhou:demo-analyst'`);
    try {
      const r = await renew(first.homeToken);
      expect(errorCodes(r)).toEqual(['SESSION_ENDED']);
      expect(r.errors![0].message).toMatch(/no longer active/);
    } finally {
      await node.db.query(`UPDATE officer SET active = true WHERE id = 'taizhou:demo-analyst'`);
    }
  });
});
