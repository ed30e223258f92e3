import type { z } from 'zod';
import { validationFailed } from './errors.js';

/**
 * Parses `input` with a zod schema, or throws a 422 listing every invalid field. The one way input
 * is checked: services check what they are given (from the API or the panel alike), routes check
 * their path and query.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw validationFailed(result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })));
  }
  return result.data;
}
