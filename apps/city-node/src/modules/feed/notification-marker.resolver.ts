import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../auth/ctx.decorator.js';
import { AllowHome } from '../../auth/permissions.js';
import type { OfficerContext } from '../../auth/request-context.js';
import { NotificationMarkerService } from './notification-marker.service.js';

@Resolver('CityNode')
export class NotificationMarkerQueriesResolver {
  constructor(private readonly markers: NotificationMarkerService) {}

  @ResolveField('notificationsUnreadSince')
  @AllowHome('ANY')
  unreadSince(@Ctx() ctx: OfficerContext) {
    return this.markers.unreadSince(ctx);
  }
}

@Resolver('CityMutation')
export class NotificationMarkerMutationsResolver {
  constructor(private readonly markers: NotificationMarkerService) {}

  @ResolveField('markNotificationsRead')
  @AllowHome('ANY')
  markRead(@Ctx() ctx: OfficerContext, @Args('upTo') upTo: string) {
    return this.markers.markRead(ctx, upTo);
  }
}
