import type { Db } from '../../src/lib/db.js';

/** One filtered list: as the panel's Products list asks for it, as the API does, and in SQL. */
interface TotalsCase {
  name: string;
  panel: string;
  api: string;
  where: string;
  bindings: string[];
}

const CASES = (oneSku: string): TotalsCase[] => [
  { name: 'no filter', panel: '', api: '', where: 'true', bindings: [] },
  { name: 'name contains "chair"', panel: 'filters.name=chair', api: 'name=chair', where: 'name ILIKE ?', bindings: ['%chair%'] },
  {
    name: 'description contains "vintage piece"',
    panel: 'filters.description=vintage%20piece',
    api: 'description=vintage%20piece',
    where: 'description ILIKE ?',
    bindings: ['%vintage piece%'],
  },
  {
    name: 'description contains "everyday"',
    panel: 'filters.description=everyday',
    api: 'description=everyday',
    where: 'description ILIKE ?',
    bindings: ['%everyday%'],
  },
  { name: `SKU contains "${oneSku}"`, panel: `filters.sku=${oneSku}`, api: `sku=${oneSku}`, where: 'sku ILIKE ?', bindings: [`%${oneSku}%`] },
  {
    name: 'name contains "red", active',
    panel: 'filters.name=red&filters.active=true',
    api: 'name=red&active=true',
    where: 'name ILIKE ? AND active',
    bindings: ['%red%'],
  },
];

export interface TotalsRow {
  name: string;
  panel: number;
  api: number;
  exact: number;
}

/**
 * The Products list's total in the panel for text filters, next to `GET /api/v1/products`'s `total`
 * for the same filters and PostgreSQL's own count of the matching rows (issue: the panel once showed
 * the planner's estimate as the total). Throws when any of the three differ.
 */
export async function checkPanelTotals(baseUrl: string, cookie: string, db: Db, oneSku: string): Promise<TotalsRow[]> {
  const get = async (url: string) => {
    const res = await fetch(baseUrl + url, { headers: { cookie, accept: 'application/json' } });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const rows: TotalsRow[] = [];
  for (const c of CASES(oneSku)) {
    const panel = Number(((await get(`/admin/api/resources/products/actions/list?${c.panel}`)).meta as { total: number }).total);
    const api = Number((await get(`/api/v1/products?perPage=1&${c.api}`)).total);
    const exact = Number((await db.raw(`SELECT count(*) AS n FROM products WHERE ${c.where}`, c.bindings)).rows[0].n);
    if (panel !== exact || api !== exact) throw new Error(`${c.name}: the panel says ${panel}, the API ${api}, PostgreSQL counts ${exact}`);
    rows.push({ name: c.name, panel, api, exact });
  }
  return rows;
}

/** The check's rows for docs/BENCHMARKS.md. */
export const panelTotalsMarkdown = (rows: TotalsRow[]) =>
  [
    '| Products list filter | panel total | API `total` | PostgreSQL count(*) |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.panel.toLocaleString('en')} | ${r.api.toLocaleString('en')} | ${r.exact.toLocaleString('en')} |`),
  ].join('\n');
