import { z } from 'zod';
import { InputError } from './errors.js';

/** Parses input with a zod schema; the first problem becomes a BAD_USER_INPUT error naming the field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, root = 'input'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [root, ...issue.path.map(String)].join('.');
  throw new InputError(`${path}: ${issue.message}`, path);
}

/** Formats every problem of a zod error on its own line, for configuration and policy files. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `  - ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n');
}
