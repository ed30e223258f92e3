import { createDb } from '../src/lib/db.js';
import { createLogger } from '../src/lib/logger.js';
import { startRuntime } from '../src/runtime.js';
import { testConfig } from '../test/app.js';
import { createTestDatabase, dropTestDatabase } from '../test/db.js';
import { agendaBackendKind, createAgenda } from './agenda.js';

describe('Agenda backend', () => {
  it('chooses MongoDB when MONGODB_URL is set and PostgreSQL otherwise', () => {
    expect(agendaBackendKind({ MONGODB_URL: 'mongodb://mongo:27017/jobs' })).toBe('mongo');
    expect(agendaBackendKind({ MONGODB_URL: undefined })).toBe('postgres');
  });

  it('stores jobs in our PostgreSQL and lets several processes start on a fresh database at once', async () => {
    const url = await createTestDatabase();
    const config = testConfig(url);
    const logger = createLogger('silent');
    try {
      await createDb(url, 1).raw('DROP TABLE IF EXISTS agenda_jobs').finally(() => undefined);
      const started = await Promise.all([1, 2, 3].map((i) => createAgenda({ config, databaseUrl: url, logger, name: `p${i}`, processJobs: false })));
      const job = started[0]!.agenda.create('maintenance.pruneSessions', {});
      await job.save();
      const { jobs } = await started[1]!.agenda.queryJobs({ name: 'maintenance.pruneSessions' });
      expect(jobs).toHaveLength(1);
      await Promise.all(started.map((s) => s.close(1000)));
    } finally {
      await dropTestDatabase(url);
    }
  });

  it('runs jobs in a worker and finishes running ones on shutdown', async () => {
    const url = await createTestDatabase();
    const rt = await startRuntime(testConfig(url), createLogger('silent'), 'worker');
    try {
      await rt.db('sessions').insert({ sid: 'old', sess: '{}', expire: new Date(Date.now() - 60_000) });
      await rt.services.jobs.enqueue('maintenance.pruneSessions', {});
      for (let i = 0; i < 100 && (await rt.db('sessions').count({ n: '*' }).first())!.n !== 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await rt.db('sessions').count({ n: '*' }).first())!.n).toBe(0);
    } finally {
      await rt.close();
      await dropTestDatabase(url);
    }
    // After close, nothing is left locked.
    expect(rt.shutdownSignal.aborted).toBe(true);
  });

  it('wakes a worker at once when a web process enqueues (no wait for the next poll)', async () => {
    const url = await createTestDatabase();
    // Workers poll only once a minute here: the job can only run in time if the web process's
    // enqueue notifies the worker (PostgreSQL LISTEN/NOTIFY).
    const env = { JOBS_PROCESS_EVERY_MS: '60000' };
    const worker = await startRuntime(testConfig(url, env), createLogger('silent'), 'worker');
    const web = await startRuntime(testConfig(url, env), createLogger('silent'), 'web');
    try {
      await new Promise((r) => setTimeout(r, 1000)); // past the worker's first poll at start
      await web.db('sessions').insert({ sid: 'old', sess: '{}', expire: new Date(Date.now() - 60_000) });
      await web.services.jobs.enqueue('maintenance.pruneSessions', {});
      let left = 1;
      for (let i = 0; i < 150 && left; i++) {
        await new Promise((r) => setTimeout(r, 100));
        left = Number((await web.db('sessions').count({ n: '*' }).first())!.n);
      }
      expect(left).toBe(0);
    } finally {
      await web.close();
      await worker.close();
      await dropTestDatabase(url);
    }
  });
});
