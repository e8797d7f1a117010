import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwtLib from 'jsonwebtoken';
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
  const sign = (scope: 'city' | 'home' | 'session' = 'city', ttlSeconds = 600, at = 'suzhou') =>
    signOfficerToken(privateKey, { city: 'wuxi', sub: 'wuxi:a1', roles: ['ANALYST'], name: 'A', ttlSeconds, scope, at });

  beforeEach(() => {
    nowMs = Date.now();
    lookups.length = 0;
  });

  it('verifies the signature once and answers the same token again from the cache', () => {
    const token = sign();
    const first = verifier.verifyOfficer(token, 'suzhou');
    const second = verifier.verifyOfficer(token, 'suzhou');
    expect(second).toBe(first);
    expect(first).toMatchObject({ sub: 'wuxi:a1', city: 'wuxi', scope: 'city', roles: ['ANALYST'] });
    expect(lookups).toEqual(['wuxi']);
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);
  });

  it('refuses a cached token once it has expired', () => {
    const token = sign('city', 60);
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

describe('TokenVerifier audiences: a token is good at one node only', () => {
  const keys = new Map(['wuxi', 'suzhou'].map((c) => [c, generateKeyPairSync('ec', { namedCurve: 'prime256v1' })] as const));
  const registry = new KeyRegistry(new Map([...keys].map(([c, k]) => [c, k.publicKey])));
  const verifier = new TokenVerifier(registry);
  const sign = (scope: 'city' | 'home' | 'session', at?: string) =>
    signOfficerToken(keys.get('wuxi')!.privateKey, { city: 'wuxi', sub: 'wuxi:a1', roles: ['ANALYST'], name: 'A', ttlSeconds: 600, scope, at });

  it('accepts a read token only at the city it names, saying where it belongs elsewhere', () => {
    const token = sign('city', 'suzhou');
    expect(verifier.verifyOfficer(token, 'suzhou').scope).toBe('city');
    for (const other of ['wuxi', 'taizhou', 'nanjing']) {
      let error: TokenRejectedError | undefined;
      try {
        verifier.verifyOfficer(token, other);
      } catch (e) {
        error = e as TokenRejectedError;
      }
      expect(error).toBeInstanceOf(TokenRejectedError);
      expect(error!.misplaced).toEqual({ scope: 'city', city: 'wuxi', validAt: 'suzhou' });
    }
  });

  it('accepts a session or home token only at its own city', () => {
    expect(verifier.verifyOfficer(sign('session'), 'wuxi').scope).toBe('session');
    expect(verifier.verifyOfficer(sign('home'), 'wuxi').scope).toBe('home');
    expect(() => verifier.verifyOfficer(sign('session'), 'suzhou')).toThrow(expect.objectContaining({ misplaced: { scope: 'session', city: 'wuxi', validAt: 'wuxi' } }));
    expect(() => verifier.verifyOfficer(sign('home'), 'suzhou')).toThrow(expect.objectContaining({ misplaced: { scope: 'home', city: 'wuxi', validAt: 'wuxi' } }));
  });

  it('refuses a token naming several audiences, even if one is this node', () => {
    const token = signOfficerToken(keys.get('wuxi')!.privateKey, { city: 'wuxi', sub: 'wuxi:a1', roles: ['ANALYST'], name: 'A', ttlSeconds: 600, scope: 'city', at: 'suzhou' });
    const payload = jwtLib.decode(token, { json: true })!;
    payload.aud = ['ypf-city:suzhou', 'ypf-city:taizhou'];
    // Signed by the issuer itself (a home node issuing such a token): still refused.
    const several = jwtLib.sign(payload, keys.get('wuxi')!.privateKey, { algorithm: 'ES256', keyid: 'wuxi' });
    expect(() => verifier.verifyOfficer(several, 'suzhou')).toThrow(/exactly one audience/);
  });
});

