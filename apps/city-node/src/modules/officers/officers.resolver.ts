import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../auth/ctx.decorator.js';
import { Allow, AllowHome, Public } from '../../auth/permissions.js';
import type { OfficerContext, RequestContext } from '../../auth/request-context.js';
import { OfficerAdminService } from './officer-admin.service.js';
import { OfficersService } from './officers.service.js';

@Resolver('CityMutation')
export class OfficerMutationsResolver {
  constructor(
    private readonly officers: OfficersService,
    private readonly admin: OfficerAdminService,
  ) {}

  @ResolveField('login')
  @Public()
  login(@Ctx() ctx: RequestContext, @Args('username') username: string, @Args('password') password: string, @Args('newPassword') newPassword?: string) {
    return this.officers.login(ctx, { username, password, ...(newPassword !== undefined && newPassword !== null ? { newPassword } : {}) });
  }

  @ResolveField('createOfficer')
  @AllowHome(['ADMIN'])
  createOfficer(@Ctx() ctx: OfficerContext, @Args('input') input: unknown) {
    return this.admin.create(ctx, input);
  }

  @ResolveField('setOfficerRoles')
  @AllowHome(['ADMIN'])
  setOfficerRoles(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('roles') roles: unknown) {
    return this.admin.setRoles(ctx, id, roles);
  }

  @ResolveField('setOfficerActive')
  @AllowHome(['ADMIN'])
  setOfficerActive(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('active') active: boolean, @Args('reason') reason: unknown) {
    return this.admin.setActive(ctx, id, active, reason);
  }

  @ResolveField('resetOfficerPassword')
  @AllowHome(['ADMIN'])
  resetOfficerPassword(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.admin.resetPassword(ctx, id);
  }

  @ResolveField('renewSession')
  @AllowHome('ANY')
  renewSession(@Ctx() ctx: RequestContext) {
    return this.officers.renew(ctx);
  }
}

@Resolver('CityNode')
export class OfficerQueriesResolver {
  constructor(
    private readonly officers: OfficersService,
    private readonly admin: OfficerAdminService,
  ) {}

  @ResolveField('officers')
  @AllowHome(['ADMIN'])
  list(@Ctx() ctx: OfficerContext, @Args('filter') filter: unknown) {
    return this.admin.list(ctx, filter);
  }

  @ResolveField('me')
  @Allow('ANY')
  me(@Ctx() ctx: RequestContext) {
    return this.officers.me(ctx);
  }
}
