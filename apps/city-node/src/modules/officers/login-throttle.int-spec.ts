import { errorCodes, gql } from '@ypf/testing';
import { startTestNode, type TestNode } from '../../testing/test-node.js';
import { PAIR_LIMIT, SOURCE_LIMIT } from './login-throttle.js';

/**
 * Issue 24: login throttling shared by every process of a city, by address and by username from an address, so that a
 * stranger guessing passwords slows down themselves and never locks the real officer out. Two node processes of
 * Taizhou on one database; the caller's address travels as X-Forwarded-For from the loopback (a trusted proxy, as the
 * gateway is).
 */
describe('login throttling across the processes of a city', () => {
  let a: TestNode;
  let b: TestNode;
  const login = (node: TestNode, username: string, password: string, from: string) =>
    gql(node.url, `mutation { taizhou { login(username: "${username}", password: "${password}") { token failedLogins } } }`, { headers: { 'x-forwarded-for': from } });

  beforeAll(async () => {
    a = await startTestNode('taizhou');
    b = await startTestNode('taizhou', { databaseUrl: a.databaseUrl });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('slows a guessed username from the guessing address only; the officer logs in from elsewhere and is told', async () => {
    // Five wrong passwords from one address, alternating the two processes.
    for (let i = 0; i < PAIR_LIMIT; i++) expect(errorCodes(await login(i % 2 ? b : a, 'taizhou.analyst', `guess-${i}`, '10.0.0.1'))).toEqual(['INVALID_CREDENTIALS']);
    // Now that address is held back for that username, even with the right password, at either process.
    for (const node of [a, b]) {
      const held = await login(node, 'taizhou.analyst', 'yangtze-demo', '10.0.0.1');
      expect(errorCodes(held)).toEqual(['LOGIN_THROTTLED']);
      expect(held.errors![0].message).toMatch(/^Too many failed logins for this username from this address; try again after \d{4}-\d\d-\d\dT.* \(in (2\d|30) s\)\./);
      expect(held.errors![0].extensions).toMatchObject({ retryAfterSeconds: expect.any(Number), until: expect.any(String) });
    }
    // The officer, from their own workstation: logged in, and told of the five attempts.
    const real = await login(b, 'taizhou.analyst', 'yangtze-demo', '10.0.0.2');
    expect(real.errors).toBeUndefined();
    expect(real.data!.taizhou.login.failedLogins).toBe(PAIR_LIMIT);
    // Told once: the next login reports none.
    expect((await login(a, 'taizhou.analyst', 'yangtze-demo', '10.0.0.2')).data!.taizhou.login.failedLogins).toBe(0);
    // The guessing address is still held back for that username; another username from it is not.
    expect(errorCodes(await login(a, 'taizhou.analyst', 'yangtze-demo', '10.0.0.1'))).toEqual(['LOGIN_THROTTLED']);
    expect((await login(a, 'taizhou.commander', 'yangtze-demo', '10.0.0.1')).errors).toBeUndefined();
    // Every refusal is audited with the address.
    const denied = await a.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'officer.login' AND outcome = 'DENIED' AND detail::text LIKE '%10.0.0.1%'`);
    expect(denied[0].n).toBe(PAIR_LIMIT);
  });

  it('refuses an address that tries many usernames, whichever process it asks', async () => {
    for (let i = 0; i < SOURCE_LIMIT; i++) expect(errorCodes(await login(i % 2 ? b : a, `nobody-${i}`, 'guess', '10.0.0.3'))).toEqual(['INVALID_CREDENTIALS']);
    const held = await login(a, 'taizhou.supervisor', 'yangtze-demo', '10.0.0.3');
    expect(errorCodes(held)).toEqual(['LOGIN_THROTTLED']);
    expect(held.errors![0].message).toMatch(/^Too many failed logins from this address; try again after /);
    // Other addresses are not affected.
    expect((await login(b, 'taizhou.supervisor', 'yangtze-demo', '10.0.0.4')).errors).toBeUndefined();
  });

  it('does not believe X-Forwarded-For from a caller that is not a trusted proxy', async () => {
    const node = await startTestNode('taizhou', { databaseUrl: a.databaseUrl, env: { TRUSTED_PROXIES: 'none' } });
    try {
      // Counted against the connection's own address (the loopback), whatever the header claims.
      expect(errorCodes(await login(node, 'taizhou.auditor', 'wrong', '10.9.9.9'))).toEqual(['INVALID_CREDENTIALS']);
      const [row] = await a.db.query(`SELECT key FROM login_throttle WHERE key LIKE 'pair:taizhou.auditor@%'`);
      expect(row.key).not.toContain('10.9.9.9');
    } finally {
      await node.close();
    }
  });
});
