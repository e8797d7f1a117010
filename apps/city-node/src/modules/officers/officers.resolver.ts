import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../auth/ctx.decorator.js';
import { Allow, AllowHome, Public } from '../../auth/permissions.js';
import type { RequestContext } from '../../auth/request-context.js';
import { OfficersService } from './officers.service.js';

@Resolver('CityMutation')
export class OfficerMutationsResolver {
  constructor(private readonly officers: OfficersService) {}

  @ResolveField('login')
  @Public()
  login(@Ctx() ctx: RequestContext, @Args('username') username: string, @Args('password') password: string) {
    return this.officers.login(ctx, { username, password });
  }

  @ResolveField('renewSession')
  @AllowHome('ANY')
  renewSession(@Ctx() ctx: RequestContext) {
    return this.officers.renew(ctx);
  }
}

@Resolver('CityNode')
export class OfficerQueriesResolver {
  constructor(private readonly officers: OfficersService) {}

  @ResolveField('me')
  @Allow('ANY')
  me(@Ctx() ctx: RequestContext) {
    return this.officers.me(ctx);
  }
}
