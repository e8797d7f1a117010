import { z } from 'zod';
import { citySchema } from '../../core/input-schemas.js';
import { dedupeIdentifiers, identifierListSchema } from '../../core/identifiers.js';

/** Most identifiers one check asks about (each costs one evaluation at every city asked). */
export const MAX_CHECK_IDENTIFIERS = 20;

/** A region-wide check at the home node: the officer's identifiers (normalised) and, optionally, the cities to ask. */
export const identifierCheckInputSchema = z
  .object({
    identifiers: identifierListSchema
      .min(1, 'give at least one identifier (ID number, phone, plate, ...)')
      .max(MAX_CHECK_IDENTIFIERS, `at most ${MAX_CHECK_IDENTIFIERS} identifiers per check`)
      .transform(dedupeIdentifiers),
    cities: z.array(citySchema).min(1, 'name at least one city, or leave cities out for the whole region').max(20).nullish().transform((v) => (v ? [...new Set(v)] : null)),
  })
  .strict();
export type IdentifierCheckInput = z.output<typeof identifierCheckInputSchema>;
