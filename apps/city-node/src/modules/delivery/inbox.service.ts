import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@ypf/audit';
import { Clock } from '@ypf/common';
import { type Envelope, envelopeHash, envelopeSchema, InboxMessageEntity } from '@ypf/delivery';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { type NodeContext, nodeActor } from '../../auth/request-context.js';
import { DeliveryHandlers } from './delivery-handlers.js';
import { DeliveryException, PermanentDeliveryError } from './delivery.exception.js';
import type { DeliveryReceipt } from './outbox.service.js';

/**
 * The receiving side: each message is stored in the inbox (its id is the key, so a second delivery is harmless) in
 * the same transaction as its effect, and the messages of one stream are applied in order: an early arrival is kept
 * until its predecessors have been applied.
 */
@Injectable()
export class InboxService {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly db: DataSource,
    private readonly handlers: DeliveryHandlers,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async receive(ctx: NodeContext, raw: unknown): Promise<DeliveryReceipt> {
    const parsed = envelopeSchema.safeParse(raw);
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : 'unknown';
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { messageId: id, status: 'REJECTED', detail: `envelope.${issue.path.join('.')}: ${issue.message}` };
    }
    const envelope: Envelope = parsed.data;
    if (envelope.source !== ctx.node.city) throw DeliveryException.mismatch(`it claims to come from ${envelope.source} but the node token is ${ctx.node.city}'s`);
    if (envelope.target !== this.config.city) throw DeliveryException.mismatch(`it is addressed to ${envelope.target}, this is ${this.config.city}`);
    if (ctx.node.payloadHash !== envelopeHash(envelope)) throw DeliveryException.mismatch('the node token was not issued for this envelope');

    const afterCommit: (() => Promise<void>)[] = [];
    const receipt = await this.db.transaction(async (em) => {
      const inserted: unknown[] = await em.query(
        `INSERT INTO inbox_message (source_city, id, kind, stream_key, stream_seq, payload, state, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'BUFFERED', $7) ON CONFLICT DO NOTHING RETURNING id`,
        [envelope.source, envelope.id, envelope.kind, envelope.streamKey, envelope.streamSeq, envelope.payload, this.clock.now()],
      );
      if (inserted.length === 0) {
        const existing = await em.getRepository(InboxMessageEntity).findOneByOrFail({ sourceCity: envelope.source, id: envelope.id });
        return { messageId: envelope.id, status: existing.state === 'REJECTED' ? 'REJECTED' : 'DUPLICATE', detail: existing.detail } satisfies DeliveryReceipt;
      }
      await em.query(
        'INSERT INTO inbox_stream (source_city, stream_key, last_applied_seq) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING',
        [envelope.source, envelope.streamKey],
      );
      const [{ last_applied_seq: last }] = await em.query(
        'SELECT last_applied_seq FROM inbox_stream WHERE source_city = $1 AND stream_key = $2 FOR UPDATE',
        [envelope.source, envelope.streamKey],
      );
      if (envelope.streamSeq <= last) {
        await this.mark(em, envelope, 'REJECTED', `stream ${envelope.streamKey} is already at ${last}`);
        return { messageId: envelope.id, status: 'REJECTED', detail: `out of date: stream already at ${last}` } satisfies DeliveryReceipt;
      }
      if (envelope.streamSeq > last + 1) {
        return { messageId: envelope.id, status: 'BUFFERED', detail: `waiting for message ${last + 1} of this stream` } satisfies DeliveryReceipt;
      }
      const result = await this.applyInOrder(em, ctx, envelope.source, envelope.streamKey, last, afterCommit);
      const own = result.get(envelope.id);
      return { messageId: envelope.id, status: own?.rejected ? 'REJECTED' : 'APPLIED', detail: own?.detail ?? null } satisfies DeliveryReceipt;
    });
    for (const fn of afterCommit) {
      await fn().catch((e: unknown) => this.logger.warn(`after-commit work failed (sweepers will catch up): ${(e as Error).message}`));
    }
    return receipt;
  }

  /** Applies the next messages of a stream for as long as they are here, each within a savepoint. */
  private async applyInOrder(em: EntityManager, ctx: NodeContext, source: string, streamKey: string, last: number, afterCommit: (() => Promise<void>)[]) {
    const outcome = new Map<string, { rejected: boolean; detail: string | null }>();
    let seq = last;
    for (;;) {
      const next = await em.getRepository(InboxMessageEntity).findOne({ where: { sourceCity: source, streamKey, streamSeq: seq + 1, state: 'BUFFERED' } });
      if (!next) break;
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
      if (handler) {
        await em.query('SAVEPOINT apply_message');
        try {
          const pending: (() => Promise<void>)[] = [];
          await handler(em, envelope, JSON.parse(next.payload) as Record<string, unknown>, { afterCommit: (fn) => pending.push(fn) });
          afterCommit.push(...pending);
          await em.query('RELEASE SAVEPOINT apply_message');
        } catch (e) {
          await em.query('ROLLBACK TO SAVEPOINT apply_message');
          // Data the database refuses (SQLSTATE classes 22 and 23) will be refused on every retry too: reject it.
          const sqlState = (e as { code?: unknown }).code;
          const permanent = e instanceof PermanentDeliveryError || (typeof sqlState === 'string' && /^2[23]/.test(sqlState));
          if (!permanent) throw e;
          rejected = (e as Error).message.slice(0, 900);
        }
      }
      await this.mark(em, envelope, rejected ? 'REJECTED' : 'APPLIED', rejected);
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
    await em.query('UPDATE inbox_stream SET last_applied_seq = $3 WHERE source_city = $1 AND stream_key = $2', [source, streamKey, seq]);
    return outcome;
  }

  private async mark(em: EntityManager, envelope: Envelope, state: 'APPLIED' | 'REJECTED', detail: string | null): Promise<void> {
    await em.getRepository(InboxMessageEntity).update(
      { sourceCity: envelope.source, id: envelope.id },
      { state, detail, appliedAt: state === 'APPLIED' ? this.clock.now() : null },
    );
  }
}
