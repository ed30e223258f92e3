import type { ActionContext, ActionRequest, RecordActionResponse } from 'adminjs';
import { AppError } from '../../lib/errors.js';

/**
 * The one shape of a record action that changes something: it acts only on the POST its
 * confirmation screen sends (admin-components/ConfirmRecordAction.tsx), never on the GET that opens
 * it. `run` may answer a redirect and a notice; our own errors (4xx AppErrors) come back as an
 * error notice, prefixed with `errorPrefix` when given, and anything else is a 500.
 */
export const postOnlyAction =
  (run: (id: string, context: ActionContext) => Promise<Partial<RecordActionResponse> | void>, opts: { errorPrefix?: string } = {}) =>
  async (request: ActionRequest, _res: unknown, context: ActionContext): Promise<RecordActionResponse> => {
    const record = context.record!;
    if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) };
    try {
      const extra = (await run(String(record.id()), context)) ?? {};
      const fresh = await context.resource.findOne(String(record.id()), context);
      return { ...extra, record: (fresh ?? record).toJSON(context.currentAdmin) };
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const message = opts.errorPrefix ? `${opts.errorPrefix}: ${err.message}` : err.message;
      return { record: record.toJSON(context.currentAdmin), notice: { message, type: 'error' } };
    }
  };
