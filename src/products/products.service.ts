import type { Knex } from 'knex';
import { validate } from '../http/validate.js';
import { conflict, notFound } from '../lib/errors.js';
import type { Db } from '../lib/db.js';
import type { AppEvents } from '../lib/events.js';
import type { ProductRow, ProductsRepo } from './products.repo.js';
import {
  createProductSchema,
  updateProductSchema,
  type CreateProductInput,
  type Product,
  type UpdateProductInput,
} from './products.schemas.js';

/** Row → API/event shape. */
export function toProduct(row: ProductRow): Product {
  return {
    id: Number(row.id),
    sku: row.sku,
    name: row.name,
    description: row.description,
    active: row.active,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * Product changes for the API and the panel alike: validation, the case-insensitive SKU rule
 * with a 409 naming the existing product, and one event per change after it is committed.
 */
export function createProductsService({ db, repo, events }: { db: Db; repo: ProductsRepo; events: AppEvents }) {
  async function assertSkuFree(sku: string, exceptId: number | null, trx: Knex.Transaction) {
    const existing = await repo.findBySku(sku, trx);
    if (existing && Number(existing.id) !== exceptId) {
      throw conflict(`SKU "${sku}" is already used by product ${existing.id} ("${existing.sku}")`, {
        errors: [{ field: 'sku', message: `is already used by product ${existing.id} (${existing.sku})` }],
        existingProductId: Number(existing.id),
      });
    }
  }

  async function getProduct(id: number): Promise<Product> {
    const row = await repo.findById(id);
    if (!row) throw notFound(`Product ${id}`);
    return toProduct(row);
  }

  async function createProduct(input: CreateProductInput): Promise<Product> {
    const data = validate(createProductSchema, input);
    const row = await db.transaction(async (trx) => {
      await assertSkuFree(data.sku, null, trx);
      return repo.insert(data, trx);
    });
    const product = toProduct(row);
    await events.emit('product.created', product);
    return product;
  }

  async function updateProduct(id: number, input: UpdateProductInput): Promise<Product> {
    const data = validate(updateProductSchema, input);
    const row = await db.transaction(async (trx) => {
      if (data.sku !== undefined) await assertSkuFree(data.sku, id, trx);
      const updated = await repo.update(id, data, trx);
      if (!updated) throw notFound(`Product ${id}`);
      return updated;
    });
    const product = toProduct(row);
    await events.emit('product.updated', product);
    return product;
  }

  async function deleteProduct(id: number): Promise<Product> {
    const row = await repo.deleteById(id);
    if (!row) throw notFound(`Product ${id}`);
    const product = toProduct(row);
    await events.emit('product.deleted', product);
    return product;
  }

  async function deleteProducts(ids: number[]): Promise<Product[]> {
    const rows = await repo.deleteByIds(ids);
    const products = rows.map(toProduct);
    for (const p of products) await events.emit('product.deleted', p);
    return products;
  }

  /** Deletes every product and emits one `products.deleted_all` with the count. */
  async function deleteAllProducts(): Promise<{ deleted: number }> {
    const deleted = await repo.deleteAll();
    await events.emit('products.deleted_all', { count: deleted });
    return { deleted };
  }

  return { getProduct, createProduct, updateProduct, deleteProduct, deleteProducts, deleteAllProducts, count: repo.count };
}
export type ProductsService = ReturnType<typeof createProductsService>;
