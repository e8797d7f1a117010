import { Controller, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { DomainError } from '@ypf/common';
import { Public } from '../../auth/permissions.js';
import { type HttpRequestLike, RequestContextResolver } from '../../auth/request-context.resolver.js';
import { OfficersService } from './officers.service.js';

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
}
