import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditLog, ISO_INSTANT, signAuditHead, type SignedAuditHead, verifyAuditHeadCountersignature } from '@ypf/audit';
import { KeyRegistry } from '@ypf/auth';
import { Clock } from '@ypf/common';
import { otherCities } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { SIGNING_KEY } from '../../core/core.module.js';
import { notifyRole } from '../../core/notifications.js';
import { NodeAuthService } from '../../auth/node-auth.service.js';
import { PeerQueryError, postToPeer } from '../../core/peer-query.js';
import { AuditHeadsRepository, toSignedHead } from './audit-heads.repository.js';
import type { AuditHeadReceipt } from './audit-witness.service.js';

/** This city's own heads kept, and each witness's countersignatures kept (the newest). */
const OWN_HEADS_KEPT = 20;
const COUNTERSIGNATURES_KEPT = 20;
const PEER_TIMEOUT_MS = 5_000;

const RECEIPT_FIELDS = 'witnessCity status countersignature countersignedAt problem';

export interface PublishResult extends Record<string, unknown> {
  /** The head now published (null: the chain is empty). */
  seq: number | null;
  signed: boolean;
  countersignedBy: string[];
  disputedBy: string[];
  failed: Record<string, string>;
}

/**
 * Publishes this city's signed audit chain head to every other city, which keeps it and countersigns it (DESIGN 3.5):
 * after entries are written (gathered for AUDIT_HEAD_GATHER_MS), and on the schedule (AUDIT_HEAD_PUBLISH_MS). A head
 * is signed when the chain has grown since the last one, and sent to each city that has not countersigned it yet.
 */
@Injectable()
export class AuditHeadPublisher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AuditHeads');
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private running: Promise<PublishResult> | null = null;
  private next: Promise<PublishResult> | null = null;
  /** Heads a witness answered with an equivocation: not sent to it again by this process (its answer will not change). */
  private readonly disputed = new Map<string, string>();

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly registry: KeyRegistry,
    private readonly nodeAuth: NodeAuthService,
    private readonly clock: Clock,
    @Inject(SIGNING_KEY) private readonly signingKey: KeyObject,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onModuleInit(): void {
    this.audit.onWrite(() => this.changed());
  }

  onModuleDestroy(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Entries were written: publish in a moment (one publication for every change until then). */
  changed(): void {
    if (this.closed) return;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.publish().catch((e: Error) => this.logger.warn(`audit head not published: ${e.message}`));
    }, this.config.auditHeadGatherMs);
  }

  /**
   * Signs a head if the chain grew and sends the latest to every city without its countersignature. One run at a time
   * in this process: a call during a run gets one more run after it, shared by every call that came meanwhile.
   */
  publish(): Promise<PublishResult> {
    if (this.running) return (this.next ??= this.running.catch(() => undefined).then(() => ((this.next = null), this.start())));
    return this.start();
  }

  private start(): Promise<PublishResult> {
    const run = this.run().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async run(): Promise<PublishResult> {
    const { head, signed } = await this.signLatest();
    const result: PublishResult = { seq: head?.seq ?? null, signed, countersignedBy: [], disputedBy: [], failed: {} };
    if (!head || this.closed) return result;
    const countersigned = await new AuditHeadsRepository(this.db.manager).countersignedBy(head);
    const targets = otherCities(this.config.city).filter((c) => !countersigned.has(c) && this.disputed.get(c) !== head.signature);
    await Promise.all(
      targets.map(async (city) => {
        try {
          const status = await this.sendTo(city, head);
          (status === 'EQUIVOCATION' ? result.disputedBy : result.countersignedBy).push(city);
        } catch (e) {
          result.failed[city] = (e as Error).message.slice(0, 300);
          this.logger.debug(`audit head ${head.seq} not countersigned by ${city}: ${(e as Error).message}`);
        }
      }),
    );
    return result;
  }

  /**
   * The head of the chain as it has committed, signed under the city's signing lock with the database's time, so that
   * heads signed later carry later times whichever process signs them (a witness reads a later, shorter head as a
   * rollback). A chain that shrank or changed is signed as it is: the witnesses are there to notice.
   */
  private signLatest(): Promise<{ head: SignedAuditHead | null; signed: boolean }> {
    return this.db.transaction(async (em) => {
      const repo = new AuditHeadsRepository(em);
      await repo.lockOwnHeads();
      const end = await repo.chainEnd();
      if (!end) return { head: null, signed: false };
      const last = await repo.latestOwnHead();
      if (last && last.seq === end.seq && last.hash === end.hash) return { head: toSignedHead(last, this.config.city), signed: false };
      const head = signAuditHead(this.signingKey, { city: this.config.city, seq: end.seq, hash: end.hash, entries: end.seq, signedAt: end.now.toISOString() });
      await repo.addOwnHead(head, OWN_HEADS_KEPT);
      return { head, signed: true };
    });
  }

  /** One head to one witness; its countersignature is checked against the witness's registry key and kept. */
  private async sendTo(city: string, head: SignedAuditHead): Promise<AuditHeadReceipt['status']> {
    const { status, body } = await postToPeer<Record<string, { receiveAuditHead?: AuditHeadReceipt } | null>>({
      city,
      url: this.config.cityUrls[city],
      nodeToken: this.nodeAuth.tokenFor(city, 30),
      query: `mutation AuditHead($head: SignedAuditHeadInput!) { ${city} { receiveAuditHead(head: $head) { ${RECEIPT_FIELDS} } } }`,
      variables: { head },
      timeoutMs: PEER_TIMEOUT_MS,
    });
    const receipt = body?.data?.[city]?.receiveAuditHead;
    if (!receipt) throw new PeerQueryError(`${city} answered HTTP ${status}: ${body?.errors?.map((e) => e.message).join('; ') ?? 'no receipt'}`);
    if (receipt.witnessCity !== city) throw new PeerQueryError(`${city} answered as ${String(receipt.witnessCity)}`);
    if (receipt.status === 'EQUIVOCATION') {
      this.disputed.set(city, head.signature);
      await this.disputedBy(city, head, receipt.problem ?? '');
      return receipt.status;
    }
    const countersignature = { witnessCity: city, countersignedAt: String(receipt.countersignedAt), countersignature: String(receipt.countersignature) };
    const key = this.registry.publicKeyOf(city);
    const canonical = ISO_INSTANT.test(countersignature.countersignedAt) && new Date(countersignature.countersignedAt).toISOString() === countersignature.countersignedAt;
    if (!key || !canonical || !verifyAuditHeadCountersignature(key, head, countersignature)) {
      throw new PeerQueryError(`${city}'s countersignature of head ${head.seq} does not verify under its registry key`);
    }
    await new AuditHeadsRepository(this.db.manager).addCountersignature(
      {
        witnessCity: city,
        seq: head.seq,
        hash: head.hash,
        headSignedAt: new Date(head.signedAt),
        headSignature: head.signature,
        countersignedAt: new Date(countersignature.countersignedAt),
        countersignature: countersignature.countersignature,
      },
      COUNTERSIGNATURES_KEPT,
    );
    return receipt.status;
  }

  /**
   * A witness holds a head of this city that contradicts the one sent: this city's auditors are told (not audited
   * here: an entry would change the head, to be sent and disputed again). The witness has recorded and audited it.
   */
  private async disputedBy(city: string, head: SignedAuditHead, problem: string): Promise<void> {
    this.logger.error(`${city} refused audit head ${head.seq} as an equivocation: ${problem}`);
    await notifyRole(
      this.db.manager,
      'AUDITOR',
      'audit.head.disputed',
      `${city} refused this city's signed audit head for entry ${head.seq}: it holds another head of this city that contradicts it (${problem.slice(0, 600)}) Verify the chain against the other cities now (auditChainPeerVerification).`,
      `audit-head:${head.seq}`,
      this.clock.now(),
    );
  }
}
