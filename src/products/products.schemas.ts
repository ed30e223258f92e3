import { z } from 'zod';

/** Limits shared by the API, the panel and the CSV import. */
export const PRODUCT_LIMITS = { sku: 100, name: 500, description: 20_000 } as const;

/** What `active` accepts, said the same way by every 422 about it (API body and query, panel form). */
export const ACTIVE_ACCEPTED = 'must be true or false';

/** "the text \"yes\"", "the number 1", "null": what was sent instead, for a 422's message. */
function describeSent(input: unknown): string {
  if (typeof input === 'string') return `the text "${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`;
  if (typeof input === 'number') return `the number ${input}`;
  if (input === null) return 'null';
  return Array.isArray(input) ? 'a list' : `a ${typeof input}`;
}

export const productFields = {
  sku: z.string().trim().min(1, 'is required').max(PRODUCT_LIMITS.sku, `must be at most ${PRODUCT_LIMITS.sku} characters`),
  name: z.string().trim().min(1, 'is required').max(PRODUCT_LIMITS.name, `must be at most ${PRODUCT_LIMITS.name} characters`),
  description: z.string().max(PRODUCT_LIMITS.description, `must be at most ${PRODUCT_LIMITS.description} characters`).nullable(),
  active: z.boolean({ error: (issue) => `${ACTIVE_ACCEPTED} (JSON true or false, without quotes), not ${describeSent(issue.input)}` }),
};

/** A new product: sku and name required. */
export const createProductSchema = z.object({
  sku: productFields.sku,
  name: productFields.name,
  description: productFields.description.optional().default(null),
  active: productFields.active.optional().default(true),
});

/** A partial change (PATCH, panel edit). */
export const updateProductSchema = z.object(productFields).partial();

export type CreateProductInput = z.input<typeof createProductSchema>;
export type UpdateProductInput = z.input<typeof updateProductSchema>;

/** The product as the API and events show it. */
export interface Product {
  id: number;
  sku: string;
  name: string;
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A full replacement (PUT /products/:id): like a new product, omitted optional fields reset. */
export const replaceProductSchema = createProductSchema;

/** PUT /products/by-sku/:sku body: the SKU comes from the path; a body `sku` must name the same one. */
export const upsertProductBySkuSchema = z.object({
  sku: productFields.sku.optional().describe('Optional; when given must equal the path SKU (any letter case)'),
  name: productFields.name,
  description: productFields.description.optional().default(null),
  active: productFields.active.optional().default(true),
});
export type UpsertProductBySkuInput = z.input<typeof upsertProductBySkuSchema>;

/** Sortable fields; `-field` sorts descending. Each has an index paired with id (see migrations). */
export const PRODUCT_SORT_FIELDS = ['id', 'sku', 'name', 'createdAt', 'updatedAt'] as const;
export type ProductSortField = (typeof PRODUCT_SORT_FIELDS)[number];
const SORT_VALUES = PRODUCT_SORT_FIELDS.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];

/** Page size limits and the deepest offset served; deeper pages use `cursor` (keyset). */
export const PRODUCT_PAGING = { defaultPerPage: 50, maxPerPage: 500, maxOffset: 10_000 } as const;

const contains = (what: string) => z.string().trim().min(1, 'must not be empty').max(200).optional().describe(`${what} contains this text (case-insensitive)`);

/** Filters shared by the list and the CSV export. */
export const productFiltersSchema = z.object({
  sku: contains('SKU'),
  name: contains('Name'),
  description: contains('Description'),
  q: contains('SKU, name or description'),
  active: z
    .enum(['true', 'false'], ACTIVE_ACCEPTED)
    .transform((v) => v === 'true')
    .optional()
    .describe('Only active (true) or inactive (false) products'),
});
export type ProductFilters = z.output<typeof productFiltersSchema>;

const sortParam = z
  .enum(SORT_VALUES, `must be one of ${SORT_VALUES.join(', ')}`)
  .default('id')
  .describe('Sort field; prefix with - for descending');

/** GET /products query: filters, sort, and offset (`page`) or keyset (`cursor`) paging. */
export const listProductsQuerySchema = productFiltersSchema.extend({
  sort: sortParam,
  page: z.coerce
    .number('must be a number')
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .default(1)
    .describe(`Page number (offset paging, up to ${PRODUCT_PAGING.maxOffset} rows deep; use cursor beyond)`),
  perPage: z.coerce
    .number('must be a number')
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(PRODUCT_PAGING.maxPerPage, `must be at most ${PRODUCT_PAGING.maxPerPage}`)
    .default(PRODUCT_PAGING.defaultPerPage),
  cursor: z.string().max(2000).optional().describe('nextCursor of the previous page (keyset paging; overrides page)'),
});
export type ListProductsQuery = z.output<typeof listProductsQuerySchema>;

/** GET /products/export.csv query: the list's filters and sort. */
export const exportProductsQuerySchema = productFiltersSchema.extend({ sort: sortParam });
export type ExportProductsQuery = z.output<typeof exportProductsQuerySchema>;

const timestamp = z.string().meta({ format: 'date-time' });

/** The product as the API answers it (documentation schema for OpenAPI). */
export const productSchema = z
  .object({
    id: z.number().int(),
    sku: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    active: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Product' });

/** GET /products answer. */
export const productPageSchema = z
  .object({
    data: z.array(productSchema),
    page: z.number().int().describe('Page number of this page (also counted along cursor paging)'),
    perPage: z.number().int(),
    total: z.number().int().describe('Exact number of products matching the filters'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'ProductPage' });
