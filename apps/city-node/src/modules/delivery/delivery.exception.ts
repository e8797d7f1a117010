import { DomainError } from '@ypf/common';
import { MAX_BATCH_ENVELOPES } from '@ypf/delivery';

export enum DeliveryErrorCode {
  MESSAGE_NOT_FOUND = 'MESSAGE_NOT_FOUND',
  NOT_DEAD = 'MESSAGE_NOT_DEAD',
  ENVELOPE_MISMATCH = 'ENVELOPE_MISMATCH',
  BATCH_TOO_LARGE = 'BATCH_TOO_LARGE',
}

export class DeliveryException extends DomainError {
  static notFound(id: string) {
    return new DeliveryException(DeliveryErrorCode.MESSAGE_NOT_FOUND, `No outbox message ${id} at this node.`);
  }
  static notDead(id: string, status: string) {
    return new DeliveryException(DeliveryErrorCode.NOT_DEAD, `Message ${id} is ${status}; only DEAD messages are re-driven (the others are still being delivered).`);
  }
  static batchTooLarge(n: number) {
    return new DeliveryException(DeliveryErrorCode.BATCH_TOO_LARGE, `A delivery call carries at most ${MAX_BATCH_ENVELOPES} envelopes; this one had ${n}. Send them in several calls.`);
  }
  static mismatch(what: string) {
    return new DeliveryException(DeliveryErrorCode.ENVELOPE_MISMATCH, `Envelope refused: ${what}.`);
  }
}

/**
 * Thrown by a message handler when the message can never be applied (e.g. the local policy refuses it): the message is
 * recorded as REJECTED, the sender marks it DEAD with this reason instead of retrying.
 */
export class PermanentDeliveryError extends Error {}
