import type { EventEmitter } from 'node:events';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import { knexConfig, POOL_IDLE_MS } from '../../config/knexfile.js';
import type { Logger } from './logger.js';

export type Db = Knex;

// int8 (count(*), bigint ids) as JS numbers: our counts and ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/**
 * A knex instance on PostgreSQL; one per process. knex's own warnings (console by default) go
 * to `logger` in our words: "Connection Error: <reason>" is a connection it discarded.
 */
export function createDb(url: string, poolMax = 10, logger?: Logger): Db {
  const config = knexConfig(url, poolMax);
  if (logger) {
    config.log = {
      warn: (message: string) => {
        const discarded = /^Connection Error: ([\s\S]*)$/.exec(message);
        if (discarded) logger.warn({ reason: discarded[1] }, 'database connection discarded');
        else logger.warn(`database: ${message}`);
      },
      error: (message: string) => logger.error(`database: ${message}`),
      deprecate: (method: string, alternative: string) => logger.debug(`knex: ${method} is deprecated, use ${alternative}`),
      debug: (message: string) => logger.debug(`knex: ${message}`),
    };
  }
  return knex(config);
}

/** Answers when PostgreSQL answers a query (the readiness check). */
export const pingDatabase = (db: Db) => db.raw('SELECT 1');

/** Brings the schema up to date; safe from several processes at once (knex takes a lock). */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest()) as [number, string[]];
  return applied;
}

/**
 * Logs a pg pool's or client's 'error' event as one warning line. Without a listener, an idle
 * connection the server closes (57P01 when PostgreSQL stops, a network drop) crashes the process.
 */
export function logConnectionErrors(emitter: EventEmitter, logger: Logger, what: string): void {
  emitter.on('error', (err: Error & { code?: string }) => {
    logger.warn({ code: err.code }, `${what}: database connection lost (${err.message})`);
  });
}

/**
 * A pg pool of ours outside knex (the session store's, the job queue's, the upload locks'): idle
 * connections kept as long as knex keeps its own (POOL_IDLE_MS), and connection errors logged
 * as `what` (logConnectionErrors).
 */
export function createPgPool(config: pg.PoolConfig, logger: Logger, what: string): pg.Pool {
  const pool = new pg.Pool({ idleTimeoutMillis: POOL_IDLE_MS, ...config });
  logConnectionErrors(pool, logger, what);
  return pool;
}
