import { z } from 'zod';
import { CITY_CODES } from '@ypf/region';
import { CRIME_CATEGORIES } from '@ypf/region';
import { citySchema, reasonSchema, timestampSchema } from '../../core/input-schemas.js';
import { WARNING_LEVELS } from '@ypf/region';
import { areaSchema, caseCountSchema } from './case-csv.js';

export const caseCountListSchema = z.array(caseCountSchema).min(1, 'give at least one count').max(10_000, 'at most 10,000 counts per call; use several calls');

export const warningRuleInputSchema = z
  .object({
    name: z.string().trim().min(3, 'must be at least 3 characters').max(200, 'must be at most 200 characters'),
    category: z.enum(CRIME_CATEGORIES),
    scope: z.enum(['CITY', 'REGION']),
    area: areaSchema.nullish(),
    cities: z.array(citySchema).max(CITY_CODES.length).nullish().transform((v) => [...new Set(v ?? [])]),
    method: z.enum(['THRESHOLD', 'CUSUM']).nullish().transform((v) => v ?? 'THRESHOLD'),
    windowHours: z.number().int().min(1).max(24 * 90, 'must be at most 2,160 hours (90 days)'),
    bucketHours: z.number().int().min(1).max(24 * 7).nullish().transform((v) => v ?? 24),
    baselineBuckets: z.number().int().min(2).max(365).nullish().transform((v) => v ?? 28),
    cusumK: z.number().min(0).max(5).nullish().transform((v) => v ?? 0.5),
    thresholds: z.object({ blue: z.number().min(0), yellow: z.number().min(0), orange: z.number().min(0), red: z.number().min(0) }).strict(),
    minCount: z.number().int().min(0).max(1_000_000).nullish().transform((v) => v ?? 1),
    holdMinutes: z.number().int().min(0).max(60 * 24 * 14).nullish().transform((v) => v ?? 60),
    hysteresisPercent: z.number().int().min(0).max(90).nullish().transform((v) => v ?? 20),
    campaignCities: z.array(citySchema).max(CITY_CODES.length).nullish().transform((v) => [...new Set(v ?? [])]),
  })
  .strict()
  .superRefine((v, ctx) => {
    const t = v.thresholds;
    if (!(t.blue > 0 && t.blue < t.yellow && t.yellow < t.orange && t.orange < t.red)) {
      ctx.addIssue({ code: 'custom', path: ['thresholds'], message: 'must rise strictly: 0 < blue < yellow < orange < red' });
    }
    if (v.scope === 'CITY' && v.cities.length) ctx.addIssue({ code: 'custom', path: ['cities'], message: 'a CITY rule counts this city; use scope REGION to sum several cities' });
    if (v.scope === 'REGION' && v.area) ctx.addIssue({ code: 'custom', path: ['area'], message: 'a REGION rule counts whole cities; leave area empty' });
    if (v.method === 'CUSUM' && v.windowHours < v.bucketHours) ctx.addIssue({ code: 'custom', path: ['windowHours'], message: 'a CUSUM window holds at least one bucket (windowHours >= bucketHours)' });
  });
export type WarningRuleInput = z.output<typeof warningRuleInputSchema>;

export const caseCountFilterSchema = z
  .object({
    category: z.enum(CRIME_CATEGORIES).nullish(),
    area: areaSchema.nullish(),
    from: timestampSchema.nullish(),
    to: timestampSchema.nullish(),
    limit: z.number().int().min(1).max(1000).nullish(),
  })
  .strict();

export const seriesRequestSchema = z
  .object({
    category: z.enum(CRIME_CATEGORIES),
    from: timestampSchema,
    to: timestampSchema,
  })
  .strict();

export const alertFilterSchema = z.object({ openOnly: z.boolean().nullish(), ruleId: z.string().max(80).nullish(), limit: z.number().int().min(1).max(200).nullish() }).strict();

export { reasonSchema, WARNING_LEVELS };
