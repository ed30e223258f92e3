import supertest from 'supertest';
import { startTestApp, type TestApp } from '../../test/app.js';

describe('products through the panel (AdminJS API)', () => {
  let t: TestApp;
  let panel: ReturnType<typeof supertest.agent>;
  beforeAll(async () => {
    t = await startTestApp();
    await t.rt.services.adminUsers.createAdmin({ email: 'cat@example.com', password: 'catalogue!' });
    panel = supertest.agent(t.web.app);
    await panel.post('/admin/login').type('form').send({ email: 'cat@example.com', password: 'catalogue!' }).expect(302);
  });
  afterAll(() => t.close());

  it('creates, lists, filters, edits and deletes a product', async () => {
    const created = await panel.post('/admin/api/resources/products/actions/new').field('sku', 'Lamp-1').field('name', 'Desk lamp').field('active', 'true');
    expect(created.body.notice).toMatchObject({ type: 'success' });
    const id = created.body.record.params.id;
    expect(await t.rt.db('products').where({ id }).first()).toMatchObject({ sku: 'Lamp-1', name: 'Desk lamp', active: true });

    const list = await panel.get('/admin/api/resources/products/actions/list?filters.sku=lamp');
    expect(list.body.meta.total).toBe(1);
    expect(list.body.records[0].params).toMatchObject({ sku: 'Lamp-1' });

    const edited = await panel.post(`/admin/api/resources/products/records/${id}/edit`).field('name', 'Desk lamp XL').field('description', 'Brass');
    expect(edited.body.notice).toMatchObject({ type: 'success' });
    expect(await t.rt.db('products').where({ id }).first()).toMatchObject({ name: 'Desk lamp XL', description: 'Brass' });

    const deleted = await panel.post(`/admin/api/resources/products/records/${id}/delete`);
    expect(deleted.body.notice).toMatchObject({ type: 'success' });
    expect(await t.rt.db('products').where({ id }).first()).toBeUndefined();
  });

  it('shows a duplicate SKU in another case, or an empty SKU, on the form field', async () => {
    await t.rt.services.products.createProduct({ sku: 'CHAIR-9', name: 'Chair' });
    const dup = await panel.post('/admin/api/resources/products/actions/new').field('sku', 'chair-9').field('name', 'Other chair');
    expect(dup.body.record.errors.sku.message).toMatch(/already used by product \d+ \(CHAIR-9\)/);
    expect(dup.body.notice.type).toBe('error');
    const empty = await panel.post('/admin/api/resources/products/actions/new').field('sku', '  ').field('name', 'No sku');
    expect(empty.body.record.errors.sku.message).toBe('is required');
    expect(await t.rt.db('products').count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('refuses the panel API without a session', async () => {
    const res = await supertest(t.web.app).get('/admin/api/resources/products/actions/list');
    expect(res.status).toBe(302);
  });
});
