import { Agenda } from 'agenda';
import type { Config } from '../config/env.js';
import type { Logger } from '../src/lib/logger.js';

export type AgendaBackendKind = 'mongo' | 'postgres';

/** Which Agenda backend this configuration selects: MongoDB when MONGODB_URL is set, else our Postgres. */
export function agendaBackendKind(config: Pick<Config, 'MONGODB_URL'>): AgendaBackendKind {
  return config.MONGODB_URL ? 'mongo' : 'postgres';
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
}): Promise<{ agenda: Agenda; close: (drainMs: number) => Promise<void> }> {
  const { config, logger } = opts;
  const backend =
    agendaBackendKind(config) === 'mongo'
      ? new (await import('@agendajs/mongo-backend')).MongoBackend({
          address: config.MONGODB_URL!,
          collection: 'agendaJobs',
        })
      : new (await import('@agendajs/postgres-backend')).PostgresBackend({
          connectionString: opts.databaseUrl,
          tableName: 'agenda_jobs',
          poolConfig: { max: 5 },
        });
  const agenda = new Agenda({
    backend,
    name: opts.name,
    processEvery: config.JOBS_PROCESS_EVERY_MS,
    maxConcurrency: config.WORKER_CONCURRENCY * 4,
    defaultConcurrency: config.WORKER_CONCURRENCY,
    defaultLockLifetime: config.JOBS_LOCK_LIFETIME_MS,
  });
  agenda.on('error', (err) => logger.error({ err }, 'agenda error'));
  await agenda.ready;
  /** A processing agenda finishes its running jobs (up to drainMs) and releases them; any agenda disconnects. */
  const close = async (drainMs: number) => {
    if (agenda.isActiveJobProcessor()) {
      const result = await agenda.drain({ timeout: drainMs });
      // Jobs still running now keep their lock until it expires, then another worker resumes them.
      if (result.timedOut) logger.warn(result, 'jobs still running at shutdown');
    } else {
      await backend.disconnect();
    }
  };
  return { agenda, close };
}
