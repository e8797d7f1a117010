import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { otherCities } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { NodeAuthService } from '../../auth/node-auth.service.js';
import { postToPeer } from '../../core/peer-query.js';

/** One lock for the feed's numbering: the numbers of changes are taken and committed in the same order. */
const FEED_LOCK_KEY = 0x57415443; // 'WATC'
const NOTIFY_GATHER_MS = 100;
const NOTIFY_TIMEOUT_MS = 5_000;

/**
 * Records that an entry this city leads (or led) changed, with the next feed number, in the caller's transaction.
 * Numbers are taken under a transaction-level lock, so they commit in order: a copy that has read up to number N has
 * seen every change numbered below N, and never skips one that committed late.
 */
export async function markReplicaChange(em: EntityManager, entryId: string): Promise<void> {
  await em.query('SELECT pg_advisory_xact_lock($1)', [FEED_LOCK_KEY]);
  await em.query('INSERT INTO watch_replica_feed (entry_id) VALUES ($1) ON CONFLICT (entry_id) DO UPDATE SET seq = DEFAULT', [entryId]);
}

/**
 * Tells the other cities, after a commit, that this city's feed changed, so their copies follow within moments rather
 * than at their next scheduled sync. Best effort: a city that misses the call catches up on its schedule.
 */
@Injectable()
export class WatchReplicaNotifier implements OnModuleDestroy {
  private readonly logger = new Logger('WatchReplica');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly nodeAuth: NodeAuthService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  /** Called after a transaction that marked a change commits; calls within 100 ms are sent once. */
  changed(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.tellAll();
    }, NOTIFY_GATHER_MS);
  }

  onModuleDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tellAll(): Promise<void> {
    await Promise.all(
      otherCities(this.config.city).map(async (city) => {
        try {
          const { status } = await postToPeer({
            city,
            url: this.config.cityUrls[city],
            nodeToken: this.nodeAuth.tokenFor(city, 30),
            query: `mutation { ${city} { watchReplicaChanged } }`,
            timeoutMs: NOTIFY_TIMEOUT_MS,
          });
          if (status < 200 || status > 299) this.logger.debug(`${city} was not told of a feed change: HTTP ${status}`);
        } catch (e) {
          this.logger.debug(`${city} was not told of a feed change: ${(e as Error).message}`);
        }
      }),
    );
  }
}
