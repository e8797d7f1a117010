import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type NodeIdentity, signNodeToken, TokenRejectedError, TokenVerifier } from '@ypf/auth';
import { AuthError, Clock } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../config/node-config.js';
import { SIGNING_KEY } from '../core/core.module.js';
import { SeenNodeTokenEntity } from './seen-token.entity.js';

/**
 * Node-to-node identity: this node signs short-lived tokens addressed to one peer, and accepts a peer's token once
 * (its jti is remembered until it expires, so a captured token cannot be replayed).
 */
@Injectable()
export class NodeAuthService {
  private readonly logger = new Logger('NodeAuth');

  constructor(
    private readonly db: DataSource,
    private readonly verifier: TokenVerifier,
    private readonly clock: Clock,
    @Inject(SIGNING_KEY) private readonly signingKey: KeyObject,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  /** A token for one call to `targetCity`; with `payloadHash` it is valid only for that envelope. */
  tokenFor(targetCity: string, ttlSeconds = 30, payloadHash?: string): string {
    return signNodeToken(this.signingKey, this.config.city, targetCity, ttlSeconds, payloadHash, this.clock.now().getTime());
  }

  async accept(token: string): Promise<NodeIdentity> {
    let identity: NodeIdentity;
    try {
      identity = this.verifier.verifyNode(token, this.config.city);
    } catch (e) {
      if (e instanceof TokenRejectedError) {
        this.logger.warn(`node token refused: ${e.reason}`);
        throw AuthError.unauthenticated(`The node token was refused (${e.reason}).`);
      }
      throw e;
    }
    const inserted: unknown[] = await this.db.query(
      'INSERT INTO seen_node_token (jti, issuer_city, expires_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING RETURNING jti',
      [identity.jti, identity.city, new Date(identity.exp * 1000)],
    );
    if (inserted.length === 0) {
      this.logger.warn(`replayed node token from ${identity.city} refused (jti ${identity.jti})`);
      throw AuthError.unauthenticated('The node token was refused (already used: replay).');
    }
    // Forget expired ids now and then; they can no longer be replayed anyway.
    if (Math.random() < 0.01) {
      await this.db.getRepository(SeenNodeTokenEntity).createQueryBuilder().delete().where('expires_at < :now', { now: this.clock.now() }).execute();
    }
    return identity;
  }
}
