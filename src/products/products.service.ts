import type { Knex } from 'knex';
import { validate } from '../lib/validate.js';
import { badRequest, conflict, notFound, validationFailed } from '../lib/errors.js';
import type { Outbox } from '../events/events.outbox.js';
import { decodeCursor, encodeCursor, parseSort } from './products.cursor.js';
import { toCsvLine } from '../lib/csv.js';
import type { ProductRow, ProductsRepo, ProductSortColumn } from './products.repo.js';
import {
  createProductSchema,
  PRODUCT_PAGING,
  replaceProductSchema,
  updateProductSchema,
  upsertProductBySkuSchema,
  type ExportProductsQuery,
  type ListProductsQuery,
  type Product,
  type ProductFilters,
  type ProductSortField,
  type UpdateProductInput,
} from './products.schemas.js';

const SORT_COLUMNS: Record<ProductSortField, ProductSortColumn> = {
  id: 'id',
  sku: 'sku',
  name: 'name',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** One page of products as GET /products answers it. */
export interface ProductPage {
  data: Product[];
  page: number;
  perPage: number;
  total: number;
  nextCursor: string | null;
}

/** Rows per query while streaming the CSV export (memory stays at one batch). */
const EXPORT_BATCH = 5000;

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
 * with a 409 naming the existing product, and one event per change, recorded in the change's
 * own transaction (the outbox).
 */
export function createProductsService({ repo, outbox }: { repo: ProductsRepo; outbox: Pick<Outbox, 'transaction'> }) {
  async function assertSkuFree(sku: string, exceptId: number | null, trx?: Knex.Transaction) {
    const existing = await repo.findBySku(sku, trx);
    if (existing && Number(existing.id) !== exceptId) {
      throw conflict(`SKU "${sku}" is already used by product ${existing.id} ("${existing.sku}")`, {
        errors: [{ field: 'sku', message: `is already used by product ${existing.id} (${existing.sku})` }],
        existingProductId: Number(existing.id),
      });
    }
  }

  /** A concurrent writer took the SKU between our check and our write: answer the same named 409. */
  async function nameSkuConflict(err: unknown, sku: string | undefined, exceptId: number | null): Promise<never> {
    const e = err as { code?: string; constraint?: string };
    if (sku !== undefined && e?.code === '23505' && e.constraint === 'products_sku_lower_key') await assertSkuFree(sku, exceptId);
    throw err;
  }

  async function getProduct(id: number): Promise<Product> {
    const row = await repo.findById(id);
    if (!row) throw notFound(`Product ${id}`);
    return toProduct(row);
  }

  /** Creates a product from unchecked input (API body or panel form): validated here, once. */
  async function createProduct(input: unknown): Promise<Product> {
    const data = validate(createProductSchema, input);
    return outbox
      .transaction(async (trx, emit) => {
        await assertSkuFree(data.sku, null, trx);
        const product = toProduct(await repo.insert(data, trx));
        emit('product.created', product);
        return product;
      })
      .catch((err) => nameSkuConflict(err, data.sku, null));
  }

  /** PATCH: changes the given fields (unchecked input, validated here). */
  async function updateProduct(id: number, input: unknown): Promise<Product> {
    return writeUpdate(id, validate(updateProductSchema, input));
  }

  async function writeUpdate(id: number, data: UpdateProductInput): Promise<Product> {
    return outbox
      .transaction(async (trx, emit) => {
        if (data.sku !== undefined) await assertSkuFree(data.sku, id, trx);
        const updated = await repo.update(id, data, trx);
        if (!updated) throw notFound(`Product ${id}`);
        const product = toProduct(updated);
        emit('product.updated', product);
        return product;
      })
      .catch((err) => nameSkuConflict(err, data.sku, id));
  }

  async function deleteProduct(id: number): Promise<Product> {
    return outbox.transaction(async (trx, emit) => {
      const row = await repo.deleteById(id, trx);
      if (!row) throw notFound(`Product ${id}`);
      const product = toProduct(row);
      emit('product.deleted', product);
      return product;
    });
  }

  /** Deletes a selection; its `product.deleted` events are recorded together, in one statement. */
  async function deleteProducts(ids: number[]): Promise<Product[]> {
    return outbox.transaction(async (trx, emit) => {
      const products = (await repo.deleteByIds(ids, trx)).map(toProduct);
      for (const p of products) emit('product.deleted', p);
      return products;
    });
  }

  /** Deletes every product and records one `products.deleted_all` with the count, in the TRUNCATE's transaction. */
  async function deleteAllProducts(): Promise<{ deleted: number }> {
    return outbox.transaction(async (trx, emit) => {
      const deleted = await repo.deleteAll(trx);
      emit('products.deleted_all', { count: deleted });
      return { deleted };
    });
  }

  /** PUT: replaces every field; omitted description/active reset to null/true. */
  async function replaceProduct(id: number, input: unknown): Promise<Product> {
    return writeUpdate(id, validate(replaceProductSchema, input));
  }

  /** PUT by SKU: creates the product or replaces its fields, atomically; `created` tells which. */
  async function upsertProductBySku(sku: string, input: unknown): Promise<{ product: Product; created: boolean }> {
    const body = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
    const data = validate(upsertProductBySkuSchema, { ...body, sku: body.sku ?? sku });
    const productSku = data.sku!;
    if (productSku.toLowerCase() !== sku.trim().toLowerCase()) {
      throw validationFailed([{ field: 'sku', message: 'must equal the SKU in the path' }]);
    }
    return outbox.transaction(async (trx, emit) => {
      const { inserted, ...row } = await repo.upsertBySku({ ...data, sku: productSku }, trx);
      const product = toProduct(row);
      emit(inserted ? 'product.created' : 'product.updated', product);
      return { product, created: inserted };
    });
  }

  /**
   * A page of products: filters, sort, offset paging for the first PRODUCT_PAGING.maxOffset rows
   * and keyset (`cursor`) paging at any depth; `total` is an exact count of the matches.
   */
  async function listProducts(query: ListProductsQuery): Promise<ProductPage> {
    const { sort, perPage, cursor, page: requestedPage, ...filters } = query;
    const { field, desc } = parseSort(sort);
    const after = cursor ? decodeCursor(cursor, sort) : undefined;
    const page = after?.page ?? requestedPage;
    const offset = after ? 0 : (page - 1) * perPage;
    if (offset > PRODUCT_PAGING.maxOffset) {
      throw badRequest(`page ${page} is deeper than ${PRODUCT_PAGING.maxOffset} rows: follow nextCursor for deep paging`, { field: 'page' });
    }
    const [rows, total] = await Promise.all([
      repo.listPage({ filters, sort: { column: SORT_COLUMNS[field], desc }, limit: perPage + 1, offset, after }),
      repo.countMatching(filters),
    ]);
    const more = rows.length > perPage;
    const data = rows.slice(0, perPage);
    const last = data.at(-1);
    const nextCursor = more && last ? encodeCursor({ sort, value: last.sort_value, id: Number(last.id), page: page + 1 }) : null;
    return { data: data.map(toProduct), page, perPage, total, nextCursor };
  }

  /**
   * The matching products as CSV in the import's format (`sku,name,description,active`), read in
   * keyset batches so memory stays constant however many rows match.
   */
  async function* exportProductsCsv(query: ExportProductsQuery): AsyncGenerator<string> {
    const { sort, ...filters } = query;
    const { field, desc } = parseSort(sort);
    yield 'sku,name,description,active\n';
    let after: { value: string | number; id: number } | undefined;
    for (;;) {
      const rows = await repo.listPage({ filters, sort: { column: SORT_COLUMNS[field], desc }, limit: EXPORT_BATCH, after });
      if (rows.length) yield rows.map((r) => toCsvLine([r.sku, r.name, r.description, r.active ? 'true' : 'false'])).join('');
      if (rows.length < EXPORT_BATCH) return;
      const last = rows.at(-1)!;
      after = { value: last.sort_value, id: Number(last.id) };
    }
  }

  return {
    getProduct,
    createProduct,
    updateProduct,
    replaceProduct,
    upsertProductBySku,
    deleteProduct,
    deleteProducts,
    deleteAllProducts,
    listProducts,
    exportProductsCsv,
    /** A page by offset at any depth (the panel's pager) with the API's filters, in (column, id) order. */
    listByOffset: (page: { filters: ProductFilters; sort: { column: ProductSortColumn; desc: boolean }; limit: number; offset: number }) => repo.listPage(page),
    /** Exact matches for list filters; O(1) without text filters (trigger-kept counters). */
    countProducts: (filters: ProductFilters) => repo.countMatching(filters),
    count: repo.count,
  };
}
export type ProductsService = ReturnType<typeof createProductsService>;
