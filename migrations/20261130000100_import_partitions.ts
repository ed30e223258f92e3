import type { Knex } from 'knex';

/**
 * Imports at the speed of PostgreSQL (docs/IMPORTS.md, "Index design"):
 * - the trigram index over descriptions goes (it was ~60% of every import's cost; a description
 *   filter is a parallel sequential scan instead);
 * - an import's apply is split into partitions by hash(lower(sku)), each with its own cursor, so
 *   several workers apply one import at once (`import_partitions` replaces `imports.next_record`);
 * - `rebuilds_indexes` marks an import that dropped the secondary indexes to load in bulk and
 *   rebuilds them before it completes; `staged_bytes` lets the worker estimate the file's rows;
 *   `unchanged_count` counts rows identical to the stored product.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS products_description_trgm');
  await knex.raw(`
    ALTER TABLE imports
      ADD COLUMN partitions smallint NOT NULL DEFAULT 1 CHECK (partitions BETWEEN 1 AND 64),
      ADD COLUMN rebuilds_indexes boolean NOT NULL DEFAULT false,
      ADD COLUMN staged_bytes bigint NOT NULL DEFAULT 0,
      ADD COLUMN unchanged_count integer NOT NULL DEFAULT 0,
      DROP COLUMN next_record`);
  await knex.raw(`
    CREATE TABLE import_partitions (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      partition smallint NOT NULL,
      next_record integer NOT NULL DEFAULT 1,
      PRIMARY KEY (import_id, partition)
    )`);
  await knex.raw('CREATE INDEX imports_rebuilds_indexes ON imports (id) WHERE rebuilds_indexes');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE import_partitions');
  await knex.raw(`
    ALTER TABLE imports DROP COLUMN partitions, DROP COLUMN rebuilds_indexes, DROP COLUMN staged_bytes,
      DROP COLUMN unchanged_count, ADD COLUMN next_record integer NOT NULL DEFAULT 1`);
  await knex.raw('CREATE INDEX IF NOT EXISTS products_description_trgm ON products USING gin (description gin_trgm_ops)');
}
