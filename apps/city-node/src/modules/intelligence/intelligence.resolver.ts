import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../auth/ctx.decorator.js';
import { Allow, AllowHome, NodeOnly } from '../../auth/permissions.js';
import type { NodeContext, OfficerContext } from '../../auth/request-context.js';
import { IntelligenceService } from './intelligence.service.js';

const READERS = ['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR', 'AUDITOR'] as const;
const AUTHORS = ['ANALYST', 'SUPERVISOR'] as const;
const CHECKERS = ['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR'] as const;

@Resolver('CityNode')
export class IntelligenceQueriesResolver {
  constructor(private readonly intelligence: IntelligenceService) {}

  @ResolveField('intelligenceReport')
  @Allow(READERS)
  intelligenceReport(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.intelligence.read(ctx, id);
  }

  @ResolveField('searchIntelligence')
  @Allow(READERS)
  searchIntelligence(@Ctx() ctx: OfficerContext, @Args('filter') filter: unknown) {
    return this.intelligence.search(ctx, filter);
  }

  @ResolveField('intelligenceWorklist')
  @AllowHome(AUTHORS)
  intelligenceWorklist(@Ctx() ctx: OfficerContext, @Args('status') status?: string) {
    return this.intelligence.worklist(ctx, status ?? undefined);
  }

  @ResolveField('checkIdentifiersRegion')
  @AllowHome(CHECKERS)
  checkIdentifiersRegion(@Ctx() ctx: OfficerContext, @Args('identifiers') identifiers: unknown, @Args('cities') cities: unknown) {
    return this.intelligence.checkRegion(ctx, identifiers, cities);
  }

  @ResolveField('identifierBucket')
  @NodeOnly()
  identifierBucket(@Ctx() ctx: NodeContext, @Args('prefixes') prefixes: unknown, @Args('officer') officer: unknown) {
    return this.intelligence.bucket(ctx, prefixes, officer);
  }

  @ResolveField('checkIdentifiersOnBehalf')
  @NodeOnly()
  checkIdentifiersOnBehalf(@Ctx() ctx: NodeContext, @Args('tokens') tokens: unknown, @Args('officer') officer: unknown) {
    return this.intelligence.checkOnBehalf(ctx, tokens, officer);
  }

  @ResolveField('relatedIntelligence')
  @AllowHome(['ANALYST', 'SUPERVISOR', 'AUDITOR'])
  relatedIntelligence(@Ctx() ctx: OfficerContext, @Args('reportId') reportId: string) {
    return this.intelligence.related(ctx, reportId);
  }

  @ResolveField('disseminationLog')
  @AllowHome(['ANALYST', 'SUPERVISOR', 'AUDITOR'])
  disseminationLog(@Ctx() ctx: OfficerContext, @Args('reportId') reportId: string) {
    return this.intelligence.disseminationLog(ctx, reportId);
  }
}

@Resolver('CityMutation')
export class IntelligenceMutationsResolver {
  constructor(private readonly intelligence: IntelligenceService) {}

  @ResolveField('createIntelligenceReport')
  @AllowHome(AUTHORS)
  create(@Ctx() ctx: OfficerContext, @Args('input') input: unknown) {
    return this.intelligence.create(ctx, input);
  }

  @ResolveField('updateIntelligenceReport')
  @AllowHome(AUTHORS)
  update(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('input') input: unknown) {
    return this.intelligence.update(ctx, id, input);
  }

  @ResolveField('submitIntelligenceReport')
  @AllowHome(AUTHORS)
  submit(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.intelligence.transition(ctx, id, 'submit');
  }

  @ResolveField('returnIntelligenceReport')
  @AllowHome(['SUPERVISOR'])
  returnReport(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('reason') reason: string) {
    return this.intelligence.transition(ctx, id, 'return', reason);
  }

  @ResolveField('approveIntelligenceReport')
  @AllowHome(['SUPERVISOR'])
  approve(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.intelligence.transition(ctx, id, 'approve');
  }

  @ResolveField('publishIntelligenceReport')
  @AllowHome(AUTHORS)
  publish(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.intelligence.transition(ctx, id, 'publish');
  }

  @ResolveField('reviewIntelligenceReport')
  @AllowHome(['SUPERVISOR'])
  review(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('input') input: unknown) {
    return this.intelligence.review(ctx, id, input);
  }

  @ResolveField('withdrawIntelligenceReport')
  @AllowHome(AUTHORS)
  withdraw(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('reason') reason: string) {
    return this.intelligence.transition(ctx, id, 'withdraw', reason);
  }
}
