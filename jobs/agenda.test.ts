import pg from 'pg';
import type { Db } from '../src/lib/db.js';
import { createLogger } from '../src/lib/logger.js';
import { startRuntime } from '../src/runtime.js';
import { testConfig } from '../test/app.js';
import { createTestDatabase, dropTestDatabase } from '../test/db.js';
import { waitFor } from '../test/waitFor.js';
import { agendaBackendKind, AGENDA_TABLE, createAgenda } from './agenda.js';
import { recurringJobs } from './registry.js';

/** Expired sessions left in a runtime's database. */
const sessionsLeft = async (db: Db) => Number((await db('sessions').count({ n: '*' }).first())!.n);

/** One query on `url` with a short-lived client (for a database whose runtime is closed). */
async function queryOnce<R extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('Agenda backend', () => {
  it('chooses MongoDB when MONGODB_URL is set and PostgreSQL otherwise', () => {
    expect(agendaBackendKind({ MONGODB_URL: 'mongodb://mongo:27017/jobs' })).toBe('mongo');
    expect(agendaBackendKind({ MONGODB_URL: undefined })).toBe('postgres');
  });

  it('stores jobs in our PostgreSQL and lets several processes start on a fresh database at once', async () => {
    const url = await createTestDatabase();
    const config = testConfig(url);
    const logger = createLogger('silent');
    let started: Awaited<ReturnType<typeof createAgenda>>[] = [];
    try {
      await queryOnce(url, `DROP TABLE IF EXISTS ${AGENDA_TABLE}`);
      started = await Promise.all([1, 2, 3].map((i) => createAgenda({ config, databaseUrl: url, logger, name: `p${i}`, processJobs: false })));
      const job = started[0]!.agenda.create('maintenance.pruneSessions', {});
      await job.save();
      const { jobs } = await started[1]!.agenda.queryJobs({ name: 'maintenance.pruneSessions' });
      expect(jobs).toHaveLength(1);
    } finally {
      await Promise.all(started.map((s) => s.close(1000)));
      await dropTestDatabase(url);
    }
  });

  it('runs jobs in a worker and finishes running ones on shutdown, leaving none locked', async () => {
    const url = await createTestDatabase();
    const rt = await startRuntime(testConfig(url), createLogger('silent'), 'worker');
    let closed = false;
    try {
      await rt.db('sessions').insert({ sid: 'old', sess: '{}', expire: new Date(Date.now() - 60_000) });
      await rt.services.jobs.enqueue('maintenance.pruneSessions', {});
      await waitFor(async () => (await sessionsLeft(rt.db)) === 0, { what: 'the worker to prune the expired session' });

      // A job still running when shutdown starts: close() must wait for it to finish.
      let started = false;
      let finished = false;
      rt.agenda.define('test.runningAtShutdown', async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 500)); // the job's own work
        finished = true;
      });
      await rt.agenda.now('test.runningAtShutdown', {});
      await waitFor(() => started, { what: 'the job to start' });
      await rt.close();
      closed = true;
      expect(finished).toBe(true);
      const locked = await queryOnce<{ name: string }>(url, `SELECT name FROM ${AGENDA_TABLE} WHERE locked_at IS NOT NULL`);
      expect(locked).toEqual([]);
      const [job] = await queryOnce<{ last_finished_at: Date | null }>(url, `SELECT last_finished_at FROM ${AGENDA_TABLE} WHERE name = $1`, [
        'test.runningAtShutdown',
      ]);
      expect(job!.last_finished_at).toBeInstanceOf(Date);
    } finally {
      if (!closed) await rt.close();
      await dropTestDatabase(url);
    }
  });

  it('wakes a worker at once when a web process enqueues (no wait for the next poll)', async () => {
    const url = await createTestDatabase();
    // Workers poll only once a minute here: the job can only run in time if the web process's
    // enqueue notifies the worker (PostgreSQL LISTEN/NOTIFY).
    const env = { JOBS_PROCESS_EVERY_MS: '60000' };
    const worker = await startRuntime(testConfig(url, env), createLogger('silent'), 'worker');
    const web = await startRuntime(testConfig(url, env), createLogger('silent'), 'web');
    try {
      // Past the worker's first poll at start: it has run the recurring jobs it schedules then.
      await waitFor(
        async () => {
          const { jobs } = await worker.agenda.queryJobs({});
          return recurringJobs.every((r) => jobs.some((j) => j.name === r.name && j.lastFinishedAt));
        },
        { what: "the worker's first run of the recurring jobs" },
      );
      await web.db('sessions').insert({ sid: 'old', sess: '{}', expire: new Date(Date.now() - 60_000) });
      await web.services.jobs.enqueue('maintenance.pruneSessions', {});
      // Well before the next poll (60 s): only the enqueue's notification can have woken the worker.
      await waitFor(async () => (await sessionsLeft(web.db)) === 0, { what: 'the notified worker to prune the session', timeoutMs: 15_000 });
    } finally {
      await web.close();
      await worker.close();
      await dropTestDatabase(url);
    }
  });
});
