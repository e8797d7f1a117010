import { GraphQLError } from 'graphql';
import jwt from 'jsonwebtoken';
import { Agent, request as undiciRequest } from 'undici';
import { parseJson } from '@ypf/common';
import { isCityCode } from '@ypf/region';

/** The audience of a session token (libs/auth's SESSION_AUDIENCE; the gateway does not verify tokens, it routes them). */
const SESSION_AUDIENCE = 'ypf:session';
/** Sessions whose read tokens are kept at once; the oldest goes first when full (a set of eight is about 5 KB). */
const MAX_SESSIONS = 10_000;
/** Read tokens are used until this long before they expire, then the session is exchanged again. */
const RENEW_BEFORE_S = 10;

type CityTokens = Readonly<Record<string, string>>;

/**
 * Turns an officer's session token into the read token of each city the gateway forwards a request to. The session
 * token never leaves the gateway but for the officer's home node, which issues, for that session, one token per city
 * whose audience is that city alone (`POST /auth/city-tokens`): a node sees only its own token, so a compromised node
 * cannot replay what it received at another city. The gateway holds no power of its own: it neither signs nor
 * verifies, it asks the home node once per session and keeps the answer until the session ends.
 *
 * Any other token (a home token for the officer's own node, a read token a script fetched itself, a malformed one)
 * is forwarded as it came; the node decides.
 */
export class SessionExchange {
  private readonly sessions = new Map<string, { expiresAt: number; tokens: Promise<CityTokens> }>();
  private readonly dispatcher = new Agent({ keepAliveTimeout: 30_000 });

  constructor(
    private readonly cityUrls: Readonly<Record<string, string>>,
    private readonly timeoutMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The Authorization header to send to `city` for a request that came with `authorization`. */
  async authorizationFor(authorization: string | undefined, city: string): Promise<string | undefined> {
    const m = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    if (!m) return authorization;
    const session = sessionOf(m[1]);
    if (!session) return authorization;
    const tokens = await this.tokensOf(m[1], session);
    const token = tokens[city];
    if (!token) throw new GraphQLError(`${session.home} issued no read token for ${city}.`, { extensions: { code: 'UNAUTHENTICATED', city } });
    return `Bearer ${token}`;
  }

  private tokensOf(token: string, session: { home: string; exp: number }): Promise<CityTokens> {
    const nowS = this.now() / 1000;
    const kept = this.sessions.get(token);
    if (kept && kept.expiresAt - RENEW_BEFORE_S > nowS) return kept.tokens;
    this.sessions.delete(token);
    for (const [key, entry] of this.sessions) {
      if (this.sessions.size < MAX_SESSIONS && entry.expiresAt > nowS) break;
      this.sessions.delete(key);
    }
    const tokens = this.exchange(token, session.home);
    this.sessions.set(token, { expiresAt: session.exp, tokens });
    // A refused or failed exchange is not kept: the next request asks again.
    tokens.catch(() => {
      if (this.sessions.get(token)?.tokens === tokens) this.sessions.delete(token);
    });
    return tokens;
  }

  private async exchange(token: string, home: string): Promise<CityTokens> {
    const url = exchangeUrl(this.cityUrls[home]);
    let status: number;
    let text: string;
    try {
      const res = await undiciRequest(url, {
        dispatcher: this.dispatcher,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (e) {
      throw new GraphQLError(
        `Your home node (${home}) could not be reached to exchange your session for read tokens (${(e as Error).message}); no city can be asked until it answers. Try again shortly.`,
        { extensions: { code: 'HOME_NODE_UNAVAILABLE', city: home } },
      );
    }
    const body = parseJson(text) as { tokens?: Record<string, unknown>; errors?: { message?: string; extensions?: { code?: string } }[] } | undefined;
    if (status === 200 && body?.tokens && typeof body.tokens === 'object') {
      return Object.fromEntries(Object.entries(body.tokens).filter(([c, t]) => isCityCode(c) && typeof t === 'string')) as CityTokens;
    }
    const error = body?.errors?.[0];
    throw new GraphQLError(error?.message ?? `${home} refused to exchange the session token (HTTP ${status}).`, {
      extensions: { code: error?.extensions?.code ?? 'UNAUTHENTICATED', city: home },
    });
  }
}

/** The home city and expiry of a session token, read without verifying it (the home node verifies). */
function sessionOf(token: string): { home: string; exp: number } | null {
  const payload = jwt.decode(token, { json: true });
  if (!payload || payload.aud !== SESSION_AUDIENCE || typeof payload.exp !== 'number' || typeof payload.iss !== 'string') return null;
  const home = payload.iss.startsWith('ypf:') ? payload.iss.slice(4) : '';
  return isCityCode(home) ? { home, exp: payload.exp } : null;
}

/** The exchange endpoint of the node whose subgraph is at `subgraphUrl`. */
export function exchangeUrl(subgraphUrl: string): URL {
  const url = new URL(subgraphUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + '/auth/city-tokens';
  url.search = '';
  return url;
}
