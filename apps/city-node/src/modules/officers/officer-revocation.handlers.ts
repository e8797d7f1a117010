import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { otherCities } from '@ypf/region';
import type { Envelope } from '@ypf/delivery';
import { OfficerRevocations, REVOCATION_REASONS, type RevocationReason } from '../../auth/officer-revocations.js';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { DeliveryHandlers, type DeliveryHooks, parsePeerPayload } from '../delivery/delivery-handlers.js';
import { OutboxService } from '../delivery/outbox.service.js';
import { PeerParticipation } from '../delivery/peer-senders.js';

export const MSG_OFFICER_REVOKED = 'officer.revoked';

const revokedSchema = z
  .object({
    sub: z.string().regex(/^[a-z]+:[^\s]{1,72}$/, 'must be an officer id such as wuxi:li.wei'),
    generation: z.number().int().positive(),
    reason: z.enum(REVOCATION_REASONS),
    revokedAt: z.iso.datetime(),
  })
  .strict();

/**
 * Tells every peer that an officer's older tokens are withdrawn (`officer.revoked`), and records what peers say of
 * their own officers. Who may send it is PEER_MESSAGE_RULES' business: only the city the officer id names, so a
 * compromised node cannot lock another city's officers out of the region.
 */
@Injectable()
export class OfficerRevocationMessages implements OnModuleInit {
  constructor(
    private readonly outbox: OutboxService,
    private readonly handlers: DeliveryHandlers,
    private readonly participation: PeerParticipation,
    private readonly revocations: OfficerRevocations,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onModuleInit(): void {
    // No node keeps records of another city's officers: the id's city alone may speak of it.
    this.participation.register('officer', async () => null);
    this.handlers.register(MSG_OFFICER_REVOKED, (em, env, p, hooks) => this.onRevoked(em, env, p, hooks));
  }

  /**
   * In the caller's transaction: `sub`'s tokens below `generation` are refused here (when it commits) and at every
   * peer (one message each, sent when it commits).
   */
  async withdraw(em: EntityManager, sub: string, generation: number, reason: RevocationReason, at: Date): Promise<void> {
    await this.revocations.record(em, sub, generation, reason, at);
    await this.tellPeers(em, sub, generation, reason, at);
  }

  private async tellPeers(em: EntityManager, sub: string, generation: number, reason: RevocationReason, revokedAt: Date): Promise<void> {
    for (const target of otherCities(this.config.city)) {
      await this.outbox.enqueue(em, { target, kind: MSG_OFFICER_REVOKED, streamKey: `officer:${sub}`, payload: { sub, generation, reason, revokedAt: revokedAt.toISOString() } });
    }
  }

  private async onRevoked(em: EntityManager, _env: Envelope, raw: Record<string, unknown>, hooks: DeliveryHooks): Promise<void> {
    const p = parsePeerPayload(revokedSchema, raw, MSG_OFFICER_REVOKED);
    await this.revocations.record(em, p.sub, p.generation, p.reason, new Date(p.revokedAt));
    hooks.afterCommit(() => this.revocations.reload());
  }
}
