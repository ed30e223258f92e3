import type { Knex } from 'knex';
import type { Db } from '../lib/db.js';

export interface ProductRow {
  id: number;
  sku: string;
  name: string;
  description: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export type ProductWrite = Partial<Pick<ProductRow, 'sku' | 'name' | 'description' | 'active'>>;

/** Case-insensitive "contains" filters and the active flag (all optional, combined with AND). */
export interface ProductFilterSql {
  sku?: string;
  name?: string;
  description?: string;
  /** Any of sku, name, description contains it. */
  q?: string;
  active?: boolean;
}

export type ProductSortColumn = 'id' | 'sku' | 'name' | 'created_at' | 'updated_at';

export interface ProductPageSql {
  filters: ProductFilterSql;
  sort: { column: ProductSortColumn; desc: boolean };
  limit: number;
  /** Offset paging (small pages). */
  offset?: number;
  /** Keyset paging: rows strictly after this (sort value, id) in the sort order. */
  after?: { value: string | number; id: number };
}

/** A listed row with its sort value as text, exact to the microsecond for timestamps (for cursors). */
export type ProductListRow = ProductRow & { sort_value: string | number };

/** `%text%` for ILIKE with the pattern characters escaped (backslash is LIKE's default escape). */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

const isTimestamp = (c: ProductSortColumn) => c === 'created_at' || c === 'updated_at';

/** The sort column as cursor text: ISO UTC with microseconds for timestamps, the value itself otherwise. */
const sortValueSql = (c: ProductSortColumn) => (isTimestamp(c) ? `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : c);

function applyFilters(qb: Knex.QueryBuilder, f: ProductFilterSql): void {
  for (const column of ['sku', 'name', 'description'] as const) {
    const text = f[column];
    if (text !== undefined) qb.whereRaw(`${column} ILIKE ?`, [containsPattern(text)]);
  }
  if (f.q !== undefined) {
    const p = containsPattern(f.q);
    qb.whereRaw('(sku ILIKE ? OR name ILIKE ? OR description ILIKE ?)', [p, p, p]);
  }
  if (f.active !== undefined) qb.where('active', f.active);
}

/** Deltas kept before they are folded into one row. */
const COUNT_DELTAS_COMPACT_AT = 500;

/** SQL for the products table. Every method takes an optional transaction. */
export function createProductsRepo(db: Db) {
  const q = (trx?: Knex.Transaction) => (trx ?? db)<ProductRow>('products');

  /** Folds the count deltas into one row; one compaction at a time (advisory lock), sum unchanged. */
  const compactCounts = () =>
    db.transaction(async (trx) => {
      const { rows } = await trx.raw("SELECT pg_try_advisory_xact_lock(hashtext('product_count_deltas')) AS locked");
      if (!rows[0].locked) return;
      await trx.raw(`
        WITH gone AS (DELETE FROM product_count_deltas RETURNING total, active)
        INSERT INTO product_count_deltas (total, active)
        SELECT coalesce(sum(total), 0), coalesce(sum(active), 0) FROM gone`);
    });

  /** Exact number of products and of active ones, from the trigger-kept deltas. */
  async function productCounts(): Promise<{ total: number; active: number }> {
    const { rows } = await db.raw(
      'SELECT coalesce(sum(total), 0)::bigint AS total, coalesce(sum(active), 0)::bigint AS active, count(*)::int AS deltas FROM product_count_deltas',
    );
    const r = rows[0] as { total: number; active: number; deltas: number };
    if (r.deltas > COUNT_DELTAS_COMPACT_AT) await compactCounts();
    return { total: Number(r.total), active: Number(r.active) };
  }
  return {
    findById: (id: number, trx?: Knex.Transaction) => q(trx).where({ id }).first(),
    findBySku: (sku: string, trx?: Knex.Transaction) => q(trx).whereRaw('lower(sku) = lower(?)', [sku]).first(),
    insert: async (row: ProductWrite, trx?: Knex.Transaction) => (await q(trx).insert(row).returning('*'))[0]!,
    update: async (id: number, row: ProductWrite, trx?: Knex.Transaction) =>
      (
        await q(trx)
          .where({ id })
          .update({ ...row, updated_at: db.fn.now() } as never)
          .returning('*')
      )[0],
    deleteById: async (id: number, trx?: Knex.Transaction) => (await q(trx).where({ id }).delete().returning('*'))[0],
    deleteByIds: (ids: number[], trx?: Knex.Transaction) => q(trx).whereIn('id', ids).delete().returning('*'),
    /** Removes every product; TRUNCATE-fast but transactional. Returns the count removed. */
    deleteAll: async (trx?: Knex.Transaction) => {
      const run = async (t: Knex.Transaction) => {
        const { n } = (await t('products').count({ n: '*' }).first()) as { n: number };
        await t.raw('TRUNCATE products');
        return Number(n);
      };
      return trx ? run(trx) : db.transaction(run);
    },
    count: async () => Number(((await db('products').count({ n: '*' }).first()) as { n: number }).n),
    productCounts,
    compactCounts,

    /** One page in (column, id) order: by offset, or by keyset after a cursor (index-backed both ways). */
    listPage: async (page: ProductPageSql): Promise<ProductListRow[]> => {
      const { column, desc } = page.sort;
      const dir = desc ? 'desc' : 'asc';
      const qb = db('products').select('*', db.raw(`${sortValueSql(column)} AS sort_value`));
      applyFilters(qb, page.filters);
      if (page.after) {
        const cast = isTimestamp(column) ? '::timestamptz' : '';
        if (column === 'id') qb.where('id', desc ? '<' : '>', page.after.id);
        else qb.whereRaw(`(${column}, id) ${desc ? '<' : '>'} (?${cast}, ?)`, [page.after.value, page.after.id]);
      }
      qb.orderBy([{ column, order: dir }, ...(column === 'id' ? [] : [{ column: 'id', order: dir }])]);
      qb.limit(page.limit);
      if (page.offset) qb.offset(page.offset);
      return qb as unknown as Promise<ProductListRow[]>;
    },

    /**
     * Exact number of products matching the filters. Without text filters it sums the counters
     * kept by triggers (see migration 20261128002010) instead of counting 500k rows.
     */
    countMatching: async (filters: ProductFilterSql): Promise<number> => {
      const { sku, name, description, q, active } = filters;
      if ([sku, name, description, q].every((v) => v === undefined)) {
        const counts = await productCounts();
        return active === undefined ? counts.total : active ? counts.active : counts.total - counts.active;
      }
      const qb = db('products').count({ n: '*' });
      applyFilters(qb, filters);
      return Number(((await qb.first()) as { n: number }).n);
    },

    /**
     * Inserts or updates the product with this SKU (any letter case) in one statement; the
     * stored SKU keeps its letter case. `inserted` tells which happened.
     */
    upsertBySku: async (row: Required<ProductWrite>, trx?: Knex.Transaction) => {
      const { rows } = await (trx ?? db).raw(
        `INSERT INTO products (sku, name, description, active) VALUES (?, ?, ?, ?)
         ON CONFLICT ((lower(sku))) DO UPDATE
           SET name = EXCLUDED.name, description = EXCLUDED.description, active = EXCLUDED.active, updated_at = now()
         RETURNING *, (xmax = 0) AS inserted`,
        [row.sku, row.name, row.description, row.active],
      );
      return rows[0] as ProductRow & { inserted: boolean };
    },
  };
}
export type ProductsRepo = ReturnType<typeof createProductsRepo>;
