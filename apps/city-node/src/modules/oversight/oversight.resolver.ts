import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../auth/ctx.decorator.js';
import { AllowHome } from '../../auth/permissions.js';
import type { OfficerContext } from '../../auth/request-context.js';
import { OversightService } from './oversight.service.js';

@Resolver('CityNode')
export class OversightQueriesResolver {
  constructor(private readonly oversight: OversightService) {}

  @ResolveField('oversightAlerts')
  @AllowHome(['AUDITOR'])
  oversightAlerts(@Ctx() ctx: OfficerContext, @Args('filter') filter: unknown) {
    return this.oversight.alerts(ctx, filter);
  }
}

@Resolver('CityMutation')
export class OversightMutationsResolver {
  constructor(private readonly oversight: OversightService) {}

  @ResolveField('acknowledgeOversightAlert')
  @AllowHome(['AUDITOR'])
  acknowledge(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('note') note: unknown) {
    return this.oversight.acknowledge(ctx, id, note);
  }
}
