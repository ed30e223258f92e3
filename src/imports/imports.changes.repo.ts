import type { Knex } from 'knex';
import type { Db } from '../lib/db.js';
import { elementPos, mergedElement, setOfPos, unnestSet } from './imports.changeSets.repo.js';
import { stagingTable, type ImportRow } from './imports.repo.js';
import { FINAL_STATUSES, PRODUCT_FIELDS, fieldBit, type ChangeAction, type ChangeState, type ProductField, type RevertStatus } from './imports.states.js';

/** One field an import changed (or would change): its value before and after. */
export interface FieldChange {
  field: ProductField;
  before: string | boolean | null;
  after: string | boolean | null;
}

/** What an import did (or would do) to one product. */
export interface ProductChange {
  productId: number | null;
  sku: string;
  action: ChangeAction;
  changes: FieldChange[];
  /** Recorded changes only: what the product holds now (its values after the import are known while it is `as-imported`). */
  state?: ChangeState;
}

/**
 * A recorded change as listed: which fields the import changed (`changed`, one bit per field; null
 * when unknown), their values before (null for created), the SKU it wrote, what the product holds
 * now, and its values (after_*) while it still holds what the import left.
 */
export interface ChangeRow {
  /** Its place in the import's recorded changes: what the next page continues after. */
  pos: number;
  product_id: number;
  action: ChangeAction;
  sku: string;
  changed: number | null;
  state: ChangeState;
  before_sku: string | null;
  before_name: string | null;
  before_description: string | null;
  before_active: boolean | null;
  after_sku: string | null;
  after_name: string | null;
  after_description: string | null;
  after_active: boolean | null;
}

/** What applying a staged file would do, counted exactly as the apply counts (see comparePreview). */
export interface PreviewCounts {
  valid: number;
  inserted: number;
  written: number;
  versions: number;
  fieldChanges: Partial<Record<ProductField, number>>;
  examples: ProductChange[];
}

export interface RevertChunkCounts {
  /** The set this chunk reverted; null when none was left. */
  lastSeq: number | null;
  done: number;
  restored: number;
  deleted: number;
  conflicts: number;
}

const tuple = (alias: string, prefix = '', fields: readonly string[] = PRODUCT_FIELDS) => `(${fields.map((f) => `${alias}.${prefix}${f}`).join(', ')})`;

/**
 * The changed fields of a recorded change (all four for a created product), before → after; "after"
 * is null once the product has changed or gone since (`state`). A field a later chunk of the same
 * import set back to its value before is left out.
 */
export function fieldChangesOf(row: ChangeRow): FieldChange[] {
  return PRODUCT_FIELDS.flatMap((field) => {
    if (((row.changed ?? 0) & fieldBit(field)) === 0) return [];
    const before = row.action === 'created' ? null : row[`before_${field}`];
    const after = row.state === 'as-imported' ? row[`after_${field}`] : null;
    return row.action === 'updated' && row.state === 'as-imported' && before === after ? [] : [{ field, before, after }];
  });
}

/**
 * SQL: product `p` holds exactly what recorded change `c` (an element with its set's `written_at`) left.
 * Its updated_at is the one the import wrote; or a newer import changed it from there and that import's
 * revert put it back (the newer change started from this updated_at, and its revert gave the product
 * the one it has now), so that imports can be reverted newest first, one after another.
 */
const leftByImport = (p: string, c: string) =>
  `(${p}.updated_at = ${c}.written_at OR EXISTS (
     SELECT 1 FROM import_reverted_products later
     WHERE later.product_id = ${p}.id AND later.reverted_at = ${p}.updated_at AND later.before_updated_at = ${c}.written_at))`;

/**
 * SQL: the recorded changes of import `?` (as `c`: the element merged with what later chunks wrote on top,
 * its set's `seq`, `pos`), from the set of position `?` on, in the order they were written; `where`
 * filters the elements.
 */
const recordedChanges = (where = 'TRUE') =>
  `SELECT s.import_id, s.seq, ${elementPos('s')} AS pos, ${mergedElement('s', 'e', 'a')}
   FROM import_change_sets s CROSS JOIN LATERAL ${unnestSet('s')}
   LEFT JOIN import_rewrites a ON a.import_id = s.import_id AND a.product_id = e.product_id
   WHERE s.import_id = ? AND s.seq >= ${setOfPos} AND ${where}`;

/** Examples a preview keeps (per action). */
const PREVIEW_EXAMPLES = 10;

/**
 * SQL for what an import changes: the preview's read-only comparison of a staged file with the
 * catalogue, the recorded changes (import_change_sets), and the revert's chunks and conflicts.
 */
export function createImportChangesRepo(db: Db) {
  return {
    /**
     * One read-only pass over the staged rows that predicts exactly what the apply would count.
     * The apply works in chunks (records [1 + k·size, (k+1)·size] of each partition), keeps the last
     * row of a SKU within a chunk, and compares it with the product as the previous chunk left it; so
     * here each SKU's versions (one per chunk it appears in) are compared with the stored product
     * (the first) or the version before. Only the file's columns are compared, as the apply writes
     * only those. `fieldChanges` counts products whose final value differs from the stored one.
     */
    comparePreview: async (imp: ImportRow): Promise<PreviewCounts> => {
      const cols = ['sku', 'name', ...(imp.has_description ? ['description'] : []), ...(imp.has_active ? ['active'] : [])];
      const size = Math.trunc(imp.chunk_size);
      const fieldCounts = PRODUCT_FIELDS.map((f) =>
        cols.includes(f) ? `count(*) FILTER (WHERE n = versions AND pid IS NOT NULL AND ${f} IS DISTINCT FROM o_${f}) AS changes_${f}` : `0 AS changes_${f}`,
      );
      const example = `json_build_object('productId', pid, 'sku', sku, ${PRODUCT_FIELDS.map((f) => `'o_${f}', o_${f}, '${f}', ${f}`).join(', ')})`;
      const changedFinal = `n = versions AND pid IS NOT NULL AND ${tuple('j', '', cols)} IS DISTINCT FROM ${tuple('j', 'o_', cols)}`;
      const { rows } = await db.raw(
        `WITH v AS (
           SELECT DISTINCT ON (lower(sku), (record_no - 1) / ${size}) lower(sku) AS k, (record_no - 1) / ${size} AS c,
                  sku, name, description, COALESCE(active, true) AS active
           FROM ${stagingTable(imp.id)} ORDER BY lower(sku), (record_no - 1) / ${size}, record_no DESC
         ), w AS (
           SELECT v.*, row_number() OVER s AS n, count(*) OVER (PARTITION BY k) AS versions,
                  ${cols.map((f) => `lag(${f}) OVER s AS prev_${f}`).join(', ')}
           FROM v WINDOW s AS (PARTITION BY k ORDER BY c)
         ), j AS MATERIALIZED (
           SELECT w.*, p.id AS pid, ${PRODUCT_FIELDS.map((f) => `p.${f} AS o_${f}`).join(', ')}
           FROM w LEFT JOIN products p ON lower(p.sku) = w.k
         )
         SELECT (SELECT count(*) FROM ${stagingTable(imp.id)}) AS valid, count(*) AS versions,
                count(*) FILTER (WHERE n = 1 AND pid IS NULL) AS inserted,
                count(*) FILTER (WHERE CASE WHEN n = 1 THEN pid IS NULL OR ${tuple('j', '', cols)} IS DISTINCT FROM ${tuple('j', 'o_', cols)}
                                            ELSE ${tuple('j', '', cols)} IS DISTINCT FROM ${tuple('j', 'prev_', cols)} END) AS written,
                ${fieldCounts.join(', ')},
                (SELECT json_agg(e) FROM (SELECT ${example} AS e FROM j WHERE n = versions AND pid IS NULL LIMIT ${PREVIEW_EXAMPLES}) x) AS created,
                (SELECT json_agg(e) FROM (SELECT ${example} AS e FROM j WHERE ${changedFinal} LIMIT ${PREVIEW_EXAMPLES}) x) AS updated
         FROM j`,
      );
      const r = rows[0];
      const toChange =
        (action: ChangeAction) =>
        (e: Record<string, string | boolean | null>): ProductChange => ({
          productId: e.productId === null ? null : Number(e.productId),
          sku: String(e.sku),
          action,
          changes: PRODUCT_FIELDS.flatMap((field) =>
            action === 'created'
              ? [{ field, before: null, after: e[field] ?? null }]
              : cols.includes(field) && e[`o_${field}`] !== e[field]
                ? [{ field, before: e[`o_${field}`] ?? null, after: e[field] ?? null }]
                : [],
          ),
        });
      return {
        valid: Number(r.valid),
        versions: Number(r.versions),
        inserted: Number(r.inserted),
        written: Number(r.written),
        fieldChanges: Object.fromEntries(PRODUCT_FIELDS.filter((f) => cols.includes(f)).map((f) => [f, Number(r[`changes_${f}`])])),
        examples: [...(r.created ?? []).map(toChange('created')), ...(r.updated ?? []).map(toChange('updated'))],
      };
    },

    /**
     * A page of recorded changes in the order they were written, after position `afterPos`, with what
     * each product holds now: its values are the import's "after" while it holds what the import left.
     */
    listChanges: async (importId: string, opts: { action?: ChangeAction; afterPos?: number; limit: number }): Promise<ChangeRow[]> =>
      (
        await db.raw(
          `WITH page AS (
             ${recordedChanges(`${elementPos('s')} > ?${opts.action ? ' AND e.created = ?' : ''}`)}
             ORDER BY s.seq, e.ord LIMIT ?
           )
           SELECT pos, product_id, CASE WHEN created THEN 'created' ELSE 'updated' END AS action, sku, changed, ${PRODUCT_FIELDS.map((f) => `before_${f}`).join(', ')},
                  CASE WHEN pid IS NULL THEN CASE WHEN reverted_at IS NOT NULL THEN 'reverted' ELSE 'deleted-since' END
                       WHEN as_left THEN 'as-imported' WHEN reverted_at = p_updated_at THEN 'reverted' ELSE 'changed-since' END AS state,
                  ${PRODUCT_FIELDS.map((f) => `CASE WHEN as_left THEN p_${f} END AS after_${f}`).join(', ')}
           FROM (
             SELECT c.*, p.id AS pid, p.updated_at AS p_updated_at, ${PRODUCT_FIELDS.map((f) => `p.${f} AS p_${f}`).join(', ')},
                    r.reverted_at, ${leftByImport('p', 'c')} AS as_left
             FROM page c LEFT JOIN products p ON p.id = c.product_id
             LEFT JOIN import_reverted_products r ON r.import_id = c.import_id AND r.product_id = c.product_id
           ) listed ORDER BY pos`,
          [importId, opts.afterPos ?? 0, opts.afterPos ?? 0, ...(opts.action ? [opts.action === 'created'] : []), opts.limit],
        )
      ).rows,

    /** Recorded changes per action. */
    countChanges: async (importId: string): Promise<Record<ChangeAction, number>> => {
      const r = await db('import_change_sets')
        .where({ import_id: importId })
        .first(db.raw('COALESCE(sum(created_count), 0) AS created'), db.raw('COALESCE(sum(updated_count), 0) AS updated'));
      return { created: Number(r.created), updated: Number(r.updated) };
    },

    /**
     * Reverts the recorded changes of the next set after set `afterSeq`, in one statement: an updated
     * product gets its previous values back (the fields the import changed), a created one is deleted,
     * each only if it still holds exactly what the import left (leftByImport, re-checked on the row's
     * latest version), and what was put back is recorded (import_reverted_products); every other one is
     * left as it is and recorded as a conflict with the reason.
     */
    revertChunk: async (trx: Knex.Transaction, importId: string, afterSeq: number): Promise<RevertChunkCounts> => {
      const untouched = leftByImport('p', 'c');
      const restore = PRODUCT_FIELDS.map((f) => `${f} = CASE WHEN c.changed & ${fieldBit(f)} <> 0 THEN c.before_${f} ELSE p.${f} END`);
      const { rows } = await trx.raw(
        `WITH next_set AS (
           SELECT min(seq) AS seq FROM import_change_sets WHERE import_id = ? AND seq > ?
         ), c AS (
           ${recordedChanges('s.seq = (SELECT seq FROM next_set)')}
         ), restored AS (
           UPDATE products p SET ${restore.join(', ')}, updated_at = now()
           FROM c WHERE NOT c.created AND c.changed IS NOT NULL AND p.id = c.product_id AND ${untouched}
           RETURNING p.id, c.before_updated_at
         ), deleted AS (
           DELETE FROM products p USING c WHERE c.created AND p.id = c.product_id AND ${untouched}
           RETURNING p.id
         ), marked AS (
           INSERT INTO import_reverted_products (import_id, product_id, reverted_at, before_updated_at)
           SELECT ?::uuid, id, now(), before_updated_at FROM restored
           UNION ALL SELECT ?::uuid, id, now(), NULL FROM deleted
           ON CONFLICT (import_id, product_id) DO NOTHING
         ), conflicts AS (
           INSERT INTO import_revert_conflicts (import_id, product_id, sku, action, reason)
           SELECT c.import_id, c.product_id, COALESCE(p.sku, c.sku), CASE WHEN c.created THEN 'created' ELSE 'updated' END,
                  CASE WHEN p.id IS NULL THEN 'deleted since the import'
                       WHEN c.changed IS NULL THEN 'its previous values are unknown (another import created it at the same moment)'
                       WHEN ${untouched} THEN 'changed while the revert ran'
                       ELSE 'changed since the import (last changed ' || to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC)' END
           FROM c LEFT JOIN products p ON p.id = c.product_id
           WHERE c.product_id NOT IN (SELECT id FROM restored UNION ALL SELECT id FROM deleted)
           ON CONFLICT (import_id, product_id) DO NOTHING
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM c) AS done, (SELECT seq FROM next_set) AS last,
                (SELECT count(*) FROM restored) AS restored, (SELECT count(*) FROM deleted) AS deleted, (SELECT count(*) FROM conflicts) AS conflicts`,
        [importId, afterSeq, importId, 0, importId, importId],
      );
      const r = rows[0];
      return {
        lastSeq: r.last === null ? null : Number(r.last),
        done: Number(r.done),
        restored: Number(r.restored),
        deleted: Number(r.deleted),
        conflicts: Number(r.conflicts),
      };
    },

    /**
     * Records a reverted chunk on the import, only if the revert still runs and its cursor is still at
     * `from` (another run or a cancel that committed first wins: 0, and the caller rolls back).
     */
    recordRevertChunk: async (trx: Knex.Transaction, importId: string, from: number, counts: RevertChunkCounts): Promise<number> =>
      Number(
        await trx('imports')
          .where({ id: importId, revert_status: 'running' satisfies RevertStatus, revert_cursor: from })
          .update({
            revert_cursor: counts.lastSeq ?? from,
            revert_processed: trx.raw('revert_processed + ?', [counts.done]),
            revert_restored_count: trx.raw('revert_restored_count + ?', [counts.restored]),
            revert_deleted_count: trx.raw('revert_deleted_count + ?', [counts.deleted]),
            revert_conflict_count: trx.raw('revert_conflict_count + ?', [counts.conflicts]),
            updated_at: trx.fn.now(),
          } as never),
      ),

    /**
     * Starts (or resumes, after a failure or cancel) the revert of an ended import that recorded its
     * changes; returns the row, or undefined when the import is not in a state to be reverted.
     */
    startRevert: async (importId: string, requestedBy: string | null): Promise<ImportRow | undefined> =>
      (
        await db('imports')
          .where({ id: importId, mode: 'apply', records_changes: true })
          .whereIn('status', [...FINAL_STATUSES])
          .andWhere((q) => q.whereNull('revert_status').orWhereIn('revert_status', ['failed', 'cancelled'] satisfies RevertStatus[]))
          .update({
            revert_status: 'running' satisfies RevertStatus,
            revert_total: db('import_change_sets').where({ import_id: importId }).select(db.raw('COALESCE(sum(created_count + updated_count), 0)')),
            revert_started_at: db.raw('COALESCE(revert_started_at, now())'),
            revert_requested_by: requestedBy,
            revert_error: null,
            revert_attempts: 0,
            revert_finished_at: null,
            revert_cancel_requested_at: null,
            updated_at: db.fn.now(),
          } as never)
          .returning('*')
      )[0],
    /** Ends a running revert (completed, failed or cancelled) once; undefined when it was not running. */
    endRevert: async (
      importId: string,
      status: Exclude<RevertStatus, 'running'>,
      error: string | null,
      trx?: Knex.Transaction,
    ): Promise<ImportRow | undefined> =>
      (
        await (trx ?? db)('imports')
          .where({ id: importId, revert_status: 'running' satisfies RevertStatus })
          .update({
            revert_status: status,
            revert_error: error,
            revert_finished_at: db.fn.now(),
            ...(status === 'cancelled' ? { revert_cancel_requested_at: db.fn.now() } : {}),
            updated_at: db.fn.now(),
          } as never)
          .returning('*')
      )[0],
    /** Counts a failed revert chunk; returns the failures so far. */
    countRevertFailure: async (importId: string): Promise<number> =>
      (await db('imports').where({ id: importId }).increment('revert_attempts', 1).returning('revert_attempts'))[0]?.revert_attempts ?? 0,
    /** One revert runner per import: a transaction-scoped advisory lock taken without waiting. */
    tryLockRevert: async (trx: Knex.Transaction, importId: string): Promise<boolean> =>
      Boolean((await trx.raw("SELECT pg_try_advisory_xact_lock(hashtext('acme:revert:' || ?)) AS locked", [importId])).rows[0].locked),

    /** The conflicts of a revert, in product id order, read in keyset pages so memory stays flat. */
    async *streamConflicts(importId: string): AsyncGenerator<{ product_id: number; sku: string; action: ChangeAction; reason: string }> {
      let after = 0;
      for (;;) {
        const page = await db('import_revert_conflicts').where({ import_id: importId }).andWhere('product_id', '>', after).orderBy('product_id').limit(5000);
        yield* page;
        if (page.length < 5000) return;
        after = Number(page[page.length - 1].product_id);
      }
    },
  };
}
export type ImportChangesRepo = ReturnType<typeof createImportChangesRepo>;
