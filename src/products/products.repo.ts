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

/** SQL for the products table. Every method takes an optional transaction. */
export function createProductsRepo(db: Db) {
  const q = (trx?: Knex.Transaction) => (trx ?? db)<ProductRow>('products');
  return {
    findById: (id: number, trx?: Knex.Transaction) => q(trx).where({ id }).first(),
    findBySku: (sku: string, trx?: Knex.Transaction) => q(trx).whereRaw('lower(sku) = lower(?)', [sku]).first(),
    insert: async (row: ProductWrite, trx?: Knex.Transaction) => (await q(trx).insert(row).returning('*'))[0]!,
    update: async (id: number, row: ProductWrite, trx?: Knex.Transaction) =>
      (await q(trx).where({ id }).update({ ...row, updated_at: db.fn.now() } as never).returning('*'))[0],
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
  };
}
export type ProductsRepo = ReturnType<typeof createProductsRepo>;
