import type { Knex } from 'knex';
import { migrationSource } from '../migrations/index.js';

/**
 * How long every connection pool of ours (knex's, the session store's, the job queue's, the upload
 * locks') keeps an idle connection: 5 minutes. Opening one costs a new PostgreSQL backend and its
 * SCRAM authentication, 40–50 ms on a quiet machine; with pg's default of 10 s, the first page a
 * user opened after reading one for a while paid it (measured: a panel page 43–51 ms, 100 ms after
 * 12 s idle; the job monitor's data 50 ms more).
 */
export const POOL_IDLE_MS = 5 * 60_000;

/** The knex configuration every process uses (`npm run migrate` included). */
export function knexConfig(url: string, poolMax = 10): Knex.Config {
  return {
    client: 'pg',
    connection: url,
    pool: { min: 0, max: poolMax, idleTimeoutMillis: POOL_IDLE_MS },
    migrations: { migrationSource, tableName: 'knex_migrations' },
  };
}
