import type { JobsOptions, Queue } from 'bullmq';

interface Pending<T> {
  name: string;
  data: T;
  opts: JobsOptions;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Adds jobs to a queue in bulk: the adds made in one turn of the event loop (or, with `windowMs`, within that many
 * milliseconds of the first) go in one `addBulk` call (one round trip and, on the PostgreSQL backend, one commit)
 * instead of one each. Each caller still learns whether its job was added.
 *
 * The window is for jobs whose start is not urgent (deadline checks due minutes away): on the PostgreSQL backend each
 * `addBulk` builds two temporary tables whatever the number of jobs, so gathering more per call is most of the saving.
 */
export class BulkAdder<T> {
  private pending: Pending<T>[] = [];
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queue: Queue<T>,
    private readonly windowMs = 0,
    private readonly maxBatch = 500,
  ) {}

  add(name: string, data: T, opts: JobsOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ name, data, opts, resolve, reject });
      if (this.pending.length >= this.maxBatch) {
        void this.flush();
      } else if (!this.scheduled) {
        this.scheduled = true;
        if (this.windowMs > 0) this.timer = setTimeout(() => void this.flush(), this.windowMs);
        else setImmediate(() => void this.flush());
      }
    });
  }

  /** Adds what is waiting now (also called before the queue closes, so a shutdown loses nothing of the window). */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    clearTimeout(this.timer); // a full batch goes before its window ends
    this.timer = undefined;
    if (batch.length === 0) return; // the turn's callback after a full batch went early
    try {
      await this.queue.addBulk(batch.map((p) => ({ name: p.name, data: p.data, opts: p.opts })) as never);
      batch.forEach((p) => p.resolve());
    } catch (e) {
      batch.forEach((p) => p.reject(e as Error));
    }
  }
}
