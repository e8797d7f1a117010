import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy, type Type } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { KeptJobScheduler } from '@ypf/queue';
import { JobRegistry } from './job-registry.js';
import { NODE_CONFIG, type NodeConfig } from '../config/node-config.js';

/**
 * A provider that keeps one repeatable job of the node on its queue (re-asserted if the queue loses it). Every
 * process of a city registers the same scheduler id, so it runs once per period per city.
 */
export function scheduledJob(
  queueName: string,
  schedulerId: string,
  jobName: string,
  everyMs: (config: NodeConfig) => number,
  opts: Record<string, unknown> = { removeOnComplete: 10, removeOnFail: 50 },
): Type<OnApplicationBootstrap & OnModuleDestroy> {
  @Injectable()
  class ScheduledJob implements OnApplicationBootstrap, OnModuleDestroy {
    private readonly scheduler: KeptJobScheduler;

    constructor(@InjectQueue(queueName) queue: Queue, @Inject(NODE_CONFIG) config: NodeConfig, registry: JobRegistry) {
      registry.expect(queueName, jobName, `the ${schedulerId} schedule`);
      this.scheduler = new KeptJobScheduler(queue, schedulerId, everyMs(config), { name: jobName, data: { city: config.city }, opts });
    }

    onApplicationBootstrap(): Promise<void> {
      return this.scheduler.start();
    }

    onModuleDestroy(): void {
      this.scheduler.stop();
    }
  }
  Object.defineProperty(ScheduledJob, 'name', { value: `ScheduledJob(${schedulerId})` });
  return ScheduledJob;
}
