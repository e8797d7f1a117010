import type { Queue } from 'bullmq';

export interface JobTemplate {
  name: string;
  data: Record<string, unknown>;
  opts?: Record<string, unknown>;
}

/**
 * A repeatable job that survives the queue losing its data (a Redis restarted without persistence forgets job
 * schedulers too): the scheduler is upserted at start and re-asserted periodically. Upserting is idempotent, so every
 * process of a city may do it.
 */
export class KeptJobScheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queue: Queue,
    private readonly id: string,
    private readonly everyMs: number,
    private readonly template: JobTemplate,
    private readonly refreshMs = Math.min(30_000, Math.max(1000, everyMs * 2)),
  ) {}

  async start(): Promise<void> {
    await this.upsert();
    this.timer = setInterval(() => void this.upsert().catch(() => undefined), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async upsert(): Promise<void> {
    await this.queue.upsertJobScheduler(this.id, { every: this.everyMs }, this.template as never);
  }
}
