import { z } from 'zod';
import { leadChainSchema, leadTransferSchema } from './lead-chain.js';
import { CITY_CODES } from '@ypf/region';
import { CRIME_CATEGORIES, IDENTIFIER_KINDS } from '@ypf/region';
import { dedupeIdentifiers, identifierListSchema } from '../../core/identifiers.js';
import { BLIND_INDEX_TOKEN_PATTERN } from '../../core/blind-index.js';
import { citySchema, isoDateSchema, reasonSchema, timestampSchema } from '../../core/input-schemas.js';
import { CATEGORY_RULES, RISK_LEVELS, WATCH_ACTIONS, WATCH_CATEGORIES } from './watch-domain.js';


/**
 * A proposed entry. The schema is strict and has no field for ethnicity, religion, political opinion or petitioning
 * (DESIGN 5); an unknown field is refused, and free text naming those topics is refused by the service.
 */
export const watchEntryInputSchema = z
  .object({
    category: z.enum(WATCH_CATEGORIES),
    action: z.enum(WATCH_ACTIONS).nullish(),
    legalBasis: z.string().trim().min(5, 'is mandatory: cite the law and article the entry rests on (e.g. 刑事诉讼法 第81条)').max(300),
    decisionReference: z.string().trim().min(3, 'is mandatory: the warrant, court order or decision reference').max(120),
    offence: z.enum(CRIME_CATEGORIES).nullish(),
    riskLevel: z.enum(RISK_LEVELS),
    participatingCities: z.array(citySchema).max(CITY_CODES.length).nullish().transform((v) => [...new Set(v ?? [])]),
    reviewDate: isoDateSchema,
    identifiers: identifierListSchema.min(1, 'give at least one identifier (ID number, phone, plate, ...)').transform(dedupeIdentifiers),
    description: z.string().trim().min(3, 'give a minimal description for recognition').max(500, 'must be at most 500 characters: describe only what recognises the person'),
  })
  .strict()
  .transform((v, ctx) => {
    const rule = CATEGORY_RULES[v.category];
    const action = v.action ?? (rule.actions.length === 1 ? rule.actions[0] : null);
    if (!action || !rule.actions.includes(action)) {
      ctx.addIssue({ code: 'custom', path: ['action'], message: `a ${v.category} entry requires ${rule.actions.join(' or ')}` });
      return z.NEVER;
    }
    if (rule.offenceRequired && !v.offence) {
      ctx.addIssue({ code: 'custom', path: ['offence'], message: `a ${v.category} entry names its offence (a crime category)` });
      return z.NEVER;
    }
    if (!rule.offenceRequired && v.offence) {
      ctx.addIssue({ code: 'custom', path: ['offence'], message: `a ${v.category} entry names no offence` });
      return z.NEVER;
    }
    return { ...v, action, offence: v.offence ?? null };
  });
export type WatchEntryInput = z.output<typeof watchEntryInputSchema>;

export const watchReviewInputSchema = z
  .object({
    decision: z.enum(['EXTEND', 'EXPIRE']),
    reason: reasonSchema,
    reviewDate: isoDateSchema.nullish(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === 'EXTEND' && !v.reviewDate) ctx.addIssue({ code: 'custom', path: ['reviewDate'], message: 'an extension names the next review date' });
  });

export const watchHitInputSchema = z
  .object({
    entryId: z.string().regex(/^[a-z]+:[0-9A-Z]{26}$/, 'must be the reference a watch check returned, e.g. nanjing:01J...'),
    leadCity: citySchema,
    observedAt: timestampSchema,
    location: z.string().trim().min(2).max(300),
    observation: z.string().trim().min(3, 'say what was observed').max(2000),
    actionTaken: z.string().trim().min(3, 'say what action was taken').max(1000),
    companions: z.string().trim().max(500).nullish(),
    vehicle: z.string().trim().max(200).nullish(),
  })
  .strict();
export type WatchHitInput = z.output<typeof watchHitInputSchema>;

export const tokenListSchema = z
  .array(z.string().regex(BLIND_INDEX_TOKEN_PATTERN, 'must be a blind-index token (64 hex characters)'))
  .min(1, 'give at least one token')
  .max(50, 'at most 50 tokens per check');

export const watchFilterSchema = z
  .object({
    status: z.string().max(24).nullish(),
    reviewDueBefore: isoDateSchema.nullish(),
    limit: z.number().int().min(1).max(500).nullish(),
  })
  .strict();

export const hitFilterSchema = z
  .object({
    entryId: z.string().max(80).nullish(),
    unacknowledged: z.boolean().nullish(),
    limit: z.number().int().min(1).max(500).nullish(),
  })
  .strict();

// ---- what travels between nodes (checked on receipt: peers are not trusted) ----

const identifier = z.object({ kind: z.enum(IDENTIFIER_KINDS), value: z.string().min(1).max(128) }).strict();

export const entrySnapshotSchema = z
  .object({
    id: z.string().regex(/^[a-z]+:[0-9A-Z]{26}$/),
    category: z.enum(WATCH_CATEGORIES),
    action: z.enum(WATCH_ACTIONS),
    legalBasis: z.string().min(5).max(300),
    decisionReference: z.string().min(3).max(120),
    offence: z.enum(CRIME_CATEGORIES).nullable(),
    riskLevel: z.enum(RISK_LEVELS),
    participatingCities: z.array(citySchema).max(CITY_CODES.length),
    reviewDate: isoDateSchema,
    description: z.string().min(3).max(500),
    identifiers: z.array(identifier).min(1).max(50),
    proposedBy: z.string().max(120),
    proposedAt: timestampSchema,
    approvedBy: z.string().max(120).nullable(),
    approvedAt: timestampSchema.nullable(),
    /** Absent from a node of the version before the copies: 0. */
    leadEpoch: z.number().int().min(0).max(1_000_000).default(0),
    /** The signed moves of the lead so far (as many as leadEpoch): the offering city's proof that it leads. */
    leadChain: leadChainSchema.default([]),
  })
  .strict();
export type EntrySnapshot = z.output<typeof entrySnapshotSchema>;

export const transferOfferPayloadSchema = z.object({ entry: entrySnapshotSchema, reason: z.string().min(5).max(1000), transfer: leadTransferSchema }).strict();
export const transferAnswerPayloadSchema = z.object({ entryId: z.string().max(80), accepted: z.boolean(), reason: z.string().max(1000).nullable() }).strict();
export const entryEndedPayloadSchema = z.object({ entryId: z.string().max(80), status: z.enum(['CLOSED', 'EXPIRED']), reason: z.string().max(1000) }).strict();

export const hitPayloadSchema = z
  .object({
    id: z.string().regex(/^[a-z]+:[0-9A-Z]{26}$/),
    entryId: z.string().max(80),
    leadCity: citySchema,
    encounteringCity: citySchema,
    observedAt: timestampSchema,
    location: z.string().min(2).max(300),
    observation: z.string().min(3).max(2000),
    actionTaken: z.string().min(3).max(1000),
    companions: z.string().max(500).nullable(),
    vehicle: z.string().max(200).nullable(),
    filedBy: z.string().max(120),
    filedAt: timestampSchema,
  })
  .strict();
export type HitPayload = z.output<typeof hitPayloadSchema>;
export const matchPayloadSchema = z
  .object({ entryId: z.string().max(80), checkedBy: z.string().min(3).max(120), purpose: z.string().max(128).nullable(), at: timestampSchema })
  .strict();
export const hitAckPayloadSchema = z.object({ hitId: z.string().max(80), acknowledgedBy: z.string().max(120), acknowledgedAt: timestampSchema }).strict();

/** The calling node's officer a live check is made for (checkWatchOnBehalf); the city is the calling node's. */
export { onBehalfOfficerSchema } from '../../auth/on-behalf.js';

/** A page of a lead city's replica feed: after a feed number, at most `limit` changes. */
export const replicaPageRequestSchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,19}$/, 'must be a feed number (digits) from the previous page, "0" for the start')
    .refine((v) => BigInt(v) <= 9_223_372_036_854_775_807n, 'must be a feed number from the previous page (at most 9223372036854775807)'),
  limit: z.number().int().min(1).max(5000).nullish(),
});
