import { Router } from 'express';
import { z } from 'zod';
import { sendCsv } from '../http/csvResponse.js';
import { documentedRoute, type ApiOperationSpec } from '../http/openapi.js';
import { badRequest } from '../lib/errors.js';
import {
  createProductSchema,
  exportProductsQuerySchema,
  listProductsQuerySchema,
  productPageSchema,
  productSchema,
  replaceProductSchema,
  updateProductSchema,
  upsertProductBySkuSchema,
  PRODUCT_LIMITS,
} from './products.schemas.js';
import type { ProductsService } from './products.service.js';

const idParams = z.object({ id: z.coerce.number('must be a number').int('must be an integer').positive('must be positive') });
const skuParams = z.object({ sku: z.string().trim().min(1, 'is required').max(PRODUCT_LIMITS.sku) });
const deleteAllQuery = z.object({
  confirm: z.string().optional().describe('Must be `all`: deleting the whole catalogue needs this confirmation'),
});
const tags = ['Products'];

const notFound = 'No product with this id';
const conflict = 'The SKU (in any letter case) belongs to another product, named in the answer';

/** /products: list, CRUD, upsert by SKU, delete all, CSV export; the panel uses the same service. */
export function productsRoutes(products: ProductsService): Router {
  const router = Router();
  const location = (id: number) => `/api/v1/products/${id}`;

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/products',
      tags,
      summary: 'List products',
      description:
        'Filters combine with AND. Offset paging (`page`) serves the first 10,000 rows; follow `nextCursor` (keyset paging) to go deeper at the same speed.',
      query: listProductsQuerySchema,
      responses: { 200: { description: 'One page', schema: productPageSchema } },
      errors: { 400: 'Page too deep or cursor invalid' },
    },
    async ({ query }, _req, res) => {
      res.json(await products.listProducts(query));
    },
  );

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/products',
      tags,
      summary: 'Create a product',
      body: createProductSchema,
      responses: { 201: { description: 'Created', schema: productSchema } },
      errors: { 409: conflict },
    },
    async ({ body }, _req, res) => {
      const product = await products.createProduct(body);
      res.status(201).location(location(product.id)).json(product);
    },
  );

  documentedRoute(
    router,
    {
      method: 'delete',
      path: '/products',
      tags,
      summary: 'Delete every product (needs confirm=all)',
      query: deleteAllQuery,
      responses: {
        200: { description: 'Number of products deleted', schema: z.object({ deleted: z.number().int() }) },
      },
      errors: { 400: 'confirm=all missing' },
    },
    async ({ query }, _req, res) => {
      if (query.confirm !== 'all') throw badRequest('Deleting every product needs ?confirm=all', { field: 'confirm' });
      res.json(await products.deleteAllProducts());
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/products/export.csv',
      tags,
      summary: 'Export products as CSV',
      description:
        'Streams the matching products in the import format (`sku,name,description,active`, header row), read in batches: memory stays constant at any size.',
      query: exportProductsQuerySchema,
      responses: { 200: { description: 'CSV file', contentType: 'text/csv' } },
    },
    async ({ query }, req, res) => {
      await sendCsv(req, res, 'products.csv', products.exportProductsCsv(query));
    },
  );

  documentedRoute(
    router,
    {
      method: 'put',
      path: '/products/by-sku/:sku',
      tags,
      summary: 'Create or replace a product by SKU',
      description: 'Atomic upsert: the SKU matches in any letter case and keeps its stored case.',
      params: skuParams,
      body: upsertProductBySkuSchema,
      responses: { 200: { description: 'Replaced', schema: productSchema }, 201: { description: 'Created', schema: productSchema } },
    },
    async ({ params, body }, _req, res) => {
      const { product, created } = await products.upsertProductBySku(params.sku, body);
      if (created) res.status(201).location(location(product.id));
      res.json(product);
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/products/:id',
      tags,
      summary: 'Get a product',
      params: idParams,
      responses: { 200: { description: 'The product', schema: productSchema } },
      errors: { 404: notFound },
    },
    async ({ params }, _req, res) => {
      res.json(await products.getProduct(params.id));
    },
  );

  /** PUT and PATCH /products/:id: one route but for what an omitted field means (the service's replace or update). */
  const changeProductRoute = (
    change: Pick<ApiOperationSpec, 'summary' | 'description'> & { method: 'put' | 'patch'; body: z.ZodType; answer: string },
    write: (id: number, body: unknown) => Promise<unknown>,
  ) =>
    documentedRoute(
      router,
      {
        method: change.method,
        path: '/products/:id',
        tags,
        summary: change.summary,
        ...(change.description ? { description: change.description } : {}),
        params: idParams,
        body: change.body,
        responses: { 200: { description: change.answer, schema: productSchema } },
        errors: { 404: notFound, 409: conflict },
      },
      async ({ params, body }, _req, res) => {
        res.json(await write(params.id, body));
      },
    );

  changeProductRoute(
    {
      method: 'put',
      summary: 'Replace a product',
      description: 'Every field is replaced: an omitted description becomes null, an omitted active becomes true.',
      body: replaceProductSchema,
      answer: 'Replaced',
    },
    (id, body) => products.replaceProduct(id, body),
  );
  changeProductRoute({ method: 'patch', summary: 'Change some fields of a product', body: updateProductSchema, answer: 'Changed' }, (id, body) =>
    products.updateProduct(id, body),
  );

  documentedRoute(
    router,
    {
      method: 'delete',
      path: '/products/:id',
      tags,
      summary: 'Delete a product',
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
      errors: { 404: notFound },
    },
    async ({ params }, _req, res) => {
      await products.deleteProduct(params.id);
      res.status(204).end();
    },
  );

  return router;
}
