import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@ypf/audit';
import { KeyRegistry } from '@ypf/auth';
import { otherCities } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { NodeAuthService } from '../../auth/node-auth.service.js';
import { auditActor, type OfficerContext } from '../../auth/request-context.js';
import { queryPeer } from '../../core/peer-query.js';
import { AuditHeadsRepository } from './audit-heads.repository.js';
import { checkPeer, type HeldHeadAnswer, MAX_HEADS_PER_PEER, type PeerAnswer, type PeerVerification, peerVerification } from './audit-peer-verification.js';

/**
 * Within the gateway's default subgraph timeout (2 s): a city that hangs is shown UNREACHABLE, rather than the whole
 * answer being lost at the gateway. The cities are asked while the chain is checked, so the two do not add up.
 */
const PEER_TIMEOUT_MS = 1_500;

/**
 * An auditor's verification of this node's chain beyond what the node itself can vouch for: after the chain check,
 * every other city is asked for the signed heads of this chain it holds, and the chain as it is now is compared with
 * them (a head beyond its end: entries cut off; another hash: history rewritten). A city that cannot be asked is
 * reported as such, never as a match.
 */
@Injectable()
export class AuditPeerVerificationService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly registry: KeyRegistry,
    private readonly nodeAuth: NodeAuthService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async verify(ctx: OfficerContext): Promise<PeerVerification> {
    const asked = Promise.all(otherCities(this.config.city).map((city) => this.ask(city)));
    const chain = await this.audit.verify(this.db.manager);
    const answers = await asked;
    // Read after the answers: a head signed meanwhile (for entries written meanwhile) is then within the chain.
    const repo = new AuditHeadsRepository(this.db.manager);
    const seqs = [...new Set(answers.flatMap((a) => ('heads' in a ? a.heads.slice(0, MAX_HEADS_PER_PEER).map((h) => h.seq) : [])))];
    const local = await repo.localChain(seqs);
    const countersigned = await repo.countersignedSeqs();
    const ownKey = this.registry.publicKeyOf(this.config.city)!;
    const view = { endSeq: local.endSeq, hashAt: (seq: number) => local.hashes.get(seq) };
    const peers = answers.map((a) => checkPeer(this.config.city, ownKey, a, view, countersigned.get(a.city) ?? null));
    const result = peerVerification(chain, local.endSeq, peers);
    await this.audit.append(this.db.manager, {
      actor: auditActor(ctx),
      purpose: ctx.purpose,
      action: 'audit.verify.peers',
      outcome: result.verdict === 'TAMPERED' ? 'REFUSED' : 'OK',
      detail: { verdict: result.verdict, chainOk: chain.ok, endSeq: local.endSeq, peers: Object.fromEntries(peers.map((p) => [p.city, p.status])) },
    });
    return result;
  }

  private async ask(city: string): Promise<PeerAnswer> {
    try {
      const heads = await queryPeer<HeldHeadAnswer[]>({
        city,
        url: this.config.cityUrls[city],
        nodeToken: this.nodeAuth.tokenFor(city, 30),
        variableDefinitions: '',
        selection: 'auditHeadsHeld { city seq hash entries signedAt signature receivedAt conflict }',
        variables: {},
        timeoutMs: PEER_TIMEOUT_MS,
      });
      return { city, heads };
    } catch (e) {
      return { city, error: (e as Error).message.slice(0, 300) };
    }
  }
}
