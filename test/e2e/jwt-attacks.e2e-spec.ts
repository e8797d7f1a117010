import { createHmac, createPrivateKey, generateKeyPairSync, randomUUID, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signNodeToken } from '@ypf/auth';
import { errorCodes, gql, type GqlResponse, homeTokenFor, readTokenFor, testEnv, tokenFor, viaRegionEntity } from '@ypf/testing';

/**
 * Forged, stale and misused tokens against a city node directly and through the gateway: none is accepted, each is
 * refused with a clean UNAUTHENTICATED error (no stack, no internals), and valid tokens keep working. Wuxi officers
 * attack the Taizhou node; tokens are written by hand (header and payload as raw JSON) so that every field is ours.
 */
const NODE = 'taizhou';
const ISSUER = 'wuxi';

const b64u = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const privateKeyOf = (city: string): KeyObject => createPrivateKey(readFileSync(join(testEnv.keysDir(), `${city}.private.pem`)));
const publicPemOf = (city: string) => readFileSync(join(testEnv.keysDir(), `${city}.public.pem`), 'utf8');
const outsider = generateKeyPairSync('ec', { namedCurve: 'P-256' });

type Part = Record<string, unknown> | string;
const json = (p: Part) => (typeof p === 'string' ? p : JSON.stringify(p));
const es256 = (key: KeyObject) => (input: string) => cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });

/** A compact JWS; `signer` gets the signing input (header.payload), header and payload may be raw JSON strings. */
function jws(header: Part, payload: Part, signer: ((input: string) => Buffer) | null = es256(privateKeyOf(ISSUER))): string {
  const input = `${b64u(json(header))}.${b64u(json(payload))}`;
  return `${input}.${signer ? b64u(signer(input)) : ''}`;
}

const header = (over: Record<string, unknown> = {}) => ({ alg: 'ES256', typ: 'JWT', kid: ISSUER, ...over });
const officerClaims = (over: Record<string, unknown> = {}): Record<string, unknown> => {
  const t = now();
  return {
    typ: 'officer',
    city: ISSUER,
    roles: ['ANALYST'],
    name: 'Demo ANALYST (wuxi)',
    sub: `${ISSUER}:demo-analyst`,
    iss: `ypf:${ISSUER}`,
    aud: `ypf-city:${NODE}`,
    jti: randomUUID(),
    iat: t,
    exp: t + 600,
    ...over,
  };
};
const officer = (over: Record<string, unknown> = {}, hdr: Record<string, unknown> = {}) => jws(header(hdr), officerClaims(over));
const without = (claim: string) => {
  const { [claim]: _dropped, ...rest } = officerClaims();
  return jws(header(), rest);
};

const cityUrl = () => testEnv.cityUrls()[NODE];
const ME = '{ me { id city roles } }';

type Answer = GqlResponse<Record<string, any>>;
interface Route {
  name: string;
  read: (token: string) => Promise<Answer>;
  me: (r: Answer) => unknown;
}
const routes: Route[] = [
  { name: 'at the node', read: (token) => gql(cityUrl(), viaRegionEntity(NODE, ME), { token }), me: (r) => r.data?._entities?.[0]?.[NODE]?.me },
  { name: 'through the gateway', read: (token) => gql(testEnv.gatewayUrl(), `{ region { ${NODE} ${ME} } }`, { token }), me: (r) => r.data?.region?.[NODE]?.me },
];

/** A refusal is an ordinary GraphQL answer: HTTP 200, the field null, one UNAUTHENTICATED error, nothing internal. */
function expectCleanRefusal(r: GqlResponse, code = 'UNAUTHENTICATED') {
  expect(r.status).toBe(200);
  expect(errorCodes(r)).toEqual([code]);
  const body = JSON.stringify(r.errors);
  expect(body).not.toMatch(/stacktrace|exception|\bat \S+ \(|\.[jt]s:\d+|node_modules/);
}

// Each makes a token that must never be accepted as an officer's bearer token at the Taizhou node, and the check that
// refuses it (the reason in the error message): every row must fail for its own reason, not for a mistake in the row.
const officerAttacks: [string, () => string, RegExp][] = [
  ['alg "none", no signature', () => jws(header({ alg: 'none' }), officerClaims(), null), /algorithm none not allowed/],
  ['alg "NONE" with the original signature', () => {
    const good = officer();
    return `${b64u(json(header({ alg: 'NONE' })))}.${good.split('.')[1]}.${good.split('.')[2]}`;
  }, /algorithm NONE not allowed/],
  ['HS256 with the issuer public key (PEM) as HMAC secret', () =>
    jws(header({ alg: 'HS256' }), officerClaims(), (input) => createHmac('sha256', publicPemOf(ISSUER)).update(input).digest()), /algorithm HS256 not allowed/],
  ['HS256 with the node own public key as HMAC secret', () =>
    jws(header({ alg: 'HS256' }), officerClaims(), (input) => createHmac('sha256', publicPemOf(NODE)).update(input).digest()), /algorithm HS256 not allowed/],
  ['RS256 header on an ES256 signature', () => officer({}, { alg: 'RS256' }), /algorithm RS256 not allowed/],
  ['unknown kid', () => officer({}, { kid: 'attacker-2026' }), /kid does not match issuer/],
  ['kid path traversal', () => officer({}, { kid: '../../../../../../dev/null' }), /kid does not match issuer/],
  ['kid SQL injection', () => officer({}, { kid: "wuxi' OR '1'='1" }), /kid does not match issuer/],
  ['kid of another city', () => officer({}, { kid: NODE }), /kid does not match issuer/],
  ['embedded jwk of the attacker key', () =>
    jws(header({ jwk: outsider.publicKey.export({ format: 'jwk' }) }), officerClaims(), es256(outsider.privateKey)), /header parameter jwk not allowed/],
  ['jku header', () => jws(header({ jku: 'http://127.0.0.1:1/jwks.json' }), officerClaims(), es256(outsider.privateKey)), /header parameter jku not allowed/],
  ['x5u header', () => jws(header({ x5u: 'http://127.0.0.1:1/cert.pem' }), officerClaims(), es256(outsider.privateKey)), /header parameter x5u not allowed/],
  ['x5c header', () => officer({}, { x5c: ['MIIB'] }), /header parameter x5c not allowed/],
  ['crit header', () => officer({}, { crit: ['exp'], exp: now() + 600 }), /header parameter crit not allowed/],
  ['signed by a key outside the registry', () => jws(header(), officerClaims(), es256(outsider.privateKey)), /invalid signature/],
  ['expired', () => officer({ iat: now() - 1200, exp: now() - 600 }), /jwt expired/],
  ['expired beyond the clock skew', () => officer({ iat: now() - 600, exp: now() - 10 }), /jwt expired/],
  ['not yet valid (nbf in the future)', () => officer({ nbf: now() + 600 }), /jwt not active/],
  ['issued in the future beyond the skew', () => officer({ iat: now() + 60, exp: now() + 660 }), /issued in the future/],
  ['missing exp', () => without('exp'), /exp\/iat missing/],
  ['missing iat', () => without('iat'), /exp\/iat missing/],
  ['iat as a string', () => officer({ iat: String(now()) }), /iat|exp\/iat missing/],
  ['exp too far in the future (over the 1 h maximum)', () => officer({ exp: now() + 3600 + 60 }), /lifetime exceeds the maximum/],
  ['iat backdated a day (lifetime over the maximum)', () => officer({ iat: now() - 86_400 }), /lifetime exceeds the maximum/],
  ['exp as a string', () => officer({ exp: String(now() + 600) }), /invalid exp value/],
  ['wrong aud (a node audience)', () => officer({ aud: `ypf-node:${NODE}` }), /audience invalid/],
  ['wrong aud (another application)', () => officer({ aud: 'https://example.org' }), /audience invalid/],
  ['home aud of this node claimed by another city', () => officer({ aud: `ypf-home:${NODE}` }), /home token is valid only at its own city/],
  ['wrong iss (not a region city)', () => officer({ iss: 'ypf:shanghai' }), /unknown issuer/],
  ['iss without the region prefix', () => officer({ iss: ISSUER }), /unknown issuer/],
  ['city claim not matching the issuer', () => officer({ city: NODE }), /city claim does not match issuer/],
  ['subject of another city', () => officer({ sub: `${NODE}:demo-admin` }), /subject must be an officer id of the issuing city/],
  ['signed by another city key, claiming a different issuer', () => jws(header(), officerClaims(), es256(privateKeyOf('suzhou'))), /invalid signature/],
  ['signed by the node own key, claiming a Wuxi issuer', () => jws(header(), officerClaims(), es256(privateKeyOf(NODE))), /invalid signature/],
  ['tampered payload (roles escalated) with the original signature', () => {
    const [h, , s] = officer().split('.');
    return `${h}.${b64u(json(officerClaims({ roles: ['ADMIN', 'AUDITOR'] })))}.${s}`;
  }, /invalid signature/],
  ['one bit of the signature flipped', () => {
    const [h, p, sig] = officer().split('.');
    const bytes = Buffer.from(sig, 'base64url');
    bytes[10] ^= 1;
    return `${h}.${p}.${b64u(bytes)}`;
  }, /invalid signature/],
  ['truncated signature', () => officer().slice(0, -12), /signatures must be "64" bytes/],
  ['empty signature', () => officer().split('.').slice(0, 2).join('.') + '.', /signature is required/],
  ['signature of another token', () => {
    const [h, p] = officer().split('.');
    return `${h}.${p}.${officer({ name: 'someone else' }).split('.')[2]}`;
  }, /invalid signature/],
  ['signature in DER instead of JOSE form', () =>
    jws(header(), officerClaims(), (input) => cryptoSign('sha256', Buffer.from(input), { key: privateKeyOf(ISSUER), dsaEncoding: 'der' })), /signatures must be "64" bytes/],
  ['five segments (JWE-shaped)', () => `${officer()}.${b64u('x')}.${b64u('y')}`, /malformed token/],
  ['oversized (5 KiB, over the 4 KiB limit)', () => officer({ name: 'x'.repeat(5 * 1024) }), /token too large/],
  ['unknown role', () => officer({ roles: ['ANALYST', 'SUPERUSER'] }), /roles claim missing or invalid/],
  ['roles as a string, not a list', () => officer({ roles: 'ADMIN' }), /roles claim missing or invalid/],
  ['no roles', () => officer({ roles: [] }), /roles claim missing or invalid/],
  ['missing jti', () => without('jti'), /jti missing/],
  ['typ claim of a node token', () => officer({ typ: 'node' }), /expected a officer token/],
  ['duplicate city claim (issuer city first, another city last)', () =>
    jws(header(), json(officerClaims()).replace(/}$/, `,"city":"${NODE}"}`)), /city claim does not match issuer/],
  ['duplicate iss claim (issuer first, another city last)', () =>
    jws(header(), json(officerClaims()).replace(/}$/, `,"iss":"ypf:${NODE}"}`)), /kid does not match issuer/],
  ['payload that is not an object', () => jws(header(), '"wuxi:demo-analyst"'), /malformed token/],
  ['node token used as an officer bearer token', () => signNodeToken(privateKeyOf(ISSUER), ISSUER, NODE), /audience invalid/],
  ['not a JWT at all', () => 'not-a-jwt', /malformed token/],
];

describe('JWT attacks on officer tokens', () => {
  describe.each(routes)('$name', (route) => {
    it('accepts a valid read token of another city for this node (the attacks below change one thing each)', async () => {
      const r = await route.read(officer());
      expect(r.errors).toBeUndefined();
      expect(route.me(r)).toEqual({ id: `${ISSUER}:demo-analyst`, city: ISSUER, roles: ['ANALYST'] });
    });

    it.each([
      ['issued by the dev token tool', () => readTokenFor(ISSUER, 'ANALYST', NODE)],
      ['with exactly the maximum lifetime (1 h)', () => officer({ exp: now() + 3600 })],
      ['issued a moment ahead, within the clock skew', () => officer({ iat: now() + 3, exp: now() + 603 })],
      ['with an nbf a moment ahead, within the clock skew', () => officer({ nbf: now() + 3 })],
      ['without a kid (the issuer names the key)', () => jws({ alg: 'ES256', typ: 'JWT' }, officerClaims())],
    ])('accepts a valid token %s', async (_name, make) => {
      const r = await route.read(make());
      expect(r.errors).toBeUndefined();
      expect(route.me(r)).toEqual({ id: `${ISSUER}:demo-analyst`, city: ISSUER, roles: ['ANALYST'] });
    });

    it.each(officerAttacks)('refuses %s', async (_name, make, reason) => {
      const r = await route.read(make());
      expect(route.me(r)).toBeNull();
      expectCleanRefusal(r);
      expect(r.errors![0].message).toMatch(/^The officer token was refused \(/);
      expect(r.errors![0].message).toMatch(reason);
    });

    it('refuses a 64 KiB token at the HTTP layer (431), before any GraphQL runs', async () => {
      const url = route.name === 'at the node' ? cityUrl() : testEnv.gatewayUrl();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${officer({ name: 'x'.repeat(64 * 1024) })}` },
        body: JSON.stringify({ query: `{ region { ${NODE} ${ME} } }` }),
      });
      expect(res.status).toBe(431);
      expect(await res.text()).not.toMatch(/demo-analyst|stack/);
    });
  });
});

describe('token scope: home, read and session tokens', () => {
  // A harmless write: re-driving a message that does not exist answers MESSAGE_NOT_FOUND once past the guard.
  const redrive = `mutation { ${NODE} { redriveMessage(id: "${randomUUID()}") { id } } }`;
  const targets = [
    { name: 'at the node', url: () => cityUrl() },
    { name: 'through the gateway', url: () => testEnv.gatewayUrl() },
  ];

  it.each(targets)('$name: a home token writes at its own node (passes the guard)', async ({ url }) => {
    const r = await gql(url(), redrive, { token: homeTokenFor(NODE, 'ADMIN') });
    expect(errorCodes(r)).toEqual(['MESSAGE_NOT_FOUND']);
  });

  it.each(targets)('$name: a read token is refused for a write at home with HOME_TOKEN_REQUIRED', async ({ url }) => {
    const r = await gql(url(), redrive, { token: readTokenFor(NODE, 'ADMIN', NODE) });
    expectCleanRefusal(r, 'HOME_TOKEN_REQUIRED');
  });

  it('through the gateway: a session token (exchanged there for the read token) is refused for a write with HOME_TOKEN_REQUIRED', async () => {
    expectCleanRefusal(await gql(testEnv.gatewayUrl(), redrive, { token: tokenFor(NODE, 'ADMIN') }), 'HOME_TOKEN_REQUIRED');
  });

  it.each(targets)("$name: another city's home token is refused with HOME_NODE_ONLY, saying where it belongs", async ({ url }) => {
    const r = await gql(url(), redrive, { token: homeTokenFor(ISSUER, 'ADMIN') });
    expectCleanRefusal(r, 'HOME_NODE_ONLY');
    expect(r.errors![0].message).toMatch(/Home tokens are valid only at the officer's own node: this wuxi token belongs at wuxi/);
  });
});

describe('JWT attacks on node tokens (X-YPF-Node-Token on deliverMessages)', () => {
  // An empty batch changes nothing; a node token that passes answers [].
  const deliver = `mutation { ${NODE} { deliverMessages(envelopes: []) { messageId } } }`;
  const atNode = (nodeToken: string, token?: string) => gql(cityUrl(), deliver, { headers: { 'x-ypf-node-token': nodeToken }, token });
  const nodeClaims = (over: Record<string, unknown> = {}) => {
    const t = now();
    return { typ: 'node', city: ISSUER, sub: `node:${ISSUER}`, iss: `ypf:${ISSUER}`, aud: `ypf-node:${NODE}`, jti: randomUUID(), iat: t, exp: t + 30, ...over };
  };
  const node = (over: Record<string, unknown> = {}, hdr: Record<string, unknown> = {}) => jws(header(hdr), nodeClaims(over));

  it('accepts a valid node token once', async () => {
    const r = await atNode(signNodeToken(privateKeyOf(ISSUER), ISSUER, NODE));
    expect(r.errors).toBeUndefined();
    expect(r.data![NODE].deliverMessages).toEqual([]);
  });

  it('refuses a replayed node token (the second use of the same jti)', async () => {
    const token = signNodeToken(privateKeyOf(ISSUER), ISSUER, NODE);
    expect((await atNode(token)).data![NODE].deliverMessages).toEqual([]);
    const replay = await atNode(token);
    expect(replay.data?.[NODE] ?? null).toBeNull();
    expectCleanRefusal(replay);
    expect(replay.errors![0].message).toMatch(/replay/);
  });

  it.each<[string, () => string, RegExp]>([
    ['officer session token used as a node token', () => tokenFor(ISSUER, 'ADMIN'), /audience invalid/],
    ['officer read token used as a node token', () => readTokenFor(ISSUER, 'ADMIN', NODE), /audience invalid/],
    ['officer home token used as a node token', () => homeTokenFor(NODE, 'ADMIN'), /audience invalid/],
    ['node token addressed to another city', () => signNodeToken(privateKeyOf(ISSUER), ISSUER, 'suzhou'), /audience invalid/],
    ['node token with alg "none"', () => jws(header({ alg: 'none' }), nodeClaims(), null), /algorithm none not allowed/],
    ['node token HS256 with the issuer public key', () =>
      jws(header({ alg: 'HS256' }), nodeClaims(), (input) => createHmac('sha256', publicPemOf(ISSUER)).update(input).digest()), /algorithm HS256 not allowed/],
    ['node token signed by another city, claiming Wuxi', () => jws(header(), nodeClaims(), es256(privateKeyOf('suzhou'))), /invalid signature/],
    ['node token with a lifetime over 60 s', () => node({ exp: now() + 120 }), /lifetime exceeds the maximum/],
    ['expired node token', () => node({ iat: now() - 120, exp: now() - 60 }), /jwt expired/],
    ['node token with a subject of another node', () => node({ sub: 'node:suzhou' }), /subject mismatch/],
    ['node token with the typ of an officer token', () => node({ typ: 'officer' }), /expected a node token/],
    ['node token with an embedded jwk', () => jws(header({ jwk: outsider.publicKey.export({ format: 'jwk' }) }), nodeClaims(), es256(outsider.privateKey)), /header parameter jwk not allowed/],
    ["another node's token redirected here (aud rewritten, original signature)", () => {
      const [h, , s] = node({ aud: 'ypf-node:suzhou' }).split('.');
      return `${h}.${b64u(json(nodeClaims()))}.${s}`;
    }, /invalid signature/],
  ])('refuses %s', async (_name, make, reason) => {
    const r = await atNode(make());
    expect(r.data?.[NODE] ?? null).toBeNull();
    expectCleanRefusal(r);
    expect(r.errors![0].message).toMatch(/^The node token was refused \(/);
    expect(r.errors![0].message).toMatch(reason);
  });

  it('the gateway carries no node token: even a valid one is refused there', async () => {
    const r = await gql(testEnv.gatewayUrl(), deliver, { headers: { 'x-ypf-node-token': signNodeToken(privateKeyOf(ISSUER), ISSUER, NODE) } });
    expect(r.data?.[NODE] ?? null).toBeNull();
    expectCleanRefusal(r);
  });

  it('an officer bearer token does not stand in for a node token, at the node or through the gateway', async () => {
    const atNodeR = await gql(cityUrl(), deliver, { token: homeTokenFor(NODE, 'ADMIN') });
    expectCleanRefusal(atNodeR);
    const viaGateway = await gql(testEnv.gatewayUrl(), deliver, { token: homeTokenFor(NODE, 'ADMIN') });
    expectCleanRefusal(viaGateway);
  });
});

/**
 * Issue 16, finding 1: a node that receives an officer's token (it behaves, then misuses what it was sent) must not be
 * able to use it anywhere else. Wuxi plays the compromised node: it holds exactly what the gateway forwarded to it for a
 * Yangzhou analyst's request.
 */
describe('a compromised node replaying the token it was sent', () => {
  const gw = () => testEnv.gatewayUrl();
  const nodeUrl = (city: string) => testEnv.cityUrls()[city];
  const exchange = async (city: string, token: string) => {
    const res = await fetch(new URL('/auth/city-tokens', nodeUrl(city)), { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as { tokens?: Record<string, string>; errors?: { extensions: { code: string } }[] } };
  };

  it("reads neither another city's data for the officer (Taizhou's RED report addressed to Yangzhou) nor the officer's home-only views", async () => {
    const login = await gql(gw(), 'mutation { yangzhou { login(username: "yangzhou.analyst", password: "yangtze-demo") { token } } }');
    const session = login.data!.yangzhou.login.token as string;
    // The honest request: the officer reads Wuxi and, as a named recipient, Taizhou's RED report in full.
    const honest = await gql(gw(), '{ region { wuxi { searchIntelligence { total } } taizhou { intelligenceReport(id: "taizhou:demo-red") { accessLevel } } } }', { token: session, purpose: 'YZ-2026-0100' });
    expect(honest.errors).toBeUndefined();
    expect(honest.data!.region.taizhou.intelligenceReport.accessLevel).toBe('FULL');

    // What Wuxi's node was sent: the read token Yangzhou issued for Wuxi in this session (the home node answers every
    // exchange of one session with the same set, so this is the token the gateway forwarded).
    const issued = await exchange('yangzhou', session);
    expect(issued.status).toBe(200);
    const received = issued.body.tokens!.wuxi;
    expect((await gql(nodeUrl('wuxi'), viaRegionEntity('wuxi', '{ me { id } }'), { token: received })).data!._entities[0].wuxi.me.id).toBe('yangzhou:demo-analyst');

    // Replayed at Taizhou for the RED report, with a purpose of the attacker's choosing: refused, nothing read.
    const atTaizhou = await gql(nodeUrl('taizhou'), viaRegionEntity('taizhou', '{ intelligenceReport(id: "taizhou:demo-red") { accessLevel report { body } } }'), { token: received, purpose: 'YZ-2026-0100' });
    expect(atTaizhou.data?._entities?.[0]?.taizhou?.intelligenceReport ?? null).toBeNull();
    expectCleanRefusal(atTaizhou);
    expect(atTaizhou.errors![0].message).toMatch(/valid only at wuxi's node/);
    // Replayed at Yangzhou for the officer's home-only views: refused.
    for (const view of ['{ intelligenceWorklist { id } }', '{ notifications { kind } }', '{ watchEntries { id } }', '{ checkWatchRegion(identifiers: [{ kind: PHONE, value: "13700000000" }]) { hit } }', '{ checkIdentifiersRegion(identifiers: [{ kind: PHONE, value: "13700000000" }]) { hit } }']) {
      const atHome = await gql(nodeUrl('yangzhou'), viaRegionEntity('yangzhou', view), { token: received, purpose: 'YZ-2026-0100' });
      expectCleanRefusal(atHome);
    }
    // Nor can it be exchanged for a fresh set, or be sent through the gateway to reach another city.
    expect((await exchange('yangzhou', received)).status).toBe(401);
    const viaGateway = await gql(gw(), '{ region { taizhou { intelligenceReport(id: "taizhou:demo-red") { accessLevel } } } }', { token: received, purpose: 'YZ-2026-0100' });
    expect(viaGateway.data!.region.taizhou.intelligenceReport).toBeNull();
    expect(errorCodes(viaGateway)).toEqual(['UNAUTHENTICATED']);
    // The session token is never sent to any node but the home node; were it to leak, no node takes it for a query.
    expectCleanRefusal(await gql(nodeUrl('taizhou'), viaRegionEntity('taizhou', '{ me { id } }'), { token: session }));
    expect((await exchange('taizhou', session)).status).toBe(401);
  });
});
