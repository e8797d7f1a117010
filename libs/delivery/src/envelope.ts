import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CITY_CODES } from '@ypf/region';

/** What travels between nodes. Signed by the node token, whose `ph` claim is the hash of this exact envelope. */
export interface Envelope {
  id: string;
  source: string;
  target: string;
  kind: string;
  streamKey: string;
  streamSeq: number;
  createdAt: string;
  /** Canonical JSON. */
  payload: string;
}

const city = z.enum(CITY_CODES as [string, ...string[]]);

export const envelopeSchema = z
  .object({
    id: z.string().regex(/^[0-9A-Z]{26}$/, 'must be a ULID'),
    source: city,
    target: city,
    kind: z.string().regex(/^[a-z][a-z0-9_.-]{2,63}$/, 'must be a message kind such as assistance.transition'),
    streamKey: z.string().min(1).max(120),
    streamSeq: z.number().int().min(1).max(2_147_483_647),
    createdAt: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 timestamp'),
    payload: z.string().max(256 * 1024, 'must be at most 256 KiB').refine((v) => {
      try {
        return typeof JSON.parse(v) === 'object';
      } catch {
        return false;
      }
    }, 'must be a JSON object'),
  })
  .strict();

export function envelopeHash(e: Envelope): string {
  return createHash('sha256')
    .update(JSON.stringify([e.id, e.source, e.target, e.kind, e.streamKey, e.streamSeq, e.createdAt, e.payload]))
    .digest('hex');
}

/** The `ph` claim of a node token for a batch of envelopes: the hash of their hashes, in order. */
export function batchHash(envelopes: readonly Envelope[]): string {
  return createHash('sha256').update(JSON.stringify(envelopes.map(envelopeHash))).digest('hex');
}

/** Most envelopes one delivery call carries, and most payload bytes (the receiver's body limit is above this). */
export const MAX_BATCH_ENVELOPES = 100;
export const MAX_BATCH_PAYLOAD_BYTES = 2 * 1024 * 1024;

/**
 * The receiver's answer for one envelope. APPLIED, BUFFERED (kept until its predecessors arrive) and DUPLICATE end the
 * sender's work; REJECTED makes the message dead with the receiver's reason; RETRY asks the sender to try again later.
 */
export interface DeliveryReceipt {
  messageId: string;
  status: 'APPLIED' | 'BUFFERED' | 'DUPLICATE' | 'REJECTED' | 'RETRY';
  detail: string | null;
}
