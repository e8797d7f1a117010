/**
 * At most `permits` holders at once; the others wait in arrival order. For work that needs one of a few pooled
 * resources (database connections) and would rather queue in memory than time out waiting for the pool.
 */
export class Semaphore {
  private readonly waiting: (() => void)[] = [];
  private held = 0;

  constructor(private readonly permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new Error(`a semaphore needs at least one permit, not ${permits}`);
  }

  /** Runs `work` once a permit is free, and frees it when the work settles (either way). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.held < this.permits) this.held += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The permit passes straight to the next waiter, so a newcomer cannot overtake the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.held -= 1;
    }
  }

  /** Holders and waiters right now (for tests and diagnostics). */
  get state(): { held: number; waiting: number } {
    return { held: this.held, waiting: this.waiting.length };
  }
}
