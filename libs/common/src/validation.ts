import { z } from 'zod';
import { InputError } from './errors.js';

/** Parses input with a zod schema; the first problem becomes a BAD_USER_INPUT error naming the field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, root = 'input'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Every problem at once (issue 17: an officer fixed one field per call): "input.a: ...; input.b: ...", and each as
  // { field, message } in the error's `problems`, for a form to mark every field.
  const problems = result.error.issues.map((issue) => ({ field: [root, ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new InputError(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems[0].field, problems);
}

/** Formats every problem of a zod error on its own line, for configuration and policy files. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `  - ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n');
}
