import { PRODUCT_FIELDS, fieldBit, type ProductField } from './imports.states.js';

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
 * SQL: two recorded writes of one product by the same import, `first` and `later` (rows with `changed`
 * and `before_<field>`), as one: the fields either changed (NULL, unknown, if either is unknown), and each
 * field's value before both: the first write's if it changed the field, else the later one's.
 */
export const mergedChanged = (first: string, later: string) => `(${first}.changed | ${later}.changed)`;
export const mergedBefore = (first: string, later: string, f: ProductField) =>
  `CASE WHEN COALESCE(${first}.changed, 0) & ${fieldBit(f)} <> 0 THEN ${first}.before_${f} ELSE ${later}.before_${f} END`;

/**
 * SQL: element `e` of set `s` as the import left the product, merged with what later chunks of the same
 * import wrote on top (import_rewrites `a`, joined on the import and product; NULL when none), and the
 * last `written_at` and SKU written. The columns of ELEMENT_COLUMNS (without `ord`) and `written_at`.
 */
export const mergedElement = (s: string, e: string, a: string) =>
  [
    `${e}.product_id`,
    `${e}.created`,
    `COALESCE(${a}.sku, ${e}.sku) AS sku`,
    `CASE WHEN ${a}.product_id IS NULL THEN ${e}.changed ELSE ${mergedChanged(e, a)} END AS changed`,
    `${e}.before_updated_at`,
    ...PRODUCT_FIELDS.map((f) => `${mergedBefore(e, a, f)} AS before_${f}`),
    `COALESCE(${a}.written_at, ${s}.written_at) AS written_at`,
  ].join(', ');
