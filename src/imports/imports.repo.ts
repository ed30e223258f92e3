import type { Knex } from 'knex';
import type { Db } from '../lib/db.js';

export type ImportStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';
export type ImportPhase = 'uploading' | 'waiting' | 'importing' | 'finishing' | 'done';

export interface ImportRow {
  id: string;
  filename: string;
  size_bytes: number;
  status: ImportStatus;
  phase: ImportPhase;
  upload_complete: boolean;
  total_rows: number;
  staged_through: number;
  next_record: number;
  processed_rows: number;
  inserted_count: number;
  updated_count: number;
  rejected_count: number;
  chunk_size: number;
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
}

export const FINAL_STATUSES: ImportStatus[] = ['completed', 'failed', 'cancelled'];

/** Name of the per-import staging table (UNLOGGED, in schema import_staging). */
export const stagingTable = (id: string) => `import_staging.rows_${id.replaceAll('-', '')}`;

/** SQL for imports, their staged rows and their rejected rows. */
export function createImportsRepo(db: Db) {
  const imports = (trx?: Knex.Transaction) => (trx ?? db)<ImportRow>('imports');
  return {
    insert: async (row: Partial<ImportRow>) => (await imports().insert(row).returning('*'))[0]!,
    findById: (id: string, trx?: Knex.Transaction) => imports(trx).where({ id }).first(),
    /**
     * One applier at a time per import, whatever the workers: a transaction-scoped advisory lock,
     * not a row lock, so the upload can keep updating the import row while a chunk is applied.
     */
    lockForApply: async (id: string, trx: Knex.Transaction) => {
      await trx.raw("SELECT pg_advisory_xact_lock(hashtext('acme:import:' || ?))", [id]);
      return imports(trx).where({ id }).first();
    },
    /**
     * Records an applied chunk, only if the import is still at `from` and not ended (a cancel
     * that committed meanwhile wins: the caller rolls the chunk back).
     */
    recordChunk: async (id: string, from: number, patch: Partial<ImportRow>, trx: Knex.Transaction) =>
      Number(
        await imports(trx)
          .where({ id, next_record: from })
          .whereNotIn('status', FINAL_STATUSES)
          .update({ ...patch, updated_at: db.fn.now() } as never),
      ),
    update: async (id: string, patch: Partial<ImportRow>, trx?: Knex.Transaction) =>
      (await imports(trx).where({ id }).update({ ...patch, updated_at: db.fn.now() } as never).returning('*'))[0],
    /** Sets fields only while the import is not final; returns the row, or undefined when it already ended. */
    updateIfActive: async (id: string, patch: Partial<ImportRow>) =>
      (await imports().where({ id }).whereNotIn('status', FINAL_STATUSES).update({ ...patch, updated_at: db.fn.now() } as never).returning('*'))[0],
    list: async (opts: { status?: ImportStatus; limit: number; offset: number }) => {
      const base = () => (opts.status ? imports().where({ status: opts.status }) : imports());
      const [rows, total] = await Promise.all([
        base().orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).offset(opts.offset),
        base().count({ n: '*' }).first(),
      ]);
      return { rows, total: Number((total as { n: number }).n) };
    },
    createStaging: async (id: string) => {
      await db.raw(`CREATE UNLOGGED TABLE IF NOT EXISTS ${stagingTable(id)} (
        record_no integer NOT NULL, sku text NOT NULL, name text NOT NULL, description text, active boolean)`);
      // Rows arrive in record order, so a BRIN index finds a chunk's range at almost no write cost.
      await db.raw(`CREATE INDEX IF NOT EXISTS rows_${id.replaceAll('-', '')}_record_no ON ${stagingTable(id)} USING brin (record_no)`);
    },
    stagingExists: async (id: string) =>
      Boolean((await db.raw('SELECT to_regclass(?) AS t', [stagingTable(id)])).rows[0].t),
    dropStaging: (id: string) => db.raw(`DROP TABLE IF EXISTS ${stagingTable(id)}`),
    /**
     * Upserts staged records [from, to] in one statement: deduplicated by lower(sku) keeping the
     * last record, written in lower(sku) order so concurrent imports lock rows in the same order.
     * Columns missing from the file keep the product's current value; an empty `active` cell means true.
     * Counts: `inserted` from RETURNING; every other valid row counts as an update, changed or not.
     */
    applyChunk: async (trx: Knex.Transaction, imp: ImportRow, from: number, to: number) => {
      const columns = ['sku', 'name', ...(imp.has_description ? ['description'] : []), ...(imp.has_active ? ['active'] : [])];
      const sets = [...columns.map((c) => `${c} = EXCLUDED.${c}`), 'updated_at = now()'];
      // A row identical to the stored product is left untouched (no new row version, no index work).
      const changed = `(${columns.map((c) => `products.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `EXCLUDED.${c}`).join(', ')})`;
      const result = await trx.raw(
        `WITH staged AS (
           SELECT * FROM ${stagingTable(imp.id)} WHERE record_no BETWEEN ? AND ?
         ), src AS (
           SELECT DISTINCT ON (lower(sku)) sku, name, description, active
           FROM staged ORDER BY lower(sku), record_no DESC
         ), up AS (
           INSERT INTO products AS products (sku, name, description, active)
           SELECT sku, name, description, COALESCE(active, true) FROM src ORDER BY lower(sku)
           ON CONFLICT (lower(sku)) DO UPDATE SET ${sets.join(', ')} WHERE ${changed}
           RETURNING (xmax = 0) AS inserted
         )
         SELECT (SELECT count(*) FROM staged) AS valid, (SELECT count(*) FROM up WHERE inserted) AS inserted`,
        [from, to],
      );
      const r = result.rows[0] as { valid: number; inserted: number };
      return { valid: Number(r.valid), inserted: Number(r.inserted) };
    },
    insertErrors: async (
      conn: { query: (sql: string, params: unknown[]) => Promise<unknown> },
      id: string,
      errors: { recordNo: number; lineNo: number; reason: string; fields: Record<string, string> }[],
    ) => {
      if (!errors.length) return;
      await conn.query(
        `INSERT INTO import_errors (import_id, record_no, line_no, reason, fields)
         SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::jsonb[])
         ON CONFLICT DO NOTHING`,
        [id, errors.map((e) => e.recordNo), errors.map((e) => e.lineNo), errors.map((e) => e.reason), errors.map((e) => JSON.stringify(e.fields))],
      );
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
