import type { Knex } from 'knex';

/**
 * CSV imports. Each upload's valid rows are staged in its own UNLOGGED table in the
 * `import_staging` schema (created by the upload, dropped when the import ends) so any worker
 * can apply them; `next_record` records how far the upsert has committed, making resume exact.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      filename varchar(500) NOT NULL,
      size_bytes bigint NOT NULL DEFAULT 0,
      status varchar(20) NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'cancelled')),
      phase varchar(20) NOT NULL DEFAULT 'uploading'
        CHECK (phase IN ('uploading', 'waiting', 'importing', 'finishing', 'done')),
      upload_complete boolean NOT NULL DEFAULT false,
      total_rows integer NOT NULL DEFAULT 0,
      staged_through integer NOT NULL DEFAULT 0,
      next_record integer NOT NULL DEFAULT 1,
      processed_rows integer NOT NULL DEFAULT 0,
      inserted_count integer NOT NULL DEFAULT 0,
      updated_count integer NOT NULL DEFAULT 0,
      rejected_count integer NOT NULL DEFAULT 0,
      chunk_size integer NOT NULL,
      has_description boolean NOT NULL DEFAULT true,
      has_active boolean NOT NULL DEFAULT false,
      delimiter varchar(4),
      unknown_columns text[] NOT NULL DEFAULT '{}',
      header_columns text[] NOT NULL DEFAULT '{}',
      error text,
      attempts integer NOT NULL DEFAULT 0,
      uploaded_by varchar(320),
      admin_user_id bigint REFERENCES admin_users(id) ON DELETE SET NULL,
      api_token_id bigint REFERENCES api_tokens(id) ON DELETE SET NULL,
      cancel_requested_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE INDEX imports_created_at ON imports (created_at DESC)');
  await knex.raw('CREATE INDEX imports_status ON imports (status)');
  await knex.raw('CREATE SCHEMA IF NOT EXISTS import_staging');
  await knex.raw(`
    CREATE TABLE import_errors (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      record_no integer NOT NULL,
      line_no integer NOT NULL,
      reason text NOT NULL,
      fields jsonb NOT NULL DEFAULT '{}'::jsonb,
      PRIMARY KEY (import_id, record_no)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE import_errors');
  await knex.raw('DROP SCHEMA import_staging CASCADE');
  await knex.raw('DROP TABLE imports');
}
