/** Every error the app answers on purpose: a stable `code`, an HTTP status, optional details. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export const badRequest = (message: string, details?: Record<string, unknown>) => new AppError(400, 'bad_request', message, details);
export const unauthorized = (message = 'Authentication required') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'Not allowed') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError(409, 'conflict', message, details);
/** What existed and was deleted for good (a retention window ended). */
export const gone = (message: string) => new AppError(410, 'gone', message);
export const validationFailed = (errors: FieldProblem[]) =>
  new AppError(422, 'validation_failed', `Invalid input: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
  detail?: string;
  table?: string;
}

/**
 * Translates PostgreSQL constraint violations into AppErrors, in this one place.
 * Unknown errors are returned unchanged.
 */
export function translatePgError(err: unknown): unknown {
  const e = err as PgError;
  switch (e?.code) {
    case '23505':
      return conflict(`A record with this value already exists${e.constraint ? ` (${e.constraint})` : ''}`, {
        constraint: e.constraint,
      });
    case '23503':
      return new AppError(409, 'reference_violation', 'A referenced record does not exist or is still in use', {
        constraint: e.constraint,
      });
    case '23502':
      return validationFailed([{ field: e.column ?? 'unknown', message: 'is required' }]);
    case '23514':
      return validationFailed([{ field: e.constraint ?? 'unknown', message: 'is out of range or empty' }]);
    case '22001':
      return validationFailed([{ field: e.column ?? 'value', message: 'is too long' }]);
    default:
      return err;
  }
}
