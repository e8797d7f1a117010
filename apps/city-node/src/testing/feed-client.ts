import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { FeedEvent } from '../modules/feed/feed-event.js';

/** An event as a subscriber received it (the feed's own shape). */
export type ReceivedFeedEvent = FeedEvent;

/** One officer's live-feed subscription over a real WebSocket, recording what arrives. */
export interface FeedSubscriber {
  events: ReceivedFeedEvent[];
  /** GraphQL errors of the subscription (as sent by the node). */
  errors: { message: string; extensions?: Record<string, unknown> }[];
  /** Resolves with the close code and reason when the node closes (or refuses) the connection. */
  closed: Promise<{ code: number; reason: string }>;
  /** The events whose reference is `reference`. */
  about(reference: string): ReceivedFeedEvent[];
  dispose(): Promise<void>;
}

/** The feed's URL on the node whose GraphQL URL is given (http://host:port/graphql → ws://host:port/feed). */
export const feedUrlOf = (nodeUrl: string) => nodeUrl.replace(/^http/, 'ws').replace(/\/graphql$/, '/feed');

/** Subscribes to `cityFeed` at a node with an officer token (no retries: a refusal is the result). */
export function subscribeFeed(nodeUrl: string, token: string | null, opts: { since?: string } = {}): FeedSubscriber {
  let onClosed: (v: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client: Client = createClient({
    url: feedUrlOf(nodeUrl),
    webSocketImpl: WebSocket,
    connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: {
      closed: (event) => {
        const e = event as { code?: number; reason?: unknown };
        onClosed({ code: e.code ?? 0, reason: typeof e.reason === 'string' ? e.reason : '' });
      },
    },
  });
  const subscriber: FeedSubscriber = {
    events: [],
    errors: [],
    closed,
    about: (reference) => subscriber.events.filter((e) => e.reference === reference),
    dispose: () => client.dispose() as Promise<void>,
  };
  client.subscribe<{ cityFeed: ReceivedFeedEvent }>(
    {
      query: 'subscription($since: ID) { cityFeed(since: $since) { id kind text reference recipientRole createdAt params { name value } } }',
      variables: opts.since === undefined ? {} : { since: opts.since },
    },
    {
      next: (r) => {
        if (r.data) subscriber.events.push(r.data.cityFeed);
        if (r.errors) subscriber.errors.push(...(r.errors as FeedSubscriber['errors']));
      },
      error: (e) => {
        if (Array.isArray(e)) subscriber.errors.push(...(e as FeedSubscriber['errors']));
      },
      complete: () => undefined,
    },
  );
  return subscriber;
}
