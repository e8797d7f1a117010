import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, KeyRegistry, TokenVerifier } from '@ypf/auth';
import { DevTokenInputError, devOfficerSub, issueDevToken } from './dev-token.js';

describe('issueDevToken', () => {
  let keysDir: string;
  beforeAll(() => {
    keysDir = join(mkdtempSync(join(tmpdir(), 'ypf-devtoken-')), 'keys');
    ensureDevKeys(keysDir);
  });
  afterAll(() => rmSync(join(keysDir, '..'), { recursive: true, force: true }));

  it('mints a session token its home node accepts, for the demo officer of that city and role', () => {
    const token = issueDevToken({ keysDir, city: 'suzhou', role: 'LIAISON_OFFICER' });
    const identity = new TokenVerifier(KeyRegistry.fromDirectory(keysDir)).verifyOfficer(token, 'suzhou');
    expect(identity).toMatchObject({
      kind: 'officer',
      scope: 'session',
      city: 'suzhou',
      sub: 'suzhou:demo-liaison-officer',
      roles: ['LIAISON_OFFICER'],
      name: 'Demo LIAISON_OFFICER (suzhou)',
    });
    // Default lifetime: 15 minutes.
    const remaining = identity.exp - Math.floor(Date.now() / 1000);
    expect(remaining).toBeGreaterThan(890);
    expect(remaining).toBeLessThanOrEqual(900);
  });

  it('honours a custom lifetime', () => {
    const token = issueDevToken({ keysDir, city: 'taizhou', role: 'ANALYST', ttlSeconds: 60 });
    const identity = new TokenVerifier(KeyRegistry.fromDirectory(keysDir)).verifyOfficer(token, 'taizhou');
    expect(identity.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(60);
  });

  it('mints a read token good at the one city it names and nowhere else', () => {
    const token = issueDevToken({ keysDir, city: 'wuxi', role: 'ANALYST', scope: 'city', at: 'suzhou' });
    const verifier = new TokenVerifier(KeyRegistry.fromDirectory(keysDir));
    expect(verifier.verifyOfficer(token, 'suzhou')).toMatchObject({ scope: 'city', city: 'wuxi' });
    expect(() => verifier.verifyOfficer(token, 'taizhou')).toThrow(/valid only at suzhou/);
    expect(() => verifier.verifyOfficer(token, 'wuxi')).toThrow(/valid only at suzhou/);
  });

  it.each([
    [{ city: 'wuxi', role: 'ANALYST', scope: 'city' as const }, /names the city it is good at/],
    [{ city: 'shanghai', role: 'ANALYST' }, /unknown city "shanghai".*nanjing/],
    [{ city: 'wuxi', role: 'KING' }, /unknown role "KING".*ANALYST/],
    [{ city: 'wuxi', role: 'ANALYST', ttlSeconds: 3601 }, /1 to 3600/],
    [{ city: 'wuxi', role: 'ANALYST', ttlSeconds: 0 }, /1 to 3600/],
    [{ city: 'wuxi', role: 'ANALYST', ttlSeconds: 1.5 }, /whole number/],
  ])('refuses %j', (input, message) => {
    expect(() => issueDevToken({ keysDir, ...input })).toThrow(DevTokenInputError);
    expect(() => issueDevToken({ keysDir, ...input })).toThrow(message);
  });

  it('fails when the city has no key in the directory', () => {
    expect(() => issueDevToken({ keysDir: join(keysDir, 'missing'), city: 'wuxi', role: 'ANALYST' })).toThrow(/not found/);
  });

  it('derives the demo officer id from the role', () => {
    expect(devOfficerSub('nanjing', 'ANALYST')).toBe('nanjing:demo-analyst');
  });
});
