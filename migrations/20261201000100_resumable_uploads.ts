import type { Knex } from 'knex';

/**
 * Resumable uploads (tus, docs/IMPORTS.md "Uploads that survive"): no byte of a partial upload is
 * kept; what a fresh parser needs to continue exactly where staging stopped lives on the import:
 * - `staged_bytes` (already there) is now the byte offset just past the last staged record: the
 *   tus upload's offset, where the client resumes;
 * - `staged_record`, `staged_lines`: the number of that record and the file's line count there
 *   (the next record's numbering); `record_delimiter`: the line break csv-parse detected (a fresh
 *   parser must not detect again on the rest of the file);
 * - `resumable`: the upload came over tus and can be continued until it completes or is abandoned;
 * - `upload_active_at`: when bytes last arrived (the abandon rule, IMPORT_UPLOAD_ABANDON_AFTER_MS);
 * - `appliers_idle`: no applier job waits for this import's next chunk (they end when the upload
 *   pauses); the staging commit that finds it true queues them again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE imports
      ADD COLUMN resumable boolean NOT NULL DEFAULT false,
      ADD COLUMN staged_record integer NOT NULL DEFAULT 0,
      ADD COLUMN staged_lines integer NOT NULL DEFAULT 0,
      ADD COLUMN record_delimiter varchar(2),
      ADD COLUMN upload_active_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN appliers_idle boolean NOT NULL DEFAULT true
  `);
  // The abandon sweep looks only at uploads still arriving.
  await knex.raw(`CREATE INDEX imports_uploads_arriving ON imports (upload_active_at) WHERE NOT upload_complete AND status IN ('queued', 'processing')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX IF EXISTS imports_uploads_arriving;
    ALTER TABLE imports DROP COLUMN resumable, DROP COLUMN staged_record, DROP COLUMN staged_lines,
      DROP COLUMN record_delimiter, DROP COLUMN upload_active_at, DROP COLUMN appliers_idle
  `);
}
