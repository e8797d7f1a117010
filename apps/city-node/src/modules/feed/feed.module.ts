import { Module } from '@nestjs/common';
import { FeedListener } from './feed-listener.js';
import { FeedServer } from './feed.server.js';
import { FeedService } from './feed.service.js';
import { NotificationMarkerMutationsResolver, NotificationMarkerQueriesResolver } from './notification-marker.resolver.js';
import { NotificationMarkerService } from './notification-marker.service.js';

/**
 * Live notifications at the home node: the city's officer_notification rows, announced by the database on commit,
 * pushed to officers' graphql-ws subscriptions at /feed (attached to the HTTP server by createNodeApp).
 */
@Module({
  providers: [FeedListener, FeedService, FeedServer, NotificationMarkerService, NotificationMarkerQueriesResolver, NotificationMarkerMutationsResolver],
  exports: [FeedServer],
})
export class FeedModule {}
