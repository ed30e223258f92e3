import { startTestApp, type TestApp } from '../../test/app.js';
import { waitFor } from '../../test/waitFor.js';

describe('job monitor API', () => {
  let t: TestApp;
  let releaseBlocked: () => void = () => {};
  const blocked = new Promise<void>((resolve) => {
    releaseBlocked = resolve;
  });
  const auth = () => ({ Authorization: `Bearer ${t.token}` });

  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    // Jobs of this test only: one that genuinely throws, one that runs until released.
    t.rt.agenda.define('monitorTest.throws', async () => {
      throw new Error('remote answered 500');
    });
    t.rt.agenda.define('monitorTest.blocks', async () => {
      await blocked;
    });
  });
  afterAll(async () => {
    releaseBlocked();
    await t.close();
  });

  const jobsIn = async (query: string) => (await t.http.get(`/api/v1/jobs?${query}`).set(auth()).expect(200)).body;

  it('requires authentication', async () => {
    const res = await t.http.get('/api/v1/jobs');
    expect(res.status).toBe(401);
    expect(res.type).toBe('application/problem+json');
  });

  it('shows a failed job with its attempts and last error, counts it, and retries it', async () => {
    await t.rt.agenda.now('monitorTest.throws', { orderId: 7 });
    const failed = await waitFor(async () => (await jobsIn('state=failed&name=monitorTest.throws')).data[0], { what: 'the job to fail' });
    expect(failed).toMatchObject({ name: 'monitorTest.throws', state: 'failed', attempts: 1, lastError: 'remote answered 500', data: { orderId: 7 } });

    const body = await jobsIn('');
    const row = body.overview.names.find((n: { name: string }) => n.name === 'monitorTest.throws');
    expect(row).toMatchObject({ failed: 1, total: 1 });
    expect(body.overview.totals.failed).toBe(body.overview.names.reduce((sum: number, n: { failed: number }) => sum + n.failed, 0));

    const retried = await t.http.post(`/api/v1/jobs/${failed.id}/retry`).set(auth());
    expect(retried.status).toBe(202);
    expect(retried.body.id).not.toBe(failed.id);
    // A new job with the same work; the answer shows it as it is by then, which may already be after its run (seen in CI).
    expect(retried.body).toMatchObject({ name: 'monitorTest.throws', data: { orderId: 7 } });
    await t.http.get(`/api/v1/jobs/${failed.id}`).set(auth()).expect(404);
    // The retry really runs (and, the remote still failing, fails again).
    const again = await waitFor(
      async () => {
        const job = (await t.http.get(`/api/v1/jobs/${retried.body.id}`).set(auth())).body;
        return job.state === 'failed' ? job : undefined;
      },
      { what: 'the retry to run' },
    );
    expect(again.attempts).toBe(1);
  });

  it('filters by state and name and paginates', async () => {
    for (let i = 0; i < 3; i++) await t.rt.services.jobs.agenda.schedule('in 2 hours', 'maintenance.pruneSessions', {});
    const page1 = await jobsIn('state=scheduled&name=maintenance.pruneSessions&perPage=2&page=1');
    const page2 = await jobsIn('state=scheduled&name=maintenance.pruneSessions&perPage=2&page=2');
    expect(page1.total).toBe(3);
    expect(page1.data).toHaveLength(2);
    expect(page2.data).toHaveLength(1);
    const ids = [...page1.data, ...page2.data].map((j: { id: string }) => j.id);
    expect(new Set(ids).size).toBe(3);
    expect([...page1.data, ...page2.data].every((j: { state: string }) => j.state === 'scheduled')).toBe(true);
    const searched = await jobsIn('search=prune');
    expect(searched.data.every((j: { name: string }) => j.name.includes('prune'))).toBe(true);
  });

  it('refuses to retry or delete a running job, and deletes a finished one', async () => {
    await t.rt.agenda.now('monitorTest.blocks', {});
    const running = await waitFor(async () => (await jobsIn('state=running&name=monitorTest.blocks')).data[0], { what: 'the job to start' });
    expect((await t.http.post(`/api/v1/jobs/${running.id}/retry`).set(auth())).status).toBe(409);
    expect((await t.http.delete(`/api/v1/jobs/${running.id}`).set(auth())).status).toBe(409);
    releaseBlocked();
    await waitFor(
      async () => {
        const job = (await t.http.get(`/api/v1/jobs/${running.id}`).set(auth())).body;
        return job.state === 'completed' ? job : undefined;
      },
      { what: 'the job to finish' },
    );
    const del = await t.http.delete(`/api/v1/jobs/${running.id}`).set(auth());
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ deleted: 1 });
    expect((await t.http.delete(`/api/v1/jobs/${running.id}`).set(auth())).status).toBe(404);
  });

  it('answers 404 for ids that cannot exist and 422 for an unknown state', async () => {
    expect((await t.http.get('/api/v1/jobs/not-a-job').set(auth())).status).toBe(404);
    const bad = await t.http.get('/api/v1/jobs?state=sleeping').set(auth());
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('state');
  });
});
