import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { loadPrivateKey, signNodeToken } from '@ypf/auth';
import { errorCodes, gql, homeTokenFor, testEnv, tokenFor, viaRegionEntity } from '@ypf/testing';
import { startTestNode, type TestNode } from '../testing/test-node.js';
import { NodeAuthService } from './node-auth.service.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Every node verifies every token against the region key registry: these must all be refused. */
describe('officer token verification at a node', () => {
  let node: TestNode;
  const me = (token: string) => gql(node.url, viaRegionEntity('taizhou', '{ me { id city roles } }'), { token });
  const key = (city: string) => loadPrivateKey(testEnv.keysDir(), city);
  const publicPem = (city: string) => readFileSync(join(testEnv.keysDir(), `${city}.public.pem`), 'utf8');
  const claims = (over: Record<string, unknown> = {}) => ({
    typ: 'officer',
    city: 'wuxi',
    roles: ['ANALYST'],
    name: 'x',
    sub: 'wuxi:demo-analyst',
    iss: 'ypf:wuxi',
    aud: 'ypf-city:taizhou',
    jti: 'a1b2c3d4e5f6',
    iat: now(),
    exp: now() + 600,
    ...over,
  });
  const sign = (payload: object, opts: jwt.SignOptions = {}, signingKey: KeyObject = key('wuxi')): string =>
    jwt.sign(payload, signingKey, { algorithm: 'ES256', keyid: 'wuxi', ...opts });

  beforeAll(async () => {
    node = await startTestNode('taizhou', { demoSeed: false });
  });
  afterAll(async () => node?.close());

  it('accepts a valid token of another city and reports who it names', async () => {
    const r = await me(sign(claims()));
    expect(r.errors).toBeUndefined();
    expect(r.data!._entities[0].taizhou.me).toEqual({ id: 'wuxi:demo-analyst', city: 'wuxi', roles: ['ANALYST'] });
  });

  const attacks: [string, () => string][] = [
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['HS256 signed with the city public key', () => jwt.sign(claims(), publicPem('wuxi'), { algorithm: 'HS256' })],
    ['unknown kid', () => sign(claims(), { keyid: 'attacker' })],
    ['kid of another city', () => sign(claims(), { keyid: 'taizhou' })],
    ['embedded jwk header', () => sign(claims(), { header: { alg: 'ES256', jwk: { kty: 'EC' } } as jwt.JwtHeader })],
    ['jku header', () => sign(claims(), { header: { alg: 'ES256', jku: 'http://127.0.0.1/keys' } as jwt.JwtHeader })],
    ['signed by a key outside the registry', () => sign(claims(), {}, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)],
    ['expired', () => sign(claims({ iat: now() - 1200, exp: now() - 600 }))],
    ['not yet valid', () => sign(claims({ nbf: now() + 600 }))],
    ['issued in the future', () => sign(claims({ iat: now() + 600, exp: now() + 1200 }))],
    ['wrong audience', () => sign(claims({ aud: 'ypf-node:taizhou' }))],
    ['read token for another node (replayed here by the node that received it)', () => sign(claims({ aud: 'ypf-city:suzhou' }))],
    ['session token (exchanged at the home node, never presented)', () => sign(claims({ aud: 'ypf:session' }))],
    ['two audiences, this node among them', () => sign(claims({ aud: ['ypf-city:taizhou', 'ypf-city:suzhou'] }))],
    ['region audience of earlier versions', () => sign(claims({ aud: 'ypf:region' }))],
    ['unknown issuer', () => sign(claims({ iss: 'ypf:shanghai' }))],
    ['city claim not matching the issuer', () => sign(claims({ city: 'taizhou' }))],
    ['subject of another city', () => sign(claims({ sub: 'taizhou:demo-admin' }))],
    ['issuer signed with another city key', () => sign(claims(), {}, key('suzhou'))],
    ['unknown role', () => sign(claims({ roles: ['GOD'] }))],
    ['no roles', () => sign(claims({ roles: [] }))],
    ['lifetime over an hour', () => sign(claims({ exp: now() + 7200 }))],
    ['missing jti', () => sign(claims({ jti: undefined }))],
    ['tampered payload', () => {
      const [h, , s] = sign(claims()).split('.');
      return `${h}.${b64(claims({ roles: ['ADMIN'] }))}.${s}`;
    }],
    ['truncated signature', () => sign(claims()).slice(0, -10)],
    ['empty signature', () => sign(claims()).split('.').slice(0, 2).join('.') + '.'],
    ['oversized token', () => sign(claims({ name: 'x'.repeat(5000) }))],
    ['node token used as officer token', () => signNodeToken(key('wuxi'), 'wuxi', 'taizhou')],
    ['garbage', () => 'not-a-jwt'],
  ];

  it.each(attacks)('refuses %s with UNAUTHENTICATED', async (_name, make) => {
    const r = await me(make());
    expect(errorCodes(r)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(r.errors)).not.toMatch(/stack|at \w+ \(/);
  });

  it('refuses an officer token used as a node token, and a replayed node token', async () => {
    const auth = node.app.get(NodeAuthService);
    await expect(auth.accept(tokenFor('wuxi', 'ANALYST'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const nodeToken = signNodeToken(key('wuxi'), 'wuxi', 'taizhou');
    await expect(auth.accept(nodeToken)).resolves.toMatchObject({ kind: 'node', city: 'wuxi' });
    await expect(auth.accept(nodeToken)).rejects.toThrow(/replay/);
    await expect(auth.accept(signNodeToken(key('wuxi'), 'wuxi', 'suzhou'))).rejects.toThrow(/audience/);
  });

  it('says where a misplaced token belongs: a read token of another node, a home token away from home, a session token', async () => {
    const misplaced = await me(sign(claims({ aud: 'ypf-city:suzhou' })));
    expect(errorCodes(misplaced)).toEqual(['UNAUTHENTICATED']);
    expect(misplaced.errors![0].message).toMatch(/read token valid only at suzhou's node, and this is taizhou/);
    const away = await me(sign(claims({ aud: 'ypf-home:wuxi' })));
    expect(errorCodes(away)).toEqual(['HOME_NODE_ONLY']);
    expect(away.errors![0].message).toMatch(/Home tokens are valid only at the officer's own node: this wuxi token belongs at wuxi/);
    const session = await me(sign(claims({ aud: 'ypf:session' })));
    expect(errorCodes(session)).toEqual(['UNAUTHENTICATED']);
    expect(session.errors![0].message).toMatch(/session token/);
    // A forged token gets no such help: the placement is told only for a token whose signature checked out.
    const forged = await me(sign(claims({ aud: 'ypf-city:suzhou' }), {}, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey));
    expect(forged.errors![0].message).not.toMatch(/valid only at/);
  });

  it('exchanges a session token at its home node only, for one read token per city', async () => {
    const exchange = (token: string) =>
      fetch(new URL('/auth/city-tokens', node.url), { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
    const taizhouKey = key('taizhou');
    const session = sign(claims({ city: 'taizhou', iss: 'ypf:taizhou', sub: 'taizhou:demo-analyst', aud: 'ypf:session' }), { keyid: 'taizhou' }, taizhouKey);
    const ok = await exchange(session);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body.tokens).sort()).toEqual(['changzhou', 'nanjing', 'nantong', 'suzhou', 'taizhou', 'wuxi', 'yangzhou', 'zhenjiang']);
    for (const [city, token] of Object.entries(ok.body.tokens as Record<string, string>)) {
      expect(jwt.decode(token, { json: true })).toMatchObject({ aud: `ypf-city:${city}`, sub: 'taizhou:demo-analyst', exp: (jwt.decode(session, { json: true }) as { exp: number }).exp });
    }
    // The same session gets the same set again (the gateway's processes share one answer per session).
    expect((await exchange(session)).body.tokens).toEqual(ok.body.tokens);
    // Taizhou's read token works here; another city's session, a read token and a home token are not exchanged.
    expect((await me(ok.body.tokens.taizhou)).data!._entities[0].taizhou.me.id).toBe('taizhou:demo-analyst');
    for (const refused of [sign(claims({ aud: 'ypf:session' })), ok.body.tokens.taizhou, homeTokenFor('taizhou', 'ANALYST'), 'garbage']) {
      const r = await exchange(refused);
      expect(r.status).toBe(401);
      expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses anonymous calls to protected fields but answers public ones', async () => {
    const anon = await gql(node.url, viaRegionEntity('taizhou', '{ code nameZh me { id } }'));
    expect(anon.data!._entities[0].taizhou).toEqual({ code: 'taizhou', nameZh: '泰州', me: null });
    expect(errorCodes(anon)).toEqual(['UNAUTHENTICATED']);
    const pub = await gql(node.url, viaRegionEntity('taizhou', '{ code nameZh }'));
    expect(pub.data!._entities[0].taizhou).toEqual({ code: 'taizhou', nameZh: '泰州' });
  });

  it('still lets an officer with an expired token log in (public operations ignore a stale token)', async () => {
    const stale = sign(claims({ iat: now() - 1200, exp: now() - 600 }));
    const r = await gql(node.url, 'mutation { taizhou { login(username: "nobody", password: "x") { token } } }', { token: stale });
    expect(errorCodes(r)).toEqual(['INVALID_CREDENTIALS']);
  });

  it('refuses roles that an operation does not allow', async () => {
    const r = await gql(node.url, viaRegionEntity('taizhou', '{ auditChainVerification { ok } }'), { token: homeTokenFor('taizhou', 'ANALYST') });
    expect(errorCodes(r)).toEqual(['FORBIDDEN']);
    expect(r.errors![0].message).toMatch(/needs one of the roles AUDITOR/);
  });
});
