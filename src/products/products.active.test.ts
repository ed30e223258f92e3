import supertest from 'supertest';
import { startTestApp, type TestApp } from '../../test/app.js';

/** A bad `active` is answered with the values it accepts (one definition: ACTIVE_ACCEPTED), from the API and the panel. */
describe('products: the 422 for a bad active value', () => {
  let t: TestApp;
  let panel: ReturnType<typeof supertest.agent>;
  const auth = () => ({ Authorization: `Bearer ${t.token}` });
  beforeAll(async () => {
    t = await startTestApp();
    await t.rt.services.adminUsers.createAdmin({ email: 'active@acme.test', password: 'active-password' });
    panel = supertest.agent(t.web.app);
    await panel.post('/admin/login').type('form').send({ email: 'active@acme.test', password: 'active-password' }).expect(302);
  });
  afterAll(() => t.close());

  const activeError = (body: { errors: { field: string; message: string }[] }) => body.errors.find((e) => e.field === 'active')?.message;

  it.each([
    ['"yes"', 'yes', 'not the text "yes"'],
    ['"true" (in quotes)', 'true', 'not the text "true"'],
    ['1', 1, 'not the number 1'],
    ['null', null, 'not null'],
  ])('POST /products with active %s says which values are accepted and what came', async (_, active, sent) => {
    const res = await t.http.post('/api/v1/products').set(auth()).send({ sku: 'A-1', name: 'Anvil', active });
    expect(res.status).toBe(422);
    expect(activeError(res.body)).toBe(`must be true or false (JSON true or false, without quotes), ${sent}`);
    expect(res.body.title).toContain('active must be true or false');
    expect(res.body.title).not.toContain('expected boolean');
  });

  it('PATCH says the same, and the list filter says which values it accepts', async () => {
    const { body: p } = await t.http.post('/api/v1/products').set(auth()).send({ sku: 'A-2', name: 'Anvil' }).expect(201);
    const patch = await t.http.patch(`/api/v1/products/${p.id}`).set(auth()).send({ active: 'no' });
    expect(patch.status).toBe(422);
    expect(activeError(patch.body)).toBe('must be true or false (JSON true or false, without quotes), not the text "no"');
    const list = await t.http.get('/api/v1/products?active=yes').set(auth());
    expect(list.status).toBe(422);
    expect(activeError(list.body)).toBe('must be true or false');
  });

  it('the panel shows the same message on the field instead of saving a bad value as false', async () => {
    const res = await panel.post('/admin/api/resources/products/actions/new').field('sku', 'A-3').field('name', 'Anvil').field('active', 'yes');
    expect(res.body.record.errors.active.message).toBe('must be true or false (JSON true or false, without quotes), not the text "yes"');
    expect(await t.rt.db('products').where({ sku: 'A-3' }).first()).toBeUndefined();
    const ok = await panel.post('/admin/api/resources/products/actions/new').field('sku', 'A-4').field('name', 'Anvil').field('active', 'false');
    expect(ok.body.notice).toMatchObject({ type: 'success' });
    expect(await t.rt.db('products').where({ sku: 'A-4' }).first()).toMatchObject({ active: false });
  });

  it('unchecking Active in the edit form deactivates the product (AdminJS alone turned "false" into true)', async () => {
    const p = await t.rt.services.products.createProduct({ sku: 'A-6', name: 'Anvil' });
    const res = await panel.post(`/admin/api/resources/products/records/${p.id}/edit`).field('active', 'false');
    expect(res.body.notice).toMatchObject({ type: 'success' });
    expect(await t.rt.db('products').where({ id: p.id }).first()).toMatchObject({ active: false });
  });

  it('a product created in the panel without touching Active is active, as from the CSV and the API', async () => {
    const res = await panel.post('/admin/api/resources/products/actions/new').field('sku', 'A-5').field('name', 'Anvil');
    expect(res.body.notice).toMatchObject({ type: 'success' });
    expect(await t.rt.db('products').where({ sku: 'A-5' }).first()).toMatchObject({ active: true });
  });
});
