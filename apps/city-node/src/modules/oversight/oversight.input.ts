import { z } from 'zod';
import { citySchema, reasonSchema, timestampSchema } from '../../core/input-schemas.js';

export const alertFilterSchema = z
  .object({
    openOnly: z.boolean().nullish(),
    kind: z.enum(['VOLUME', 'PURPOSE_SPREAD']).nullish(),
    officerId: z.string().max(100).nullish(),
    limit: z.number().int().min(1).max(200, 'is at most 200').nullish(),
  })
  .strict();

/** What the auditor found and did (kept with the alert and in the audit log). */
export const acknowledgementNoteSchema = reasonSchema;

const officerIdSchema = z.string().regex(/^[a-z]+:[^\s]{1,90}$/, 'must be an officer id like wuxi:wx-1234');
const purposeSchema = z.string().min(1).max(128);
const countSchema = z.number().int().min(0).max(100_000_000);

/** An alert as the raiser sends it to the other city concerned (oversight.alert). */
export const alertPayloadSchema = z
  .object({
    alertId: z.string().regex(/^[a-z]+:[0-9A-Z]{26}$/, 'must be a city-scoped id'),
    raisedBy: citySchema,
    kind: z.enum(['VOLUME', 'PURPOSE_SPREAD']),
    metric: z.enum(['READS', 'CHECKS']).nullable(),
    officerId: officerIdSchema,
    officerCity: citySchema,
    windowStart: timestampSchema,
    windowEnd: timestampSchema,
    count: countSchema,
    baseline: z.number().min(0).max(100_000_000).nullable(),
    threshold: countSchema,
    historyWindows: countSchema.nullable(),
    purposes: z.array(z.object({ purpose: z.string().max(128), count: countSchema }).strict()).max(10),
    cities: z.array(z.object({ city: citySchema, count: countSchema }).strict()).max(16),
    raisedAt: timestampSchema,
  })
  .strict();
export type AlertPayload = z.infer<typeof alertPayloadSchema>;

/** An owner's report to an officer's home city: how often its officers used each purpose there (oversight.usage). */
export const usagePayloadSchema = z
  .object({
    reportId: z.string().regex(/^[a-z]+:[0-9A-Z]{26}$/, 'must be a city-scoped id'),
    bucketHours: z.number().int().min(1).max(168),
    shares: z
      .array(z.object({ officerId: officerIdSchema, purpose: purposeSchema, bucketStart: timestampSchema, uses: countSchema }).strict())
      .min(1)
      .max(500),
  })
  .strict();
export type UsagePayload = z.infer<typeof usagePayloadSchema>;
