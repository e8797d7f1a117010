import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { AuthError, CommonErrorCode, DomainError } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../config/node-config.js';
import { type Permission, PERMISSION_KEY } from './permissions.js';
import { type HttpRequestLike, RequestContextResolver } from './request-context.resolver.js';
import { NodeAuthService } from './node-auth.service.js';

/** A field of CityMutation: every write of the node. */
function isWrite(context: ExecutionContext): boolean {
  return context.getType<GqlContextType>() === 'graphql' && GqlExecutionContext.create(context).getInfo().parentType.name === 'CityMutation';
}

export function requestOf(context: ExecutionContext): HttpRequestLike {
  if (context.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: HttpRequestLike }>().req;
  }
  return context.switchToHttp().getRequest<HttpRequestLike>();
}

/**
 * Deny by default: every resolver field and controller route must declare @Public, @Allow or @AllowHome;
 * anything that declares nothing is refused.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly contexts: RequestContextResolver,
    private readonly nodeAuth: NodeAuthService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!permission) {
      throw AuthError.forbidden(`Operation ${context.getClass().name}.${context.getHandler().name} declares no permission and is refused.`);
    }
    const req = requestOf(context);
    if (permission.kind === 'public') {
      // Public operations ignore a stale token; the context is still available to the resolver.
      req.ypfPublicContext = this.contexts.resolve(req, true);
      return true;
    }
    const ctx = this.contexts.resolve(req);
    if (permission.kind === 'node') {
      const raw = req.headers['x-ypf-node-token'];
      const token = Array.isArray(raw) ? raw[0] : raw;
      if (!token) throw AuthError.unauthenticated('This operation is for city nodes: send a node token in X-YPF-Node-Token.');
      ctx.node ??= await this.nodeAuth.accept(token);
      return true;
    }
    if (!ctx.officer) throw AuthError.unauthenticated();
    if (ctx.officer.scope === 'session') {
      throw AuthError.unauthenticated(
        'A session token is exchanged, not presented: send it to the gateway (it exchanges it here for a read token per city), or exchange it yourself (POST /auth/city-tokens); writes and your own city\'s working data need your home token.',
      );
    }
    if (permission.roles !== 'ANY' && !permission.roles.some((r) => ctx.officer!.roles.includes(r))) {
      throw AuthError.forbidden(
        `This operation needs one of the roles ${permission.roles.join(', ')}; your token carries ${ctx.officer.roles.join(', ')}.`,
      );
    }
    if (permission.homeOnly && ctx.officer.city !== this.config.city) {
      throw new DomainError(
        CommonErrorCode.HOME_NODE_ONLY,
        isWrite(context)
          ? `Officers write only at their home node: you are a ${ctx.officer.city} officer and this is the ${this.config.city} node. Send the request to ${ctx.officer.city}; cross-city effects travel as node-to-node messages.`
          : `This read shows ${this.config.city}'s own working data, for ${this.config.city}'s officers at their home node: you are a ${ctx.officer.city} officer. Ask ${ctx.officer.city} for your own city's data, or read what ${this.config.city} shares with other cities.`,
      );
    }
    // Home-only operations need the home token, reads as much as writes: the read token for this city passes through
    // the gateway, the home token only ever to this node.
    if (permission.homeOnly && ctx.officer.scope !== 'home') {
      throw new DomainError(
        CommonErrorCode.HOME_TOKEN_REQUIRED,
        isWrite(context)
          ? 'Writes need your home token (login returns it as homeToken; it is never forwarded to other cities). Your session token only reads, through the gateway.'
          : "Your own city's working data (worklists, notifications, watch entries and hits, identifier tokens, audit) is read with your home token (login returns it as homeToken), sent to your home node only.",
      );
    }
    return true;
  }
}
