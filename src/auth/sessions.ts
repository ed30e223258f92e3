import { randomBytes } from 'node:crypto';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import pg from 'pg';
import { logConnectionErrors, type Db } from '../lib/db.js';
import type { Logger } from '../lib/logger.js';

const SECRET_KEY = 'session_secret';

/** The session-signing secret: SESSION_SECRET, or one generated once and kept in app_settings. */
export async function resolveSessionSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db('app_settings')
    .insert({ key: SECRET_KEY, value: JSON.stringify(randomBytes(32).toString('base64url')) })
    .onConflict('key')
    .ignore();
  const row = await db('app_settings').where({ key: SECRET_KEY }).first();
  return row.value as string;
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
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 4 });
  logConnectionErrors(pool, opts.logger, 'session store');
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

/** SQL for session housekeeping. */
export function createSessionsRepo(db: Db) {
  return {
    pruneExpired: async () => Number(await db('sessions').where('expire', '<', db.fn.now()).delete()),
  };
}
