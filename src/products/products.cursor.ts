import { badRequest } from '../lib/errors.js';
import type { ProductSortField } from './products.schemas.js';

/** Where a keyset page starts: after the row with this sort value and id. */
export interface ProductCursor {
  /** The sort it belongs to (`name`, `-updatedAt`…): a cursor only continues its own order. */
  sort: string;
  /** Sort value of the last row seen (text: timestamps keep their microseconds). */
  value: string | number;
  id: number;
  /** Page number the cursor leads to, so `page` stays meaningful along cursor paging. */
  page: number;
}

/** Parses `sort=-updatedAt` into a field and a direction. */
export function parseSort(sort: string): { field: ProductSortField; desc: boolean } {
  const desc = sort.startsWith('-');
  return { field: (desc ? sort.slice(1) : sort) as ProductSortField, desc };
}

/** Opaque cursor text (base64url JSON). */
export function encodeCursor(c: ProductCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.value, c.id, c.page])).toString('base64url');
}

/** Reads a cursor made by encodeCursor for the same sort, or answers 400. */
export function decodeCursor(text: string, sort: string): ProductCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length === 4 &&
    typeof parsed[0] === 'string' &&
    (typeof parsed[1] === 'string' || typeof parsed[1] === 'number') &&
    Number.isSafeInteger(parsed[2]) &&
    Number.isSafeInteger(parsed[3]) &&
    parsed[3] >= 1;
  if (!ok) throw badRequest('Invalid cursor: pass nextCursor from a previous page unchanged', { field: 'cursor' });
  const [cursorSort, value, id, page] = parsed as [string, string | number, number, number];
  if (cursorSort !== sort) {
    throw badRequest(`This cursor belongs to sort=${cursorSort}; repeat that sort or start again without cursor`, {
      field: 'cursor',
    });
  }
  return { sort: cursorSort, value, id, page };
}
