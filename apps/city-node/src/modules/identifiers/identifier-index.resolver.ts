import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../auth/ctx.decorator.js';
import { NodeOnly } from '../../auth/permissions.js';
import type { NodeContext } from '../../auth/request-context.js';
import { IdentifierIndexService } from './identifier-index.service.js';

@Resolver('CityNode')
export class IdentifierIndexResolver {
  constructor(private readonly identifiers: IdentifierIndexService) {}

  @ResolveField('evaluateBlindIndex')
  @NodeOnly()
  evaluateBlindIndex(@Ctx() ctx: NodeContext, @Args('elements') elements: unknown, @Args('officer') officer: unknown) {
    return this.identifiers.evaluate(ctx, elements, officer);
  }
}
