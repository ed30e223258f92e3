import { startTestApp, type TestApp } from '../../test/app.js';
import { buildCsv, buildProduct, uploadCsv } from '../../test/imports.js';
import { waitFor } from '../../test/waitFor.js';

/**
 * The job monitor says what happened to an import job's work: the `imports.process` job of a
 * failed import is failed (with the import's reason, not retried), not "completed".
 */
describe("imports.process: the job state is the import's outcome", () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.token}` });
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
  });
  afterAll(() => t.close());

  type MonitoredJob = { id: string; state: string; attempts: number; lastError: string | null; nextRunAt: string | null; data: { importId: string } };
  const jobsOf = async (importId: string) =>
    ((await t.http.get('/api/v1/jobs?name=imports.process&perPage=200').set(auth()).expect(200)).body.data as MonitoredJob[]).filter(
      (j) => j.data.importId === importId,
    );

  it('completed import: its jobs are completed; failed import: its job is failed with the reason, and not retried', async () => {
    const upload = await uploadCsv(t, buildCsv([1, 2, 3].map((i) => buildProduct(i))), 'state.csv');
    expect(upload.status).toBe(202);
    const importId = upload.body.id as string;
    await waitFor(async () => (await t.rt.services.imports.getImport(importId)).status === 'completed', { what: 'the import to complete' });
    const done = await waitFor(
      async () => {
        const jobs = await jobsOf(importId);
        return jobs.length > 0 && jobs.every((j) => j.state === 'completed') ? jobs : undefined;
      },
      { what: 'the import jobs to be completed' },
    );
    expect(done.length).toBeGreaterThan(0);

    // The import engine records a failure (as after its last failed attempt); the job that runs for it then fails.
    await t.rt.db('imports').where({ id: importId }).update({ status: 'failed', error: 'chunk 2 refused: the staged rows are gone' });
    await t.rt.services.jobs.enqueue('imports.process', { importId, applier: 0 });
    const failed = await waitFor(async () => (await jobsOf(importId)).find((j) => j.state === 'failed'), { what: 'the job of the failed import to fail' });
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, lastError: 'The import failed: chunk 2 refused: the staged rows are gone', nextRunAt: null });

    const overview = (await t.http.get('/api/v1/jobs?name=imports.process').set(auth()).expect(200)).body.overview;
    expect(overview.names.find((n: { name: string }) => n.name === 'imports.process')).toMatchObject({ failed: 1 });
    const filtered = (await t.http.get('/api/v1/jobs?name=imports.process&state=failed').set(auth()).expect(200)).body.data as MonitoredJob[];
    expect(filtered.map((j) => j.id)).toEqual([failed.id]);
  });
});
