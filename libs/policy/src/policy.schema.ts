import { z } from 'zod';
import { CITY_CODES } from '@ypf/region';
import { ROLES } from '@ypf/auth';

export const ACCESS_LEVELS = ['NONE', 'HIT_ONLY', 'SUMMARY', 'FULL'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export const POLICY_RESOURCES = ['intelligence'] as const;
export type PolicyResource = (typeof POLICY_RESOURCES)[number];

/**
 * Fields a city may disclose at SUMMARY. Body and identifiers (personal data) are never summary fields; TLP and
 * handling conditions always travel with anything disclosed, because the recipient must honour them.
 */
export const SUMMARY_FIELD_CHOICES = [
  'title',
  'summary',
  'category',
  'grading',
  'publishedAt',
  'reviewDate',
] as const;
export type SummaryField = (typeof SUMMARY_FIELD_CHOICES)[number];

/** City selectors: a code, "*" (every other city), "@neighbours" (registry neighbours), "@recipients" (the report's named recipients). */
const citySelector = z.union([z.enum(CITY_CODES as [string, ...string[]]), z.literal('*'), z.literal('@neighbours'), z.literal('@recipients')], {
  error: () => `must be a city code (${CITY_CODES.join(', ')}), "*", "@neighbours" or "@recipients"`,
});

export const policyRuleSchema = z
  .object({
    description: z.string().max(500).optional(),
    resource: z.enum(POLICY_RESOURCES),
    tlp: z.array(z.enum(TLP_LEVELS)).min(1),
    cities: z.array(citySelector).min(1),
    roles: z.array(z.enum(ROLES)).min(1).optional(),
    level: z.enum(ACCESS_LEVELS),
  })
  .strict()
  .superRefine((rule, ctx) => {
    // TLP 2.0: RED is for the named recipients only. Anything above NONE to another city would tell it that a RED
    // report exists and whom to ask about it (HIT_ONLY), so a rule may grant RED only to "@recipients".
    const others = rule.cities.filter((c) => c !== '@recipients');
    if (rule.tlp.includes('RED') && rule.level !== 'NONE' && others.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          `${rule.description ? `rule "${rule.description}" ` : ''}grants TLP RED at ${rule.level} to ${others.map((c) => JSON.stringify(c)).join(', ')}: ` +
          'TLP RED is for its named recipients only, so a rule may grant RED only to "@recipients"; give every other city NONE ' +
          '(or no rule: no match means NONE), or take RED out of this rule\'s tlp list.',
      });
    }
  });

export const ASSISTANCE_KINDS = ['PERSONNEL', 'SPECIALIST_TEAM', 'EQUIPMENT', 'INVESTIGATIVE_CHECK', 'INFORMATION_REQUEST'] as const;
export type AssistanceKind = (typeof ASSISTANCE_KINDS)[number];

/** Which cities may file which kinds of assistance request with this city (no rule: nobody may). */
export const assistanceRuleSchema = z
  .object({
    description: z.string().max(500).optional(),
    cities: z.array(z.union([z.enum(CITY_CODES as [string, ...string[]]), z.literal('*'), z.literal('@neighbours')], {
      error: () => `must be a city code (${CITY_CODES.join(', ')}), "*" or "@neighbours"`,
    })).min(1),
    kinds: z.array(z.enum(ASSISTANCE_KINDS)).min(1),
  })
  .strict();
export type AssistanceRule = z.infer<typeof assistanceRuleSchema>;

/**
 * How much of a joint watch entry this city (as lead) shows the officers of its participating cities, by role. A
 * non-participant never sees an entry; a hit/no-hit check tells it only what to do and whom to contact.
 */
export const watchSectionSchema = z
  .object({
    description: z.string().max(500).optional(),
    participantFull: z.array(z.enum(ROLES)).default(['LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR']),
    participantSummary: z.array(z.enum(ROLES)).default(['ANALYST', 'AUDITOR']),
  })
  .strict();
export type WatchSection = z.infer<typeof watchSectionSchema>;

export const policyDocumentSchema = z
  .object({
    city: z.enum(CITY_CODES as [string, ...string[]]),
    version: z.number().int().positive(),
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-01'),
    description: z.string().max(2000).optional(),
    contact: z
      .object({
        unit: z.string().min(2).max(200),
        phone: z.string().max(40).optional(),
        email: z.email().optional(),
      })
      .strict(),
    summaryFields: z.array(z.enum(SUMMARY_FIELD_CHOICES, { error: () => `must be one of ${SUMMARY_FIELD_CHOICES.join(', ')} (body and identifiers are never summary fields)` })).min(1),
    rules: z.array(policyRuleSchema).min(1),
    assistance: z.array(assistanceRuleSchema).default([]),
    watch: watchSectionSchema.default({ participantFull: ['LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR'], participantSummary: ['ANALYST', 'AUDITOR'] }),
  })
  .strict();

export type PolicyRule = z.infer<typeof policyRuleSchema>;
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
