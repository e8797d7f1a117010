import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, canonicalJson } from '@ypf/audit';
import { Clock } from '@ypf/common';
import { type Envelope, envelopeHash, OutboxMessageEntity, type OutboxStatus } from '@ypf/delivery';
import { ulid } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, type OfficerContext } from '../../auth/request-context.js';
import { NodeAuthService } from '../../auth/node-auth.service.js';
import { DELIVERY_QUEUE, SEND_MESSAGE_JOB, sendJobId, type SendMessageJobData } from './delivery.jobs.js';
import { DeliveryException } from './delivery.exception.js';

export interface OutgoingMessage {
  target: string;
  kind: string;
  streamKey: string;
  payload: Record<string, unknown>;
}

export interface DeliveryReceipt {
  messageId: string;
  status: 'APPLIED' | 'BUFFERED' | 'DUPLICATE' | 'REJECTED';
  detail: string | null;
}

/**
 * The sending side of node-to-node delivery (DESIGN 3.4): messages are written to the outbox in the caller's
 * transaction, moved by BullMQ jobs (jobId = message id, exponential back-off), marked delivered, retrying (with the
 * last error and next attempt) or dead (with the reason); a sweeper re-enqueues rows whose job was lost.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly nodeAuth: NodeAuthService,
    @InjectQueue(DELIVERY_QUEUE) private readonly queue: Queue<SendMessageJobData>,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  /** Writes a message in the caller's transaction. Call `dispatch` with the ids after the transaction commits. */
  async enqueue(em: EntityManager, msg: OutgoingMessage): Promise<OutboxMessageEntity> {
    if (msg.target === this.config.city) throw new Error('a node does not send messages to itself');
    const [{ next }] = await em.query(
      'SELECT COALESCE(MAX(stream_seq), 0) + 1 AS next FROM outbox_message WHERE target_city = $1 AND stream_key = $2',
      [msg.target, msg.streamKey],
    );
    const now = this.clock.now();
    const row = Object.assign(new OutboxMessageEntity(), {
      id: ulid(now.getTime()),
      targetCity: msg.target,
      kind: msg.kind,
      streamKey: msg.streamKey,
      streamSeq: Number(next),
      payload: canonicalJson(msg.payload),
      status: 'QUEUED',
      attempts: 0,
      lastError: null,
      nextAttemptAt: null,
      deadReason: null,
      createdAt: now,
      updatedAt: now,
      deliveredAt: null,
    } satisfies OutboxMessageEntity);
    await em.getRepository(OutboxMessageEntity).insert(row);
    return row;
  }

  /** Hands committed messages to the queue. Losing this step is harmless: the sweeper finds the rows. */
  async dispatch(messages: readonly { id: string }[]): Promise<void> {
    for (const m of messages) {
      try {
        await this.addJob(m.id);
      } catch (e) {
        this.logger.warn(`could not enqueue ${m.id} (the sweeper will): ${(e as Error).message}`);
      }
    }
  }

  /** One delivery attempt (the job handler). Throws to let BullMQ retry with back-off. */
  async send(messageId: string, attempt: number): Promise<'DELIVERED' | 'DEAD' | 'SKIPPED'> {
    const repo = this.db.getRepository(OutboxMessageEntity);
    const msg = await repo.findOne({ where: { id: messageId } });
    if (!msg || msg.status === 'DELIVERED' || msg.status === 'DEAD') return 'SKIPPED';
    let receipt: DeliveryReceipt;
    try {
      receipt = await this.post(msg);
    } catch (e) {
      const error = (e as Error).message.slice(0, 900);
      const dead = attempt >= this.config.deliveryMaxAttempts;
      await repo.update(
        { id: msg.id },
        {
          status: dead ? 'DEAD' : 'RETRYING',
          attempts: attempt,
          lastError: error,
          deadReason: dead ? `gave up after ${attempt} attempts: ${error}` : null,
          nextAttemptAt: dead ? null : new Date(this.clock.now().getTime() + this.backoffMs(attempt)),
          updatedAt: this.clock.now(),
        },
      );
      if (dead) {
        this.logger.warn(`message ${msg.id} to ${msg.targetCity} is dead: ${error}`);
        return 'DEAD';
      }
      throw e;
    }
    const now = this.clock.now();
    if (receipt.status === 'REJECTED') {
      await repo.update({ id: msg.id }, { status: 'DEAD', attempts: attempt, deadReason: `rejected by ${msg.targetCity}: ${receipt.detail ?? 'no reason given'}`, nextAttemptAt: null, updatedAt: now });
      return 'DEAD';
    }
    await repo.update({ id: msg.id }, { status: 'DELIVERED', attempts: attempt, deliveredAt: now, nextAttemptAt: null, lastError: null, updatedAt: now });
    return 'DELIVERED';
  }

  private sweeping = false;

  /** Re-enqueues outbox rows that should be moving but have no live job (e.g. Redis lost its data). */
  async sweep(): Promise<number> {
    // One sweep at a time per process: a slow sweep must not pile up and starve the delivery jobs.
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      return await this.sweepOnce();
    } finally {
      this.sweeping = false;
    }
  }

  private async sweepOnce(): Promise<number> {
    const graceMs = Math.max(2000, this.config.deliverySweepMs);
    const cutoff = new Date(this.clock.now().getTime() - graceMs);
    const stuck = await this.db
      .getRepository(OutboxMessageEntity)
      .createQueryBuilder('m')
      .where("m.status IN ('QUEUED', 'RETRYING')")
      .andWhere('COALESCE(m.next_attempt_at, m.updated_at) < :cutoff', { cutoff })
      .orderBy('m.id')
      .take(200)
      .getMany();
    let requeued = 0;
    for (const m of stuck) {
      const job = await this.queue.getJob(sendJobId(m.id));
      const state = job ? await job.getState() : 'missing';
      if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized' || state === 'waiting-children') continue;
      if (job) await job.remove().catch(() => undefined);
      await this.addJob(m.id);
      requeued += 1;
    }
    if (requeued) this.logger.log(`sweeper re-enqueued ${requeued} message(s) whose job was lost`);
    return requeued;
  }

  async redrive(ctx: OfficerContext, id: string) {
    const repo = this.db.getRepository(OutboxMessageEntity);
    const updated = await this.db.transaction(async (em) => {
      const msg = await em.getRepository(OutboxMessageEntity).createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id }).getOne();
      if (!msg) throw DeliveryException.notFound(id);
      if (msg.status !== 'DEAD') throw DeliveryException.notDead(id, msg.status);
      Object.assign(msg, { status: 'QUEUED', attempts: 0, deadReason: null, nextAttemptAt: null, updatedAt: this.clock.now() });
      await em.getRepository(OutboxMessageEntity).save(msg);
      await this.audit.append(em, { actor: auditActor(ctx), action: 'delivery.redrive', resourceKind: 'outbox_message', resourceIds: [id], detail: { target: msg.targetCity, kind: msg.kind } });
      return msg;
    });
    const old = await this.queue.getJob(sendJobId(id));
    if (old) await old.remove().catch(() => undefined);
    await this.dispatch([updated]);
    return (await repo.findOne({ where: { id } }))!;
  }

  list(filter: { status?: OutboxStatus; targetCity?: string; streamKey?: string; limit: number }): Promise<OutboxMessageEntity[]> {
    const qb = this.db.getRepository(OutboxMessageEntity).createQueryBuilder('m').orderBy('m.id', 'DESC').take(filter.limit);
    if (filter.status) qb.andWhere('m.status = :status', { status: filter.status });
    if (filter.targetCity) qb.andWhere('m.target_city = :t', { t: filter.targetCity });
    if (filter.streamKey) qb.andWhere('m.stream_key = :s', { s: filter.streamKey });
    return qb.getMany();
  }

  private async addJob(messageId: string): Promise<void> {
    await this.queue.add(
      SEND_MESSAGE_JOB,
      { city: this.config.city, messageId },
      {
        jobId: sendJobId(messageId),
        attempts: this.config.deliveryMaxAttempts,
        backoff: { type: 'exponential', delay: this.config.deliveryBackoffMs },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    );
  }

  private backoffMs(attempt: number): number {
    return this.config.deliveryBackoffMs * 2 ** (attempt - 1);
  }

  /** POSTs the signed envelope to the target node's subgraph. */
  private async post(msg: OutboxMessageEntity): Promise<DeliveryReceipt> {
    const envelope: Envelope = {
      id: msg.id,
      source: this.config.city,
      target: msg.targetCity,
      kind: msg.kind,
      streamKey: msg.streamKey,
      streamSeq: msg.streamSeq,
      createdAt: msg.createdAt.toISOString(),
      payload: msg.payload,
    };
    const token = this.nodeAuth.tokenFor(msg.targetCity, 30, envelopeHash(envelope));
    const url = this.config.cityUrls[msg.targetCity];
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ypf-node-token': token },
      body: JSON.stringify({
        query: `mutation Deliver($e: DeliveryEnvelopeInput!) { ${msg.targetCity} { deliverMessage(envelope: $e) { messageId status detail } } }`,
        variables: { e: envelope },
      }),
      signal: AbortSignal.timeout(this.config.deliveryTimeoutMs),
    });
    const body = (await res.json().catch(() => null)) as { data?: Record<string, { deliverMessage?: DeliveryReceipt } | null>; errors?: { message: string }[] } | null;
    const receipt = body?.data?.[msg.targetCity]?.deliverMessage;
    if (!res.ok || !receipt) {
      throw new Error(`${msg.targetCity} answered HTTP ${res.status}: ${body?.errors?.map((e) => e.message).join('; ') ?? 'no receipt'}`);
    }
    return receipt;
  }
}
