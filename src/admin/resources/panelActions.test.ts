import supertest from 'supertest';
import { startTestApp, type TestApp } from '../../../test/app.js';

/**
 * The panel's own actions through AdminJS's HTTP API, logged in like the browser: delete all
 * products (never on GET, only with the typed confirmation) and the Imports record actions.
 */
describe('panel actions', () => {
  let t: TestApp;
  let panel: ReturnType<typeof supertest.agent>;
  const csv = (rows: number, prefix: string) => ['sku,name', ...Array.from({ length: rows }, (_, i) => `${prefix}-${i},Product ${i}`)].join('\n');
  const upload = async (name: string, body: string) => {
    const res = await t.http.post(`/api/v1/imports?filename=${name}`).set('Authorization', `Bearer ${t.token}`).type('text/csv').send(body);
    expect(res.status).toBe(202);
    return res.body as { id: string; status: string };
  };

  beforeAll(async () => {
    t = await startTestApp(); // web role: no worker, so uploaded imports wait in the queue
    await t.rt.services.adminUsers.createAdmin({ email: 'panel@acme.test', password: 'panel-password' });
    panel = supertest.agent(t.web.app);
    const login = await panel.post('/admin/login').type('form').send({ email: 'panel@acme.test', password: 'panel-password' });
    expect(login.status).toBe(302);
    expect(login.headers.location).not.toContain('login');
  });
  afterAll(() => t.close());

  describe('delete all products', () => {
    const url = '/admin/api/resources/products/actions/deleteAll';

    it('reports the count on GET and deletes nothing', async () => {
      for (const sku of ['A-1', 'A-2', 'A-3']) await t.rt.services.products.createProduct({ sku, name: sku });
      const res = await panel.get(url);
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(3);
      expect(await t.rt.services.products.count()).toBe(3);
    });

    it('refuses a POST whose confirmation is neither the count nor DELETE', async () => {
      for (const confirmation of ['', '2', 'delete', 'yes']) {
        const res = await panel.post(url).send({ confirmation });
        expect(res.body.error).toMatch(/Type 3 .* or DELETE/);
      }
      expect(await t.rt.services.products.count()).toBe(3);
    });

    it('deletes every product on a POST with the count, and reports how many', async () => {
      const res = await panel.post(url).send({ confirmation: '3' });
      expect(res.body).toMatchObject({ deleted: 3, notice: { type: 'success' } });
      expect(await t.rt.services.products.count()).toBe(0);
    });

    it('is not reachable without the panel session', async () => {
      const res = await supertest(t.web.app).post(url).send({ confirmation: 'DELETE' });
      expect(res.status).not.toBe(200);
    });
  });

  describe('products list totals', () => {
    it('match the rows, unfiltered, by active, and with a text filter', async () => {
      const { products } = t.rt.services;
      for (const [sku, active] of [
        ['T-1', true],
        ['T-2', true],
        ['T-3', false],
        ['X-1', true],
      ] as const) {
        await products.createProduct({ sku, name: sku, active });
      }
      const total = async (query: string) => (await panel.get(`/admin/api/resources/products/actions/list${query}`)).body.meta.total;
      expect(await total('')).toBe(await products.count());
      expect(await total('?filters.active=true')).toBe(3);
      expect(await total('?filters.active=false')).toBe(1);
      expect(await total('?filters.sku=t-')).toBe(3);
      expect(await total('?filters.sku=t-&filters.active=true')).toBe(2);
    });

    it('are exact however many rows match, as the API total is', async () => {
      await t.rt.db.raw(`INSERT INTO products (sku, name, description) SELECT 'BULK-' || i, 'Bulk ' || i, 'bulk row' FROM generate_series(1, 10500) i`);
      await t.rt.db.raw('ANALYZE products');
      const total = async (query: string) => (await panel.get(`/admin/api/resources/products/actions/list${query}`)).body.meta.total;
      expect(await total('?filters.sku=bulk-1000')).toBe(11); // BULK-1000 and BULK-10000…10009
      expect(await total('?filters.name=bulk 99')).toBe(111);
      expect(await total('?filters.description=bulk')).toBe(10_500);
      expect(await total('?filters.description=bulk')).toBe(
        (await t.http.get('/api/v1/products?description=bulk').set('Authorization', `Bearer ${t.token}`)).body.total,
      );
    });
  });

  describe('imports', () => {
    const action = (id: string, name: string) => `/admin/api/resources/imports/records/${id}/${name}`;

    it('lists imports newest first with their duration, filtered by status', async () => {
      const first = await upload('first.csv', csv(5, 'F'));
      const second = await upload('second.csv', csv(5, 'S'));
      const list = await panel.get('/admin/api/resources/imports/actions/list');
      expect(list.status).toBe(200);
      const ids = list.body.records.map((r: { id: string }) => r.id);
      expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
      expect(list.body.records[0].params.duration).toMatch(/\d s/);
      const queued = await panel.get('/admin/api/resources/imports/actions/list?filters.status=queued');
      expect(queued.body.records.every((r: { params: { status: string } }) => r.params.status === 'queued')).toBe(true);
      const none = await panel.get('/admin/api/resources/imports/actions/list?filters.status=failed');
      expect(none.body.records).toHaveLength(0);
    });

    it('cancels a waiting import only on POST', async () => {
      const imp = await upload('cancel-me.csv', csv(10, 'C'));
      const get = await panel.get(action(imp.id, 'cancel'));
      expect(get.status).toBe(200);
      expect((await t.rt.services.imports.getImport(imp.id)).status).toBe('queued');

      const post = await panel.post(action(imp.id, 'cancel')).send({});
      expect(post.body.notice).toMatchObject({ type: 'success' });
      expect((await t.rt.services.imports.getImport(imp.id)).status).toBe('cancelled');

      // Cancelling again is refused with a notice, not a crash.
      const again = await panel.post(action(imp.id, 'cancel')).send({});
      expect(again.status).toBe(200);
      expect(again.body.notice).toMatchObject({ type: 'error' });
      expect(again.body.notice.message).toContain('already ended');
    });

    it('retries a failed import', async () => {
      const imp = await upload('retry-me.csv', csv(10, 'R'));
      await t.rt.db('imports').where({ id: imp.id }).update({ status: 'failed', error: 'worker lost' });
      const post = await panel.post(action(imp.id, 'retry')).send({});
      expect(post.body.notice).toMatchObject({ type: 'success' });
      expect((await t.rt.services.imports.getImport(imp.id)).status).toBe('queued');
    });

    it('starts no revert from the "Revert this import" action, on GET or POST (only its screen does, through the API)', async () => {
      const imp = await upload('revert-me.csv', csv(10, 'V'));
      await t.rt.db('imports').where({ id: imp.id }).update({ status: 'completed', finished_at: new Date() });
      for (const res of [await panel.get(action(imp.id, 'revert')), await panel.post(action(imp.id, 'revert')).send({})]) {
        expect(res.status).toBe(200);
        expect(res.body.record.id).toBe(imp.id);
      }
      expect((await t.rt.services.imports.getImport(imp.id)).revertStatus).toBeNull();
    });
  });

  describe('the products list', () => {
    const list = (query: string) => panel.get(`/admin/api/resources/products/actions/list?${query}`);
    const api = (query: string) => t.http.get(`/api/v1/products?${query}`).set('Authorization', `Bearer ${t.token}`);

    beforeAll(async () => {
      await t.rt.db.raw('TRUNCATE products');
      const names = ['Chair 50% off', 'Chair 500', 'Chair_big', 'Chairbig', 'Table', 'armchair'];
      for (const [i, name] of names.entries()) await t.rt.services.products.createProduct({ sku: `L-${i}`, name, active: i % 2 === 0 });
    });

    it.each([
      ['filters.name=chair', 'name=chair'],
      ['filters.name=50%25', 'name=50%25'],
      ['filters.name=r_b', 'name=r_b'],
      ['filters.name=chair&filters.active=true', 'name=chair&active=true'],
      ['filters.active=false', 'active=false'],
    ])('shows the same total and the same products as the API for %s', async (panelQuery, apiQuery) => {
      const [p, a] = await Promise.all([list(`${panelQuery}&perPage=50&sortBy=sku&direction=asc`), api(`${apiQuery}&perPage=50&sort=sku`)]);
      expect(p.status).toBe(200);
      expect(p.body.meta.total).toBe(a.body.total);
      expect(p.body.records.map((r: { params: { sku: string } }) => r.params.sku)).toEqual(a.body.data.map((d: { sku: string }) => d.sku));
    });

    it('takes % and _ in a filter literally, as the API does', async () => {
      expect((await list('filters.name=50%25')).body.records.map((r: { params: { name: string } }) => r.params.name)).toEqual(['Chair 50% off']);
      expect((await list('filters.name=r_b')).body.meta.total).toBe(1);
    });

    it('pages at any depth in the chosen order', async () => {
      const page2 = await list('perPage=2&page=2&sortBy=name&direction=asc');
      expect(page2.body.records.map((r: { params: { name: string } }) => r.params.name)).toEqual(['Chair_big', 'Chairbig']);
      expect(page2.body.meta.total).toBe(6);
    });
  });
});
