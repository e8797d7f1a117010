import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager, type EntitySubscriberInterface, In } from 'typeorm';
import { AuditLog, canonicalJson } from '@ypf/audit';
import { Clock } from '@ypf/common';
import { batchHash, type DeliveryReceipt, type Envelope, MAX_BATCH_ENVELOPES, MAX_BATCH_PAYLOAD_BYTES, OutboxMessageEntity, type OutboxStatus } from '@ypf/delivery';
import { BulkAdder } from '@ypf/queue';
import { ulid } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, type OfficerContext } from '../../auth/request-context.js';
import { NodeAuthService } from '../../auth/node-auth.service.js';
import { postToPeer } from '../../core/peer-query.js';
import { DELIVERY_QUEUE, SEND_MESSAGE_JOB, sendJobId, type SendMessageJobData } from './delivery.jobs.js';
import { DeliveryException } from './delivery.exception.js';

export interface OutgoingMessage {
  target: string;
  kind: string;
  streamKey: string;
  payload: Record<string, unknown>;
}

/**
 * The sending side of node-to-node delivery (DESIGN 3.4): messages are written to the outbox in the caller's
 * transaction, moved by BullMQ jobs (jobId = message id, exponential back-off), marked delivered, retrying (with the
 * last error and next attempt) or dead (with the reason); a sweeper re-enqueues rows whose job was lost.
 */
@Injectable()
export class OutboxService implements OnModuleInit {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly nodeAuth: NodeAuthService,
    @InjectQueue(DELIVERY_QUEUE) private readonly queue: Queue<SendMessageJobData>,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    this.jobs = new BulkAdder(queue);
  }

  /** Messages committed together (a request to several cities, a receiving batch's replies) are enqueued in one call. */
  private readonly jobs: BulkAdder<SendMessageJobData>;

  /**
   * Messages written by transactions that have not committed yet, by transaction (its query runner). The transaction
   * seam: when a transaction commits, whatever it wrote to the outbox goes to the queue (a TypeORM transaction
   * subscriber, as Vendure's TransactionSubscriber); when it rolls back, nothing does. No caller dispatches by hand, so
   * none can forget (issue 17: incident snapshots written while receiving a participant's answer waited 15-30 s for
   * the sweeper). A crash between the commit and the queue is the sweeper's.
   */
  private readonly written = new WeakMap<object, string[]>();

  onModuleInit(): void {
    const seam: EntitySubscriberInterface = {
      // Only the outermost commit: a released savepoint is still inside the transaction.
      afterTransactionCommit: async ({ queryRunner }) => {
        if (queryRunner.isTransactionActive) return;
        const ids = this.written.get(queryRunner);
        this.written.delete(queryRunner);
        if (ids?.length) await this.dispatch(ids.map((id) => ({ id })));
      },
      afterTransactionRollback: ({ queryRunner }) => {
        if (!queryRunner.isTransactionActive) this.written.delete(queryRunner);
      },
    };
    this.db.subscribers.push(seam);
  }

  /**
   * Writes a message in the caller's transaction; it is handed to the queue when the transaction commits.
   * `leaveToSweeper`: not handed over (a test's lost job).
   */
  async enqueue(em: EntityManager, msg: OutgoingMessage, opts: { leaveToSweeper?: boolean } = {}): Promise<OutboxMessageEntity> {
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
    if (!em.queryRunner?.isTransactionActive) throw new Error('an outbox message is written inside a transaction (it is sent when that commits)');
    if (!opts.leaveToSweeper) this.written.set(em.queryRunner, [...(this.written.get(em.queryRunner) ?? []), row.id]);
    return row;
  }

  /** The first message of `kind` on a stream to `target`, with its delivery state (for another capability's notices). */
  async firstOfKind(em: EntityManager, target: string, streamKey: string, kind: string): Promise<{ status: OutboxStatus; lastError: string | null } | null> {
    const [row] = await em.query<{ status: OutboxStatus; last_error: string | null }[]>(
      'SELECT status, last_error FROM outbox_message WHERE target_city = $1 AND stream_key = $2 AND kind = $3 ORDER BY stream_seq LIMIT 1',
      [target, streamKey, kind],
    );
    return row ? { status: row.status, lastError: row.last_error } : null;
  }

  /** Whether anything was written to `target` on the stream since `since` (another capability's rate of notices). */
  async sentSince(em: EntityManager, target: string, streamKey: string, since: Date): Promise<boolean> {
    const recent = await em.query<unknown[]>('SELECT 1 FROM outbox_message WHERE target_city = $1 AND stream_key = $2 AND created_at > $3 LIMIT 1', [target, streamKey, since]);
    return recent.length > 0;
  }

  /** Hands committed messages to the queue. Losing this step is harmless: the sweeper finds the rows. */
  async dispatch(messages: readonly { id: string }[]): Promise<void> {
    await Promise.all(
      messages.map((m) => this.addJob(m.id).catch((e: unknown) => this.logger.warn(`could not enqueue ${m.id} (the sweeper will): ${(e as Error).message}`))),
    );
  }

  /**
   * One delivery attempt (the job handler); throws to let BullMQ retry with back-off. Jobs that run at the same time
   * are carried together: their rows are read in one query, sent to each target in one signed call (one receiver
   * transaction), and their outcomes written in one statement. Each job still answers for its own message.
   */
  send(messageId: string, attempt: number): Promise<SendOutcome> {
    return new Promise<SendOutcome>((resolve, reject) => {
      this.waiting.push({ messageId, attempt, resolve, reject });
      if (this.waiting.length >= MAX_BATCH_ENVELOPES) this.flushNow();
      else this.flushTimer ??= setTimeout(() => this.flushNow(), BATCH_WINDOW_MS);
    });
  }

  private waiting: WaitingSend[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  private flushNow(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length) this.flush(batch).catch((e: unknown) => batch.forEach((w) => w.reject(e as Error)));
  }

  private async flush(batch: WaitingSend[]): Promise<void> {
    const rows = await this.db.getRepository(OutboxMessageEntity).find({ where: { id: In(batch.map((w) => w.messageId)) } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const touched = new Set<string>();
    for (const w of batch) {
      const msg = byId.get(w.messageId);
      if (!msg || msg.status === 'DELIVERED' || msg.status === 'DEAD') {
        w.resolve('SKIPPED');
        continue;
      }
      const lane = this.lanes.get(msg.targetCity) ?? { inFlight: 0, queued: [] };
      lane.queued.push({ msg, waiting: w });
      this.lanes.set(msg.targetCity, lane);
      touched.add(msg.targetCity);
    }
    for (const target of touched) this.pump(target);
  }

  /** Per target: messages waiting for a call, and calls under way. */
  private readonly lanes = new Map<string, { inFlight: number; queued: Sending[] }>();

  /**
   * Starts calls to `target` while fewer than CALLS_PER_TARGET are under way. Messages arriving meanwhile wait for
   * the next call, so a call carries more the busier the target is: batches grow with the load, not with a timer.
   */
  private pump(target: string): void {
    const lane = this.lanes.get(target)!;
    while (lane.inFlight < CALLS_PER_TARGET && lane.queued.length) {
      const [chunk] = chunkBatch(lane.queued);
      lane.queued.splice(0, chunk.length);
      lane.inFlight += 1;
      void this.sendChunk(chunk).finally(() => {
        lane.inFlight -= 1;
        this.pump(target);
      });
    }
  }

  private async sendChunk(chunk: Sending[]): Promise<void> {
    let receipts: Map<string, DeliveryReceipt> | undefined;
    let callError = '';
    try {
      receipts = new Map((await this.post(chunk.map((c) => c.msg))).map((r) => [r.messageId, r]));
    } catch (e) {
      callError = (e as Error).message.slice(0, 900);
    }
    const now = this.clock.now();
    const results = chunk.map(({ msg, waiting }) => {
      const receipt = receipts?.get(msg.id);
      // Counted on the row, not the job: a job the sweeper re-created starts BullMQ's count again, the message's does not.
      const attempts = Math.max(msg.attempts + 1, waiting.attempt);
      if (receipt?.status === 'BUFFERED') {
        // Stored at the target, but not applied: shown as such until the earlier messages of its stream are there.
        const held = `held by ${msg.targetCity}: ${receipt.detail ?? 'waiting for an earlier message of this stream'}`;
        return { msg, waiting, outcome: 'DELIVERED' as const, update: { status: 'BUFFERED' as const, attempts, lastError: held, deadReason: null, nextAttemptAt: null, deliveredAt: now } };
      }
      if (receipt && receipt.status !== 'RETRY' && receipt.status !== 'REJECTED') {
        return { msg, waiting, outcome: 'DELIVERED' as const, update: { status: 'DELIVERED' as const, attempts, lastError: null, deadReason: null, nextAttemptAt: null, deliveredAt: now } };
      }
      if (receipt?.status === 'REJECTED') {
        const deadReason = `rejected by ${msg.targetCity}: ${receipt.detail ?? 'no reason given'}`;
        return { msg, waiting, outcome: 'DEAD' as const, update: { status: 'DEAD' as const, attempts, lastError: msg.lastError, deadReason, nextAttemptAt: null, deliveredAt: null } };
      }
      const error = receipt ? `${msg.targetCity} asked to retry: ${receipt.detail ?? 'no reason given'}` : callError || `${msg.targetCity} sent no receipt for this message`;
      const dead = attempts >= this.config.deliveryMaxAttempts;
      return {
        msg,
        waiting,
        outcome: dead ? ('DEAD' as const) : new Error(error),
        update: {
          status: dead ? ('DEAD' as const) : ('RETRYING' as const),
          attempts,
          lastError: error.slice(0, 900),
          deadReason: dead ? `gave up after ${attempts} attempts: ${error}`.slice(0, 1000) : null,
          nextAttemptAt: dead ? null : new Date(now.getTime() + this.backoffMs(attempts)),
          deliveredAt: null,
        },
      };
    });
    try {
      await this.record(results.map((r) => ({ id: r.msg.id, ...r.update })), now);
      await this.releaseBuffered(chunk[0].msg.targetCity, [...new Set(chunk.map((c) => c.msg.streamKey))], now);
    } catch (e) {
      // The outcome could not be written: the jobs retry, and a message the target has will come back DUPLICATE.
      results.forEach((r) => r.waiting.reject(e as Error));
      return;
    }
    for (const r of results) {
      if (r.outcome === 'DEAD') this.logger.warn(`message ${r.msg.id} to ${r.msg.targetCity} is dead: ${r.update.deadReason}`);
      if (r.outcome instanceof Error) r.waiting.reject(r.outcome);
      else r.waiting.resolve(r.outcome);
    }
  }

  /** Writes many send outcomes in one statement; a row that was re-driven or delivered meanwhile is left alone. */
  private async record(updates: OutboxUpdate[], now: Date): Promise<void> {
    await this.db.query(
      `UPDATE outbox_message m
          SET status = v.status, attempts = v.attempts, last_error = v.last_error, dead_reason = v.dead_reason,
              next_attempt_at = v.next_attempt_at, delivered_at = v.delivered_at, updated_at = $8
         FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::varchar[], $5::varchar[], $6::timestamptz[], $7::timestamptz[])
              AS v(id, status, attempts, last_error, dead_reason, next_attempt_at, delivered_at)
        WHERE m.id = v.id AND m.status IN ('QUEUED', 'RETRYING')`,
      [
        updates.map((u) => u.id),
        updates.map((u) => u.status),
        updates.map((u) => u.attempts),
        updates.map((u) => u.lastError),
        updates.map((u) => u.deadReason),
        updates.map((u) => u.nextAttemptAt),
        updates.map((u) => u.deliveredAt),
        now,
      ],
    );
  }

  /**
   * Buffered messages whose gap has closed: every earlier message of the stream is at the target (delivered, buffered,
   * or refused there — the target moves past a refused one), so the target has applied them too.
   */
  private async releaseBuffered(target: string, streams: string[], now: Date): Promise<void> {
    await this.db.query(
      `UPDATE outbox_message b SET status = 'DELIVERED', last_error = NULL, updated_at = $3
        WHERE b.status = 'BUFFERED' AND b.target_city = $1 AND b.stream_key = ANY($2::varchar[])
          AND NOT EXISTS (
            SELECT 1 FROM outbox_message p
             WHERE p.target_city = b.target_city AND p.stream_key = b.stream_key AND p.stream_seq < b.stream_seq
               AND p.status NOT IN ('DELIVERED', 'BUFFERED')
               AND NOT (p.status = 'DEAD' AND p.dead_reason LIKE 'rejected by %'))`,
      [target, streams, now],
    );
    // Those still held say what they wait for now: the target's reason named the gap as it stood when the message
    // arrived, and a call running beside it may since have delivered that predecessor.
    await this.db.query(
      `UPDATE outbox_message b SET last_error = 'held by ' || b.target_city || ': waiting for message ' || w.seq || ' of this stream', updated_at = $3
         FROM (SELECT h.id, (SELECT min(p.stream_seq) FROM outbox_message p
                              WHERE p.target_city = h.target_city AND p.stream_key = h.stream_key AND p.stream_seq < h.stream_seq
                                AND p.status NOT IN ('DELIVERED', 'BUFFERED')
                                AND NOT (p.status = 'DEAD' AND p.dead_reason LIKE 'rejected by %')) AS seq
                 FROM outbox_message h WHERE h.status = 'BUFFERED' AND h.target_city = $1 AND h.stream_key = ANY($2::varchar[])) w
        WHERE b.id = w.id AND w.seq IS NOT NULL
          AND b.last_error IS DISTINCT FROM 'held by ' || b.target_city || ': waiting for message ' || w.seq || ' of this stream'`,
      [target, streams, now],
    );
  }

  private sweeping = false;
  /** Where the next sweep goes on: each sweep looks at the next SWEEP_PAGE candidates, so none is starved. */
  private sweepAfter = '';

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
      .andWhere('m.id > :after', { after: this.sweepAfter })
      .orderBy('m.id')
      .take(SWEEP_PAGE)
      .getMany();
    // A full page: the next sweep continues after it; a short one: the next sweep starts from the oldest again.
    this.sweepAfter = stuck.length === SWEEP_PAGE ? stuck[stuck.length - 1].id : '';
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
    await this.jobs.add(
      SEND_MESSAGE_JOB,
      { city: this.config.city, messageId },
      {
        jobId: sendJobId(messageId),
        attempts: this.config.deliveryMaxAttempts,
        backoff: { type: 'exponential', delay: this.config.deliveryBackoffMs },
        // The outbox row is the record of what happened; a finished job is not kept. Keeping the last 1,000 cost a
        // retention query over them at every completion, on the PostgreSQL backend more than the job itself.
        removeOnComplete: true,
        removeOnFail: 5000,
      },
    );
  }

  private backoffMs(attempt: number): number {
    return this.config.deliveryBackoffMs * 2 ** (attempt - 1);
  }

  /** POSTs the signed envelopes to the target node's subgraph in one call. */
  private async post(msgs: OutboxMessageEntity[]): Promise<DeliveryReceipt[]> {
    const target = msgs[0].targetCity;
    const envelopes: Envelope[] = msgs.map((msg) => ({
      id: msg.id,
      source: this.config.city,
      target: msg.targetCity,
      kind: msg.kind,
      streamKey: msg.streamKey,
      streamSeq: msg.streamSeq,
      createdAt: msg.createdAt.toISOString(),
      payload: msg.payload,
    }));
    const { status, body } = await postToPeer<Record<string, { deliverMessages?: DeliveryReceipt[] } | null>>({
      city: target,
      url: this.config.cityUrls[target],
      nodeToken: this.nodeAuth.tokenFor(target, 30, batchHash(envelopes)),
      query: `mutation Deliver($e: [DeliveryEnvelopeInput!]!) { ${target} { deliverMessages(envelopes: $e) { messageId status detail } } }`,
      variables: { e: envelopes },
      timeoutMs: this.config.deliveryTimeoutMs,
    });
    const receipts = body?.data?.[target]?.deliverMessages;
    if (status < 200 || status > 299 || !receipts) {
      throw new Error(`${target} answered HTTP ${status}: ${body?.errors?.map((e) => e.message).join('; ') ?? 'no receipt'}`);
    }
    return receipts;
  }
}

type SendOutcome = 'DELIVERED' | 'DEAD' | 'SKIPPED';

interface WaitingSend {
  messageId: string;
  attempt: number;
  resolve(outcome: SendOutcome): void;
  reject(error: Error): void;
}

interface Sending {
  msg: OutboxMessageEntity;
  waiting: WaitingSend;
}

interface OutboxUpdate {
  id: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  deadReason: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/** How long the first waiting job waits for others to share its row read (a bound on the added latency). */
const BATCH_WINDOW_MS = 2;

/** Outbox rows one sweep looks at (the sweeper pages through the rest on its next runs). */
export const SWEEP_PAGE = 200;

/** Delivery calls under way to one target at a time (the receiver's transactions for this sender run side by side). */
const CALLS_PER_TARGET = 4;

/** Splits one target's messages into calls within the envelope and payload limits. */
function chunkBatch<T extends { msg: OutboxMessageEntity }>(items: T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(item.msg.payload);
    if (current.length && (current.length >= MAX_BATCH_ENVELOPES || bytes + size > MAX_BATCH_PAYLOAD_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
