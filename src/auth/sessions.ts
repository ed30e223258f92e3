import { randomBytes } from 'node:crypto';
import connectPgSimple from 'connect-pg-simple';
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
