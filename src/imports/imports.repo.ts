import type { Knex } from 'knex';
import type { Db } from '../lib/db.js';
import { ELEMENT_COLUMNS, SET_ARRAYS, mergedBefore, mergedChanged } from './imports.changeSets.repo.js';
import {
  ALL_FIELD_BITS,
  FINAL_STATUSES,
  PRODUCT_FIELDS,
  fieldBit,
  type ImportMode,
  type ImportPhase,
  type ImportStatus,
  type ProductField,
  type RevertStatus,
} from './imports.states.js';

export interface ImportRow {
  id: string;
  filename: string;
  size_bytes: number;
  status: ImportStatus;
  phase: ImportPhase;
  upload_complete: boolean;
  total_rows: number;
  staged_through: number;
  /**
   * The file offset just past the last staged record: where a resumed upload continues (the tus
   * upload's offset), and what estimates the file's rows while it arrives.
   */
  staged_bytes: number;
  /** The last staged record's number and the file's line count there: a fresh parser's numbering. */
  staged_record: number;
  staged_lines: number;
  /** The line break the parser detected (`\n`, `\r\n`, `\r`), so a resumed parse reads alike. */
  record_delimiter: string | null;
  /** Uploaded over tus: it can be continued until complete (or abandoned). */
  resumable: boolean;
  /** When bytes of the upload last arrived (the abandon rule's clock). */
  upload_active_at: Date;
  /** No applier job waits for the next staged chunk: the next commit queues them. */
  appliers_idle: boolean;
  processed_rows: number;
  inserted_count: number;
  updated_count: number;
  rejected_count: number;
  /** Valid rows identical to the stored product (left untouched). */
  unchanged_count: number;
  chunk_size: number;
  /** Apply partitions by hash(lower(sku)); each has its own cursor in import_partitions. */
  partitions: number;
  /** This import dropped the secondary indexes to load in bulk and rebuilds them before it completes. */
  rebuilds_indexes: boolean;
  has_description: boolean;
  has_active: boolean;
  delimiter: string | null;
  unknown_columns: string[];
  header_columns: string[];
  error: string | null;
  attempts: number;
  uploaded_by: string | null;
  admin_user_id: number | null;
  api_token_id: number | null;
  cancel_requested_at: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
  mode: ImportMode;
  /** Each applied chunk records what it created and updated in import_change_sets (needed to revert). */
  records_changes: boolean;
  /** Preview: per field, how many products applying the file would change. */
  field_changes: Partial<Record<ProductField, number>> | null;
  /** Preview: a few of the changes applying the file would make (computed with the counts). */
  preview_examples: unknown[] | null;
  previewed_at: Date | null;
  preview_expires_at: Date | null;
  revert_status: RevertStatus | null;
  /** Products the import changed (the revert's work), and how far the revert has gone. */
  revert_total: number;
  revert_processed: number;
  revert_restored_count: number;
  revert_deleted_count: number;
  revert_conflict_count: number;
  /** The last set of recorded changes the revert has done (import_change_sets.seq: sets are reverted in the order they were written). */
  revert_cursor: number;
  revert_attempts: number;
  revert_error: string | null;
  revert_requested_by: string | null;
  revert_cancel_requested_at: Date | null;
  revert_started_at: Date | null;
  revert_finished_at: Date | null;
}

/** A partition's cursor: the first record it has not applied yet. */
export interface PartitionCursor {
  partition: number;
  next_record: number;
}

/** What one applied chunk did: valid staged rows, distinct SKUs, products created, rows written. */
export interface ChunkCounts {
  valid: number;
  distinct: number;
  inserted: number;
  written: number;
}

/** Name of the per-import staging table (UNLOGGED, in schema import_staging). */
export const stagingTable = (id: string) => `import_staging.rows_${id.replaceAll('-', '')}`;

/** SQL for imports, their staged rows and their rejected rows. */
export function createImportsRepo(db: Db) {
  const imports = (trx?: Knex.Transaction) => (trx ?? db)<ImportRow>('imports');
  return {
    insert: async (row: Partial<ImportRow>) => (await imports().insert(row).returning('*'))[0]!,
    findById: (id: string, trx?: Knex.Transaction) => imports(trx).where({ id }).first(),
    /** Every partition's cursor: the first record it has not applied yet. */
    partitions: async (id: string): Promise<PartitionCursor[]> =>
      db('import_partitions').where({ import_id: id }).orderBy('partition').select('partition', 'next_record'),
    /**
     * One applier at a time per partition, whatever the workers: a transaction-scoped advisory
     * lock taken without waiting (another applier holding it means: try another partition).
     * Returns the partition's cursor once locked, or null.
     */
    tryLockPartition: async (trx: Knex.Transaction, id: string, partition: number): Promise<number | null> => {
      const { rows } = await trx.raw("SELECT pg_try_advisory_xact_lock(hashtext('acme:import:' || ?), ?::int) AS locked", [id, partition]);
      if (!rows[0].locked) return null;
      const cursor = await trx('import_partitions').where({ import_id: id, partition }).first('next_record');
      return cursor ? Number(cursor.next_record) : null;
    },
    /**
     * Records a partition's applied chunk: its cursor moves on only if it is still at `from`, and
     * the import's counters grow only while the import has not ended (a cancel that committed
     * meanwhile wins: 0 is returned and the caller rolls the chunk back). `processed_rows` is the
     * record every partition has passed, so it never goes backwards.
     */
    recordChunk: async (trx: Knex.Transaction, id: string, chunk: { partition: number; from: number; to: number }, counts: ChunkCounts): Promise<number> => {
      const moved = await trx('import_partitions')
        .where({ import_id: id, partition: chunk.partition, next_record: chunk.from })
        .update({ next_record: chunk.to + 1 });
      if (!moved) return 0;
      const { rowCount } = await trx.raw(
        `UPDATE imports SET
           inserted_count = inserted_count + ?, updated_count = updated_count + ?, unchanged_count = unchanged_count + ?,
           processed_rows = GREATEST(processed_rows, (SELECT min(next_record) - 1 FROM import_partitions WHERE import_id = ?)),
           phase = 'importing', updated_at = now()
         WHERE id = ? AND status NOT IN (${FINAL_STATUSES.map(() => '?').join(', ')})`,
        [counts.inserted, counts.valid - counts.inserted, counts.distinct - counts.written, id, id, ...FINAL_STATUSES],
      );
      return rowCount ?? 0;
    },
    /** Marks (or clears) the import as the one that rebuilds the secondary indexes. */
    setRebuildsIndexes: async (trx: Knex.Transaction, id: string, value: boolean) =>
      Number(
        await imports(trx)
          .where({ id })
          .whereNotIn('status', value ? [...FINAL_STATUSES] : [])
          .update({ rebuilds_indexes: value }),
      ),
    /** Whether some import other than `exceptId` still loads in bulk (and will rebuild the indexes). */
    otherBulkLoadRunning: async (trx: Knex.Transaction, exceptId: string | null) =>
      Boolean(
        await imports(trx)
          .where({ rebuilds_indexes: true })
          .whereNotIn('status', [...FINAL_STATUSES])
          .modify((q) => (exceptId ? q.whereNot({ id: exceptId }) : q))
          .first('id'),
      ),
    /**
     * The appliers may end while the upload pauses: only if nothing was staged since `stagedThrough`
     * (the staging commit then finds `appliers_idle` and queues them again). False: keep going.
     */
    markAppliersIdle: async (id: string, stagedThrough: number): Promise<boolean> =>
      (await imports().where({ id, staged_through: stagedThrough, upload_complete: false }).update({ appliers_idle: true })) > 0,
    /** Bytes are arriving for this upload (the abandon rule's clock). */
    touchUpload: (id: string) =>
      imports()
        .where({ id, upload_complete: false })
        .update({ upload_active_at: db.fn.now() } as never),
    /** Uploads still expected but silent for longer than `ms`: the abandon rule (IMPORT_UPLOAD_ABANDON_AFTER_MS). */
    stalledUploads: (ms: number): Promise<ImportRow[]> =>
      imports()
        .where({ upload_complete: false })
        .whereIn('status', ['queued', 'processing'] satisfies ImportStatus[])
        .andWhere('upload_active_at', '<', db.raw('now() - make_interval(secs => ?)', [ms / 1000]))
        .select('*'),
    /** Counts a failed chunk; returns the failures so far. */
    countFailure: async (id: string): Promise<number> => (await imports().where({ id }).increment('attempts', 1).returning('attempts'))[0]?.attempts ?? 0,
    update: async (id: string, patch: Partial<ImportRow>, trx?: Knex.Transaction) =>
      (
        await imports(trx)
          .where({ id })
          .update({ ...patch, updated_at: db.fn.now() } as never)
          .returning('*')
      )[0],
    /** Sets fields only while the import is not final; returns the row, or undefined when it already ended. */
    updateIfActive: async (id: string, patch: Partial<ImportRow>, trx?: Knex.Transaction) =>
      (
        await imports(trx)
          .where({ id })
          .whereNotIn('status', [...FINAL_STATUSES])
          .update({ ...patch, updated_at: db.fn.now() } as never)
          .returning('*')
      )[0],
    /**
     * A previewed import starts applying: counts from the preview are cleared (the apply counts
     * against the catalogue as it is now). Only from `previewed`; returns undefined otherwise.
     */
    startApplyingPreview: async (id: string) =>
      (
        await imports()
          .where({ id, status: 'previewed' satisfies ImportStatus })
          .update({
            status: 'queued',
            mode: 'apply',
            phase: 'waiting',
            inserted_count: 0,
            updated_count: 0,
            unchanged_count: 0,
            processed_rows: 0,
            error: null,
            attempts: 0,
            started_at: null,
            finished_at: null,
            preview_expires_at: null,
            updated_at: db.fn.now(),
          } as never)
          .returning('*')
      )[0],
    /** Previews not applied in time end as cancelled, saying so; returns their ids (their staging is dropped next). */
    expirePreviews: async (message: string): Promise<string[]> =>
      (
        await imports()
          .where({ status: 'previewed' satisfies ImportStatus })
          .andWhere('preview_expires_at', '<', db.fn.now())
          .update({ status: 'cancelled', phase: 'done', error: message, finished_at: db.fn.now(), updated_at: db.fn.now() } as never)
          .returning('id')
      ).map((r) => r.id),
    list: async (opts: { status?: ImportStatus; limit: number; offset: number }) => {
      const base = () => (opts.status ? imports().where({ status: opts.status }) : imports());
      const [rows, total] = await Promise.all([
        base().orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).offset(opts.offset),
        base().count({ n: '*' }).first(),
      ]);
      return { rows, total: Number((total as { n: number }).n) };
    },
    /**
     * Creates the import's staging table and one cursor per partition. Each staged row's
     * partition is computed by PostgreSQL once, at COPY time, from the same lower() as the
     * unique index, so a SKU in any letter case always lands in the same partition.
     */
    createStaging: async (imp: Pick<ImportRow, 'id' | 'partitions'>) => {
      const suffix = imp.id.replaceAll('-', '');
      await db.raw(`CREATE UNLOGGED TABLE IF NOT EXISTS ${stagingTable(imp.id)} (
        record_no integer NOT NULL, sku text NOT NULL, name text NOT NULL, description text, active boolean,
        part smallint GENERATED ALWAYS AS ((hashtext(lower(sku)) & 2147483647) % ${Math.trunc(imp.partitions)}) STORED)
        WITH (autovacuum_enabled = false)`); // written once, read by index, dropped: vacuuming it is wasted work
      // A chunk of a partition reads exactly its rows through this index, whatever the table's size.
      // (A BRIN index on record_no was cheaper to write, but without statistics on a table still being
      // filled the planner chose a sequential scan of the whole table for every chunk: quadratic.)
      await db.raw(`CREATE INDEX IF NOT EXISTS rows_${suffix}_part_record_no ON ${stagingTable(imp.id)} (part, record_no)`);
      await db('import_partitions')
        .insert(Array.from({ length: imp.partitions }, (_, partition) => ({ import_id: imp.id, partition })))
        .onConflict(['import_id', 'partition'])
        .ignore();
    },
    stagingExists: async (id: string) => Boolean((await db.raw('SELECT to_regclass(?) AS t', [stagingTable(id)])).rows[0].t),
    dropStaging: (id: string) => db.raw(`DROP TABLE IF EXISTS ${stagingTable(id)}`),
    /**
     * Upserts one partition's staged records [from, to] in one statement: deduplicated by
     * lower(sku) keeping the last record, rows identical to the stored product filtered out first
     * (no row lock, no new row version, no index work for them), the rest written in lower(sku)
     * order so concurrent imports lock rows in the same order. Columns missing from the file keep
     * the product's current value; an empty `active` cell means true. When the import records its
     * changes, the same statement records the products it wrote as one set (imports.changeSets.repo.ts):
     * created or updated, which fields changed and their values before; a product this import had
     * written in an earlier chunk keeps its element there, and what this chunk changed on top is kept in
     * import_rewrites (read together, a product keeps each field's first "before").
     */
    applyChunk: async (trx: Knex.Transaction, imp: ImportRow, chunk: { partition: number; from: number; to: number }): Promise<ChunkCounts> => {
      const columns: ProductField[] = [
        'sku',
        'name',
        ...(imp.has_description ? (['description'] as const) : []),
        ...(imp.has_active ? (['active'] as const) : []),
      ];
      const sets = [...columns.map((c) => `${c} = EXCLUDED.${c}`), 'updated_at = now()'];
      const differs = (a: string, b: string) =>
        `(${columns.map((c) => `${a}.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `${b}.${c}`).join(', ')})`;
      // Each change is taken from what the statement already holds, without joining its parts (a join of
      // two CTEs has no statistics, and the planner's nested loop over them made recording quadratic):
      // created products from the upsert's RETURNING, updated ones from `todo` (the stored row it compared
      // with, and the file's values), and a product a concurrent import created after this statement's
      // snapshot (updated, but not in `todo`) with unknown changes. The chunk's changes are written as one
      // row of arrays (imports.changeSets.repo.ts), holding only what a revert needs: which fields changed,
      // their values before, the products' updated_at before, and once for the set the updated_at this
      // chunk gives them (now()); the values after are the products' own. A product this import already
      // wrote in an earlier chunk of the partition (a SKU that comes back later in the file: its updated_at
      // is that chunk's written_at) stays recorded there, and what this chunk changes on top goes to
      // import_rewrites, one row per such product, merged with the set's element when read.
      const changedMask = columns.map((c) => `CASE WHEN ${c} IS DISTINCT FROM old_${c} THEN ${fieldBit(c)} ELSE 0 END`).join(' | ');
      const typedNull = (f: ProductField) => (f === 'active' ? 'NULL::boolean' : 'NULL::text'); // a UNION of bare NULLs would be text
      const beforeOfChanged = PRODUCT_FIELDS.map((f) => (columns.includes(f) ? `CASE WHEN ${f} IS DISTINCT FROM old_${f} THEN old_${f} END` : typedNull(f)));
      const nulls = PRODUCT_FIELDS.map(typedNull).join(', ');
      const record = imp.records_changes
        ? `, seen AS (
             SELECT written_at FROM import_change_sets WHERE import_id = ? AND partition = ? AND written_at IS NOT NULL
           ), elements (${ELEMENT_COLUMNS.join(', ')}) AS (
             SELECT id, true, sku, ${ALL_FIELD_BITS}::smallint, NULL::timestamptz, ${nulls} FROM up WHERE inserted
             UNION ALL
             SELECT old_id, false, sku, (${changedMask})::smallint, old_updated_at, ${beforeOfChanged.join(', ')} FROM todo
             WHERE old_id IS NOT NULL AND old_updated_at NOT IN (SELECT written_at FROM seen)
             UNION ALL
             SELECT id, false, sku, NULL::smallint, NULL::timestamptz, ${nulls} FROM up
             WHERE NOT inserted AND id NOT IN (SELECT old_id FROM todo WHERE old_id IS NOT NULL)
           ), rec AS (
             INSERT INTO import_change_sets (import_id, partition, written_at, created_count, updated_count, ${SET_ARRAYS.join(', ')})
             SELECT ?::uuid, ?, now(), count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created),
                    ${ELEMENT_COLUMNS.map((c) => `COALESCE(array_agg(${c}), '{}')`).join(', ')}
             FROM elements
             RETURNING seq
           ), rewritten AS (
             INSERT INTO import_rewrites (import_id, product_id, written_at, sku, changed, ${PRODUCT_FIELDS.map((f) => `before_${f}`).join(', ')})
             SELECT ?::uuid, old_id, now(), sku, (${changedMask})::smallint, ${beforeOfChanged.join(', ')} FROM todo
             WHERE old_id IS NOT NULL AND old_updated_at IN (SELECT written_at FROM seen)
             ON CONFLICT (import_id, product_id) DO UPDATE SET written_at = EXCLUDED.written_at, sku = EXCLUDED.sku,
               changed = ${mergedChanged('import_rewrites', 'EXCLUDED')},
               ${PRODUCT_FIELDS.map((f) => `before_${f} = ${mergedBefore('import_rewrites', 'EXCLUDED', f)}`).join(',\n               ')}
             RETURNING 1
           )`
        : '';
      const result = await trx.raw(
        `WITH staged AS (
           SELECT record_no, sku, name, description, active FROM ${stagingTable(imp.id)}
           WHERE record_no BETWEEN ? AND ? AND part = ?
         ), src AS (
           SELECT DISTINCT ON (lower(sku)) sku, name, description, COALESCE(active, true) AS active
           FROM staged ORDER BY lower(sku), record_no DESC
         ), todo AS (
           SELECT src.*, p.id AS old_id, p.updated_at AS old_updated_at, ${PRODUCT_FIELDS.map((f) => `p.${f} AS old_${f}`).join(', ')} FROM src LEFT JOIN products p ON lower(p.sku) = lower(src.sku)
           WHERE p.id IS NULL OR ${differs('p', 'src')}
         ), up AS (
           INSERT INTO products AS products (sku, name, description, active)
           SELECT sku, name, description, active FROM todo ORDER BY lower(sku)
           ON CONFLICT (lower(sku)) DO UPDATE SET ${sets.join(', ')} WHERE ${differs('products', 'EXCLUDED')}
           RETURNING id, (xmax = 0) AS inserted, sku
         )${record}
         SELECT (SELECT count(*) FROM staged) AS valid, (SELECT count(*) FROM src) AS distinct,
                (SELECT count(*) FROM up WHERE inserted) AS inserted, (SELECT count(*) FROM up) AS written`,
        [chunk.from, chunk.to, chunk.partition, ...(imp.records_changes ? [imp.id, chunk.partition, imp.id, chunk.partition, imp.id] : [])],
      );
      const r = result.rows[0] as Record<keyof ChunkCounts, number>;
      return { valid: Number(r.valid), distinct: Number(r.distinct), inserted: Number(r.inserted), written: Number(r.written) };
    },
    /** Rejected rows in file order, read in keyset pages so memory stays flat. */
    async *streamErrors(id: string): AsyncGenerator<{ line_no: number; reason: string; fields: Record<string, string> }> {
      let after = -1;
      for (;;) {
        const page = await db('import_errors')
          .where({ import_id: id })
          .andWhere('record_no', '>', after)
          .orderBy('record_no')
          .limit(5000)
          .select('record_no', 'line_no', 'reason', 'fields');
        yield* page;
        if (page.length < 5000) return;
        after = page[page.length - 1].record_no;
      }
    },
  };
}
export type ImportsRepo = ReturnType<typeof createImportsRepo>;
