import { Agenda } from 'agenda';
import pg from 'pg';
import type { Config } from '../config/env.js';
import { createPgPool } from '../src/lib/db.js';
import type { Logger } from '../src/lib/logger.js';

export type AgendaBackendKind = 'mongo' | 'postgres';

/** Which Agenda backend this configuration selects: MongoDB when MONGODB_URL is set, else our Postgres. */
export function agendaBackendKind(config: Pick<Config, 'MONGODB_URL'>): AgendaBackendKind {
  return config.MONGODB_URL ? 'mongo' : 'postgres';
}

/** The PostgreSQL table the job queue keeps its jobs in. */
export const AGENDA_TABLE = 'agenda_jobs';

/**
 * Runs `fn` while holding a Postgres advisory lock: Agenda's backend creates or upgrades its
 * table when it connects, and several processes starting at once (web + workers) would race.
 */
async function withSchemaLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {}); // a failure shows in the query below
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('acme:agenda-schema'))");
    return await fn();
  } finally {
    await client.end(); // ends the session, releasing the lock
  }
}

/**
 * Builds Agenda on the chosen backend. Only Agenda's backend-neutral API is used elsewhere,
 * so jobs behave the same on MongoDB (docker-compose) and PostgreSQL (embedded default, tests).
 */
export async function createAgenda(opts: {
  config: Pick<Config, 'MONGODB_URL' | 'JOBS_PROCESS_EVERY_MS' | 'JOBS_LOCK_LIFETIME_MS' | 'WORKER_CONCURRENCY'>;
  databaseUrl: string;
  logger: Logger;
  name: string;
  /**
   * False for web processes: they only enqueue. They still connect the backend's notification
   * channel (PostgreSQL LISTEN/NOTIFY, when it has one) so workers hear of new jobs at once
   * instead of at their next poll.
   */
  processJobs: boolean;
}): Promise<{ agenda: Agenda; close: (drainMs: number) => Promise<void> }> {
  const { config, logger } = opts;
  const kind = agendaBackendKind(config);
  // Our own pool (the backend does not close a pool it was given): it gets an 'error' listener,
  // so a connection PostgreSQL closes (57P01 when it stops) is logged instead of crashing.
  // Ten connections, as the backend's own pool had (it ignored our poolConfig beside a connectionString).
  const pool = kind === 'postgres' ? createPgPool({ connectionString: opts.databaseUrl, max: 10 }, logger, 'job queue') : undefined;
  const backend =
    kind === 'mongo'
      ? new (await import('@agendajs/mongo-backend')).MongoBackend({
          address: config.MONGODB_URL!,
          collection: 'agendaJobs',
        })
      : new (await import('@agendajs/postgres-backend')).PostgresBackend({ pool: pool!, tableName: AGENDA_TABLE });
  // Its LISTEN client re-emits connection errors here (and reconnects on its own).
  backend.notificationChannel?.on('error', (err: Error) => logger.warn(`job notifications: ${err.message}`));
  const build = async () => {
    const instance = new Agenda({
      backend,
      name: opts.name,
      processEvery: config.JOBS_PROCESS_EVERY_MS,
      maxConcurrency: config.WORKER_CONCURRENCY * 4,
      defaultConcurrency: config.WORKER_CONCURRENCY,
      defaultLockLifetime: config.JOBS_LOCK_LIFETIME_MS,
    });
    instance.on('error', (err) => logger.error({ err }, 'agenda error'));
    await instance.ready;
    return instance;
  };
  // The backend connects (and creates its table) as soon as Agenda is constructed.
  const agenda = kind === 'postgres' ? await withSchemaLock(opts.databaseUrl, build) : await build();
  if (!opts.processJobs) await backend.notificationChannel?.connect();
  /** A processing agenda finishes its running jobs (up to drainMs) and releases them; any agenda disconnects. */
  const close = async (drainMs: number) => {
    if (agenda.isActiveJobProcessor()) {
      const result = await agenda.drain({ timeout: drainMs });
      // Jobs still running now keep their lock until it expires, then another worker resumes them.
      if (result.timedOut) logger.warn(result, 'jobs still running at shutdown');
    } else {
      await backend.notificationChannel?.disconnect();
      await backend.disconnect();
    }
    await pool?.end();
  };
  return { agenda, close };
}
