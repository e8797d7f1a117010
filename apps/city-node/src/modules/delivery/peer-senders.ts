import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Envelope } from '@ypf/delivery';
import { ANSWER_TRANSITIONS } from '../assistance/assistance-lifecycle.js';
import { PermanentDeliveryError } from './delivery.exception.js';

/** What a peer message is about, as the receiving node keeps it. */
export type PeerEntityKind = 'assistance_request' | 'watch_entry' | 'watch_hit' | 'joint_operation' | 'operation_task' | 'oversight_report' | 'officer';

/**
 * A city's part in an entity, as the receiving node knows it from its own records (never from the message):
 * `requester`/`target` of an assistance request, `lead`/`participant` of a watch entry or joint operation, the city a
 * watch lead was `offered` to, the city a task is `assigned` to, the `raiser` of an oversight alert or usage report
 * (the city its id names), and `any` other city.
 */
export type PeerParty = 'requester' | 'target' | 'lead' | 'participant' | 'offered' | 'assigned' | 'raiser' | 'any';

/** The cities in each part, from the receiver's records; a part it has no record of is absent. */
export type PeerParties = Partial<Record<PeerParty, readonly string[]>>;

/**
 * What the receiving node knows of one entity: its parties. `null`: nothing at all (then only a message that creates
 * the entity can be taken, from the party its id names, see `idCity`).
 */
export type PeerPartiesResolver = (em: EntityManager, id: string) => Promise<PeerParties | null>;

export interface PeerMessageRule {
  about: PeerEntityKind;
  /** The entity's id in the payload. */
  id(payload: Record<string, unknown>): unknown;
  /** The parties one of which the sender must be. */
  from(payload: Record<string, unknown>): readonly PeerParty[];
  /** A city the payload names that the sender must also be (the answering target, the encountering city). */
  sender?(payload: Record<string, unknown>): unknown;
  /** Who sends it, in words (errors, documentation). */
  says: string;
}

const field = (name: string) => (p: Record<string, unknown>) => p[name];
const targetSide = (p: Record<string, unknown>) => (ANSWER_TRANSITIONS as Record<string, { side: string } | undefined>)[String(p.action)]?.side === 'target';

/**
 * Who may send each peer message kind, about which entity: one table, checked for every received message before its
 * handler runs (`PeerSenderCheck`). The parties are what the receiving node knows of the entity (its own rows, its copy
 * of other cities' watch feeds), never what the message claims; a node that signs with its own real key but is not the
 * requester, target, lead or participant the table names is refused, and nothing is applied. A kind without a rule
 * cannot be registered.
 */
export const PEER_MESSAGE_RULES: Readonly<Record<string, PeerMessageRule>> = {
  'assistance.submitted': { about: 'assistance_request', id: (p) => (p.request as Record<string, unknown> | undefined)?.id, from: () => ['requester'], says: 'the requesting city' },
  'assistance.transition': {
    about: 'assistance_request',
    id: field('requestId'),
    from: (p) => (targetSide(p) ? ['target'] : ['requester']),
    sender: (p) => (targetSide(p) ? p.target : undefined),
    says: "the target answering for itself (acknowledge … fulfil), or the requester (close, cancel)",
  },
  'assistance.message': { about: 'assistance_request', id: field('requestId'), from: () => ['requester', 'target'], says: 'the requester, or a target of the request' },
  'assistance.escalated': { about: 'assistance_request', id: field('requestId'), from: () => ['target'], sender: field('target'), says: 'a target reporting its own missed deadline' },
  'watch.transfer.offer': { about: 'watch_entry', id: (p) => (p.entry as Record<string, unknown> | undefined)?.id, from: () => ['lead'], says: "the entry's current lead city" },
  'watch.transfer.answer': { about: 'watch_entry', id: field('entryId'), from: () => ['offered'], says: 'the city the lead was offered to' },
  'watch.ended': { about: 'watch_entry', id: field('entryId'), from: () => ['lead'], says: "the entry's lead city" },
  'watch.hit': { about: 'watch_entry', id: field('entryId'), from: () => ['any'], sender: field('encounteringCity'), says: 'the city that encountered the person' },
  'watch.hit.forwarded': { about: 'watch_entry', id: field('entryId'), from: () => ['lead'], says: "the entry's lead city" },
  'watch.hit.ack': { about: 'watch_hit', id: field('hitId'), from: () => ['lead'], says: 'the lead city the hit was filed with' },
  'watch.match': {
    about: 'watch_entry',
    id: field('entryId'),
    from: () => ['any'],
    sender: (p) => (typeof p.checkedBy === 'string' ? p.checkedBy.split(':')[0] : null),
    says: 'the city whose officer matched the entry',
  },
  'operation.snapshot': { about: 'joint_operation', id: field('id'), from: () => ['lead'], says: "the operation's lead city" },
  'operation.sitrep': { about: 'joint_operation', id: field('operationId'), from: () => ['lead'], says: "the operation's lead city" },
  'operation.invitation.answer': { about: 'joint_operation', id: field('operationId'), from: () => ['participant'], says: 'an invited city, for itself' },
  'operation.task.update': { about: 'operation_task', id: field('taskId'), from: () => ['assigned'], says: "the task's own city" },
  'oversight.alert': { about: 'oversight_report', id: field('alertId'), from: () => ['raiser'], says: 'the city that raised the alert' },
  // The officer's id names its city; no node keeps records of another city's officers, so only that city may send it.
  'officer.revoked': { about: 'officer', id: field('sub'), from: () => ['requester'], says: "the officer's own city" },
  'oversight.usage': { about: 'oversight_report', id: field('reportId'), from: () => ['raiser'], says: 'the data-owning city whose audit log it summarises' },
};

/** The city an id names (`taizhou:01J…`): who created the entity, and so its first requester or lead. */
export function idCity(id: string): string | undefined {
  const m = /^([a-z]+):/.exec(id);
  return m?.[1];
}

/** The receiving node's knowledge of each entity kind, registered by the capability that keeps it. */
@Injectable()
export class PeerParticipation {
  private readonly resolvers = new Map<PeerEntityKind, PeerPartiesResolver>();

  register(kind: PeerEntityKind, resolver: PeerPartiesResolver): void {
    if (this.resolvers.has(kind)) throw new Error(`the parties of ${kind} are already resolved elsewhere`);
    this.resolvers.set(kind, resolver);
  }

  /**
   * Refuses (PermanentDeliveryError, so the message is REJECTED and audited as refused) a message whose sender is not
   * a party the table allows for its kind, about the entity as this node knows it.
   */
  async authorize(em: EntityManager, envelope: Envelope, payload: Record<string, unknown>, selfCity: string, rule: PeerMessageRule | undefined): Promise<void> {
    if (!rule) throw new PermanentDeliveryError(`no sender rule for message kind ${envelope.kind} at ${selfCity}`);
    const id = rule.id(payload);
    if (typeof id !== 'string' || id.length === 0 || id.length > 120) throw new PermanentDeliveryError(`malformed ${envelope.kind} payload: it names no ${rule.about}`);
    const resolve = this.resolvers.get(rule.about);
    if (!resolve) throw new PermanentDeliveryError(`${selfCity} keeps no ${rule.about} records`);
    const known = await resolve(em, id);
    // Nothing known here: only the city the id names can create it (a new request, a new operation, an entry offered).
    const parties: PeerParties = known ?? { requester: [idCity(id) ?? ''], lead: [idCity(id) ?? ''] };
    const allowed = new Set(rule.from(payload).flatMap((party) => (party === 'any' ? [envelope.source] : (parties[party] ?? []))));
    allowed.delete(selfCity);
    const named = rule.sender?.(payload);
    if (!allowed.has(envelope.source) || (named !== undefined && named !== envelope.source)) {
      throw new PermanentDeliveryError(`${envelope.source} may not send ${envelope.kind} about ${id}: only ${rule.says} may, as ${selfCity} knows it`);
    }
  }

  kinds(): PeerEntityKind[] {
    return [...this.resolvers.keys()];
  }
}
