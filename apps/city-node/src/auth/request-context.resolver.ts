import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TokenRejectedError, TokenVerifier } from '@ypf/auth';
import { AuthError, CommonErrorCode, DomainError, InputError } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../config/node-config.js';
import type { RequestContext } from './request-context.js';
import { OfficerRevocations } from './officer-revocations.js';

export interface HttpRequestLike {
  headers: Record<string, string | string[] | undefined>;
  /** Express's client address, after its trust-proxy rule (TRUSTED_PROXIES). */
  ip?: string;
  ypfContext?: RequestContext;
  /** The context of a public operation, built leniently (see resolve). */
  ypfPublicContext?: RequestContext;
}

/** Letters, digits and a few separators: a case reference such as "WX-2026-0001" or a short reason. */
export const PURPOSE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} \-/_.:#()]{2,127}$/u;

/** Builds the request context once per HTTP request: verifies the bearer token and reads the purpose. */
@Injectable()
export class RequestContextResolver {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly revocations: OfficerRevocations,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  /**
   * `lenient`: for public operations (login) a missing, malformed or refused token is ignored rather than an error,
   * so that a client holding an expired token can still log in.
   */
  resolve(req: HttpRequestLike, lenient = false): RequestContext {
    if (req.ypfContext) return req.ypfContext;
    const ctx: RequestContext = {
      requestId: header(req, 'x-request-id')?.slice(0, 64) ?? randomUUID(),
      nodeCity: this.config.city,
      officer: null,
      node: null,
      purpose: null,
      ...(req.ip ? { source: req.ip } : {}),
    };
    const purpose = header(req, 'x-purpose');
    if (purpose !== undefined && purpose.trim() !== '') {
      const decoded = safeDecode(purpose.trim());
      if (!PURPOSE_PATTERN.test(decoded)) {
        throw new InputError(
          'X-Purpose must be a case reference or short reason: 3-128 letters, digits, spaces or - / _ . : # ( ), e.g. "WX-2026-0001".',
          'X-Purpose',
        );
      }
      ctx.purpose = decoded;
    }
    const authorization = header(req, 'authorization');
    if (authorization !== undefined && authorization !== '') {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!m && !lenient) throw AuthError.unauthenticated('The Authorization header must be "Bearer <officer token>".');
      try {
        if (m) {
          const officer = this.verifier.verifyOfficer(m[1], this.config.city);
          this.revocations.assertCurrent(officer);
          ctx.officer = officer;
        }
      } catch (e) {
        if (!(e instanceof TokenRejectedError) && !(e instanceof AuthError)) throw e;
        if (!lenient) {
          this.logger.warn(`officer token refused: ${e instanceof TokenRejectedError ? e.reason : e.message}`);
          throw e instanceof TokenRejectedError ? refusal(e, this.config.city) : e;
        }
        ctx.officer = null;
      }
    }
    // A lenient (public) resolution is not cached: a protected field in the same request must still see the error.
    if (!lenient) req.ypfContext = ctx;
    return ctx;
  }
}

/** The error a caller gets for a refused token: where a valid token belongs when it was sent to the wrong node. */
function refusal(e: TokenRejectedError, selfCity: string): DomainError {
  const m = e.misplaced;
  if (m?.scope === 'home') {
    return new DomainError(
      CommonErrorCode.HOME_NODE_ONLY,
      `Home tokens are valid only at the officer's own node: this ${m.city} token belongs at ${m.validAt}, and this is the ${selfCity} node. Writes and your own city's working data go to ${m.city}; read other cities through the gateway with your session token.`,
    );
  }
  if (m?.scope === 'city') {
    return AuthError.unauthenticated(
      `The officer token was refused: it is a read token valid only at ${m.validAt}'s node, and this is ${selfCity}. Send reads through the gateway (it forwards each city its own token), or get a token for ${selfCity} from your home node (POST /auth/city-tokens).`,
    );
  }
  if (m?.scope === 'session') {
    return AuthError.unauthenticated(
      `The officer token was refused: it is a session token, which no node accepts for queries. Send it to the gateway (it exchanges it at ${m.city} for a read token per city), or exchange it yourself at your home node (POST /auth/city-tokens); writes need your home token.`,
    );
  }
  return AuthError.unauthenticated(`The officer token was refused (${e.reason}). Log in again at your home node.`);
}

function header(req: HttpRequestLike, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Purposes may be percent-encoded by clients so that non-ASCII case references survive HTTP headers. */
function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
