import { randomBytes } from 'node:crypto';
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler, Response } from 'express';
import session from 'express-session';
import { createPgPool } from '../lib/db.js';
import type { Logger } from '../lib/logger.js';
import type { SessionsRepo } from './sessions.repo.js';

/** The session-signing secret: SESSION_SECRET, or one generated once and kept in app_settings. */
export async function resolveSessionSecret(repo: Pick<SessionsRepo, 'secretOrStore'>, configured: string | undefined): Promise<string> {
  return configured ?? repo.secretOrStore(randomBytes(32).toString('base64url'));
}

export interface SessionStoreHandle {
  options: session.SessionOptions;
  close(): Promise<void>;
}

/**
 * Session options backed by the `sessions` table, so any number of web processes share logins.
 * Cookies are httpOnly and SameSite=Lax; Secure when COOKIE_SECURE or PUBLIC_URL is https.
 */
export function createSessionOptions(opts: { databaseUrl: string; secret: string; secure: boolean; logger: Logger }): SessionStoreHandle {
  const PgStore = connectPgSimple(session);
  const pool = createPgPool({ connectionString: opts.databaseUrl, max: 4 }, opts.logger, 'session store');
  const store = new PgStore({
    pool,
    tableName: 'sessions',
    pruneSessionInterval: false,
    errorLog: (what: string, err?: Error) => opts.logger.warn(`session store: ${what} ${err?.message ?? ''}`.trim()),
  });
  return {
    options: {
      store,
      secret: opts.secret,
      name: 'acme.sid',
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: 8 * 60 * 60 * 1000 },
    },
    close: () => pool.end(),
  };
}

/**
 * express-session replaces `res.end` with one that takes only a body and an encoding; when it saves
 * or touches the session first, an `end(callback)` (the tus server ends body-less answers so,
 * through srvx) had the callback written as the body: a TypeError logged as an unhandled error on
 * every such answer of a panel upload. After it, `end` hands a trailing callback to 'finish', as
 * Node's own `end` registers it, and passes no function on.
 */
const endKeepsItsCallback: RequestHandler = (_req, res, next) => {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    if (typeof args.at(-1) === 'function') res.once('finish', args.pop() as () => void);
    return end(...args);
  }) as Response['end'];
  next();
};

/** The session middleware of every route that reads the panel's session (/admin, /api/v1, /api/docs). */
export const sessionHandlers = (options: session.SessionOptions): RequestHandler[] => [session(options), endKeepsItsCallback];
