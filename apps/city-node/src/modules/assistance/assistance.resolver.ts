import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../auth/ctx.decorator.js';
import { Allow, AllowHome } from '../../auth/permissions.js';
import type { OfficerContext } from '../../auth/request-context.js';
import { AssistanceService } from './assistance.service.js';
import { CatalogueService } from './catalogue.service.js';

const FILERS = ['LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER'] as const;
const ANSWERERS = ['LIAISON_OFFICER', 'COMMANDER'] as const;
const READERS = ['LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR', 'AUDITOR'] as const;

@Resolver('CityNode')
export class AssistanceQueriesResolver {
  constructor(
    private readonly assistance: AssistanceService,
    private readonly catalogue: CatalogueService,
  ) {}

  @ResolveField('assistanceRequests')
  @AllowHome(READERS)
  assistanceRequests(@Args('filter') filter: unknown) {
    return this.assistance.list(filter);
  }

  @ResolveField('assistanceRequest')
  @AllowHome(READERS)
  assistanceRequest(@Args('id') id: string) {
    return this.assistance.get(id);
  }

  @ResolveField('resourceCatalogue')
  @Allow(['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR', 'ADMIN'])
  resourceCatalogue(@Args('filter') filter: unknown) {
    return this.catalogue.search(filter);
  }

  @ResolveField('notifications')
  @AllowHome('ANY')
  notifications(@Ctx() ctx: OfficerContext) {
    return this.assistance.notifications(ctx);
  }

  @ResolveField('assistanceCommitLimit')
  @AllowHome('ANY')
  commitLimit(@Ctx() ctx: OfficerContext) {
    return this.assistance.commitLimit(ctx);
  }
}

@Resolver('CityMutation')
export class AssistanceMutationsResolver {
  constructor(
    private readonly assistance: AssistanceService,
    private readonly catalogue: CatalogueService,
  ) {}

  @ResolveField('createAssistanceRequest')
  @AllowHome(FILERS)
  create(@Ctx() ctx: OfficerContext, @Args('input') input: unknown) {
    return this.assistance.create(ctx, input);
  }

  @ResolveField('submitAssistanceRequest')
  @AllowHome(FILERS)
  submit(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.assistance.submit(ctx, id);
  }

  @ResolveField('answerAssistanceRequest')
  @AllowHome(ANSWERERS)
  answer(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('input') input: unknown) {
    return this.assistance.answer(ctx, id, input);
  }

  @ResolveField('cancelAssistanceRequest')
  @AllowHome(FILERS)
  cancel(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('reason') reason: string, @Args('targetCity') targetCity?: string) {
    return this.assistance.cancel(ctx, id, reason, targetCity);
  }

  @ResolveField('closeAssistanceRequest')
  @AllowHome(FILERS)
  close(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('targetCity') targetCity?: string) {
    return this.assistance.close(ctx, id, targetCity);
  }

  @ResolveField('postAssistanceMessage')
  @AllowHome(['LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER'])
  post(@Ctx() ctx: OfficerContext, @Args('id') id: string, @Args('text') text: string, @Args('targetCity') targetCity?: string) {
    return this.assistance.postMessage(ctx, id, text, targetCity);
  }

  @ResolveField('upsertCatalogueEntry')
  @AllowHome(['COMMANDER', 'ADMIN'])
  upsertCatalogueEntry(@Ctx() ctx: OfficerContext, @Args('input') input: unknown) {
    return this.catalogue.upsert(ctx, input);
  }

  @ResolveField('removeCatalogueEntry')
  @AllowHome(['COMMANDER', 'ADMIN'])
  removeCatalogueEntry(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return this.catalogue.remove(ctx, id);
  }
}
