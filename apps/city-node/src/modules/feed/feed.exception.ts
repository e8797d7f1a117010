import { DomainError } from '@ypf/common';

export enum FeedErrorCode {
  /** The subscription fell too far behind (a slow client); subscribe again with `since`. */
  FEED_LAGGING = 'FEED_LAGGING',
  /** The feed could not be read (database trouble); subscribe again with `since`. */
  FEED_UNAVAILABLE = 'FEED_UNAVAILABLE',
}

/** An expected failure of one subscription, sent to the client as a GraphQL error with its code. */
export class FeedError extends DomainError {
  constructor(code: FeedErrorCode, message: string) {
    super(code, message);
  }
}

/** WebSocket close codes of the feed (graphql-ws reserves 4400-4499 for these meanings). */
export enum FeedCloseCode {
  UNAUTHORIZED = 4401,
  FORBIDDEN = 4403,
}

/** A connection the feed refuses: closed with this code and reason (the reason is what the client reads). */
export class FeedRefusal extends Error {
  constructor(
    readonly closeCode: FeedCloseCode,
    readonly reason: string,
  ) {
    super(reason);
  }
}
