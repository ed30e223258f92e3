import path from 'node:path';
import type { Agenda } from 'agenda';
import type { Config } from '../config/env.js';
import { createAgenda } from '../jobs/agenda.js';
import { createJobQueue } from '../jobs/queue.js';
import { defineJobs, startWorker } from '../jobs/worker.js';
import { createDb, migrateLatest, type Db } from './lib/db.js';
import { startEmbeddedPostgres } from './lib/embeddedPostgres.js';
import type { Logger } from './lib/logger.js';
import { createServices, type AppServices } from './services.js';

export type ProcessRole = 'web' | 'worker' | 'all';

export interface Runtime {
  config: Config;
  logger: Logger;
  db: Db;
  agenda: Agenda;
  services: AppServices;
  databaseUrl: string;
  /** Aborted when shutdown starts; long jobs stop between chunks. */
  shutdownSignal: AbortSignal;
  close(): Promise<void>;
}

/** PostgreSQL for this process: DATABASE_URL, or the embedded cluster under DATA_DIR. */
async function openDatabase(config: Config, logger: Logger) {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => {} };
  return startEmbeddedPostgres({
    dir: path.join(config.dataDir, 'postgres'),
    port: config.EMBEDDED_PG_PORT,
    database: 'acme',
    logger,
  });
}

/**
 * Every process, on start, dispatches the events a stopped process committed but did not fan out
 * (in the background; the `events.dispatch` job sweeps again every minute). Never rejects.
 */
async function dispatchLeftoverEvents(services: AppServices, logger: Logger, signal: AbortSignal): Promise<void> {
  try {
    const dispatched = await services.outbox.dispatchPending(signal);
    if (dispatched) logger.info({ dispatched }, 'dispatched events left undelivered by a stopped process');
  } catch (err) {
    logger.error({ err }, 'dispatching leftover events failed; the events.dispatch job tries again');
  }
}

/**
 * Opens the database (migrating it), Agenda and the services. A worker (or `all`) also starts
 * processing jobs. close() drains running jobs, then releases every connection.
 */
export async function startRuntime(config: Config, logger: Logger, role: ProcessRole): Promise<Runtime> {
  const database = await openDatabase(config, logger);
  const db = createDb(database.url, config.DB_POOL_MAX, logger);
  try {
    const applied = await migrateLatest(db);
    if (applied.length) logger.info({ applied: applied.length, latest: applied.at(-1) }, 'database schema updated');
    const { agenda, close: closeAgenda } = await createAgenda({
      config,
      databaseUrl: database.url,
      logger,
      name: `${role}-${process.pid}`,
      processJobs: role !== 'web',
    });
    const shutdown = new AbortController();
    const services = createServices({ config, db, logger, jobs: createJobQueue(agenda), databaseUrl: database.url });
    defineJobs(agenda, services, logger, shutdown.signal);
    if (role !== 'web') await startWorker(agenda);
    const leftovers = dispatchLeftoverEvents(services, logger, shutdown.signal);
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        shutdown.abort();
        await leftovers;
        await closeAgenda(30_000);
        await db.destroy();
        await database.stop();
      })());
    return { config, logger, db, agenda, services, databaseUrl: database.url, shutdownSignal: shutdown.signal, close };
  } catch (err) {
    await db.destroy();
    await database.stop();
    throw err;
  }
}
