import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../auth/ctx.decorator.js';
import { Allow, AllowHome } from '../../auth/permissions.js';
import type { OfficerContext } from '../../auth/request-context.js';
import { IncidentsService } from './incidents.service.js';

const READERS = ['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR', 'AUDITOR'] as const;
const COMMAND = ['COMMANDER', 'COORDINATOR'] as const;
const REPORTERS = ['COMMANDER', 'COORDINATOR', 'LIAISON_OFFICER'] as const;

@Resolver('CityNode')
export class IncidentQueriesResolver {
  constructor(private readonly incidents: IncidentsService) {}

  @ResolveField('jointOperations')
  @Allow(READERS)
  jointOperations(@Ctx() ctx: OfficerContext, @Args('filter') filter: unknown) {
    return this.incidents.list(ctx, filter);
  }

  @ResolveField('jointOperation')
  @Allow(READERS)
  jointOperation(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.incidents.get(ctx, id);
  }

  @ResolveField('contingencyPlans')
  @Allow('ANY')
  contingencyPlans() {
    return this.incidents.plansList();
  }
}

@Resolver('CityMutation')
export class IncidentMutationsResolver {
  constructor(private readonly incidents: IncidentsService) {}

  @ResolveField('reportIncident')
  @AllowHome(REPORTERS)
  report(@Ctx() ctx: OfficerContext, @Args('input') input: unknown) {
    return this.incidents.report(ctx, input);
  }

  @ResolveField('inviteToOperation')
  @AllowHome(COMMAND)
  invite(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('cities') cities: unknown) {
    return this.incidents.invite(ctx, id, cities);
  }

  @ResolveField('answerOperationInvitation')
  @AllowHome(COMMAND)
  answerInvitation(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('input') input: unknown) {
    return this.incidents.answerInvitation(ctx, id, input);
  }

  @ResolveField('regradeIncident')
  @AllowHome(['COMMANDER'])
  regrade(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('input') input: unknown) {
    return this.incidents.regrade(ctx, id, input);
  }

  @ResolveField('changeOperationStatus')
  @AllowHome(COMMAND)
  changeStatus(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('input') input: unknown) {
    return this.incidents.changeStatus(ctx, id, input);
  }

  @ResolveField('activateContingencyPlan')
  @AllowHome(COMMAND)
  activatePlan(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('planCode') planCode: unknown) {
    return this.incidents.activatePlan(ctx, id, planCode);
  }

  @ResolveField('assignOperationTask')
  @AllowHome(COMMAND)
  assignTask(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('input') input: unknown) {
    return this.incidents.assignTask(ctx, id, input);
  }

  @ResolveField('updateOperationTask')
  @AllowHome(REPORTERS)
  updateTask(@Ctx() ctx: OfficerContext, @Args('taskId') taskId: string, @Args('input') input: unknown) {
    return this.incidents.updateTask(ctx, taskId, input);
  }

  @ResolveField('issueSitrep')
  @AllowHome(REPORTERS)
  issueSitrep(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('input') input: unknown) {
    return this.incidents.issueSitrep(ctx, id, input);
  }
}
