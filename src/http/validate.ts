import type { z } from 'zod';
import { validationFailed } from '../lib/errors.js';

/** Parses `input` with a zod schema, or throws a 422 listing every invalid field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw validationFailed(
      result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
    );
  }
  return result.data;
}
