import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TokenRejectedError, TokenVerifier } from '@ypf/auth';
import { AuthError, InputError } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../config/node-config.js';
import type { RequestContext } from './request-context.js';

export interface HttpRequestLike {
  headers: Record<string, string | string[] | undefined>;
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
        if (m) ctx.officer = this.verifier.verifyOfficer(m[1], this.config.city);
      } catch (e) {
        if (!(e instanceof TokenRejectedError)) throw e;
        if (!lenient) {
          this.logger.warn(`officer token refused: ${e.reason}`);
          throw AuthError.unauthenticated(`The officer token was refused (${e.reason}). Log in again at your home node.`);
        }
        ctx.officer = null;
      }
    }
    // A lenient (public) resolution is not cached: a protected field in the same request must still see the error.
    if (!lenient) req.ypfContext = ctx;
    return ctx;
  }
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
