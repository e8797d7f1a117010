import { randomUUID, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { isCityCode } from '@ypf/region';
import { isRole, type Role } from './roles.js';
import { KeyRegistry } from './key-registry.js';

/**
 * Session tokens: what login returns as `token`. Good at no city's GraphQL: the gateway (or a script) exchanges one at
 * the officer's home node for a read token per city (`POST /auth/city-tokens`), so a token a node receives is good at
 * that node only and a compromised node cannot replay it at another city.
 */
export const SESSION_AUDIENCE = 'ypf:session';
/** Read tokens: reads at one city's node only (the home node issues one per city for a session). */
export const cityAudience = (city: string) => `ypf-city:${city}`;
/** Home tokens: writes and home-only reads at the officer's own node only; never sent to another city. */
export const homeAudience = (city: string) => `ypf-home:${city}`;
export type OfficerTokenScope = 'session' | 'city' | 'home';
export const nodeAudience = (targetCity: string) => `ypf-node:${targetCity}`;
export const issuerOf = (city: string) => `ypf:${city}`;

export const MAX_OFFICER_TOKEN_SECONDS = 3600;
export const MAX_NODE_TOKEN_SECONDS = 60;
export const MAX_TOKEN_BYTES = 4096;
const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * Verified officer tokens kept per process; the oldest goes first when full. A token is about 600 bytes (at most
 * MAX_TOKEN_BYTES), so the cache stays within a few MB (20 MB at worst).
 */
const OFFICER_CACHE_ENTRIES = 5_000;

export interface OfficerIdentity {
  kind: 'officer';
  /**
   * 'home': a home token at the officer's own node (writes, home-only reads); 'city': a read token at the one node it
   * was issued for; 'session': a session token at the officer's own node (good only for the token exchange).
   */
  scope: OfficerTokenScope;
  /** Officer id, city-scoped: `taizhou:01J...`. */
  sub: string;
  city: string;
  roles: Role[];
  name: string;
  jti: string;
  exp: number;
  /** The session a read token was issued for. */
  sessionId?: string;
  /** When the officer last gave their password (seconds since the epoch; `auth_time`): renewals keep it. */
  authTime?: number;
  /**
   * The officer's token generation when the token was issued (claim `ver`; absent means 0). The home city raises it
   * when it disables the officer, removes a role or resets the password, and tells every node: a token of an older
   * generation is refused at once everywhere (OfficerRevocations), not after its 15 minutes.
   */
  generation?: number;
}

export interface NodeIdentity {
  kind: 'node';
  city: string;
  audienceCity: string;
  jti: string;
  exp: number;
  /** SHA-256 of the envelope the token was issued for, binding the signature to that exact message. */
  payloadHash?: string;
}

/**
 * Why a token was refused. The caller is told the reason (expired, wrong audience, bad signature, ...): it tells an
 * honest client what to fix and an attacker nothing the refusal itself does not; it is also logged. `misplaced`: a
 * valid token presented at the wrong node (a home token away from home, a read token of another city, a session
 * token anywhere but its home node), told apart so that the caller gets the message that says where it belongs.
 */
export class TokenRejectedError extends Error {
  constructor(
    readonly reason: string,
    readonly misplaced?: { scope: OfficerTokenScope; city: string; validAt: string },
  ) {
    super(`token rejected: ${reason}`);
  }
}

export interface SignOfficerTokenInput {
  city: string;
  sub: string;
  roles: Role[];
  name: string;
  ttlSeconds: number;
  /** Default 'session'. */
  scope?: OfficerTokenScope;
  /** The one city a 'city' (read) token is good at. */
  at?: string;
  /**
   * Expiry as seconds since the epoch, instead of `ttlSeconds` from now: read tokens issued for a session end with it.
   */
  expiresAt?: number;
  /** The session a read token was issued for (its `jti`), so audit and revocation can follow a session. */
  sessionId?: string;
  /** When the officer gave their password (seconds since the epoch): a renewed token carries the login's. */
  authTime?: number;
  /** The officer's token generation (see OfficerIdentity.generation). */
  generation?: number;
}

export function signOfficerToken(privateKey: KeyObject, input: SignOfficerTokenInput): string {
  if (input.ttlSeconds <= 0 || input.ttlSeconds > MAX_OFFICER_TOKEN_SECONDS) {
    throw new Error(`officer token lifetime must be 1..${MAX_OFFICER_TOKEN_SECONDS} s`);
  }
  const scope = input.scope ?? 'session';
  if (scope === 'city' && !input.at) throw new Error('a read token names the city it is good at');
  const audience = scope === 'home' ? homeAudience(input.city) : scope === 'city' ? cityAudience(input.at!) : SESSION_AUDIENCE;
  const now = Math.floor(Date.now() / 1000);
  const exp = input.expiresAt ?? now + input.ttlSeconds;
  if (exp <= now || exp - now > MAX_OFFICER_TOKEN_SECONDS) throw new Error(`officer token lifetime must be 1..${MAX_OFFICER_TOKEN_SECONDS} s`);
  return jwt.sign(
    { typ: 'officer', city: input.city, roles: input.roles, name: input.name, iat: now, exp, ...(input.sessionId ? { sid: input.sessionId } : {}), ...(input.authTime ? { auth_time: input.authTime } : {}), ...(input.generation ? { ver: input.generation } : {}) },
    privateKey,
    {
      algorithm: 'ES256',
      keyid: input.city,
      issuer: issuerOf(input.city),
      subject: input.sub,
      audience,
      jwtid: randomUUID(),
    },
  );
}

/** `nowMs`: the signing node's clock (the one its peers' verifiers share), so issue and expiry agree with it. */
export function signNodeToken(privateKey: KeyObject, fromCity: string, toCity: string, ttlSeconds = 30, payloadHash?: string, nowMs = Date.now()): string {
  if (ttlSeconds <= 0 || ttlSeconds > MAX_NODE_TOKEN_SECONDS) {
    throw new Error(`node token lifetime must be 1..${MAX_NODE_TOKEN_SECONDS} s`);
  }
  return jwt.sign({ typ: 'node', city: fromCity, iat: Math.floor(nowMs / 1000), ...(payloadHash ? { ph: payloadHash } : {}) }, privateKey, {
    algorithm: 'ES256',
    keyid: fromCity,
    issuer: issuerOf(fromCity),
    subject: `node:${fromCity}`,
    audience: nodeAudience(toCity),
    expiresIn: ttlSeconds,
    jwtid: randomUUID(),
  });
}

interface VerifiedClaims extends jwt.JwtPayload {
  typ?: unknown;
  city?: unknown;
  roles?: unknown;
  name?: unknown;
  ph?: unknown;
  sid?: unknown;
  auth_time?: unknown;
  ver?: unknown;
}

/**
 * Verifies every token against the region key registry: ES256 only, the issuer must be a registry city, the
 * key is the issuer's (never one named or embedded in the token), the `city` claim must equal the issuer.
 */
export class TokenVerifier {
  /**
   * Officer tokens already verified here, keyed by the whole token (signature included, so a changed byte is a
   * different key) and the verifying city. An officer session sends the same token with every request; checking its
   * ES256 signature again each time was a measurable part of a node's CPU per request. A hit re-checks only what
   * changes with time (expiry, not-before, issue time); the key registry is fixed for the process's life.
   */
  private readonly officerCache = new Map<string, { identity: OfficerIdentity; iat: number; nbf: number | undefined }>();

  constructor(
    private readonly registry: KeyRegistry,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Verifies an officer token at the node of `selfCity`: a read token only at the city it names, a home or session
   * token only at its own city's node. Any other placement is refused (the token has been misrouted, leaked or
   * replayed by a node that received it), with `misplaced` saying where it belongs.
   */
  verifyOfficer(token: string, selfCity: string): OfficerIdentity {
    const cacheKey = `${selfCity ?? ''} ${token}`;
    const cached = this.officerCache.get(cacheKey);
    if (cached) {
      const nowS = Math.floor(this.now() / 1000);
      const { identity, iat, nbf } = cached;
      // The same time rules as the first verification (jsonwebtoken's, with the same tolerance).
      if (nowS < identity.exp + CLOCK_TOLERANCE_SECONDS && (nbf === undefined || nbf <= nowS + CLOCK_TOLERANCE_SECONDS) && iat <= nowS + CLOCK_TOLERANCE_SECONDS) {
        return identity;
      }
      this.officerCache.delete(cacheKey);
    }
    const verified = this.verifyOfficerUncached(token, selfCity);
    if (this.officerCache.size >= OFFICER_CACHE_ENTRIES) this.officerCache.delete(this.officerCache.keys().next().value!);
    this.officerCache.set(cacheKey, verified);
    return verified.identity;
  }

  /** The identity, with the issue and not-before times a cached copy is checked against later. */
  private verifyOfficerUncached(token: string, selfCity: string): { identity: OfficerIdentity; iat: number; nbf: number | undefined } {
    const audiences = [cityAudience(selfCity), homeAudience(selfCity), SESSION_AUDIENCE];
    let claims: VerifiedClaims;
    try {
      claims = this.verify(token, audiences, 'officer', MAX_OFFICER_TOKEN_SECONDS);
    } catch (e) {
      // A token that would be valid at another node: say where it belongs (checked with that node's audience, so
      // the signature, issuer and times have all been verified before the caller is told).
      if (e instanceof TokenRejectedError && /audience/.test(e.reason)) throw this.misplaced(token, e);
      throw e;
    }
    const roles = claims.roles;
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
      throw new TokenRejectedError('roles claim missing or invalid');
    }
    if (typeof claims.sub !== 'string' || !claims.sub.startsWith(`${String(claims.city)}:`)) {
      throw new TokenRejectedError('subject must be an officer id of the issuing city');
    }
    const aud = audienceOf(claims.aud);
    // One audience: a token good at several nodes would let each of them replay it at the others.
    if (!aud) throw new TokenRejectedError('an officer token must name exactly one audience');
    const scope: OfficerTokenScope = aud === homeAudience(selfCity) ? 'home' : aud === cityAudience(selfCity) ? 'city' : 'session';
    // Another city's key signing this node's home audience: no honest issuer does that.
    if (scope === 'home' && claims.city !== selfCity) throw new TokenRejectedError('a home token is valid only at its own city');
    if (scope === 'session' && claims.city !== selfCity) {
      throw new TokenRejectedError("a session token is valid only at its own city's node", { scope, city: claims.city as string, validAt: claims.city as string });
    }
    // Frozen: the same object answers every later request with this token.
    const identity: OfficerIdentity = Object.freeze({
      kind: 'officer',
      scope,
      sub: claims.sub,
      city: claims.city as string,
      roles: Object.freeze([...new Set(roles)]) as Role[],
      name: typeof claims.name === 'string' ? claims.name : claims.sub,
      jti: claims.jti as string,
      exp: claims.exp as number,
      ...(typeof claims.sid === 'string' ? { sessionId: claims.sid } : {}),
      ...(typeof claims.auth_time === 'number' ? { authTime: claims.auth_time } : {}),
      ...(Number.isSafeInteger(claims.ver) && (claims.ver as number) > 0 ? { generation: claims.ver as number } : {}),
    });
    return { identity, iat: claims.iat as number, nbf: typeof claims.nbf === 'number' ? claims.nbf : undefined };
  }

  /** `refused` (an audience refusal), or, for a token valid at another node, the refusal that says which. */
  private misplaced(token: string, refused: TokenRejectedError): TokenRejectedError {
    const payload = jwt.decode(token, { json: true });
    const aud = audienceOf(payload?.aud);
    const city = typeof payload?.city === 'string' ? payload.city : '';
    const at = aud?.startsWith('ypf-city:') ? aud.slice('ypf-city:'.length) : aud?.startsWith('ypf-home:') ? aud.slice('ypf-home:'.length) : aud === SESSION_AUDIENCE ? city : null;
    if (!at || !isCityCode(at)) return refused;
    const scope: OfficerTokenScope = aud === SESSION_AUDIENCE ? 'session' : aud!.startsWith('ypf-home:') ? 'home' : 'city';
    try {
      this.verify(token, scope === 'session' ? SESSION_AUDIENCE : scope === 'home' ? homeAudience(at) : cityAudience(at), 'officer', MAX_OFFICER_TOKEN_SECONDS);
    } catch {
      return refused;
    }
    return new TokenRejectedError(`${refused.reason} (a ${scope} token, valid only at ${at})`, { scope, city, validAt: at });
  }

  /** Verifies a node token addressed to `selfCity`. Replay protection (jti) is the caller's job. */
  verifyNode(token: string, selfCity: string): NodeIdentity {
    const claims = this.verify(token, nodeAudience(selfCity), 'node', MAX_NODE_TOKEN_SECONDS);
    if (claims.sub !== `node:${String(claims.city)}`) throw new TokenRejectedError('node token subject mismatch');
    return {
      kind: 'node',
      city: claims.city as string,
      audienceCity: selfCity,
      jti: claims.jti as string,
      exp: claims.exp as number,
      payloadHash: typeof claims.ph === 'string' ? claims.ph : undefined,
    };
  }

  private verify(token: string, audience: string | string[], typ: 'officer' | 'node', maxLifetime: number): VerifiedClaims {
    if (typeof token !== 'string' || token.length === 0) throw new TokenRejectedError('empty token');
    if (token.length > MAX_TOKEN_BYTES) throw new TokenRejectedError('token too large');
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload !== 'object' || decoded.payload === null) {
      throw new TokenRejectedError('malformed token');
    }
    const header = decoded.header as jwt.JwtHeader & Record<string, unknown>;
    if (header.alg !== 'ES256') throw new TokenRejectedError(`algorithm ${String(header.alg)} not allowed`);
    for (const forbidden of ['jwk', 'jku', 'x5u', 'x5c', 'crit']) {
      if (forbidden in header) throw new TokenRejectedError(`header parameter ${forbidden} not allowed`);
    }
    const iss = (decoded.payload as jwt.JwtPayload).iss;
    const issuerCity = typeof iss === 'string' && iss.startsWith('ypf:') ? iss.slice(4) : undefined;
    if (!issuerCity || !isCityCode(issuerCity)) throw new TokenRejectedError('unknown issuer');
    if (header.kid !== undefined && header.kid !== issuerCity) throw new TokenRejectedError('kid does not match issuer');
    const key = this.registry.publicKeyOf(issuerCity);
    if (!key) throw new TokenRejectedError('no key for issuer');
    let claims: VerifiedClaims;
    try {
      claims = jwt.verify(token, key, {
        algorithms: ['ES256'],
        audience: (Array.isArray(audience) ? audience : [audience]) as [string, ...string[]],
        issuer: issuerOf(issuerCity),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        clockTimestamp: Math.floor(this.now() / 1000),
      }) as VerifiedClaims;
    } catch (e) {
      throw new TokenRejectedError((e as Error).message);
    }
    if (claims.typ !== typ) throw new TokenRejectedError(`expected a ${typ} token`);
    if (claims.city !== issuerCity) throw new TokenRejectedError('city claim does not match issuer');
    if (typeof claims.jti !== 'string' || claims.jti.length < 8 || claims.jti.length > 64) throw new TokenRejectedError('jti missing or not 8-64 characters');
    if (typeof claims.sub !== 'string' || claims.sub.length > 80) throw new TokenRejectedError('subject missing or longer than 80 characters');
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw new TokenRejectedError('exp/iat missing');
    if (claims.exp - claims.iat > maxLifetime) throw new TokenRejectedError('token lifetime exceeds the maximum');
    if (claims.iat > Math.floor(this.now() / 1000) + CLOCK_TOLERANCE_SECONDS) throw new TokenRejectedError('issued in the future');
    return claims;
  }
}

/** A token's single audience (jsonwebtoken allows a list; an officer token carries one). */
function audienceOf(aud: unknown): string | undefined {
  if (typeof aud === 'string') return aud;
  if (Array.isArray(aud) && aud.length === 1 && typeof aud[0] === 'string') return aud[0];
  return undefined;
}
