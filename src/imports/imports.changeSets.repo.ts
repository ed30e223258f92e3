import type { Knex } from 'knex';
import { ALL_FIELD_BITS, PRODUCT_FIELDS, fieldBit } from './imports.states.js';

/**
 * The layout of recorded changes (migration 20261201000300): one row of `import_change_sets` per applied
 * chunk, holding one element per product in parallel arrays. The SQL that writes and reads them is built
 * from these lists.
 */

/** A set's arrays, in element column order. */
export const SET_ARRAYS = ['product_ids', 'created', 'skus', 'changed', 'before_updated_at', ...PRODUCT_FIELDS.map((f) => `before_${f}`)] as const;

/** One element's columns, named as the arrays' elements (then `ord`, its 1-based place in the set). */
export const ELEMENT_COLUMNS = ['product_id', 'created', 'sku', 'changed', 'before_updated_at', ...PRODUCT_FIELDS.map((f) => `before_${f}`)] as const;

/** SQL FROM item: the elements of set `s`, as `e` (with `ord`); a NULL product_id is a product recorded again by a later set. */
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
 * A chunk wrote again products this import already recorded in an earlier set of the same partition (a
 * SKU that comes back later in the file): each is kept once, in the newer set `seq`, with its first
 * value before of each field (and created if the import created it), and its element in the earlier set
 * is emptied. Runs only when the chunk found such products. Hash joins are forced: the planner cannot
 * estimate how many elements the unnested arrays hold, and a nested loop over two sets is quadratic.
 */
export async function mergeRecordedAgain(trx: Knex.Transaction, importId: string, partition: number, seq: number): Promise<number> {
  const pick = (f: string) => `CASE WHEN h.ord IS NULL THEN c.${f} ELSE h.${f} END`;
  const merged = ELEMENT_COLUMNS.filter((c) => c !== 'product_id' && c !== 'sku');
  await trx.raw('SET LOCAL enable_nestloop = off');
  const { rows } = await trx.raw(
    `WITH cur AS (
       SELECT e.* FROM import_change_sets s CROSS JOIN LATERAL ${unnestSet('s')} WHERE s.import_id = ? AND s.seq = ?
     ), earlier AS (
       SELECT s.seq, s.written_at, e.* FROM import_change_sets s CROSS JOIN LATERAL ${unnestSet('s')}
       WHERE s.import_id = ? AND s.partition = ? AND s.seq <> ? AND s.written_at IN (SELECT before_updated_at FROM cur) AND e.product_id IS NOT NULL
     ), hit AS (
       SELECT c.ord, p.seq AS earlier_seq, p.ord AS earlier_ord, p.created,
              (CASE WHEN p.created THEN ${ALL_FIELD_BITS} WHEN p.changed IS NULL OR c.changed IS NULL THEN NULL ELSE p.changed | c.changed END)::smallint AS changed,
              p.before_updated_at,
              ${PRODUCT_FIELDS.map((f) => `CASE WHEN p.created THEN NULL WHEN p.changed & ${fieldBit(f)} <> 0 THEN p.before_${f} ELSE c.before_${f} END AS before_${f}`).join(',\n              ')}
       FROM cur c JOIN earlier p ON p.product_id = c.product_id AND p.written_at = c.before_updated_at
     ), emptied AS (
       UPDATE import_change_sets s SET
         product_ids = (SELECT array_agg(CASE WHEN h.earlier_ord IS NULL THEN x.id END ORDER BY x.ord)
                        FROM unnest(s.product_ids) WITH ORDINALITY AS x(id, ord) LEFT JOIN hit h ON h.earlier_seq = s.seq AND h.earlier_ord = x.ord),
         created_count = s.created_count - (SELECT count(*) FROM hit h WHERE h.earlier_seq = s.seq AND h.created),
         updated_count = s.updated_count - (SELECT count(*) FROM hit h WHERE h.earlier_seq = s.seq AND NOT h.created)
       WHERE s.import_id = ? AND s.seq IN (SELECT earlier_seq FROM hit)
       RETURNING 1
     ), kept AS (
       UPDATE import_change_sets s SET (${merged.join(', ')}, created_count, updated_count) = (
         SELECT ${merged.map((f) => `array_agg(${pick(f)} ORDER BY c.ord)`).join(', ')},
                count(*) FILTER (WHERE ${pick('created')}), count(*) FILTER (WHERE NOT ${pick('created')})
         FROM cur c LEFT JOIN hit h ON h.ord = c.ord)
       WHERE s.import_id = ? AND s.seq = ?
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM hit) AS merged, (SELECT count(*) FROM emptied) AS emptied, (SELECT count(*) FROM kept) AS kept`,
    [importId, seq, importId, partition, seq, importId, importId, seq],
  );
  await trx.raw('RESET enable_nestloop');
  return Number(rows[0].merged);
}
