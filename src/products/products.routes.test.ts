import { startTestApp, type TestApp } from '../../test/app.js';

let seq = 0;
const buildProduct = (overrides: Record<string, unknown> = {}) => {
  seq += 1;
  return { sku: `SKU-${seq}`, name: `Product ${seq}`, description: `Description ${seq}`, active: true, ...overrides };
};

describe('products API: single products', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  /** The last outbox event that belongs to an earlier test or to a test's set-up. */
  let seen = 0;
  const markSeen = async () => {
    seen = Number(((await t.rt.db('domain_events').max({ id: 'id' }).first()) as { id: string | null }).id ?? 0);
  };
  /** The events recorded (in the outbox, with the change) since the last mark, in order. */
  const recorded = async () =>
    (await t.rt.db('domain_events').where('id', '>', seen).orderBy('id')).map((r: { name: string; data: unknown }) => ({ event: r.name, data: r.data }));

  beforeAll(async () => {
    t = await startTestApp();
    auth = { Authorization: `Bearer ${t.token}` };
  });
  afterAll(() => t.close());
  beforeEach(markSeen);

  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/api/v1/products').set(auth).send(buildProduct(overrides));
    expect(res.status).toBe(201);
    await markSeen(); // the events of the set-up are not the test's
    return res.body as { id: number; sku: string; name: string; description: string | null; active: boolean; updatedAt: string };
  };

  it('answers 401 without credentials and with a bad token', async () => {
    expect((await t.http.get('/api/v1/products')).status).toBe(401);
    const bad = await t.http.get('/api/v1/products').set('Authorization', 'Bearer acme_nope');
    expect(bad.status).toBe(401);
    expect(bad.type).toBe('application/problem+json');
  });

  it('POST creates a product (201, Location, defaults) and emits product.created', async () => {
    const res = await t.http.post('/api/v1/products').set(auth).send({ sku: ' NEW-1 ', name: 'New thing' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/products/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.any(Number),
      sku: 'NEW-1',
      name: 'New thing',
      description: null,
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await recorded()).toEqual([{ event: 'product.created', data: res.body }]);
  });

  it('POST answers 422 listing every invalid field', async () => {
    const res = await t.http
      .post('/api/v1/products')
      .set(auth)
      .send({ sku: '', name: 'x'.repeat(501), description: 5, active: 'yes' });
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['active', 'description', 'name', 'sku']);
    expect(await recorded()).toEqual([]);
  });

  it('POST answers 422 for a body that is not an object, and 400 for malformed JSON', async () => {
    const arr = await t.http.post('/api/v1/products').set(auth).send([1, 2]);
    expect(arr.status).toBe(422);
    const bad = await t.http.post('/api/v1/products').set(auth).set('Content-Type', 'application/json').send('{"sku":');
    expect(bad.status).toBe(400);
  });

  it('POST answers 409 naming the existing product for a duplicate SKU in another letter case', async () => {
    const existing = await create({ sku: 'Dup-Case-1' });
    const res = await t.http
      .post('/api/v1/products')
      .set(auth)
      .send(buildProduct({ sku: 'dUP-cASE-1' }));
    expect(res.status).toBe(409);
    expect(res.body.existingProductId).toBe(existing.id);
    expect(res.body.title).toContain(`product ${existing.id}`);
    expect(res.body.errors).toEqual([{ field: 'sku', message: expect.stringContaining('Dup-Case-1') }]);
  });

  it('concurrent creates of one SKU: one 201, every other answer a 409 naming the winner', async () => {
    const answers = await Promise.all(
      ['Race-1', 'RACE-1', 'race-1', 'rAce-1', 'RaCe-1', 'race-1'].map((sku) => t.http.post('/api/v1/products').set(auth).send(buildProduct({ sku }))),
    );
    const created = answers.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const r of answers.filter((a) => a.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.existingProductId).toBe(created[0]!.body.id);
    }
  });

  it('GET /:id answers the product, 404 when missing, 422 for a non-numeric id', async () => {
    const p = await create();
    const res = await t.http.get(`/api/v1/products/${p.id}`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(p);
    expect((await t.http.get('/api/v1/products/999999').set(auth)).status).toBe(404);
    const bad = await t.http.get('/api/v1/products/abc').set(auth);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('id');
  });

  it('PUT /:id replaces every field (omitted description becomes null) and emits product.updated', async () => {
    const p = await create({ description: 'old', active: false });
    const res = await t.http.put(`/api/v1/products/${p.id}`).set(auth).send({ sku: p.sku, name: 'Renamed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: p.id, sku: p.sku, name: 'Renamed', description: null, active: true });
    expect(await recorded()).toEqual([{ event: 'product.updated', data: res.body }]);
  });

  it('PUT /:id answers 404, 409 and 422', async () => {
    const a = await create();
    const b = await create();
    expect((await t.http.put('/api/v1/products/999999').set(auth).send(buildProduct())).status).toBe(404);
    const dup = await t.http.put(`/api/v1/products/${b.id}`).set(auth).send({ sku: a.sku.toLowerCase(), name: 'x' });
    expect(dup.status).toBe(409);
    expect(dup.body.existingProductId).toBe(a.id);
    const invalid = await t.http.put(`/api/v1/products/${b.id}`).set(auth).send({ description: 'only' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'sku']);
  });

  it('PATCH /:id changes only the given fields; keeping its own SKU in another case is allowed', async () => {
    const p = await create({ description: 'kept' });
    const res = await t.http.patch(`/api/v1/products/${p.id}`).set(auth).send({ active: false, sku: p.sku.toLowerCase() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: p.name, description: 'kept', active: false, sku: p.sku.toLowerCase() });
    expect((await recorded()).map((e) => e.event)).toEqual(['product.updated']);
  });

  it('PATCH /:id answers 404, 409 and 422', async () => {
    const a = await create();
    const b = await create();
    expect((await t.http.patch('/api/v1/products/999999').set(auth).send({ name: 'x' })).status).toBe(404);
    expect((await t.http.patch(`/api/v1/products/${b.id}`).set(auth).send({ sku: a.sku })).status).toBe(409);
    const invalid = await t.http.patch(`/api/v1/products/${b.id}`).set(auth).send({ name: '', active: 1 });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['active', 'name']);
  });

  it('DELETE /:id answers 204 and emits product.deleted; then 404', async () => {
    const p = await create();
    const res = await t.http.delete(`/api/v1/products/${p.id}`).set(auth);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await recorded()).toEqual([{ event: 'product.deleted', data: expect.objectContaining({ id: p.id, sku: p.sku }) }]);
    expect((await t.http.get(`/api/v1/products/${p.id}`).set(auth)).status).toBe(404);
    expect((await t.http.delete(`/api/v1/products/${p.id}`).set(auth)).status).toBe(404);
  });

  it('PUT /by-sku/:sku creates (201), then replaces matching any letter case (200) keeping the stored SKU', async () => {
    const created = await t.http.put('/api/v1/products/by-sku/Up-Sert-1').set(auth).send({ name: 'First', description: 'd' });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/products/${created.body.id}`);
    expect(created.body).toMatchObject({ sku: 'Up-Sert-1', name: 'First', description: 'd', active: true });
    const updated = await t.http.put('/api/v1/products/by-sku/UP-SERT-1').set(auth).send({ name: 'Second', active: false });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, sku: 'Up-Sert-1', name: 'Second', description: null, active: false });
    const events = await recorded();
    expect(events.map((e) => e.event)).toEqual(['product.created', 'product.updated']);
    expect(events[1]!.data).toEqual(updated.body);
  });

  it('PUT /by-sku/:sku answers 422 for an invalid body or a body SKU naming another product', async () => {
    const invalid = await t.http.put('/api/v1/products/by-sku/UPS-2').set(auth).send({ active: 'no' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['active', 'name']);
    const other = await t.http.put('/api/v1/products/by-sku/UPS-2').set(auth).send({ sku: 'UPS-3', name: 'x' });
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([{ field: 'sku', message: 'must equal the SKU in the path' }]);
    const same = await t.http.put('/api/v1/products/by-sku/UPS-2').set(auth).send({ sku: 'ups-2', name: 'x' });
    expect(same.status).toBe(201);
    expect(same.body.sku).toBe('ups-2');
  });

  it('DELETE /products needs confirm=all (400), then deletes everything, answers the count and emits once', async () => {
    await create();
    const before = (await t.http.get('/api/v1/products').set(auth)).body.total as number;
    expect(before).toBeGreaterThan(0);
    const refused = await t.http.delete('/api/v1/products').set(auth);
    expect(refused.status).toBe(400);
    expect((await t.http.delete('/api/v1/products?confirm=yes').set(auth)).status).toBe(400);
    expect((await t.http.get('/api/v1/products').set(auth)).body.total).toBe(before);
    expect(await recorded()).toEqual([]);
    const res = await t.http.delete('/api/v1/products?confirm=all').set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: before });
    expect(await recorded()).toEqual([{ event: 'products.deleted_all', data: { count: before } }]);
    expect((await t.http.get('/api/v1/products').set(auth)).body.total).toBe(0);
  });

  it('answers 404 problem+json for an unknown products route', async () => {
    const res = await t.http.post('/api/v1/products/1/publish').set(auth);
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/problem+json');
  });
});
