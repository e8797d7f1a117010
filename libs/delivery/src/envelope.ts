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
    streamSeq: z.number().int().min(1),
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
