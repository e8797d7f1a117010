import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { DELIVERY_QUEUE } from './delivery.jobs.js';
import { DeliveryHandlers } from './delivery-handlers.js';
import { DeliveryJobs, DeliveryProcessor } from './delivery.processor.js';
import { DeliveryMutationsResolver, DeliveryQueriesResolver } from './delivery.resolver.js';
import { DeliveryScheduler } from './delivery.scheduler.js';
import { InboxService } from './inbox.service.js';
import { OutboxService } from './outbox.service.js';
import { PeerParticipation } from './peer-senders.js';

/** Node-to-node delivery: every capability that has cross-city effects sends through the outbox. */
@Global()
@Module({
  imports: [BullModule.registerQueue({ name: DELIVERY_QUEUE })],
  providers: [DeliveryHandlers, PeerParticipation, OutboxService, InboxService, DeliveryProcessor, DeliveryJobs, DeliveryMutationsResolver, DeliveryQueriesResolver, DeliveryScheduler],
  exports: [OutboxService, DeliveryHandlers, PeerParticipation],
})
export class DeliveryModule {}
