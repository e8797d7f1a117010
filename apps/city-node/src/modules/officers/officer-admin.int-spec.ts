import { loadPrivateKey, type Role, signOfficerToken } from '@ypf/auth';
import { errorCodes, gql, homeTokenFor, readTokenFor, testEnv, viaRegionEntity } from '@ypf/testing';
import { startTestNode, type TestNode } from '../../testing/test-node.js';

/**
 * Issue 24: officer administration at the home node by an ADMIN of the city, every step audited; one-time passwords
 * replaced at the first login; no role given that the administrator does not hold; the city keeps an active ADMIN.
 */
describe('officer administration', () => {
  let node: TestNode;
  /** A home token of Taizhou's demo ADMIN holding these roles (signed with Taizhou's real key). */
  let adminGeneration = 0;
  const admin = (roles: Role[]) =>
    signOfficerToken(loadPrivateKey(testEnv.keysDir(), 'taizhou'), { city: 'taizhou', sub: 'taizhou:demo-admin', roles, name: 'Demo ADMIN (taizhou)', ttlSeconds: 600, scope: 'home', generation: adminGeneration });
  const ACCOUNT = 'id username displayName unit roles active mustChangePassword';
  const call = (token: string, doc: string, variables: Record<string, unknown> = {}) => gql(node.url, doc, { token, variables });
  const create = (token: string, input: Record<string, unknown>) =>
    call(token, `mutation($i: OfficerInput!) { taizhou { createOfficer(input: $i) { oneTimePassword officer { ${ACCOUNT} } } } }`, { i: input });
  const login = (username: string, password: string, newPassword?: string) =>
    gql(node.url, `mutation($u: String!, $p: String!, $n: String) { taizhou { login(username: $u, password: $p, newPassword: $n) { token officer { id roles } } } }`, {
      variables: { u: username, p: password, n: newPassword ?? null },
      headers: { 'x-forwarded-for': `10.1.0.${username.length}` },
    });
  const audits = async (id: string) => (await node.db.query<{ action: string }[]>(`SELECT action FROM audit_entry WHERE $1 = ANY(resource_ids) ORDER BY seq`, [id])).map((r) => r.action);

  beforeAll(async () => {
    node = await startTestNode('taizhou');
  }, 60_000);
  afterAll(async () => node?.close());

  it('creates an officer whose one-time password must be replaced at the first login, audited at each step', async () => {
    const created = await create(admin(['ADMIN', 'LIAISON_OFFICER']), { username: 'li.wei', displayName: 'Inspector Li Wei', unit: 'Hailing liaison desk', roles: ['LIAISON_OFFICER'] });
    expect(created.errors).toBeUndefined();
    const { officer, oneTimePassword } = created.data!.taizhou.createOfficer;
    expect(officer).toEqual({ id: 'taizhou:li.wei', username: 'li.wei', displayName: 'Inspector Li Wei', unit: 'Hailing liaison desk', roles: ['LIAISON_OFFICER'], active: true, mustChangePassword: true });
    expect(oneTimePassword).toMatch(/^[a-zA-Z0-9]{16}$/);
    // Not stored in clear.
    expect(JSON.stringify(await node.db.query(`SELECT * FROM officer WHERE id = 'taizhou:li.wei'`))).not.toContain(oneTimePassword);

    // The one-time password alone is not enough; a weak new password is refused with the rule; a good one logs in.
    expect(errorCodes(await login('li.wei', oneTimePassword))).toEqual(['PASSWORD_CHANGE_REQUIRED']);
    const weak = await login('li.wei', oneTimePassword, 'short1');
    expect(errorCodes(weak)).toEqual(['BAD_USER_INPUT']);
    expect(weak.errors![0].message).toBe('newPassword: must be at least 12 characters');
    expect((await login('li.wei', oneTimePassword, 'li.wei-2026-river')).errors![0].message).toBe('newPassword: must not contain the username');
    const first = await login('li.wei', oneTimePassword, 'Yangtze-harbour-2026');
    expect(first.errors).toBeUndefined();
    expect(first.data!.taizhou.login.officer).toEqual({ id: 'taizhou:li.wei', roles: ['LIAISON_OFFICER'] });
    expect(errorCodes(await login('li.wei', oneTimePassword))).toEqual(['INVALID_CREDENTIALS']);
    expect((await login('li.wei', 'Yangtze-harbour-2026')).errors).toBeUndefined();

    // Reset: a new one-time password, the old password gone.
    const reset = await call(admin(['ADMIN']), `mutation { taizhou { resetOfficerPassword(id: "taizhou:li.wei") { oneTimePassword officer { mustChangePassword } } } }`);
    expect(reset.data!.taizhou.resetOfficerPassword.officer.mustChangePassword).toBe(true);
    expect(errorCodes(await login('li.wei', 'Yangtze-harbour-2026'))).toEqual(['INVALID_CREDENTIALS']);
    expect(errorCodes(await login('li.wei', reset.data!.taizhou.resetOfficerPassword.oneTimePassword))).toEqual(['PASSWORD_CHANGE_REQUIRED']);

    // Disabled: cannot log in; re-enabled: can again. Each step needs a reason and is audited.
    const setActive = (active: boolean, reason: string) =>
      call(admin(['ADMIN']), `mutation($a: Boolean!, $r: String!) { taizhou { setOfficerActive(id: "taizhou:li.wei", active: $a, reason: $r) { active } } }`, { a: active, r: reason });
    expect(errorCodes(await setActive(false, ''))).toEqual(['BAD_USER_INPUT']);
    expect((await setActive(false, 'transferred to Nanjing PSB')).data!.taizhou.setOfficerActive.active).toBe(false);
    const newPass = 'Jiangyan-ferry-2027';
    expect(errorCodes(await login('li.wei', reset.data!.taizhou.resetOfficerPassword.oneTimePassword, newPass))).toEqual(['INVALID_CREDENTIALS']);
    expect((await setActive(true, 'back from secondment')).data!.taizhou.setOfficerActive.active).toBe(true);
    expect((await login('li.wei', reset.data!.taizhou.resetOfficerPassword.oneTimePassword, newPass)).errors).toBeUndefined();
    expect(await audits('taizhou:li.wei')).toEqual(
      expect.arrayContaining(['officer.create', 'officer.password_change', 'officer.password_reset', 'officer.disable', 'officer.enable', 'officer.login']),
    );
  });

  it('refuses a role the administrator does not hold, a taken username, and bad input, writing nothing', async () => {
    const before = (await node.db.query('SELECT count(*)::int AS n FROM officer'))[0].n;
    const escalation = await create(admin(['ADMIN']), { username: 'zhang.min', displayName: 'Zhang Min', roles: ['COMMANDER'] });
    expect(errorCodes(escalation)).toEqual(['ROLE_NOT_HELD']);
    expect(escalation.errors![0].message).toMatch(/you do not hold COMMANDER/);
    expect(errorCodes(await create(admin(['ADMIN', 'ANALYST']), { username: 'taizhou.analyst', displayName: 'Duplicate', roles: ['ANALYST'] }))).toEqual(['USERNAME_TAKEN']);
    const bad = await create(admin(['ADMIN']), { username: 'X', displayName: 'Y', roles: [] });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].message).toMatch(/^input\.username: .*; input\.displayName: .*; input\.roles: name at least one role$/);
    // Raising someone's roles needs holding them too.
    expect(errorCodes(await call(admin(['ADMIN']), `mutation { taizhou { setOfficerRoles(id: "taizhou:demo-analyst", roles: [ANALYST, SUPERVISOR]) { roles } } }`))).toEqual(['ROLE_NOT_HELD']);
    expect((await node.db.query('SELECT count(*)::int AS n FROM officer'))[0].n).toBe(before);
  });

  it('keeps an active ADMIN: the last one can be neither disabled nor stripped of ADMIN', async () => {
    const admins = await node.db.query<{ id: string }[]>(`SELECT id FROM officer WHERE active AND 'ADMIN' = ANY(roles) ORDER BY id`);
    expect(admins.map((a) => a.id)).toEqual(['taizhou:demo-admin']);
    const strip = await call(admin(['ADMIN', 'AUDITOR']), `mutation { taizhou { setOfficerRoles(id: "taizhou:demo-admin", roles: [AUDITOR]) { roles } } }`);
    expect(errorCodes(strip)).toEqual(['LAST_ADMIN']);
    expect(errorCodes(await call(admin(['ADMIN']), `mutation { taizhou { setOfficerActive(id: "taizhou:demo-admin", active: false, reason: "leaving the unit") { active } } }`))).toEqual(['LAST_ADMIN']);
    // With a second ADMIN, the first may go.
    const second = await create(admin(['ADMIN']), { username: 'wang.fang', displayName: 'Wang Fang', roles: ['ADMIN'] });
    expect(second.errors).toBeUndefined();
    expect((await call(admin(['ADMIN']), `mutation { taizhou { setOfficerActive(id: "taizhou:demo-admin", active: false, reason: "leaving the unit") { active } } }`)).errors).toBeUndefined();
    await node.db.query(`UPDATE officer SET active = true WHERE id = 'taizhou:demo-admin'`);
    // Disabling withdrew demo-admin's tokens: from now on they carry the generation a new login would give them.
    adminGeneration = 1;
  });

  it('lists and searches officers for an ADMIN of the city only', async () => {
    const list = await call(admin(['ADMIN']), viaRegionEntity('taizhou', `{ officers(filter: { text: "li", active: true }) { username roles } }`));
    expect(list.errors).toBeUndefined();
    expect(list.data!._entities[0].taizhou.officers.map((o: { username: string }) => o.username)).toContain('li.wei');
    expect(errorCodes(await call(homeTokenFor('taizhou', 'COMMANDER'), viaRegionEntity('taizhou', '{ officers { id } }')))).toEqual(['FORBIDDEN']);
    const away = await call(readTokenFor('wuxi', 'ADMIN', 'taizhou'), viaRegionEntity('taizhou', '{ officers { id } }'));
    expect(away.errors).toBeDefined();
    expect(away.data?._entities?.[0]?.taizhou?.officers ?? null).toBeNull();
  });
});
