import { ValidationError, type PropertyErrors } from 'adminjs';
import { AppError, translatePgError } from '../../lib/errors.js';

/**
 * Runs a service call for an AdminJS resource; AppErrors that name fields become AdminJS
 * ValidationErrors, so the message shows on the form field instead of crashing the page.
 */
export async function asPanelResult<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (raw) {
    const err = translatePgError(raw);
    if (!(err instanceof AppError) || err.status >= 500) throw raw;
    const fieldErrors = (err.details?.errors as { field: string; message: string }[] | undefined) ?? [];
    const propertyErrors: PropertyErrors = {};
    for (const e of fieldErrors) propertyErrors[e.field] = { message: e.message, type: err.code };
    throw new ValidationError(propertyErrors, { message: err.message, type: err.code });
  }
}
