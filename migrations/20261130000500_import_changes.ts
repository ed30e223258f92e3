import type { Knex } from 'knex';

/**
 * Imports you can preview, audit and undo (docs/IMPORTS.md, "Preview, changes and revert"):
 * - `mode = 'preview'` stages and compares a file without applying it; it then waits as
 *   `status = 'previewed'` (counts, `field_changes`, a few `preview_examples`) until it is applied,
 *   cancelled or expires at `preview_expires_at`; phase `comparing` while the comparison runs;
 * - `import_changes` records, per product an import created or updated, the values before (updates)
 *   and after, once per product (a SKU written twice keeps its first "before" and its last "after");
 *   `records_changes` is false for imports run with IMPORT_RECORD_CHANGES=false (no revert then);
 * - a revert is a chunked job with its own cursor (`revert_cursor`, the last product id done),
 *   counters and status; products changed since the import are left alone and listed in
 *   `import_revert_conflicts` with the reason.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE imports
      DROP CONSTRAINT imports_status_check,
      ADD CONSTRAINT imports_status_check CHECK (status IN ('queued', 'processing', 'previewed', 'completed', 'failed', 'cancelled')),
      DROP CONSTRAINT imports_phase_check,
      ADD CONSTRAINT imports_phase_check CHECK (phase IN ('uploading', 'waiting', 'comparing', 'importing', 'finishing', 'done')),
      ADD COLUMN mode varchar(10) NOT NULL DEFAULT 'apply' CHECK (mode IN ('apply', 'preview')),
      ADD COLUMN records_changes boolean NOT NULL DEFAULT true,
      ADD COLUMN field_changes jsonb,
      ADD COLUMN preview_examples jsonb,
      ADD COLUMN previewed_at timestamptz,
      ADD COLUMN preview_expires_at timestamptz,
      ADD COLUMN revert_status varchar(20) CHECK (revert_status IN ('running', 'completed', 'failed', 'cancelled')),
      ADD COLUMN revert_total integer NOT NULL DEFAULT 0,
      ADD COLUMN revert_processed integer NOT NULL DEFAULT 0,
      ADD COLUMN revert_restored_count integer NOT NULL DEFAULT 0,
      ADD COLUMN revert_deleted_count integer NOT NULL DEFAULT 0,
      ADD COLUMN revert_conflict_count integer NOT NULL DEFAULT 0,
      ADD COLUMN revert_cursor bigint NOT NULL DEFAULT 0,
      ADD COLUMN revert_attempts integer NOT NULL DEFAULT 0,
      ADD COLUMN revert_error text,
      ADD COLUMN revert_requested_by varchar(320),
      ADD COLUMN revert_cancel_requested_at timestamptz,
      ADD COLUMN revert_started_at timestamptz,
      ADD COLUMN revert_finished_at timestamptz`);
  await knex.raw(`CREATE INDEX imports_preview_expires ON imports (preview_expires_at) WHERE status = 'previewed'`);
  await knex.raw(`
    CREATE TABLE import_changes (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      product_id bigint NOT NULL,
      action varchar(10) NOT NULL CHECK (action IN ('created', 'updated')),
      before_sku text,
      before_name text,
      before_description text,
      before_active boolean,
      after_sku text NOT NULL,
      after_name text NOT NULL,
      after_description text,
      after_active boolean NOT NULL,
      PRIMARY KEY (import_id, product_id)
    )`);
  await knex.raw(`
    CREATE TABLE import_revert_conflicts (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      product_id bigint NOT NULL,
      sku text NOT NULL,
      action varchar(10) NOT NULL,
      reason text NOT NULL,
      PRIMARY KEY (import_id, product_id)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE import_revert_conflicts');
  await knex.raw('DROP TABLE import_changes');
  await knex.raw(`DELETE FROM imports WHERE status = 'previewed'`);
  await knex.raw(`
    ALTER TABLE imports
      DROP COLUMN mode, DROP COLUMN records_changes, DROP COLUMN field_changes, DROP COLUMN preview_examples,
      DROP COLUMN previewed_at, DROP COLUMN preview_expires_at, DROP COLUMN revert_status, DROP COLUMN revert_total,
      DROP COLUMN revert_processed, DROP COLUMN revert_restored_count, DROP COLUMN revert_deleted_count,
      DROP COLUMN revert_conflict_count, DROP COLUMN revert_cursor, DROP COLUMN revert_attempts, DROP COLUMN revert_error,
      DROP COLUMN revert_requested_by, DROP COLUMN revert_cancel_requested_at, DROP COLUMN revert_started_at,
      DROP COLUMN revert_finished_at,
      DROP CONSTRAINT imports_status_check,
      ADD CONSTRAINT imports_status_check CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'cancelled')),
      DROP CONSTRAINT imports_phase_check,
      ADD CONSTRAINT imports_phase_check CHECK (phase IN ('uploading', 'waiting', 'importing', 'finishing', 'done'))`);
}
