import type { FeedEvent, FeedSink } from './feed-event.js';
import { FeedError, FeedErrorCode } from './feed.exception.js';

/** Reads the rows after an id that the given roles may see, oldest first. */
export type ReplayRows = (afterId: string, roles: readonly string[], limit: number) => Promise<FeedEvent[]>;

export interface FeedSubscriptionLimits {
  /** Events waiting for a slow client before the subscription is ended with FEED_LAGGING. */
  maxPending: number;
  /** Rows read per replay step (read only when the client has taken the previous ones). */
  replayPage: number;
  /** Ids remembered as sent, to drop an event met both in the replay and live. */
  rememberSent: number;
}

const DEFAULT_LIMITS: FeedSubscriptionLimits = { maxPending: 1000, replayPage: 200, rememberSent: 2048 };

/**
 * One officer's `cityFeed` subscription: first the rows after `since` (read a page at a time as the client takes
 * them), then the live events the listener pushes. Live events arriving during the replay are held and follow it;
 * an event met in both is sent once.
 */
export class FeedSubscription implements FeedSink, AsyncIterableIterator<FeedEvent> {
  readonly roles: ReadonlySet<string>;
  /** The last id sent to the client: what it passes as `since` to resume. */
  lastSentId: string | null = null;
  private replayAfter: string | null;
  private readonly ready: FeedEvent[] = [];
  private readonly heldLive: FeedEvent[] = [];
  private readonly sent = new Set<string>();
  private wake: (() => void) | null = null;
  private ended = false;
  private failure: Error | null = null;
  private detach: () => void = () => undefined;

  constructor(
    roles: readonly string[],
    since: string | null,
    private readonly replay: ReplayRows,
    private readonly limits: FeedSubscriptionLimits = DEFAULT_LIMITS,
  ) {
    this.roles = new Set(roles);
    this.replayAfter = since;
    this.lastSentId = since;
  }

  /** What removes this subscription from the listener when it ends. */
  onEnd(detach: () => void): void {
    this.detach = detach;
  }

  push(event: FeedEvent): void {
    if (this.ended) return;
    const queue = this.replayAfter !== null ? this.heldLive : this.ready;
    if (queue.length >= this.limits.maxPending) {
      this.fail(
        new FeedError(
          FeedErrorCode.FEED_LAGGING,
          `This subscription fell more than ${this.limits.maxPending} events behind and was ended; subscribe again with since: "${this.lastSentId ?? '0'}".`,
        ),
      );
      return;
    }
    queue.push(event);
    this.wakeUp();
  }

  async next(): Promise<IteratorResult<FeedEvent>> {
    for (;;) {
      if (this.ended) return { value: undefined, done: true };
      if (this.failure) {
        this.finish();
        throw this.failure;
      }
      const event = this.ready.shift();
      if (event) {
        if (this.sent.has(event.id)) continue;
        this.markSent(event.id);
        return { value: event, done: false };
      }
      if (this.replayAfter !== null) {
        await this.replayStep(this.replayAfter);
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async return(): Promise<IteratorResult<FeedEvent>> {
    this.finish();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<FeedEvent>> {
    this.finish();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Ends the subscription with an error the client sees. */
  fail(error: Error): void {
    if (this.ended) return;
    this.failure = error;
    this.detach();
    this.wakeUp();
  }

  private async replayStep(after: string): Promise<void> {
    let page: FeedEvent[];
    try {
      page = await this.replay(after, [...this.roles], this.limits.replayPage);
    } catch (e) {
      this.fail(e instanceof FeedError ? e : new FeedError(FeedErrorCode.FEED_UNAVAILABLE, 'The feed could not be read; subscribe again with since.'));
      return;
    }
    if (this.ended) return;
    this.ready.push(...page);
    if (page.length < this.limits.replayPage) {
      this.replayAfter = null;
      this.ready.push(...this.heldLive.splice(0));
    } else {
      this.replayAfter = page[page.length - 1].id;
    }
  }

  private markSent(id: string): void {
    this.lastSentId = id;
    this.sent.add(id);
    if (this.sent.size > this.limits.rememberSent) this.sent.delete(this.sent.values().next().value as string);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.ready.length = 0;
    this.heldLive.length = 0;
    this.detach();
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
