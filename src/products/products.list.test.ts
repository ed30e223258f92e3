import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../../test/app.js';
import type { Product } from './products.schemas.js';

type P = Product;

const catalogue = [
  { sku: 'RED-CHAIR-01', name: 'Red Chair', description: 'A comfortable red chair', active: true },
  { sku: 'BLUE-TABLE-02', name: 'Blue Table', description: 'Solid oak, "quoted", with commas', active: true },
  { sku: 'red-lamp-03', name: 'Desk Lamp', description: 'Bright RED light\nsecond line', active: false },
  { sku: 'GREEN-SOFA-04', name: 'Green Sofa', description: null, active: false },
  { sku: 'PCT-05', name: '100% Cotton Towel', description: 'towel_with_underscore', active: true },
  { sku: 'CHAIR-06', name: 'chair', description: 'plain', active: true },
];

describe('products API: list filters, sorting, paging, export', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  const bySku = new Map<string, P>();

  const list = async (query: string) => {
    const res = await t.http.get(`/api/v1/products?${query}`).set(auth);
    expect(res.status).toBe(200);
    return res.body as { data: P[]; page: number; perPage: number; total: number; nextCursor: string | null };
  };
  const skus = async (query: string) => (await list(query)).data.map((p) => p.sku);

  beforeAll(async () => {
    t = await startTestApp();
    auth = { Authorization: `Bearer ${t.token}` };
    for (const p of catalogue) {
      const res = await t.http.post('/api/v1/products').set(auth).send(p);
      expect(res.status).toBe(201);
      bySku.set(p.sku, res.body);
    }
  });
  afterAll(() => t.close());

  it('answers { data, page, perPage, total, nextCursor } sorted by id by default', async () => {
    const body = await list('');
    expect(body).toEqual({ data: [...bySku.values()], page: 1, perPage: 50, total: 6, nextCursor: null });
  });

  it.each([
    ['sku=red', ['RED-CHAIR-01', 'red-lamp-03']],
    ['name=CHAIR', ['RED-CHAIR-01', 'CHAIR-06']],
    ['description=red', ['RED-CHAIR-01', 'red-lamp-03']],
    ['q=oak', ['BLUE-TABLE-02']],
    ['q=green', ['GREEN-SOFA-04']],
    ['q=pct', ['PCT-05']],
    ['q=CHAIR', ['RED-CHAIR-01', 'CHAIR-06']],
    ['active=false', ['red-lamp-03', 'GREEN-SOFA-04']],
    ['active=true&q=red', ['RED-CHAIR-01']],
    ['name=chair&sku=06', ['CHAIR-06']],
    [`name=${encodeURIComponent('100%')}`, ['PCT-05']],
    [`name=${encodeURIComponent('%')}`, ['PCT-05']],
    ['description=_', ['PCT-05']],
    ['q=nothing-matches', []],
  ])('filters %s', async (query, expected) => {
    const body = await list(query);
    expect(body.data.map((p) => p.sku)).toEqual(expected);
    expect(body.total).toBe(expected.length);
  });

  it.each([
    ['name', (a: P, b: P) => (a.name < b.name ? -1 : 1)],
    ['-name', (a: P, b: P) => (a.name < b.name ? 1 : -1)],
    ['sku', (a: P, b: P) => (a.sku < b.sku ? -1 : 1)],
    ['-id', (a: P, b: P) => b.id - a.id],
    ['createdAt', (a: P, b: P) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id],
  ])('sorts by %s', async (sort, compare) => {
    expect(await skus(`sort=${sort}`)).toEqual([...bySku.values()].sort(compare).map((p) => p.sku));
  });

  it('sorts by -updatedAt: the product changed last comes first', async () => {
    const blue = bySku.get('BLUE-TABLE-02')!;
    expect((await t.http.patch(`/api/v1/products/${blue.id}`).set(auth).send({ active: true })).status).toBe(200);
    expect((await skus('sort=-updatedAt'))[0]).toBe('BLUE-TABLE-02');
    expect((await skus('sort=updatedAt')).at(-1)).toBe('BLUE-TABLE-02');
  });

  it('pages by offset with page and perPage', async () => {
    const all = await skus('sort=sku');
    const page2 = await list('sort=sku&perPage=2&page=2');
    expect(page2.data.map((p) => p.sku)).toEqual(all.slice(2, 4));
    expect(page2).toMatchObject({ page: 2, perPage: 2, total: 6, nextCursor: expect.any(String) });
    expect((await list('sort=sku&perPage=2&page=3')).nextCursor).toBeNull();
    expect((await list('perPage=2&page=9')).data).toEqual([]);
  });

  it('follows nextCursor through every page of a filtered sort, counting pages', async () => {
    const expected = await skus('sort=-name&q=e');
    const seen: string[] = [];
    let query = 'sort=-name&q=e&perPage=2';
    for (let page = 1; ; page++) {
      const body = await list(query);
      expect(body.page).toBe(page);
      expect(body.total).toBe(expected.length);
      seen.push(...body.data.map((p) => p.sku));
      if (!body.nextCursor) break;
      query = `sort=-name&q=e&perPage=2&cursor=${body.nextCursor}`;
    }
    expect(seen).toEqual(expected);
  });

  it('answers 400 for a cursor of another sort, a garbled cursor, and offset paging past 10,000 rows', async () => {
    const { nextCursor } = await list('sort=name&perPage=1');
    const other = await t.http.get(`/api/v1/products?sort=-name&cursor=${nextCursor}`).set(auth);
    expect(other.status).toBe(400);
    expect(other.body.title).toContain('sort=name');
    expect((await t.http.get('/api/v1/products?cursor=garbage').set(auth)).status).toBe(400);
    const deep = await t.http.get('/api/v1/products?perPage=500&page=22').set(auth);
    expect(deep.status).toBe(400);
    expect(deep.body.title).toContain('nextCursor');
    expect((await t.http.get('/api/v1/products?perPage=500&page=21').set(auth)).status).toBe(200);
  });

  it('answers 422 listing every invalid query parameter', async () => {
    const res = await t.http.get('/api/v1/products?sort=price&perPage=501&page=0&active=maybe&sku=').set(auth);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['active', 'page', 'perPage', 'sku', 'sort']);
  });

  it('exports CSV in the import format, quoting where needed, with the same filters', async () => {
    const res = await t.http.get('/api/v1/products/export.csv').set(auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=products.csv');
    expect(res.text.split('\n')[0]).toBe('sku,name,description,active');
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([...bySku.values()].map((p) => ({ sku: p.sku, name: p.name, description: p.description ?? '', active: String(p.active) })));
    const filtered = await t.http.get('/api/v1/products/export.csv?active=false&sort=-sku').set(auth);
    expect((parse(filtered.text, { columns: true }) as { sku: string }[]).map((r: { sku: string }) => r.sku)).toEqual(['red-lamp-03', 'GREEN-SOFA-04']);
    const invalid = await t.http.get('/api/v1/products/export.csv?active=1').set(auth);
    expect(invalid.status).toBe(422);
  });
});

describe('products API: paging and export across thousands of rows', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  const N = 12_345;

  beforeAll(async () => {
    t = await startTestApp();
    auth = { Authorization: `Bearer ${t.token}` };
    // Ties on purpose: 100 distinct names, one updated_at for every row (one statement's now()).
    await t.rt.db.raw(
      `INSERT INTO products (sku, name, description, active)
       SELECT 'BULK-' || i, 'Item ' || (i % 100), 'bulk row ' || i, i % 3 <> 0 FROM generate_series(1, ?) AS i`,
      [N],
    );
  });
  afterAll(() => t.close());

  it.each(['name', '-updatedAt', 'sku'])('walks all rows by cursor (sort=%s) past the offset limit, without gaps or repeats', async (sort) => {
    const ids: number[] = [];
    const keys: string[] = [];
    let cursor = '';
    let pages = 0;
    for (;;) {
      const res = await t.http.get(`/api/v1/products?sort=${sort}&perPage=500${cursor}`).set(auth);
      expect(res.status).toBe(200);
      pages += 1;
      expect(res.body.page).toBe(pages);
      for (const p of res.body.data) {
        ids.push(p.id);
        keys.push(sort === 'name' ? p.name : sort === 'sku' ? p.sku : p.updatedAt);
      }
      if (!res.body.nextCursor) break;
      cursor = `&cursor=${res.body.nextCursor}`;
    }
    expect(pages).toBe(Math.ceil(N / 500));
    expect(new Set(ids).size).toBe(N);
    const desc = sort.startsWith('-');
    for (let i = 1; i < keys.length; i++) {
      const order = keys[i - 1]! < keys[i]! ? -1 : keys[i - 1]! > keys[i]! ? 1 : 0;
      if (order === 0) expect(desc ? ids[i - 1]! > ids[i]! : ids[i - 1]! < ids[i]!).toBe(true);
      else expect(order).toBe(desc ? 1 : -1);
    }
  });

  it('exports every row across several batches, and only the matches when filtered', async () => {
    const all = await t.http.get('/api/v1/products/export.csv').set(auth);
    const rows = parse(all.text, { columns: true }) as { sku: string; active: string }[];
    expect(rows.length).toBe(N);
    expect(new Set(rows.map((r) => r.sku)).size).toBe(N);
    const inactive = await t.http.get('/api/v1/products/export.csv?active=false&name=item%2042').set(auth);
    const expected = Array.from({ length: N }, (_, k) => k + 1).filter((i) => i % 3 === 0 && `Item ${i % 100}`.includes('Item 42'));
    expect((parse(inactive.text, { columns: true }) as { sku: string }[]).map((r) => r.sku)).toEqual(expected.map((i) => `BULK-${i}`));
  });
});
