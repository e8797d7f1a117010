import { z } from 'zod';
import { ISO_INSTANT } from '@ypf/audit';
import { citySchema } from '../../core/input-schemas.js';

/** A signed head as another node sends it: the exact shapes that can have been signed, nothing else. */
export const signedHeadSchema = z
  .object({
    city: citySchema,
    seq: z.number().int().min(1, 'is at least 1 (the first entry of a chain)'),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (an entry hash)'),
    entries: z.number().int().min(1, 'is at least 1'),
    signedAt: z
      .string()
      .regex(ISO_INSTANT, 'must be an ISO-8601 UTC instant with milliseconds, e.g. 2026-12-01T08:00:00.000Z')
      .refine((v) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v, 'is not a valid instant'),
    signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'must be an ES256 signature: 64 bytes (r || s) as base64url without padding'),
  })
  .strict();

export const equivocationFilterSchema = z.object({ city: citySchema.nullish() }).strict();
