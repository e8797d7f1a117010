import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../auth/ctx.decorator.js';
import { Allow, AllowHome, Public } from '../../auth/permissions.js';
import type { OfficerContext, RequestContext } from '../../auth/request-context.js';
import { OfficerAdminService } from './officer-admin.service.js';
import { OfficersService } from './officers.service.js';
import { ServiceAccountsService } from './service-accounts.service.js';

@Resolver('CityMutation')
export class OfficerMutationsResolver {
  constructor(
    private readonly officers: OfficersService,
    private readonly admin: OfficerAdminService,
    private readonly serviceAccounts: ServiceAccountsService,
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

  @ResolveField('createServiceAccount')
  @AllowHome(['ADMIN'])
  createServiceAccount(@Ctx() ctx: OfficerContext, @Args('input') input: unknown) {
    return this.serviceAccounts.create(ctx, input);
  }

  @ResolveField('setServiceAccountActive')
  @AllowHome(['ADMIN'])
  setServiceAccountActive(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('active') active: boolean, @Args('reason') reason: unknown) {
    return this.serviceAccounts.setActive(ctx, id, active, reason);
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
    private readonly serviceAccounts: ServiceAccountsService,
  ) {}

  @ResolveField('officers')
  @AllowHome(['ADMIN'])
  list(@Ctx() ctx: OfficerContext, @Args('filter') filter: unknown) {
    return this.admin.list(ctx, filter);
  }

  @ResolveField('serviceAccounts')
  @AllowHome(['ADMIN'])
  listServiceAccounts(@Ctx() ctx: OfficerContext) {
    return this.serviceAccounts.list(ctx);
  }

  @ResolveField('me')
  @Allow('ANY')
  me(@Ctx() ctx: RequestContext) {
    return this.officers.me(ctx);
  }
}
