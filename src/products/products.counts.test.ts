import { startTestApp, type TestApp } from '../../test/app.js';
import { createProductsRepo } from './products.repo.js';

/** The trigger-kept totals behind `total` of unfiltered and active-only lists stay exact. */
describe('product counts kept by triggers', () => {
  let t: TestApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    auth = { Authorization: `Bearer ${t.token}` };
  });
  afterAll(() => t.close());

  const real = async () => {
    const { rows } = await t.rt.db.raw('SELECT count(*)::int AS total, (count(*) FILTER (WHERE active))::int AS active FROM products');
    return rows[0] as { total: number; active: number };
  };
  const expectExact = async () => {
    const expected = await real();
    expect(await t.rt.services.products.count()).toBe(expected.total);
    const all = await t.http.get('/api/v1/products?perPage=1').set(auth);
    const active = await t.http.get('/api/v1/products?perPage=1&active=true').set(auth);
    const inactive = await t.http.get('/api/v1/products?perPage=1&active=false').set(auth);
    expect([all.body.total, active.body.total, inactive.body.total]).toEqual([expected.total, expected.active, expected.total - expected.active]);
  };
  const bulk = (from: number, to: number) =>
    t.rt.db.raw(
      `INSERT INTO products (sku, name, active) SELECT 'C-' || i, 'n' || i, i % 4 <> 0 FROM generate_series(?::int, ?::int) i
       ON CONFLICT ((lower(sku))) DO UPDATE SET active = NOT products.active`,
      [from, to],
    );

  it('follows inserts, upserts, updates, deletes, rollbacks and TRUNCATE', async () => {
    await expectExact();
    await bulk(1, 1000);
    await expectExact();
    await bulk(500, 1500); // 501 updates flipping active, 500 inserts
    await expectExact();
    const created = await t.http.post('/api/v1/products').set(auth).send({ sku: 'ONE', name: 'one', active: false });
    await t.http.put('/api/v1/products/by-sku/TWO').set(auth).send({ name: 'two' });
    await t.http.put('/api/v1/products/by-sku/two').set(auth).send({ name: 'two', active: false });
    await expectExact();
    await t.http.patch(`/api/v1/products/${created.body.id}`).set(auth).send({ active: true });
    await t.rt.db.raw("UPDATE products SET active = false WHERE sku LIKE 'C-1%'");
    await expectExact();
    await t.http.delete(`/api/v1/products/${created.body.id}`).set(auth);
    await t.rt.db.raw("DELETE FROM products WHERE sku LIKE 'C-2%'");
    await expectExact();
    await t.rt.db
      .transaction(async (trx) => {
        await trx.raw("INSERT INTO products (sku, name) VALUES ('ROLLED-BACK', 'x')");
        await trx.rollback();
      })
      .catch(() => {});
    await expectExact();
    await Promise.all([bulk(2000, 2600), bulk(2400, 3000), bulk(2900, 3500)]);
    await expectExact();
    const deleted = await t.http.delete('/api/v1/products?confirm=all').set(auth);
    expect(deleted.body.deleted).toBeGreaterThan(0);
    await expectExact();
    await bulk(1, 10);
    await expectExact();
  });

  it('folds the deltas into one row without changing the totals', async () => {
    for (let i = 0; i < 30; i++) await t.rt.db.raw("INSERT INTO products (sku, name, active) VALUES (?, 'x', ?)", [`F-${i}`, i % 2 === 0]);
    const before = await t.rt.services.products.count();
    const { rows } = await t.rt.db.raw('SELECT count(*)::int AS n FROM product_count_deltas');
    expect(rows[0].n).toBeGreaterThan(30);
    const repoCounts = createProductsRepo(t.rt.db);
    await repoCounts.compactCounts();
    expect((await t.rt.db.raw('SELECT count(*)::int AS n FROM product_count_deltas')).rows[0].n).toBe(1);
    expect(await repoCounts.productCounts()).toEqual(await real());
    expect(before).toBe((await real()).total);
    await expectExact();
  });
});
