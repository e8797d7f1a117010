import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../auth/ctx.decorator.js';
import { Allow, AllowHome, NodeOnly } from '../../auth/permissions.js';
import type { NodeContext, OfficerContext } from '../../auth/request-context.js';
import { WatchReplicaService } from './watch-replica.service.js';
import { WatchService } from './watch.service.js';

const CHECKERS = ['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR'] as const;
const READERS = [...CHECKERS, 'AUDITOR'] as const;
const PROPOSERS = ['ANALYST', 'LIAISON_OFFICER', 'SUPERVISOR', 'COMMANDER'] as const;
const HIT_FILERS = ['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR'] as const;

@Resolver('CityNode')
export class WatchQueriesResolver {
  constructor(
    private readonly watch: WatchService,
    private readonly replica: WatchReplicaService,
  ) {}

  @ResolveField('watchEntries')
  @AllowHome(READERS)
  watchEntries(@Ctx() ctx: OfficerContext, @Args('filter') filter: unknown) {
    return this.watch.list(ctx, filter);
  }

  @ResolveField('watchEntry')
  @Allow(READERS)
  watchEntry(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.watch.get(ctx, id);
  }

  @ResolveField('checkWatchRegion')
  @AllowHome(CHECKERS)
  checkWatchRegion(@Ctx() ctx: OfficerContext, @Args('identifiers') identifiers: unknown, @Args('cities') cities: unknown) {
    return this.replica.checkRegion(ctx, identifiers, cities);
  }

  @ResolveField('watchReplica')
  @NodeOnly()
  watchReplica(@Ctx() ctx: NodeContext, @Args('after') after: unknown, @Args('limit') limit: unknown) {
    return this.replica.page(ctx, after, limit);
  }

  @ResolveField('checkWatchOnBehalf')
  @NodeOnly()
  checkWatchOnBehalf(@Ctx() ctx: NodeContext, @Args('tokens') tokens: unknown, @Args('officer') officer: unknown) {
    return this.replica.checkOnBehalf(ctx, tokens, officer);
  }

  @ResolveField('watchHits')
  @AllowHome(READERS)
  watchHits(@Args('filter') filter: unknown) {
    return this.watch.hits(filter);
  }
}

@Resolver('CityMutation')
export class WatchMutationsResolver {
  constructor(
    private readonly watch: WatchService,
    private readonly replica: WatchReplicaService,
  ) {}

  @ResolveField('watchReplicaChanged')
  @NodeOnly()
  watchReplicaChanged(@Ctx() ctx: NodeContext) {
    return this.replica.peerChanged(ctx);
  }

  @ResolveField('proposeWatchEntry')
  @AllowHome(PROPOSERS)
  propose(@Ctx() ctx: OfficerContext, @Args('input') input: unknown) {
    return this.watch.propose(ctx, input);
  }

  @ResolveField('approveWatchEntry')
  @AllowHome(['SUPERVISOR'])
  approve(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.watch.approve(ctx, id);
  }

  @ResolveField('rejectWatchEntry')
  @AllowHome(['SUPERVISOR'])
  reject(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('reason') reason: unknown) {
    return this.watch.reject(ctx, id, reason);
  }

  @ResolveField('reviewWatchEntry')
  @AllowHome(['SUPERVISOR'])
  review(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('input') input: unknown) {
    return this.watch.review(ctx, id, input);
  }

  @ResolveField('closeWatchEntry')
  @AllowHome(['SUPERVISOR', 'COMMANDER'])
  close(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('reason') reason: unknown) {
    return this.watch.close(ctx, id, reason);
  }

  @ResolveField('offerWatchLead')
  @AllowHome(['SUPERVISOR'])
  offerLead(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('toCity') toCity: unknown, @Args('reason') reason: unknown) {
    return this.watch.offerLead(ctx, id, toCity, reason);
  }

  @ResolveField('acceptWatchLead')
  @AllowHome(['SUPERVISOR'])
  acceptLead(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.watch.acceptLead(ctx, id);
  }

  @ResolveField('declineWatchLead')
  @AllowHome(['SUPERVISOR'])
  declineLead(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('reason') reason: unknown) {
    return this.watch.declineLead(ctx, id, reason);
  }

  @ResolveField('fileWatchHit')
  @AllowHome(HIT_FILERS)
  fileHit(@Ctx() ctx: OfficerContext, @Args('input') input: unknown) {
    return this.watch.fileHit(ctx, input);
  }

  @ResolveField('acknowledgeWatchHit')
  @AllowHome(['LIAISON_OFFICER', 'COMMANDER', 'SUPERVISOR'])
  acknowledgeHit(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.watch.acknowledgeHit(ctx, id);
  }
}
