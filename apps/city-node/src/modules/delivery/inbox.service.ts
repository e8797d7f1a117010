import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, type DeferredAudit } from '@ypf/audit';
import { Clock, queryPrepared, Semaphore } from '@ypf/common';
import { batchHash, type DeliveryReceipt, type Envelope, envelopeHash, envelopeSchema, InboxMessageEntity, MAX_BATCH_ENVELOPES } from '@ypf/delivery';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { type NodeContext, nodeActor } from '../../auth/request-context.js';
import { DeliveryHandlers } from './delivery-handlers.js';
import { DeliveryException, PermanentDeliveryError } from './delivery.exception.js';
import { PeerParticipation } from './peer-senders.js';

/**
 * The receiving side: each message is stored in the inbox (its id is the key, so a second delivery is harmless) in
 * the same transaction as its effect, and the messages of one stream are applied in order: an early arrival is kept
 * until its predecessors have been applied.
 */
/** How long a received message waits for a row an officer's transaction holds before it is answered RETRY. */
const ROW_LOCK_WAIT_MS = 200;

/** What one envelope's processing adds to its batch: audit records (held until the end) and after-commit work. */
interface BatchScope {
  audit: DeferredAudit;
  afterCommit: (() => Promise<void>)[];
  /** Each envelope and each handler inside its own savepoint (the careful pass); false: the whole batch or nothing. */
  isolate: boolean;
  /**
   * The fast pass's stream positions, written in one statement at the end of the batch (keyed source, stream): a
   * later message of the same stream in the batch reads its predecessor's position here.
   */
  advanced: Map<string, { source: string; streamKey: string; seq: number }>;
}

const streamKeyOf = (source: string, streamKey: string) => `${source}\u0000${streamKey}`;

/**
 * The stream and inbox statement of `receiveOne` (see there). Prepared: PostgreSQL spent twice as long planning it as
 * running it.
 */
const RECEIVE_SQL = `WITH s AS (
    INSERT INTO inbox_stream AS t (source_city, stream_key, last_applied_seq, max_buffered_seq)
    VALUES ($1, $4, 0, CASE WHEN $5::int > $8::int + 1 THEN $5::int ELSE 0 END)
    ON CONFLICT (source_city, stream_key) DO UPDATE SET max_buffered_seq =
      CASE WHEN $5::int > GREATEST(t.last_applied_seq, $8::int) + 1 THEN GREATEST(t.max_buffered_seq, $5::int) ELSE t.max_buffered_seq END
    RETURNING GREATEST(last_applied_seq, $8::int) AS last,
      max_buffered_seq > $5::int
        OR EXISTS (SELECT 1 FROM inbox_message WHERE source_city = $1 AND stream_key = $4 AND state = 'BUFFERED') AS has_buffered
  ), m AS (
    INSERT INTO inbox_message (source_city, id, kind, stream_key, stream_seq, payload, state, detail, received_at, applied_at)
    SELECT $1, $2, $3, $4, $5::int, $6,
           CASE WHEN $5::int <= s.last THEN 'REJECTED' WHEN $5::int > s.last + 1 THEN 'BUFFERED' ELSE 'APPLIED' END,
           CASE WHEN $5::int <= s.last THEN 'stream ' || $4::text || ' is already at ' || s.last END,
           $7::timestamptz, CASE WHEN $5::int = s.last + 1 THEN $7::timestamptz END
      FROM s
    ON CONFLICT DO NOTHING RETURNING state
  )
  SELECT s.last, s.has_buffered, m.state FROM s LEFT JOIN m ON true`;

/**
 * `RECEIVE_SQL` for many messages of distinct streams of one sender at once (the fast pass's common case): the same
 * decisions, row by row, in one round trip. Streams are locked in key order, as every batch locks them. A stream row
 * created here holds `max_buffered_seq` = the message's sequence only when it is held behind a gap (above 1); the
 * conflict branch reads the sequence back from there (EXCLUDED), where 0 means "not behind a gap" as the single
 * statement's CASE does.
 */
const RECEIVE_MANY_SQL = `WITH v AS (
    SELECT * FROM json_to_recordset($2::json) AS v(ord int, id varchar, kind varchar, stream_key varchar, seq int, payload text)
  ), s AS (
    INSERT INTO inbox_stream AS t (source_city, stream_key, last_applied_seq, max_buffered_seq)
    SELECT $1, v.stream_key, 0, CASE WHEN v.seq > 1 THEN v.seq ELSE 0 END FROM v ORDER BY v.stream_key
    ON CONFLICT (source_city, stream_key) DO UPDATE SET max_buffered_seq =
      CASE WHEN EXCLUDED.max_buffered_seq > t.last_applied_seq + 1 THEN GREATEST(t.max_buffered_seq, EXCLUDED.max_buffered_seq) ELSE t.max_buffered_seq END
    RETURNING t.stream_key, t.last_applied_seq AS last, t.max_buffered_seq
  ), m AS (
    INSERT INTO inbox_message (source_city, id, kind, stream_key, stream_seq, payload, state, detail, received_at, applied_at)
    SELECT $1, v.id, v.kind, v.stream_key, v.seq, v.payload,
           CASE WHEN v.seq <= s.last THEN 'REJECTED' WHEN v.seq > s.last + 1 THEN 'BUFFERED' ELSE 'APPLIED' END,
           CASE WHEN v.seq <= s.last THEN 'stream ' || v.stream_key || ' is already at ' || s.last END,
           $3::timestamptz, CASE WHEN v.seq = s.last + 1 THEN $3::timestamptz END
      FROM v JOIN s ON s.stream_key = v.stream_key ORDER BY v.ord
    ON CONFLICT DO NOTHING RETURNING id, state
  )
  SELECT v.ord, s.last,
         s.max_buffered_seq > v.seq
           OR EXISTS (SELECT 1 FROM inbox_message i WHERE i.source_city = $1 AND i.stream_key = v.stream_key AND i.state = 'BUFFERED') AS has_buffered,
         m.state
    FROM v JOIN s ON s.stream_key = v.stream_key LEFT JOIN m ON m.id = v.id
   ORDER BY v.ord`;

/** Where a received message stands after the stream and inbox statement (`state` null: its row was there already). */
interface Received {
  last: number;
  has_buffered: boolean;
  state: 'APPLIED' | 'BUFFERED' | 'REJECTED' | null;
}

/** The fast pass met an envelope that needs the careful pass: everything it did is rolled back. */
class NeedsIsolation extends Error {}

@Injectable()
export class InboxService {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly db: DataSource,
    private readonly handlers: DeliveryHandlers,
    private readonly senders: PeerParticipation,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    this.receiving = new Semaphore(Math.max(1, config.dbPoolSize - 1));
  }

  /**
   * Receiving transactions under way at once: one connection of the pool short, so an officer's request always finds
   * one. Calls from every peer (up to four each) wait here, in memory, rather than for the pool, whose wait times out.
   */
  private readonly receiving: Semaphore;

  /** One envelope (`deliverMessage`): the node token's `ph` claim is the envelope's hash. */
  async receive(ctx: NodeContext, raw: unknown): Promise<DeliveryReceipt> {
    const [receipt] = await this.receiveBatch(ctx, [raw], envelopeHash(raw as Envelope));
    return receipt;
  }

  /** A batch (`deliverMessages`): the node token's `ph` claim is the hash of the envelopes' hashes, in order. */
  receiveMany(ctx: NodeContext, raws: unknown[]): Promise<DeliveryReceipt[]> {
    if (raws.length === 0) return Promise.resolve([]);
    if (raws.length > MAX_BATCH_ENVELOPES) throw DeliveryException.batchTooLarge(raws.length);
    return this.receiveBatch(ctx, raws, batchHash(raws as Envelope[]));
  }

  /**
   * Stores and applies a batch in one transaction (one commit for many messages). When an envelope fails, the batch
   * is applied again with each envelope inside its own savepoint: one that fails for a passing reason (a row held by
   * a local writer, a lost connection to a peer-facing service) is rolled back alone and answered RETRY, the others
   * keep their effect. Row locks wait at most
   * briefly and the batch's audit records are written together at the end (the chain's lock is held only for that), so
   * batches run side by side and never deadlock with an officer's transaction.
   */
  private async receiveBatch(ctx: NodeContext, raws: unknown[], signedHash: string): Promise<DeliveryReceipt[]> {
    if (ctx.node.payloadHash !== signedHash) throw DeliveryException.mismatch('the node token was not issued for these envelopes');
    const receipts: DeliveryReceipt[] = new Array(raws.length);
    const valid: { index: number; envelope: Envelope }[] = [];
    raws.forEach((raw, index) => {
      const parsed = envelopeSchema.safeParse(raw);
      if (!parsed.success) {
        const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : 'unknown';
        const issue = parsed.error.issues[0];
        receipts[index] = { messageId: id, status: 'REJECTED', detail: `envelope.${issue.path.join('.')}: ${issue.message}` };
        return;
      }
      const envelope = parsed.data;
      if (envelope.source !== ctx.node.city) throw DeliveryException.mismatch(`it claims to come from ${envelope.source} but the node token is ${ctx.node.city}'s`);
      if (envelope.target !== this.config.city) throw DeliveryException.mismatch(`it is addressed to ${envelope.target}, this is ${this.config.city}`);
      valid.push({ index, envelope });
    });
    if (valid.length === 0) return receipts;
    // Stream by stream, in sequence order: a batch carrying messages 1 and 2 of a stream applies both.
    valid.sort((a, b) => (a.envelope.streamKey < b.envelope.streamKey ? -1 : a.envelope.streamKey > b.envelope.streamKey ? 1 : a.envelope.streamSeq - b.envelope.streamSeq));

    // The fast pass applies the whole batch without savepoints: a savepoint per envelope (and per handler) is four
    // more round trips each, and past 64 subtransactions PostgreSQL's snapshots overflow to pg_subtrans for every
    // session of the database while the batch is open. If anything in it fails, none of it stays, and the careful
    // pass below isolates each envelope so one failure costs only that envelope.
    return this.receiving.run(async () => {
      try {
        return await this.applyBatch(ctx, valid, [...receipts], false);
      } catch (e) {
        if (!(e instanceof NeedsIsolation)) throw e;
        this.logger.debug(`a batch from ${ctx.node.city} is applied envelope by envelope: ${e.message}`);
        return this.applyBatch(ctx, valid, receipts, true);
      }
    });
  }

  private async applyBatch(ctx: NodeContext, valid: { index: number; envelope: Envelope }[], receipts: DeliveryReceipt[], isolate: boolean): Promise<DeliveryReceipt[]> {
    const afterCommit: (() => Promise<void>)[] = [];
    const advanced = new Map<string, { source: string; streamKey: string; seq: number }>();
    await this.db.transaction(async (em) => {
      const audit = this.audit.defer(em);
      await em.query(`SET LOCAL lock_timeout = '${ROW_LOCK_WAIT_MS}ms'`);
      let oneByOne = valid;
      if (!isolate) {
        const { together, rest } = splitTogether(valid);
        oneByOne = rest;
        const pending: (() => Promise<void>)[] = [];
        try {
          if (together.length) await this.receiveTogether(em, ctx, together, receipts, { audit, afterCommit: pending, isolate, advanced });
        } catch (e) {
          throw new NeedsIsolation((e as Error).message);
        }
        afterCommit.push(...pending);
      }
      for (const { index, envelope } of oneByOne) {
        const pending: (() => Promise<void>)[] = [];
        if (!isolate) {
          try {
            receipts[index] = await this.receiveOne(em, ctx, envelope, { audit, afterCommit: pending, isolate, advanced });
          } catch (e) {
            throw new NeedsIsolation((e as Error).message);
          }
          afterCommit.push(...pending);
          continue;
        }
        const mark = audit.mark();
        await em.query('SAVEPOINT receive_envelope');
        try {
          receipts[index] = await this.receiveOne(em, ctx, envelope, { audit, afterCommit: pending, isolate, advanced });
          await em.query('RELEASE SAVEPOINT receive_envelope');
          afterCommit.push(...pending);
        } catch (e) {
          await em.query('ROLLBACK TO SAVEPOINT receive_envelope');
          audit.rewind(mark);
          const reason = (e as Error).message.slice(0, 900);
          this.logger.warn(`${envelope.kind} ${envelope.id} from ${envelope.source} will be retried by its sender: ${reason}`);
          receipts[index] = { messageId: envelope.id, status: 'RETRY', detail: reason };
        }
      }
      if (advanced.size) {
        const streams = [...advanced.values()];
        await em.query(
          `UPDATE inbox_stream s SET last_applied_seq = v.seq
             FROM unnest($1::text[], $2::text[], $3::int[]) AS v(source_city, stream_key, seq)
            WHERE s.source_city = v.source_city AND s.stream_key = v.stream_key`,
          [streams.map((a) => a.source), streams.map((a) => a.streamKey), streams.map((a) => a.seq)],
        );
      }
      // The chain's lock is taken once, for the whole batch's records, just before the commit (and waited for).
      await em.query('SET LOCAL lock_timeout = 0');
      await audit.flush();
    });
    // What the handlers wrote to the outbox went to the queue at the commit (the outbox's transaction seam); messages
    // of an envelope rolled back to its savepoint were written in vain and are skipped when their job runs.
    // Side by side, so that what they enqueue goes to the queue in bulk.
    await Promise.all(afterCommit.map((fn) => fn().catch((e: unknown) => this.logger.warn(`after-commit work failed (sweepers will catch up): ${(e as Error).message}`))));
    return receipts;
  }

  private async receiveOne(em: EntityManager, ctx: NodeContext, envelope: Envelope, batch: BatchScope): Promise<DeliveryReceipt> {
    const receivedAt = this.clock.now();
    // One round trip: the stream's row is created or locked first, where it stands decides the message's state, and
    // its inbox row is written once in that state. A duplicate delivery waits on the stream's lock for the first and
    // then meets its row (no state returned). A position this batch has reached but not yet written counts too ($8).
    // A message held behind a gap raises the stream's `max_buffered_seq`; read from the locked row it is current, so
    // `has_buffered` says whether successors of this message may be waiting. The inbox is asked too (same statement,
    // an index probe): it finds held messages written without the mark, by a process of an earlier version.
    const [row] = await queryPrepared<Received>(
      em,
      RECEIVE_SQL,
      [
        envelope.source,
        envelope.id,
        envelope.kind,
        envelope.streamKey,
        envelope.streamSeq,
        envelope.payload,
        receivedAt,
        batch.advanced.get(streamKeyOf(envelope.source, envelope.streamKey))?.seq ?? 0,
      ],
    );
    return this.settle(em, ctx, envelope, batch, row, receivedAt);
  }

  /**
   * The fast pass's common case: messages of streams that each appear once in the batch. One statement stores them
   * all (`RECEIVE_MANY_SQL`); those next in their stream, with nothing held behind them, of a kind that has a batch
   * handler, are applied together, kind by kind; every other message goes on as `receiveOne` would.
   */
  private async receiveTogether(em: EntityManager, ctx: NodeContext, items: { index: number; envelope: Envelope }[], receipts: DeliveryReceipt[], batch: BatchScope): Promise<void> {
    const receivedAt = this.clock.now();
    // The messages as one JSON parameter: serialising it is native work, where an array parameter per column is
    // escaped element by element in JavaScript (payloads are JSON, full of quotes).
    const messages = JSON.stringify(items.map(({ envelope: e }, ord) => ({ ord, id: e.id, kind: e.kind, stream_key: e.streamKey, seq: e.streamSeq, payload: e.payload })));
    const rows = await queryPrepared<Received & { ord: number }>(em, RECEIVE_MANY_SQL, [ctx.node.city, messages, receivedAt]);
    const byKind = new Map<string, { index: number; envelope: Envelope }[]>();
    for (const row of rows) {
      const item = items[row.ord];
      if (row.state === 'APPLIED' && !row.has_buffered && this.handlers.getBatch(item.envelope.kind)) {
        byKind.set(item.envelope.kind, [...(byKind.get(item.envelope.kind) ?? []), item]);
      } else {
        receipts[item.index] = await this.settle(em, ctx, item.envelope, batch, row, receivedAt);
      }
    }
    for (const [kind, group] of byKind) {
      const messages = group.map(({ envelope }) => ({ envelope: { ...envelope, createdAt: receivedAt.toISOString() }, payload: JSON.parse(envelope.payload) as Record<string, unknown> }));
      // Who may send it is checked before anything is applied; a refusal sends the batch to the careful pass.
      for (const m of messages) await this.senders.authorize(em, m.envelope, m.payload, this.config.city, this.handlers.ruleOf(kind));
      await this.handlers.getBatch(kind)!(em, messages, { afterCommit: (fn) => batch.afterCommit.push(fn), isolated: false });
      for (const { index, envelope } of group) {
        receipts[index] = { messageId: envelope.id, status: 'APPLIED', detail: null };
        batch.advanced.set(streamKeyOf(envelope.source, envelope.streamKey), { source: envelope.source, streamKey: envelope.streamKey, seq: envelope.streamSeq });
      }
    }
  }

  /** What follows the stream and inbox statement for one message: its receipt, once applied or held. */
  private async settle(em: EntityManager, ctx: NodeContext, envelope: Envelope, batch: BatchScope, row: Received, receivedAt: Date): Promise<DeliveryReceipt> {
    const { last, has_buffered: hasBuffered, state } = row;
    if (state === null) {
      const existing = await em.getRepository(InboxMessageEntity).findOneByOrFail({ sourceCity: envelope.source, id: envelope.id });
      if (existing.state === 'BUFFERED' && existing.streamSeq === last + 1) {
        // Held although its predecessor has been applied (it was not released then): apply it now.
        return this.applyFrom(em, ctx, envelope, last, batch, existing, true, false);
      }
      // A repeat of a message still held behind a gap says so again, so the sender keeps showing the gap.
      if (existing.state === 'BUFFERED') return { messageId: envelope.id, status: 'BUFFERED', detail: `still waiting for an earlier message of stream ${envelope.streamKey}` };
      return { messageId: envelope.id, status: existing.state === 'REJECTED' ? 'REJECTED' : 'DUPLICATE', detail: existing.detail };
    }
    if (state === 'REJECTED') return { messageId: envelope.id, status: 'REJECTED', detail: `out of date: stream already at ${last}` };
    if (state === 'BUFFERED') return { messageId: envelope.id, status: 'BUFFERED', detail: `waiting for message ${last + 1} of this stream` };
    return this.applyFrom(em, ctx, envelope, last, batch, { ...envelope, receivedAt }, hasBuffered, true);
  }

  /** Applies `first` (this envelope's message) and the successors held behind it; this envelope's receipt. */
  private async applyFrom(
    em: EntityManager,
    ctx: NodeContext,
    envelope: Envelope,
    last: number,
    batch: BatchScope,
    first: Pick<InboxMessageEntity, 'id' | 'kind' | 'streamSeq' | 'payload' | 'receivedAt'>,
    hasBuffered: boolean,
    firstWritten: boolean,
  ): Promise<DeliveryReceipt> {
    const message = { id: first.id, kind: first.kind, streamSeq: first.streamSeq, payload: first.payload, receivedAt: first.receivedAt };
    const result = await this.applyInOrder(em, ctx, envelope.source, envelope.streamKey, last, batch, message, hasBuffered, firstWritten);
    const own = result.get(envelope.id);
    return { messageId: envelope.id, status: own?.rejected ? 'REJECTED' : 'APPLIED', detail: own?.detail ?? null };
  }

  /** Applies the next messages of a stream for as long as they are here, each within a savepoint. */
  private async applyInOrder(
    em: EntityManager,
    ctx: NodeContext,
    source: string,
    streamKey: string,
    last: number,
    batch: BatchScope,
    first: Pick<InboxMessageEntity, 'id' | 'kind' | 'streamSeq' | 'payload' | 'receivedAt'>,
    hasBuffered: boolean,
    /** Whether `first`'s row was written as applied already (otherwise it is marked like a released successor). */
    firstWritten: boolean,
  ) {
    const outcome = new Map<string, { rejected: boolean; detail: string | null }>();
    let seq = last;
    let next: typeof first | null = first;
    // The first message's row was written as applied (a rejection below rewrites it); a successor released from
    // the buffer is marked once applied. With nothing buffered on the stream, there is no successor to look for.
    for (; next; next = hasBuffered ? await this.buffered(em, source, streamKey, seq + 1) : null) {
      const envelope: Envelope = {
        id: next.id,
        source,
        target: this.config.city,
        kind: next.kind,
        streamKey,
        streamSeq: next.streamSeq,
        createdAt: next.receivedAt.toISOString(),
        payload: next.payload,
      };
      const handler = this.handlers.get(next.kind);
      let rejected: string | null = handler ? null : `no handler for message kind ${next.kind} at ${this.config.city}`;
      const payload = JSON.parse(next.payload) as Record<string, unknown>;
      if (handler && !batch.isolate) {
        // Fast pass: a failure, even a refusal of the sender or a rejection, sends the whole batch to the careful pass.
        await this.senders.authorize(em, envelope, payload, this.config.city, this.handlers.ruleOf(next.kind));
        await handler(em, envelope, payload, { afterCommit: (fn) => batch.afterCommit.push(fn), isolated: false });
      } else if (handler) {
        const mark = batch.audit.mark();
        await em.query('SAVEPOINT apply_message');
        try {
          const pending: (() => Promise<void>)[] = [];
          // Who may send this kind about this entity, as this node knows it: checked before the handler runs.
          await this.senders.authorize(em, envelope, payload, this.config.city, this.handlers.ruleOf(next.kind));
          await handler(em, envelope, payload, { afterCommit: (fn) => pending.push(fn), isolated: true });
          batch.afterCommit.push(...pending);
          await em.query('RELEASE SAVEPOINT apply_message');
        } catch (e) {
          await em.query('ROLLBACK TO SAVEPOINT apply_message');
          batch.audit.rewind(mark);
          // Data the database refuses (SQLSTATE classes 22 and 23) will be refused on every retry too: reject it.
          const sqlState = (e as { code?: unknown }).code;
          const permanent = e instanceof PermanentDeliveryError || (typeof sqlState === 'string' && /^2[23]/.test(sqlState));
          if (!permanent) throw e;
          rejected = (e as Error).message.slice(0, 900);
        }
      }
      if (rejected || next !== first || !firstWritten) await this.mark(em, envelope, rejected ? 'REJECTED' : 'APPLIED', rejected);
      // An applied message is audited by its handler (what it did, e.g. assistance.received); a refused one here.
      if (rejected) {
        await this.audit.append(em, {
          actor: nodeActor(ctx),
          action: 'delivery.refused',
          resourceKind: 'inbox_message',
          resourceIds: [`${source}:${next.id}`],
          outcome: 'REFUSED',
          detail: { kind: next.kind, stream: streamKey, seq: next.streamSeq, reason: rejected },
        });
      }
      if (rejected) this.logger.warn(`rejected ${next.kind} ${next.id} from ${source}: ${rejected}`);
      outcome.set(next.id, { rejected: rejected !== null, detail: rejected });
      seq = next.streamSeq;
    }
    if (batch.isolate) {
      await em.query('UPDATE inbox_stream SET last_applied_seq = $3 WHERE source_city = $1 AND stream_key = $2', [source, streamKey, seq]);
    } else {
      batch.advanced.set(streamKeyOf(source, streamKey), { source, streamKey, seq });
    }
    return outcome;
  }

  /** The message waiting to be applied at `seq` of a stream, if it has arrived. */
  private async buffered(em: EntityManager, source: string, streamKey: string, seq: number) {
    const rows: { id: string; kind: string; stream_seq: number; payload: string; received_at: Date }[] = await em.query(
      `SELECT id, kind, stream_seq, payload, received_at FROM inbox_message
        WHERE source_city = $1 AND stream_key = $2 AND stream_seq = $3 AND state = 'BUFFERED' LIMIT 1`,
      [source, streamKey, seq],
    );
    return rows.length ? { id: rows[0].id, kind: rows[0].kind, streamSeq: rows[0].stream_seq, payload: rows[0].payload, receivedAt: new Date(rows[0].received_at) } : null;
  }

  private async mark(em: EntityManager, envelope: Envelope, state: 'APPLIED' | 'REJECTED', detail: string | null): Promise<void> {
    await em.query('UPDATE inbox_message SET state = $3, detail = $4, applied_at = $5 WHERE source_city = $1 AND id = $2', [
      envelope.source,
      envelope.id,
      state,
      detail,
      state === 'APPLIED' ? this.clock.now() : null,
    ]);
  }
}

/**
 * The envelopes the fast pass stores in one statement: the first of each stream in the batch (one statement cannot
 * update a stream's row twice), unless its id appears twice. The rest follow one by one, in stream order; a later
 * message of a stream finds its row locked by this transaction already, so no lock is taken out of key order.
 */
function splitTogether<T extends { envelope: Envelope }>(items: T[]): { together: T[]; rest: T[] } {
  const ids = new Map<string, number>();
  for (const { envelope } of items) ids.set(envelope.id, (ids.get(envelope.id) ?? 0) + 1);
  const seen = new Set<string>();
  const together: T[] = [];
  const rest: T[] = [];
  for (const item of items) {
    const stream = streamKeyOf(item.envelope.source, item.envelope.streamKey);
    if (!seen.has(stream) && ids.get(item.envelope.id) === 1) together.push(item);
    else rest.push(item);
    seen.add(stream);
  }
  return { together, rest };
}
