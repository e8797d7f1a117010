import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { z } from 'zod';
import { parseInput } from '@ypf/common';
import { OUTBOX_STATUSES, type OutboxMessageEntity } from '@ypf/delivery';
import { CITY_CODES } from '@ypf/region';
import { Ctx } from '../../auth/ctx.decorator.js';
import { AllowHome, NodeOnly } from '../../auth/permissions.js';
import type { NodeContext, OfficerContext } from '../../auth/request-context.js';
import { InboxService } from './inbox.service.js';
import { OutboxService } from './outbox.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const view = (m: OutboxMessageEntity) => ({ ...m, nextAttemptAt: iso(m.nextAttemptAt), createdAt: m.createdAt.toISOString(), deliveredAt: iso(m.deliveredAt) });

const filterSchema = z
  .object({
    status: z.enum(OUTBOX_STATUSES).nullish(),
    targetCity: z.enum(CITY_CODES as [string, ...string[]]).nullish(),
    streamKey: z.string().max(120).nullish(),
    limit: z.number().int().min(1).max(1000).nullish(),
  })
  .strict();

@Resolver('CityMutation')
export class DeliveryMutationsResolver {
  constructor(
    private readonly inbox: InboxService,
    private readonly outbox: OutboxService,
  ) {}

  @ResolveField('deliverMessage')
  @NodeOnly()
  deliverMessage(@Ctx() ctx: NodeContext, @Args('envelope') envelope: unknown) {
    return this.inbox.receive(ctx, envelope);
  }

  @ResolveField('deliverMessages')
  @NodeOnly()
  deliverMessages(@Ctx() ctx: NodeContext, @Args('envelopes') envelopes: unknown[]) {
    return this.inbox.receiveMany(ctx, envelopes);
  }

  @ResolveField('redriveMessage')
  @AllowHome(['ADMIN', 'SUPERVISOR'])
  async redriveMessage(@Ctx() ctx: OfficerContext, @Args('id') id: string) {
    return view(await this.outbox.redrive(ctx, id));
  }
}

@Resolver('CityNode')
export class DeliveryQueriesResolver {
  constructor(private readonly outbox: OutboxService) {}

  @ResolveField('outboxMessages')
  @AllowHome(['ADMIN', 'SUPERVISOR', 'LIAISON_OFFICER', 'AUDITOR'])
  async outboxMessages(@Args('filter') rawFilter: unknown) {
    const f = parseInput(filterSchema, rawFilter ?? {}, 'filter');
    const rows = await this.outbox.list({ status: f.status ?? undefined, targetCity: f.targetCity ?? undefined, streamKey: f.streamKey ?? undefined, limit: f.limit ?? 100 });
    return rows.map(view);
  }
}
