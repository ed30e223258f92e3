import { startTestApp, type TestApp } from '../../test/app.js';

describe('health endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /healthz without credentials', async () => {
    const res = await t.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('reports database and job backend in /readyz', async () => {
    const res = await t.http.get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body.checks).toEqual({ database: 'ok', jobs: 'ok' });
  });

  it('answers 503 from /readyz when the database is gone', async () => {
    const other = await startTestApp();
    await other.rt.db.destroy(); // the pool is closed: queries fail as if the server were down
    const res = await other.http.get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('unavailable');
    expect(res.body.checks.database).not.toBe('ok');
    await other.close();
  });
});
