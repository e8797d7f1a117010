import { z } from 'zod';
import { CITY_CODES } from '@ypf/region';
import { TLP_LEVELS } from '@ypf/policy';
import { CRIME_CATEGORIES } from '@ypf/region';
import { dedupeIdentifiers, MAX_IDENTIFIERS, identifierListSchema } from '../../../core/identifiers.js';
import { titleSchema } from '../../../core/input-schemas.js';

export const HANDLING_CONDITIONS = ['PURPOSE_ONLY', 'NOT_FOR_COURT', 'NO_ONWARD_SHARING'] as const;
export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const PUBLICATION_SCOPES = ['OWN_CITY', 'CITIES', 'REGION'] as const;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;


export const reportInputSchema = z
  .object({
    title: titleSchema,
    summary: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2,000 characters'),
    body: z.string().trim().min(1, 'is required').max(20000, 'must be at most 20,000 characters'),
    category: z.enum(CRIME_CATEGORIES),
    sourceReliability: z.enum(SOURCE_RELIABILITY),
    informationCredibility: z.number().int().min(1, 'is 1 (confirmed) to 6 (cannot be judged)').max(6, 'is 1 (confirmed) to 6 (cannot be judged)'),
    tlp: z.enum(TLP_LEVELS),
    handlingConditions: z
      .array(z.enum(HANDLING_CONDITIONS))
      .nullish()
      .transform((v) => [...new Set(v ?? [])]),
    identifiers: identifierListSchema.nullish().transform((v) => dedupeIdentifiers(v ?? [])),
    scope: z.enum(PUBLICATION_SCOPES),
    recipientCities: z
      .array(z.enum(CITY_CODES as [string, ...string[]], { error: () => `must be a city code: ${CITY_CODES.join(', ')}` }))
      .max(CITY_CODES.length)
      .nullish()
      .transform((v) => [...new Set(v ?? [])]),
    reviewDate: z.string().regex(isoDate, 'must be a date like 2027-05-31').nullish(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.scope === 'CITIES' && v.recipientCities.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['recipientCities'], message: 'name at least one recipient city when scope is CITIES' });
    }
    if (v.scope !== 'CITIES' && v.recipientCities.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['recipientCities'], message: 'applies only to scope CITIES; remove it or set scope to CITIES' });
    }
    if ((v.tlp === 'RED' || v.tlp === 'AMBER_STRICT') && v.scope === 'REGION') {
      ctx.addIssue({ code: 'custom', path: ['scope'], message: `TLP ${v.tlp} is for named recipients: use scope CITIES (with recipientCities) or OWN_CITY` });
    }
  });

export type ReportInput = z.output<typeof reportInputSchema>;

export const reviewInputSchema = z
  .object({
    decision: z.enum(['RETAIN', 'PURGE']),
    reason: z.string().trim().min(5, 'must explain the decision (at least 5 characters)').max(1000),
    nextReviewDate: z.string().regex(isoDate, 'must be a date like 2027-05-31').nullish(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === 'RETAIN' && !v.nextReviewDate) {
      ctx.addIssue({ code: 'custom', path: ['nextReviewDate'], message: 'is required when retaining a report' });
    }
  });

export const reasonSchema = z.string().trim().min(5, 'must give a reason of at least 5 characters').max(1000, 'must be at most 1,000 characters');

export const searchFilterSchema = z
  .object({
    text: z.string().max(200, 'must be at most 200 characters').nullish(),
    categories: z.array(z.enum(CRIME_CATEGORIES)).max(CRIME_CATEGORIES.length).nullish(),
    since: z
      .string()
      .nullish()
      .refine(
        (v) => v == null || (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v))),
        'must be an ISO-8601 date (2026-11-01) or timestamp with a zone (2026-11-01T08:00:00Z)',
      ),
    limit: z.number().int().min(1).max(200, 'is at most 200').nullish(),
  })
  .strict();

export type SearchFilter = z.output<typeof searchFilterSchema>;


/** Blind indexes of this city (64 hex characters), as its own key computes them. */
export const tokenListSchema = z
  .array(z.string().regex(/^[0-9a-f]{64}$/, 'must be blind indexes of this city (64 hex characters)'))
  .min(1, 'give at least one token')
  .max(MAX_IDENTIFIERS, `at most ${MAX_IDENTIFIERS} tokens per check`);

/** Hex characters of a blind index that name its bucket: 4,096 buckets, a few indexes each for any city's reports. */
export const BUCKET_PREFIX_LENGTH = 3;
export const bucketPrefixesSchema = z
  .array(z.string().regex(new RegExp(`^[0-9a-f]{${BUCKET_PREFIX_LENGTH}}$`), `must be index prefixes of ${BUCKET_PREFIX_LENGTH} hex characters`))
  .min(1, 'give at least one prefix')
  .max(MAX_IDENTIFIERS, `at most ${MAX_IDENTIFIERS} prefixes`);
