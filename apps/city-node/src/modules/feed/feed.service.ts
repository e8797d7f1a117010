import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OfficerIdentity } from '@ypf/auth';
import { AuditLog } from '@ypf/audit';
import { AuthError, CommonErrorCode, DomainError, InputError } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { RequestContextResolver } from '../../auth/request-context.resolver.js';
import { FEED_ID_PATTERN } from './feed-event.js';
import { FeedCloseCode, FeedError, FeedErrorCode, FeedRefusal } from './feed.exception.js';
import { FeedListener } from './feed-listener.js';
import { feedRepository, type RunQuery } from './feed.repository.js';
import type { FeedContext } from './feed-schema.js';
import { FeedSubscription } from './feed-subscription.js';

/** The feed's rules: who may connect (officers of this city, with a valid token), replay with `since`, audit. */
@Injectable()
export class FeedService {
  private readonly logger = new Logger('Feed');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly contexts: RequestContextResolver,
    private readonly listener: FeedListener,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  /**
   * Admits a connection from its graphql-ws connectionParams (`authorization: "Bearer <officer token>"`), with the
   * node's own token verification; refuses (FeedRefusal) anything but a valid token of an officer of this city.
   */
  async admit(connectionParams: Readonly<Record<string, unknown>> | undefined): Promise<OfficerIdentity> {
    const authorization = connectionParams?.authorization ?? connectionParams?.Authorization;
    if (typeof authorization !== 'string' || authorization === '') {
      throw new FeedRefusal(FeedCloseCode.UNAUTHORIZED, 'Send connectionParams { authorization: "Bearer <officer token>" }.');
    }
    let officer: OfficerIdentity | null;
    try {
      officer = this.contexts.resolve({ headers: { authorization } }).officer;
    } catch (e) {
      if (e instanceof AuthError) throw new FeedRefusal(FeedCloseCode.UNAUTHORIZED, e.message);
      if (e instanceof DomainError && e.code === (CommonErrorCode.HOME_NODE_ONLY as string)) throw new FeedRefusal(FeedCloseCode.FORBIDDEN, e.message);
      throw e;
    }
    if (!officer) throw new FeedRefusal(FeedCloseCode.UNAUTHORIZED, 'A valid officer token is required.');
    if (officer.city !== this.config.city) {
      this.logger.warn(`feed refused to ${officer.sub}: not an officer of ${this.config.city}`);
      await this.audit.append(this.db.manager, {
        actor: { id: officer.sub, city: officer.city, roles: officer.roles },
        action: 'feed.subscribe',
        resourceKind: 'feed',
        outcome: 'DENIED',
        detail: { reason: 'HOME_NODE_ONLY' },
      });
      throw new FeedRefusal(
        FeedCloseCode.FORBIDDEN,
        `Officers subscribe at their home node: you are a ${officer.city} officer and this is the ${this.config.city} node.`,
      );
    }
    if (officer.scope !== 'home') {
      throw new FeedRefusal(FeedCloseCode.FORBIDDEN, 'The live feed carries your own notifications: subscribe with your home token (login returns it as homeToken).');
    }
    return officer;
  }

  info(ctx: FeedContext): string {
    return `The ${this.config.city} feed: subscribe to cityFeed(since: ID) for the notifications of your roles (${ctx.officer.roles.join(', ')}).`;
  }

  /** Opens one `cityFeed` subscription: audited, registered with the listener before the replay starts. */
  async subscribe(ctx: FeedContext, since: string | null): Promise<FeedSubscription> {
    if (since !== null && !FEED_ID_PATTERN.test(since)) {
      throw new InputError('since must be the id of a feed event (digits, e.g. "42"), or absent for live events only.', 'since');
    }
    const { officer } = ctx;
    try {
      await this.audit.append(this.db.manager, {
        actor: { id: officer.sub, city: officer.city, roles: officer.roles },
        action: 'feed.subscribe',
        resourceKind: 'feed',
        detail: { since },
      });
    } catch (e) {
      this.logger.error(`feed subscription of ${officer.sub} not audited: ${(e as Error).message}`);
      throw new FeedError(FeedErrorCode.FEED_UNAVAILABLE, 'The feed is unavailable right now; subscribe again shortly.');
    }
    const run: RunQuery = (sql, params) => this.db.query(sql, params);
    const subscription = new FeedSubscription(officer.roles, since, async (after, roles, limit) => {
      try {
        return await feedRepository.after(run, after, limit, roles);
      } catch (e) {
        this.logger.error(`feed replay for ${officer.sub} failed: ${(e as Error).message}`);
        throw e;
      }
    });
    // Registered before the first replay read: an event committed meanwhile is held, not missed.
    subscription.onEnd(this.listener.add(subscription));
    this.logger.log(`feed subscription of ${officer.sub} (${officer.roles.join(', ')})${since !== null ? ` since ${since}` : ''}`);
    return subscription;
  }
}
