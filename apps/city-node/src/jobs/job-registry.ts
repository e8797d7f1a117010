import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { NodeConfig } from '../config/node-config.js';

/** Every job's data: JSON only, with the city it belongs to (a job of another city's queue prefix is refused). */
export interface CityJobData {
  city: string;
}

/** Runs one job; returns what it did, for the job's record. */
export type JobHandler<D extends CityJobData = CityJobData> = (data: D, job: { attemptsMade: number }) => Promise<unknown>;

const key = (queue: string, name: string) => `${queue}/${name}`;

/**
 * One shape for every job of the node (issue 18: jobs came in four shapes). A job is a constant name on a queue with a
 * JSON data type and one handler, registered here by the capability that owns it; whoever schedules or enqueues a job
 * says so (`expect`). A second handler for a name is refused at once, and the node does not start while a job it
 * schedules or enqueues has no handler.
 */
@Injectable()
export class JobRegistry implements OnApplicationBootstrap {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly expected = new Map<string, string>();

  register<D extends CityJobData>(queue: string, name: string, handler: JobHandler<D>): void {
    if (this.handlers.has(key(queue, name))) throw new Error(`job ${name} on the ${queue} queue already has a handler`);
    this.handlers.set(key(queue, name), handler as JobHandler<never>);
  }

  /** `by` schedules or enqueues `name` on `queue`: the node refuses to start while it has no handler. */
  expect(queue: string, name: string, by: string): void {
    this.expected.set(key(queue, name), by);
  }

  get(queue: string, name: string): JobHandler | undefined {
    return this.handlers.get(key(queue, name)) as JobHandler | undefined;
  }

  /** The jobs expected without a handler, as `queue/name (by ...)`. */
  missing(): string[] {
    return [...this.expected].filter(([k]) => !this.handlers.has(k)).map(([k, by]) => `${k} (${by})`);
  }

  onApplicationBootstrap(): void {
    const missing = this.missing();
    if (missing.length) throw new Error(`jobs without a handler: ${missing.join(', ')}. Register one with JobRegistry.register in the module that owns the job.`);
  }
}

/**
 * The one worker shape: checks the job's city, runs its registered handler and logs queue errors (the process lives;
 * the outbox and the schedulers recover lost jobs). A queue's worker is `@Processor(QUEUE) class X extends
 * CityJobWorker`, naming its queue.
 */
export abstract class CityJobWorker extends WorkerHost {
  protected abstract readonly queueName: string;
  private readonly workerLogger = new Logger(this.constructor.name);

  constructor(
    protected readonly registry: JobRegistry,
    protected readonly config: NodeConfig,
  ) {
    super();
  }

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.workerLogger.warn(`queue worker error: ${error.message}`);
  }

  async process(job: Job<CityJobData>): Promise<unknown> {
    if (job.data.city !== this.config.city) throw new Error(`job for ${job.data.city} reached the ${this.config.city} node`);
    const handler = this.registry.get(this.queueName, job.name);
    if (!handler) throw new Error(`unknown ${this.queueName} job ${job.name}`);
    return handler(job.data, { attemptsMade: job.attemptsMade });
  }
}
