import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { KeyRegistry } from './key-registry.js';
import { signOfficerToken, TokenRejectedError, TokenVerifier } from './tokens.js';

/** The verified-token cache must never accept what a fresh verification would refuse. */
describe('TokenVerifier officer token cache', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const lookups: string[] = [];
  const registry = new KeyRegistry(new Map<string, KeyObject>([['wuxi', publicKey]]));
  const publicKeyOf = registry.publicKeyOf.bind(registry);
  registry.publicKeyOf = (city: string) => {
    lookups.push(city);
    return publicKeyOf(city);
  };
  let nowMs = Date.now();
  const verifier = new TokenVerifier(registry, () => nowMs);
  const sign = (scope: 'region' | 'home' = 'region', ttlSeconds = 600) =>
    signOfficerToken(privateKey, { city: 'wuxi', sub: 'wuxi:a1', roles: ['ANALYST'], name: 'A', ttlSeconds, scope });

  beforeEach(() => {
    nowMs = Date.now();
    lookups.length = 0;
  });

  it('verifies the signature once and answers the same token again from the cache', () => {
    const token = sign();
    const first = verifier.verifyOfficer(token, 'suzhou');
    const second = verifier.verifyOfficer(token, 'suzhou');
    expect(second).toBe(first);
    expect(first).toMatchObject({ sub: 'wuxi:a1', city: 'wuxi', scope: 'region', roles: ['ANALYST'] });
    expect(lookups).toEqual(['wuxi']);
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);
  });

  it('refuses a cached token once it has expired', () => {
    const token = sign('region', 60);
    verifier.verifyOfficer(token, 'suzhou');
    nowMs += 70_000;
    expect(() => verifier.verifyOfficer(token, 'suzhou')).toThrow(TokenRejectedError);
  });

  it('refuses a cached token when the clock is before its issue time again', () => {
    const token = sign();
    verifier.verifyOfficer(token, 'suzhou');
    nowMs -= 60_000;
    expect(() => verifier.verifyOfficer(token, 'suzhou')).toThrow(/issued in the future|not active/);
  });

  it('refuses a token that differs from a cached one in one signature character', () => {
    const token = sign();
    verifier.verifyOfficer(token, 'suzhou');
    const last = token.at(-2)!;
    const tampered = `${token.slice(0, -2)}${last === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    expect(() => verifier.verifyOfficer(tampered, 'suzhou')).toThrow(TokenRejectedError);
  });

  it('keeps the audience decision per node: a home token cached at its own city is still refused at another', () => {
    const token = sign('home');
    expect(verifier.verifyOfficer(token, 'wuxi').scope).toBe('home');
    expect(() => verifier.verifyOfficer(token, 'suzhou')).toThrow(TokenRejectedError);
    expect(verifier.verifyOfficer(token, 'wuxi').scope).toBe('home');
  });
});
