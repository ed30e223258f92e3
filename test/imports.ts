import type { TestApp } from './app.js';

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
export function buildCsv(
  rows: CsvProduct[],
  opts: { delimiter?: string; newline?: string; bom?: boolean; columns?: string[] } = {},
): string {
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

/** Polls an import until it reaches a final status (or fails the test after `ms`). */
export async function waitForImport(t: TestApp, id: string, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const res = await t.http.get(`/api/v1/imports/${id}`).set('Authorization', `Bearer ${t.token}`);
    if (['completed', 'failed', 'cancelled'].includes(res.body.status)) return res.body;
    if (Date.now() > end) throw new Error(`import ${id} still ${res.body.status} after ${ms} ms: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** All products ordered by lower(sku), as the table holds them. */
export async function productsTable(t: TestApp) {
  return t.rt.db('products').select('id', 'sku', 'name', 'description', 'active').orderByRaw('lower(sku)');
}
