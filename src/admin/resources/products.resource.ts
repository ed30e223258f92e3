import { Resource as SqlResource, type ResourceMetadata } from '@adminjs/sql';
import { ValidationError, type ActionRequest, type Filter, type ResourceWithOptions } from 'adminjs';
import { productFields, type ProductFilters } from '../../products/products.schemas.js';
import type { ProductsService } from '../../products/products.service.js';
import { asPanelResult } from './appErrorToValidation.js';
import { Components } from '../componentLoader.js';
import { deleteAllProductsAction } from './deleteAllProducts.action.js';

type Params = Record<string, unknown>;

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
  constructor(
    metadata: ResourceMetadata,
    private readonly products: ProductsService,
  ) {
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
   * The list's rows: the API's filters (case-insensitive contains, with % and _ taken literally) and
   * order, by offset at any depth, so the panel and GET /api/v1/products list the same products.
   */
  override async find(filter: Filter, options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } }) {
    const column = PANEL_SORT_COLUMNS.find((c) => c === options.sort?.sortBy) ?? 'updated_at';
    const rows = await this.products.listByOffset({
      filters: panelFilters(filter),
      sort: { column, desc: (options.sort?.direction ?? 'desc') === 'desc' },
      limit: options.limit ?? 10,
      offset: options.offset ?? 0,
    });
    return rows.map(({ sort_value: _sortValue, ...row }) => this.build(row));
  }

  /** The list's total: exact, and the API's `total` for the same filters (one count for both). */
  override async count(filter: Filter): Promise<number> {
    return this.products.countProducts(panelFilters(filter));
  }
}

const PANEL_SORT_COLUMNS = ['id', 'sku', 'name', 'created_at', 'updated_at'] as const;

/** The panel's filter drawer as the API's product filters. */
function panelFilters(filter: Filter): ProductFilters {
  const out: ProductFilters = {};
  for (const f of Object.values(filter?.filters ?? {})) {
    const value = String(f.value);
    if (f.path === 'active') out.active = value === 'true';
    else if (f.path === 'sku' || f.path === 'name' || f.path === 'description') out[f.path] = value;
  }
  return out;
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
