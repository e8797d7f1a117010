import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Envelope } from '@ypf/delivery';
import { PermanentDeliveryError } from './delivery.exception.js';
import { PEER_MESSAGE_RULES, type PeerMessageRule } from './peer-senders.js';

export interface DeliveryHooks {
  /** Work to do once the inbox transaction has committed (enqueue jobs, dispatch outbox messages). */
  afterCommit(fn: () => Promise<void>): void;
  /**
   * False in the fast pass (the whole batch in one transaction; any throw sends it to the careful pass), true in the
   * careful pass (this message alone inside a savepoint). A handler may take a shortcut that only the common case
   * passes in the fast pass, and handle the rare case when isolated.
   */
  readonly isolated: boolean;
}

/** Applies one received message inside the inbox transaction. Throw PermanentDeliveryError to reject it for good. */
export type DeliveryHandler = (em: EntityManager, envelope: Envelope, payload: Record<string, unknown>, hooks: DeliveryHooks) => Promise<void>;

/** A received message as a batch handler gets it: the envelope and its parsed payload. */
export interface ReceivedMessage {
  envelope: Envelope;
  payload: Record<string, unknown>;
}

/**
 * Applies several received messages of one kind together, in the fast pass only (`hooks.isolated` is false): each
 * message's effect must be exactly what the kind's `DeliveryHandler` does with it alone. Any throw sends the batch to
 * the careful pass, where each message is applied by that handler inside its own savepoint. The messages are each the
 * first of their stream in the batch, and run after the batch's other first-of-stream messages: only the order within
 * a stream is kept, so a kind whose effects depend on another stream's must not have a batch handler.
 */
export type DeliveryBatchHandler = (em: EntityManager, messages: readonly ReceivedMessage[], hooks: DeliveryHooks) => Promise<void>;

/** Message kind -> handler; capability modules register theirs at start. */
@Injectable()
export class DeliveryHandlers {
  private readonly handlers = new Map<string, DeliveryHandler>();
  private readonly batchHandlers = new Map<string, DeliveryBatchHandler>();
  private readonly rules = new Map<string, PeerMessageRule>();

  /**
   * `batch`: an optional way to apply many messages of the kind in a few statements (see DeliveryBatchHandler).
   * `ruleOutsideTable`: who may send a kind that is not one of the platform's (a test's own kind); every kind of the
   * platform takes its rule from PEER_MESSAGE_RULES, and may not bring its own.
   */
  register(kind: string, handler: DeliveryHandler, batch?: DeliveryBatchHandler, ruleOutsideTable?: PeerMessageRule): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for ${kind} is already registered`);
    // Deny by default: a kind nobody declared a sender for cannot be received (peer-senders.ts).
    const rule = PEER_MESSAGE_RULES[kind] ?? ruleOutsideTable;
    if (!rule) throw new Error(`message kind ${kind} has no sender rule in PEER_MESSAGE_RULES`);
    if (PEER_MESSAGE_RULES[kind] && ruleOutsideTable) throw new Error(`message kind ${kind} takes its sender rule from PEER_MESSAGE_RULES`);
    this.handlers.set(kind, handler);
    this.rules.set(kind, rule);
    if (batch) this.batchHandlers.set(kind, batch);
  }

  /** Who may send the kind (PEER_MESSAGE_RULES). */
  ruleOf(kind: string): PeerMessageRule | undefined {
    return this.rules.get(kind);
  }

  get(kind: string): DeliveryHandler | undefined {
    return this.handlers.get(kind);
  }

  getBatch(kind: string): DeliveryBatchHandler | undefined {
    return this.batchHandlers.get(kind);
  }

  /** Every kind this node receives. */
  kinds(): string[] {
    return [...this.handlers.keys()];
  }
}

/** Parses a peer's payload; anything malformed is a permanent rejection (retrying cannot fix it). */
export function parsePeerPayload<T>(schema: z.ZodType<T>, payload: unknown, kind: string): T {
  const r = schema.safeParse(payload);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new PermanentDeliveryError(`malformed ${kind} payload: ${i.path.join('.')}: ${i.message}`);
  }
  return r.data;
}
