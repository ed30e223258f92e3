import { startTestApp, type TestApp } from '../../test/app.js';

describe('dashboard summary', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts products, active products, and the last week of imports by outcome', async () => {
    const { products } = t.rt.services;
    await products.createProduct({ sku: 'A-1', name: 'Anvil', active: true } as never);
    await products.createProduct({ sku: 'A-2', name: 'Rocket', active: true } as never);
    await products.createProduct({ sku: 'A-3', name: 'Magnet', active: false } as never);
    const day = 24 * 3600 * 1000;
    const imp = (status: string, ageDays: number, filename: string) => ({
      filename,
      status,
      phase: 'done',
      chunk_size: 1000,
      total_rows: 10,
      inserted_count: 8,
      rejected_count: 2,
      uploaded_by: 'ops@acme.test',
      created_at: new Date(Date.now() - ageDays * day),
    });
    await t.rt
      .db('imports')
      .insert([imp('completed', 1, 'monday.csv'), imp('completed', 2, 'tuesday.csv'), imp('failed', 3, 'broken.csv'), imp('completed', 30, 'last-month.csv')]);

    const res = await t.http.get('/api/v1/dashboard').set('Authorization', `Bearer ${t.token}`);
    expect(res.status).toBe(200);
    expect(res.body.products).toEqual({ total: 3, active: 2, inactive: 1 });
    expect(res.body.imports).toMatchObject({ days: 7, total: 3, byStatus: { completed: 2, failed: 1, queued: 0, processing: 0, previewed: 0, cancelled: 0 } });
    expect(res.body.imports.recent.map((r: { filename: string }) => r.filename)).toEqual(['monday.csv', 'tuesday.csv', 'broken.csv']);
    expect(res.body.imports.recent[0]).toMatchObject({ insertedCount: 8, rejectedCount: 2, uploadedBy: 'ops@acme.test' });
  });

  it('reports the webhook delivery success rate of the last week (null before any delivery finished)', async () => {
    const get = async () => (await t.http.get('/api/v1/dashboard').set('Authorization', `Bearer ${t.token}`)).body.webhooks;
    expect(await get()).toEqual({ days: 7, delivered: 0, failed: 0, pending: 0, successRate: null });
    const [hook] = await t.rt.db('webhooks').insert({ url: 'http://127.0.0.1:9/hook', secret: 'whsec_test' }).returning('id');
    const msg = (id: string, status: string, ageDays = 0, eventType = 'product.created') => ({
      id,
      webhook_id: hook.id,
      event_type: eventType,
      body: '{}',
      status,
      created_at: new Date(Date.now() - ageDays * 24 * 3600 * 1000),
    });
    await t.rt.db('webhook_messages').insert([
      msg('m1', 'delivered'),
      msg('m2', 'delivered'),
      msg('m3', 'delivered'),
      msg('m4', 'failed'),
      msg('m5', 'pending'),
      msg('m6', 'failed', 10),
      msg('m7', 'failed', 0, 'webhook.test'), // test sends say nothing about real deliveries
    ]);
    expect(await get()).toEqual({ days: 7, delivered: 3, failed: 1, pending: 1, successRate: 0.75 });
  });

  it('requires authentication', async () => {
    expect((await t.http.get('/api/v1/dashboard')).status).toBe(401);
  });
});
