import { z } from 'zod';
import { CITY_CODES } from '@ypf/region';
import { ASSISTANCE_KINDS } from '@ypf/policy';
import { PRIORITIES } from '@ypf/region';
import { TARGET_ACTIONS } from '../assistance-lifecycle.js';
import { citySchema, reasonSchema, timestampSchema, titleSchema } from '../../../core/input-schemas.js';

export const RESOURCE_TYPES = [
  'PERSONNEL', 'SWAT', 'K9', 'EOD', 'CYBER_FORENSICS', 'DRONE', 'SPECIAL_VEHICLE', 'MARINE', 'NEGOTIATOR', 'FORENSIC_LAB', 'TRAFFIC_CONTROL', 'OTHER',
] as const;


export const assistanceRequestInputSchema = z
  .object({
    kind: z.enum(ASSISTANCE_KINDS),
    title: titleSchema,
    description: z.string().trim().min(1, 'is required').max(4000, 'must be at most 4,000 characters'),
    resourceType: z.enum(RESOURCE_TYPES),
    quantity: z.number().int().min(1, 'must be at least 1').max(10000, 'must be at most 10,000'),
    catalogueEntryIds: z.array(z.string().regex(/^[a-z]+:[0-9A-Za-z-]{1,64}$/, 'must be catalogue entry ids like suzhou:swat-1')).max(20).nullish().transform((v) => [...new Set(v ?? [])]),
    location: z.string().trim().min(2).max(300),
    startsAt: timestampSchema,
    endsAt: timestampSchema.nullish(),
    servesReference: z.string().trim().min(3, 'name the event or case it serves').max(120),
    legalReference: z.string().trim().max(200).nullish(),
    priority: z.enum(PRIORITIES),
    targetCities: z.array(citySchema).min(1, 'name at least one target city').max(CITY_CODES.length).transform((v) => [...new Set(v)]),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.endsAt && Date.parse(v.endsAt) <= Date.parse(v.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    for (const [i, id] of v.catalogueEntryIds.entries()) {
      if (!v.targetCities.includes(id.split(':')[0])) ctx.addIssue({ code: 'custom', path: ['catalogueEntryIds', i], message: `${id} belongs to a city that is not a target` });
    }
    if (v.kind === 'INVESTIGATIVE_CHECK' && !v.legalReference) ctx.addIssue({ code: 'custom', path: ['legalReference'], message: 'an investigative check (协查) needs its legal papers reference' });
  });
export type AssistanceRequestInput = z.output<typeof assistanceRequestInputSchema>;

export const answerInputSchema = z
  .object({
    action: z.enum(TARGET_ACTIONS as [string, ...string[]]),
    reason: z.string().trim().min(5, 'must give a reason of at least 5 characters').max(1000).nullish(),
    quantity: z.number().int().min(1).max(10000).nullish(),
    note: z.string().trim().max(1000).nullish(),
    text: z.string().trim().min(1).max(4000).nullish(),
  })
  .strict();
export type AnswerInput = z.output<typeof answerInputSchema>;

export const messageTextSchema = z.string().trim().min(1, 'is empty').max(4000, 'must be at most 4,000 characters');
export { reasonSchema };

export const assistanceFilterSchema = z
  .object({
    direction: z.enum(['INCOMING', 'OUTGOING']).nullish(),
    status: z.string().max(24).nullish(),
    overdue: z.boolean().nullish(),
    limit: z.number().int().min(1).max(500).nullish(),
  })
  .strict();

export const catalogueEntryInputSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9-]{2,40}$/, 'must be 2-40 lower-case letters, digits or dashes, e.g. swat-1'),
    resourceType: z.enum(RESOURCE_TYPES),
    name: z.string().trim().min(2).max(200),
    description: z.string().trim().max(2000).nullish(),
    count: z.number().int().min(0).max(100000),
    unit: z.string().trim().min(2).max(200),
    contact: z.string().trim().min(2).max(200),
    availability: z
      .array(z.object({ from: timestampSchema, to: timestampSchema }).strict().refine((w) => Date.parse(w.to) > Date.parse(w.from), 'to must be after from'))
      .max(50)
      .nullish(),
  })
  .strict();

export const catalogueFilterSchema = z
  .object({
    resourceTypes: z.array(z.enum(RESOURCE_TYPES)).max(RESOURCE_TYPES.length).nullish(),
    availableAt: timestampSchema.nullish(),
  })
  .strict();
