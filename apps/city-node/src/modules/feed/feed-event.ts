/** The PostgreSQL channel the officer_notification trigger announces on (migration NotificationFeed). */
export const FEED_CHANNEL = 'ypf_feed';

/** The WebSocket path of the feed on the node's HTTP server. */
export const FEED_PATH = '/feed';

/** One notification as the feed delivers it: a committed officer_notification row. */
export interface FeedEvent {
  /** The row's id (a bigint as decimal text); ascending in insertion order, the `since` cursor. */
  id: string;
  kind: string;
  text: string;
  reference: string;
  recipientRole: string;
  createdAt: string;
  /** What the console needs to say it in the officer's language (NOTICE_PARAMS of its kind; empty for others). */
  params: { name: string; value: string }[];
}

/** Something the listener fans events out to: one subscription of one officer. */
export interface FeedSink {
  /** The officer's roles: an event reaches the sink when its recipient role is one of them. */
  readonly roles: ReadonlySet<string>;
  /** Called synchronously by the listener; must not throw. */
  push(event: FeedEvent): void;
}

/** A decimal bigint id, as the `since` argument and the NOTIFY payload carry it. */
export const FEED_ID_PATTERN = /^\d{1,19}$/;
