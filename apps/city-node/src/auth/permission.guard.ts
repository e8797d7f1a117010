import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { AuthError, CommonErrorCode, DomainError } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../config/node-config.js';
import { type Permission, PERMISSION_KEY } from './permissions.js';
import { type HttpRequestLike, RequestContextResolver } from './request-context.resolver.js';

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
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!permission) {
      throw AuthError.forbidden(`Operation ${context.getClass().name}.${context.getHandler().name} declares no permission and is refused.`);
    }
    const ctx = this.contexts.resolve(requestOf(context));
    if (permission.kind === 'public') return true;
    if (!ctx.officer) throw AuthError.unauthenticated();
    if (permission.roles !== 'ANY' && !permission.roles.some((r) => ctx.officer!.roles.includes(r))) {
      throw AuthError.forbidden(
        `This operation needs one of the roles ${permission.roles.join(', ')}; your token carries ${ctx.officer.roles.join(', ')}.`,
      );
    }
    if (permission.homeOnly && ctx.officer.city !== this.config.city) {
      throw new DomainError(
        CommonErrorCode.HOME_NODE_ONLY,
        `Officers write only at their home node: you are a ${ctx.officer.city} officer and this is the ${this.config.city} node. Send the request to ${ctx.officer.city}; cross-city effects travel as node-to-node messages.`,
      );
    }
    return true;
  }
}
