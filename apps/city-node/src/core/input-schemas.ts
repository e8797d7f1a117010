import { z } from 'zod';
import { CITY_CODES } from '@ypf/region';

/** Input pieces every capability validates the same way, with the same messages. */
export const timestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, 'must be an ISO-8601 timestamp with a zone, e.g. 2026-12-01T08:00:00+08:00')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'is not a valid timestamp');

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2027-05-31').refine((v) => !Number.isNaN(Date.parse(v)), 'is not a valid date');

export const citySchema = z.enum(CITY_CODES as [string, ...string[]], { error: () => `must be a city code: ${CITY_CODES.join(', ')}` });

export const reasonSchema = z.string().trim().min(5, 'must give a reason of at least 5 characters').max(1000);

/** Han characters (a CJK title says in two what takes a word elsewhere). */
const HAN = /\p{Script=Han}/u;

/**
 * A title: at least 3 characters, or 2 when it is written in Chinese ("增援", reinforcements, is a whole title); at
 * most 200.
 */
export const titleSchema = z
  .string()
  .trim()
  .max(200, 'must be at most 200 characters')
  .refine((v) => v.length >= 3 || (v.length === 2 && HAN.test(v)), 'must be at least 3 characters (2 in Chinese)');

