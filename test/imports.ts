import type { TestApp } from './app.js';
import { waitFor } from './waitFor.js';

export interface CsvProduct {
  sku: string;
  name: string;
  description?: string | null;
  active?: string | boolean;
}

const cell = (v: unknown, delimiter: string) => {
  const s = v === null || v === undefined ? '' : String(v);
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Builds a products CSV (header sku,name,description,active by default). */
export function buildCsv(rows: CsvProduct[], opts: { delimiter?: string; newline?: string; bom?: boolean; columns?: string[] } = {}): string {
  const d = opts.delimiter ?? ',';
  const nl = opts.newline ?? '\n';
  const columns = opts.columns ?? ['sku', 'name', 'description', 'active'];
  const lines = [columns.join(d), ...rows.map((r) => columns.map((c) => cell((r as unknown as Record<string, unknown>)[c.toLowerCase()], d)).join(d))];
  return `${opts.bom ? '\uFEFF' : ''}${lines.join(nl)}${nl}`;
}

/** A product row for factories: unique SKU from a number, with optional overrides. */
export function buildProduct(i: number, overrides: Partial<CsvProduct> = {}): CsvProduct {
  return { sku: `SKU-${String(i).padStart(6, '0')}`, name: `Product ${i}`, description: `Description ${i}`, active: i % 3 !== 0, ...overrides };
}

/** Uploads a CSV body through the API and answers the HTTP response. */
export function uploadCsv(t: TestApp, csv: string | Buffer, filename = 'products.csv') {
  return t.http
    .post(`/api/v1/imports?filename=${encodeURIComponent(filename)}`)
    .set('Authorization', `Bearer ${t.token}`)
    .set('Content-Type', 'text/csv')
    .send(Buffer.isBuffer(csv) ? csv : Buffer.from(csv));
}

/** Polls an import until it reaches a final status and answers it (or fails the test after `ms`). */
export async function waitForImport(t: TestApp, id: string, ms = 60_000) {
  let last: unknown;
  return waitFor(
    async () => {
      const res = await t.http.get(`/api/v1/imports/${id}`).set('Authorization', `Bearer ${t.token}`);
      last = res.body;
      return ['completed', 'failed', 'cancelled'].includes(res.body.status) ? res.body : null;
    },
    { what: () => `import ${id} to end; it reads ${JSON.stringify(last)}`, timeoutMs: ms, intervalMs: 100 },
  );
}

/** All products ordered by lower(sku), as the table holds them. */
export async function productsTable(t: TestApp) {
  return t.rt.db('products').select('id', 'sku', 'name', 'description', 'active').orderByRaw('lower(sku)');
}

const pad = (i: number) => String(i).padStart(6, '0');

/**
 * A file that exercises every rule of the apply at once: after the first 1,000 rows every 7th row
 * repeats the SKU of a row 1,000 earlier in lower case (another chunk, other values that must
 * win), every 97th row is rejected (no name), one SKU comes three times in three letter cases (the
 * last wins), and the last occurrence of another SKU is rejected (the valid one before it stays).
 */
export function buildRepeatsAndRejects(n: number): CsvProduct[] {
  const rows = Array.from({ length: n }, (_, i): CsvProduct => {
    if (i % 97 === 50) return buildProduct(i, { name: '' });
    if (i >= 1000 && i % 7 === 3) {
      return buildProduct(i - 1000, { sku: `sku-${pad(i - 1000)}`, name: `repeat ${i}`, description: `Repeated ${i}`, active: i % 2 === 0 });
    }
    return buildProduct(i);
  });
  rows[10] = buildProduct(10, { sku: 'TRIPLE-1', name: 'first' });
  rows[Math.floor(n / 2)] = buildProduct(n, { sku: 'triple-1', name: 'middle' });
  rows[n - 1] = buildProduct(n + 1, { sku: 'Triple-1', name: 'last', description: 'the last one wins', active: false });
  rows[n - 2] = buildProduct(20, { name: '' });
  return rows;
}

export interface ProductState {
  sku: string;
  name: string;
  description: string | null;
  active: boolean;
}

const bySku = (a: ProductState, b: ProductState) => (a.sku.toLowerCase() < b.sku.toLowerCase() ? -1 : 1);

/**
 * What importing `rows` (ASCII SKUs) into an empty table must give: the table (last valid
 * occurrence of each SKU in any letter case) and the import's counts.
 */
export function expectedImport(rows: CsvProduct[]) {
  const valid = rows.filter((r) => r.sku.trim() && r.name.trim());
  const table = new Map<string, ProductState>();
  for (const r of valid) {
    const key = r.sku.trim().toLowerCase();
    table.delete(key);
    const active = r.active === undefined || r.active === '' ? true : ['true', '1', 'yes'].includes(String(r.active).toLowerCase());
    table.set(key, { sku: r.sku.trim(), name: r.name.trim(), description: r.description || null, active });
  }
  return {
    table: [...table.values()].sort(bySku),
    counts: {
      totalRows: rows.length,
      processedRows: rows.length,
      insertedCount: table.size,
      updatedCount: valid.length - table.size,
      rejectedCount: rows.length - valid.length,
    },
  };
}

/** The products table without ids and timestamps, in the order of expectedImport's table. */
export async function productsState(t: TestApp): Promise<ProductState[]> {
  const rows: ProductState[] = await t.rt.db('products').select('sku', 'name', 'description', 'active');
  return rows.sort(bySku);
}

/** An import's counts as expectedImport states them. */
export const importCounts = (imp: { totalRows: number; processedRows: number; insertedCount: number; updatedCount: number; rejectedCount: number }) => ({
  totalRows: imp.totalRows,
  processedRows: imp.processedRows,
  insertedCount: imp.insertedCount,
  updatedCount: imp.updatedCount,
  rejectedCount: imp.rejectedCount,
});

/** GET /api/v1/products with one filter: the SKUs found (all of them: up to 500) and the total. */
export async function searchProducts(t: TestApp, filter: 'sku' | 'name' | 'description', text: string) {
  const res = await t.http
    .get('/api/v1/products')
    .query({ [filter]: text, perPage: 500 })
    .set('Authorization', `Bearer ${t.token}`);
  if (res.status !== 200) throw new Error(`GET /api/v1/products?${filter}=${text}: ${res.status} ${res.text}`);
  return { total: res.body.total as number, skus: (res.body.data as { sku: string }[]).map((p) => p.sku).sort() };
}

/**
 * Checks that the API finds exactly the expected products by fragments of SKU, name and
 * description (case-insensitive contains), with an exact total.
 */
export async function expectSearchable(t: TestApp, table: ProductState[], probes: [filter: 'sku' | 'name' | 'description', text: string][]) {
  for (const [filter, text] of probes) {
    const want = table
      .filter((p) => (p[filter] ?? '').toLowerCase().includes(text.toLowerCase()))
      .map((p) => p.sku)
      .sort();
    if (want.length === 0 || want.length > 500) throw new Error(`probe ${filter}=${text} matches ${want.length} products: pick another`);
    expect({ filter, text, ...(await searchProducts(t, filter, text)) }).toEqual({ filter, text, total: want.length, skus: want });
  }
}
