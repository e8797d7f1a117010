import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { CAPABILITY_ROLES } from '@ypf/region';
import { Ctx } from '../../auth/ctx.decorator.js';
import { AllowHome, NodeOnly } from '../../auth/permissions.js';
import type { NodeContext, OfficerContext } from '../../auth/request-context.js';
import { EarlyWarningService } from './early-warning.service.js';

// One table for the node and the console (libs/region capabilities.ts).
const READERS = CAPABILITY_ROLES.readWarnings;
const STATISTICIANS = CAPABILITY_ROLES.recordCaseCounts;
const RULE_OWNERS = CAPABILITY_ROLES.manageWarningRules;

@Resolver('CityNode')
export class EarlyWarningQueriesResolver {
  constructor(private readonly warnings: EarlyWarningService) {}

  @ResolveField('caseCounts')
  @AllowHome(READERS)
  caseCounts(@Args('filter') filter: unknown) {
    return this.warnings.counts(filter);
  }

  @ResolveField('caseCountSeries')
  @NodeOnly()
  caseCountSeries(@Ctx() ctx: NodeContext, @Args('input') input: unknown) {
    return this.warnings.seriesForPeer(ctx, input);
  }

  @ResolveField('warningRules')
  @AllowHome(READERS)
  warningRules() {
    return this.warnings.rules();
  }

  @ResolveField('warningAlerts')
  @AllowHome(READERS)
  warningAlerts(@Args('filter') filter: unknown) {
    return this.warnings.alerts(filter);
  }
}

@Resolver('CityMutation')
export class EarlyWarningMutationsResolver {
  constructor(private readonly warnings: EarlyWarningService) {}

  @ResolveField('recordCaseCounts')
  @AllowHome(STATISTICIANS)
  recordCaseCounts(@Ctx() ctx: OfficerContext, @Args('counts') counts: unknown) {
    return this.warnings.recordCounts(ctx, counts);
  }

  @ResolveField('importCaseCountsCsv')
  @AllowHome(STATISTICIANS)
  importCsv(@Ctx() ctx: OfficerContext, @Args('csv') csv: unknown) {
    return this.warnings.importCsv(ctx, csv);
  }

  @ResolveField('createWarningRule')
  @AllowHome(RULE_OWNERS)
  createRule(@Ctx() ctx: OfficerContext, @Args('input') input: unknown) {
    return this.warnings.createRule(ctx, input);
  }

  @ResolveField('disableWarningRule')
  @AllowHome(RULE_OWNERS)
  disableRule(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('reason') reason: unknown) {
    return this.warnings.disableRule(ctx, id, reason);
  }

  @ResolveField('evaluateWarningRules')
  @AllowHome(RULE_OWNERS)
  evaluate() {
    return this.warnings.evaluateAll();
  }

  @ResolveField('acknowledgeWarningAlert')
  @AllowHome(CAPABILITY_ROLES.acknowledgeWarning)
  acknowledge(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.warnings.acknowledge(ctx, id);
  }
}
