import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, translatePgError } from '../lib/errors.js';

/** The media type of every error answer of the API (and of its OpenAPI document's error responses). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Sends an RFC 9457 problem+json answer. */
export function sendProblem(res: Parameters<RequestHandler>[1], err: AppError): void {
  res
    .status(err.status)
    .type(PROBLEM_CONTENT_TYPE)
    .json({
      type: `about:blank#${err.code}`,
      title: err.message,
      status: err.status,
      code: err.code,
      ...(err.details ?? {}),
    });
}

/** Last handler: AppErrors as problem+json; anything unknown logged with its stack and answered 500. */
export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  let err = translatePgError(error);
  const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
  if (!(err instanceof AppError) && typeof status === 'number' && status >= 400 && status < 500) {
    // body-parser and friends: malformed JSON, payload too large...
    const code = (error as { type?: string }).type?.replaceAll('.', '_') ?? 'bad_request';
    err = new AppError(status, code, (error as Error).message);
  }
  if (!(err instanceof AppError)) {
    req.log?.error({ err: error }, 'unhandled error');
    err = new AppError(500, 'internal_error', 'Internal server error');
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  sendProblem(res, err as AppError);
};

/** 404 for unknown API routes, as problem+json. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, new AppError(404, 'not_found', `No route for ${req.method} ${req.path}`));
};
