import { Controller, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { DomainError } from '@ypf/common';
import { Public } from '../../auth/permissions.js';
import { type HttpRequestLike, RequestContextResolver } from '../../auth/request-context.resolver.js';
import { OfficersService } from './officers.service.js';
import { ServiceAccountsService } from './service-accounts.service.js';

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/**
 * `POST /auth/city-tokens` with `Authorization: Bearer <session token>`: the read token of each city for this
 * session (token exchange, as RFC 8693 describes it). The gateway calls it once per session; a script that calls nodes
 * directly calls it too. Only the officer's home node answers, and only for a session token.
 */
@Controller('auth')
export class SessionTokensController {
  constructor(
    private readonly officers: OfficersService,
    private readonly serviceAccounts: ServiceAccountsService,
    private readonly contexts: RequestContextResolver,
  ) {}

  @Post('city-tokens')
  @Public()
  async cityTokens(@Req() req: HttpRequestLike, @Res() res: JsonResponse): Promise<void> {
    try {
      res.status(HttpStatus.OK).json(await this.officers.cityTokens(this.contexts.resolve(req)));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const status = e.code === 'UNAUTHENTICATED' || e.code === 'HOME_NODE_ONLY' ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST;
      res.status(status).json({ errors: [{ message: e.message, extensions: { code: e.code } }] });
    }
  }

  /**
   * `POST /auth/service-token`: the client credentials grant (RFC 6749 §4.4) for a service account of this city, with
   * `Authorization: Basic base64(clientId:clientSecret)` or a JSON body `{ "clientId", "clientSecret" }`. Answers
   * `access_token` (send it to the gateway, like an officer's session token), `home_token` (this node only),
   * `token_type` and `expires_in`.
   */
  @Post('service-token')
  @Public()
  async serviceToken(@Req() req: HttpRequestLike & { body?: unknown }, @Res() res: JsonResponse): Promise<void> {
    try {
      const ctx = this.contexts.resolve({ ...req, headers: { ...req.headers, authorization: undefined } }, true);
      const t = await this.serviceAccounts.exchange(ctx, basicCredentials(req.headers.authorization) ?? req.body ?? {});
      res.status(HttpStatus.OK).json({ access_token: t.accessToken, home_token: t.homeToken, token_type: t.tokenType, expires_in: t.expiresIn });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const invalid = e.code === 'INVALID_CLIENT' || e.code === 'SERVICE_ACCOUNT_EXPIRED';
      const status = invalid ? HttpStatus.UNAUTHORIZED : e.code === 'LOGIN_THROTTLED' ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.BAD_REQUEST;
      res.status(status).json({
        error: invalid ? 'invalid_client' : 'invalid_request',
        error_description: e.message,
        errors: [{ message: e.message, extensions: { code: e.code, ...(e.extensions ?? {}) } }],
      });
    }
  }
}

/** `Basic base64(id:secret)` as the credentials object, or undefined when the header is not Basic. */
function basicCredentials(header: string | string[] | undefined): { clientId: string; clientSecret: string } | undefined {
  const m = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.lastIndexOf(':');
  return colon < 0 ? { clientId: decoded, clientSecret: '' } : { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}
