import type { Action, ActionRequest, ActionResponse } from 'adminjs';
import { formatNumber } from '../../../admin-components/format.js';
import type { ProductsService } from '../../products/products.service.js';

/**
 * "Delete all products": a resource action whose screen (DeleteAllProducts) asks the user to type
 * the number of products (with or without thousands separators) or DELETE. A GET only reports the
 * count; the deletion runs only on the POST that screen sends with the session, and only when the
 * confirmation matches.
 */
export function deleteAllProductsAction(
  products: Pick<ProductsService, 'countProducts' | 'deleteAllProducts'>,
  component: string,
): Partial<Action<ActionResponse>> {
  return {
    actionType: 'resource',
    icon: 'Trash2',
    variant: 'danger',
    component,
    handler: async (request: ActionRequest) => {
      const count = await products.countProducts({});
      if (request.method !== 'post') return { count };
      const confirmation = String(request.payload?.confirmation ?? '').trim();
      // The screen shows the count with thousands separators ("79,997"): typed as shown, or without them.
      if (!['DELETE', String(count), formatNumber(count)].includes(confirmation)) {
        return { count, error: `Type ${formatNumber(count)} (the number of products now) or DELETE to confirm.` };
      }
      const { deleted } = await products.deleteAllProducts();
      return { count: 0, deleted, notice: { message: `${formatNumber(deleted)} products deleted`, type: 'success' } };
    },
  };
}
