import type { JobsOptions, Queue } from 'bullmq';

interface Pending<T> {
  name: string;
  data: T;
  opts: JobsOptions;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Adds jobs to a queue in bulk: the adds made in one turn of the event loop go in one `addBulk` call (one round
 * trip and, on the PostgreSQL backend, one commit) instead of one each. Each caller still learns whether its job
 * was added.
 */
export class BulkAdder<T> {
  private pending: Pending<T>[] = [];
  private scheduled = false;

  constructor(private readonly queue: Queue<T>) {}

  add(name: string, data: T, opts: JobsOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ name, data, opts, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    try {
      await this.queue.addBulk(batch.map((p) => ({ name: p.name, data: p.data, opts: p.opts })) as never);
      batch.forEach((p) => p.resolve());
    } catch (e) {
      batch.forEach((p) => p.reject(e as Error));
    }
  }
}
