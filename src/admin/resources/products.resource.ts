import { Resource as SqlResource, type ResourceMetadata } from '@adminjs/sql';
import { ValidationError, type ActionRequest, type Filter, type ResourceWithOptions } from 'adminjs';
import type { Knex } from 'knex';
import { productFields } from '../../products/products.schemas.js';
import type { ProductsService } from '../../products/products.service.js';
import { asPanelResult } from './appErrorToValidation.js';
import { Components } from '../componentLoader.js';
import { deleteAllProductsAction } from './deleteAllProducts.action.js';

type Params = Record<string, unknown>;

/** Up to this many matches of a text filter, the Products list shows the exact total. */
export const LIST_EXACT_COUNT_LIMIT = 10_000;

const toProductInput = (params: Params) => {
  const input: Params = {};
  for (const key of ['sku', 'name', 'description'] as const) {
    if (key in params) input[key] = params[key] === '' && key === 'description' ? null : params[key];
  }
  if ('active' in params) input.active = params.active; // a boolean: see activeFromForm
  return input;
};

/**
 * The form's "true"/"false" as booleans before AdminJS converts params (it would make "false"
 * true, with Boolean("false")); any other value is refused on the field with the API's message.
 */
export async function activeFromForm(request: ActionRequest): Promise<ActionRequest> {
  if (request.method !== 'post' || !request.payload || !('active' in request.payload)) return request;
  const raw = request.payload.active;
  const parsed = productFields.active.safeParse(raw === 'true' ? true : raw === 'false' ? false : raw);
  if (!parsed.success) throw new ValidationError({ active: { message: parsed.error.issues[0]!.message, type: 'validation_failed' } });
  return { ...request, payload: { ...request.payload, active: parsed.data } };
}

/**
 * @adminjs/sql reads products; writes go through the products service so the panel gets the
 * same validation, case-insensitive SKU rule and product events as the API.
 */
class ProductsSqlResource extends SqlResource {
  constructor(metadata: ResourceMetadata, private readonly products: ProductsService) {
    super(metadata);
  }

  override async create(params: Params): Promise<Params> {
    const p = await asPanelResult(() => this.products.createProduct(toProductInput(params) as never));
    return { ...params, id: p.id };
  }

  override async update(id: string, params: Params): Promise<Params> {
    await asPanelResult(() => this.products.updateProduct(Number(id), toProductInput(params)));
    return (await this.findOne(id))?.params ?? params;
  }

  override async delete(id: string): Promise<void> {
    await asPanelResult(() => this.products.deleteProduct(Number(id)));
  }

  /**
   * The list's total: from the products counters (kept by triggers) when at most `active` is
   * filtered, so opening the screen does not count 500k rows; text filters count the matches.
   */
  override async count(filter: Filter): Promise<number> {
    const elements = Object.values(filter.filters ?? {});
    if (!elements.every((f) => f.path === 'active')) return this.countTextMatches(filter);
    const active = elements[0] === undefined ? undefined : String(elements[0].value) === 'true';
    return this.products.countProducts(active === undefined ? {} : { active });
  }

  /**
   * Text filters: matches are counted exactly up to LIST_EXACT_COUNT_LIMIT; beyond that (a filter
   * matching most of 500k rows) the total shown is PostgreSQL's estimate, so the page still answers
   * fast. Only the pagination total is approximate; the rows listed are exact.
   */
  private async countTextMatches(filter: Filter): Promise<number> {
    const self = this as unknown as { knex: Knex; filterQuery(f: Filter): Knex.QueryBuilder };
    const matches = self.filterQuery(filter).select(self.knex.raw('1')).limit(LIST_EXACT_COUNT_LIMIT + 1);
    const capped = (await self.knex.count({ n: '*' }).from(matches.as('m')).first()) as { n: number | string };
    if (Number(capped.n) <= LIST_EXACT_COUNT_LIMIT) return Number(capped.n);
    const plan = await self.knex.raw(`EXPLAIN (FORMAT JSON) ${self.filterQuery(filter).select(self.knex.raw('1')).toQuery()}`);
    const estimate = Number(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
    return Math.max(LIST_EXACT_COUNT_LIMIT + 1, Math.round(estimate));
  }
}

/** The Products screen: list (with CSV export of what the filters show), filters, CRUD and bulk delete. */
export function productsResource(metadata: ResourceMetadata, products: ProductsService): ResourceWithOptions {
  return {
    resource: new ProductsSqlResource(metadata, products),
    options: {
      id: 'products',
      navigation: { name: 'Catalogue', icon: 'Package' },
      titleProperty: 'name',
      sort: { sortBy: 'updated_at', direction: 'desc' },
      listProperties: ['id', 'sku', 'name', 'active', 'updated_at'],
      filterProperties: ['sku', 'name', 'description', 'active'],
      showProperties: ['id', 'sku', 'name', 'description', 'active', 'created_at', 'updated_at'],
      editProperties: ['sku', 'name', 'description', 'active'],
      properties: {
        id: { isId: true, isVisible: { list: true, show: true, edit: false, filter: false } },
        sku: { isRequired: true, isTitle: false },
        name: { isRequired: true, isTitle: true },
        description: { type: 'textarea' },
        // Active unless told otherwise, as in the CSV import and the API: checked on a new product, not required.
        active: { isRequired: false, components: { edit: Components.CheckedByDefault } },
        created_at: { isVisible: { list: false, show: true, edit: false, filter: false } },
        updated_at: { isVisible: { list: true, show: true, edit: false, filter: false } },
      },
      actions: {
        // The list with an "Export CSV" button for what its filters show.
        list: { component: Components.ProductsList },
        new: { before: activeFromForm },
        edit: { before: activeFromForm },
        deleteAll: deleteAllProductsAction(products, Components.DeleteAllProducts),
      },
    },
  };
}
