import { PRODUCT_FIELDS, fieldBit } from './imports.states.js';

/**
 * The layout of recorded changes (migration 20261201000300): one row of `import_change_sets` per applied
 * chunk, holding one element per product in parallel arrays, and one row of `import_rewrites` per product
 * a later chunk of the same import wrote again. The SQL that writes and reads them is built from these.
 */

/** A set's arrays, in element column order. */
export const SET_ARRAYS = ['product_ids', 'created', 'skus', 'changed', 'before_updated_at', ...PRODUCT_FIELDS.map((f) => `before_${f}`)] as const;

/** One element's columns, named as the arrays' elements (then `ord`, its 1-based place in the set). */
export const ELEMENT_COLUMNS = ['product_id', 'created', 'sku', 'changed', 'before_updated_at', ...PRODUCT_FIELDS.map((f) => `before_${f}`)] as const;

/** SQL FROM item: the elements of set `s`, as `e` (with `ord`). */
export const unnestSet = (s: string, e = 'e') =>
  `unnest(${SET_ARRAYS.map((a) => `${s}.${a}`).join(', ')}) WITH ORDINALITY AS ${e}(${ELEMENT_COLUMNS.join(', ')}, ord)`;

/**
 * SQL: an element's place among an import's recorded changes, in the order they were written (the set,
 * then its place in it): what a page of changes continues after. A set holds at most IMPORT_CHUNK_SIZE
 * (≤ 200,000 < 2^20) products.
 */
export const elementPos = (s: string, e = 'e') => `((${s}.seq << 20) + ${e}.ord)`;
/** SQL: the set a position belongs to (for a parameter `?` holding one). */
export const setOfPos = '(?::bigint >> 20)';

/**
 * SQL: element `e` of set `s` as the import left the product, merged with what later chunks of the same
 * import wrote on top (import_rewrites `a`, joined on the import and product; NULL when none): the fields
 * changed by any of them, each field's first value before, and the last `written_at` and SKU written.
 * The columns of ELEMENT_COLUMNS (without `ord`) and `written_at`.
 */
export const mergedElement = (s: string, e: string, a: string) =>
  [
    `${e}.product_id`,
    `${e}.created`,
    `COALESCE(${a}.sku, ${e}.sku) AS sku`,
    `CASE WHEN ${a}.product_id IS NULL THEN ${e}.changed WHEN ${e}.changed IS NULL OR ${a}.changed IS NULL THEN NULL ELSE ${e}.changed | ${a}.changed END AS changed`,
    `${e}.before_updated_at`,
    ...PRODUCT_FIELDS.map(
      (f) =>
        `CASE WHEN ${a}.product_id IS NOT NULL AND COALESCE(${e}.changed, 0) & ${fieldBit(f)} = 0 THEN ${a}.before_${f} ELSE ${e}.before_${f} END AS before_${f}`,
    ),
    `COALESCE(${a}.written_at, ${s}.written_at) AS written_at`,
  ].join(', ');
