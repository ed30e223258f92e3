import type { Knex } from 'knex';

/**
 * What an import changed is recorded as one row per applied chunk instead of one row per product
 * (docs/IMPORTS.md, "What an import changed"): `import_change_sets` holds, in parallel arrays, each
 * product the chunk created or updated (`product_ids`, `created`, `skus` as written, `changed` one bit
 * per field, `before_updated_at`, `before_<field>` for the changed fields only), and once for the whole
 * chunk its `partition` and `written_at` (the chunk's transaction time: every product it wrote got that
 * `updated_at`). One row of compressed arrays costs the import a fraction of what a row and an index
 * entry per product cost. `created_count`/`updated_count` count the set's products. A product written
 * again by a later chunk of the same import (a SKU that comes back later in the file) keeps its element
 * in the first set; `import_rewrites` holds, once per such product, what the later chunks changed on top
 * (`changed`, the values before them of those fields, the last `written_at` and SKU), read together
 * with the element.
 *
 * What a revert put back is recorded per product in `import_reverted_products` (`reverted_at`: the
 * `updated_at` the revert gave it; `before_updated_at`: the one the import had found), so that an
 * older import's revert recognises a product a newer import's revert put back as it left it.
 *
 * Recorded changes are converted: grouped by import and `written_at` (one chunk) in sets of at most
 * 20,000 in product id order, sets already reverted first; a revert that stopped part-way keeps its
 * place (`revert_cursor` becomes the last set it finished instead of the last product id).
 */
const SET_COLUMNS = `product_ids, created, skus, changed, before_updated_at, before_sku, before_name, before_description, before_active`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE import_change_sets (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      partition smallint,
      written_at timestamptz,
      created_count integer NOT NULL,
      updated_count integer NOT NULL,
      product_ids bigint[] NOT NULL,
      created boolean[] NOT NULL,
      skus text[] NOT NULL,
      changed smallint[] NOT NULL,
      before_updated_at timestamptz[] NOT NULL,
      before_sku text[] NOT NULL,
      before_name text[] NOT NULL,
      before_description text[] NOT NULL,
      before_active boolean[] NOT NULL,
      PRIMARY KEY (import_id, seq)
    )`);
  await knex.raw(`
    CREATE TABLE import_rewrites (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      product_id bigint NOT NULL,
      written_at timestamptz NOT NULL,
      sku text NOT NULL,
      changed smallint,
      before_sku text,
      before_name text,
      before_description text,
      before_active boolean,
      PRIMARY KEY (import_id, product_id)
    )`);
  await knex.raw(`
    CREATE TABLE import_reverted_products (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      product_id bigint NOT NULL,
      reverted_at timestamptz NOT NULL,
      before_updated_at timestamptz,
      PRIMARY KEY (import_id, product_id)
    )`);
  await knex.raw('CREATE INDEX import_reverted_products_product ON import_reverted_products (product_id, reverted_at)');

  await knex.raw(`
    INSERT INTO import_reverted_products (import_id, product_id, reverted_at, before_updated_at)
    SELECT import_id, product_id, reverted_at, before_updated_at FROM import_changes WHERE reverted_at IS NOT NULL`);
  // A revert part-way (cursor: the last product id it finished) keeps its place: its done changes go first.
  await knex.raw(`
    WITH c AS (
      SELECT c.*, (i.revert_status IS NOT NULL AND i.revert_status <> 'completed' AND c.product_id <= i.revert_cursor) AS done
      FROM import_changes c JOIN imports i ON i.id = c.import_id
    ), g AS (
      SELECT c.*, (row_number() OVER (PARTITION BY import_id, done, written_at ORDER BY product_id) - 1) / 20000 AS part_no FROM c
    )
    INSERT INTO import_change_sets (import_id, written_at, created_count, updated_count, ${SET_COLUMNS})
    SELECT import_id, written_at, count(*) FILTER (WHERE action = 'created'), count(*) FILTER (WHERE action = 'updated'),
           array_agg(product_id ORDER BY product_id), array_agg(action = 'created' ORDER BY product_id), array_agg(sku ORDER BY product_id),
           array_agg(changed ORDER BY product_id), array_agg(before_updated_at ORDER BY product_id), array_agg(before_sku ORDER BY product_id),
           array_agg(before_name ORDER BY product_id), array_agg(before_description ORDER BY product_id), array_agg(before_active ORDER BY product_id)
    FROM (SELECT * FROM g ORDER BY import_id, done DESC, written_at, part_no) ordered
    GROUP BY import_id, done, written_at, part_no
    ORDER BY import_id, done DESC, min(written_at), part_no`);
  // Sets of a revert's done changes hold product ids up to its cursor only, and were numbered first.
  await knex.raw(`
    UPDATE imports i SET revert_cursor = COALESCE((
      SELECT max(s.seq) FROM import_change_sets s WHERE s.import_id = i.id AND s.product_ids[1] <= i.revert_cursor), 0)
    WHERE revert_status IS NOT NULL AND revert_status <> 'completed' AND revert_cursor > 0`);
  await knex.raw('DROP TABLE import_changes');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE import_changes (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      product_id bigint NOT NULL,
      action varchar(10) NOT NULL CHECK (action IN ('created', 'updated')),
      before_sku text,
      before_name text,
      before_description text,
      before_active boolean,
      sku text NOT NULL,
      written_at timestamptz,
      changed smallint,
      before_updated_at timestamptz,
      reverted_at timestamptz,
      PRIMARY KEY (import_id, product_id)
    )`);
  await knex.raw(`
    INSERT INTO import_changes (import_id, product_id, action, sku, written_at, changed, before_updated_at, before_sku, before_name, before_description, before_active, reverted_at)
    SELECT s.import_id, e.product_id, CASE WHEN e.created THEN 'created' ELSE 'updated' END, COALESCE(a.sku, e.sku), COALESCE(a.written_at, s.written_at),
           CASE WHEN a.product_id IS NULL THEN e.changed WHEN e.changed IS NULL OR a.changed IS NULL THEN NULL ELSE e.changed | a.changed END, e.before_updated_at,
           CASE WHEN a.product_id IS NOT NULL AND COALESCE(e.changed, 0) & 1 = 0 THEN a.before_sku ELSE e.before_sku END,
           CASE WHEN a.product_id IS NOT NULL AND COALESCE(e.changed, 0) & 2 = 0 THEN a.before_name ELSE e.before_name END,
           CASE WHEN a.product_id IS NOT NULL AND COALESCE(e.changed, 0) & 4 = 0 THEN a.before_description ELSE e.before_description END,
           CASE WHEN a.product_id IS NOT NULL AND COALESCE(e.changed, 0) & 8 = 0 THEN a.before_active ELSE e.before_active END,
           r.reverted_at
    FROM import_change_sets s
    CROSS JOIN LATERAL unnest(s.${SET_COLUMNS.split(', ').join(', s.')}) AS e(product_id, created, sku, changed, before_updated_at, before_sku, before_name, before_description, before_active)
    LEFT JOIN import_rewrites a ON a.import_id = s.import_id AND a.product_id = e.product_id
    LEFT JOIN import_reverted_products r ON r.import_id = s.import_id AND r.product_id = e.product_id
`);
  // A revert part-way continues after the highest product id of the sets it finished (products of later sets below it are
  // then left alone: the old format reverted in product id order).
  await knex.raw(`
    UPDATE imports i SET revert_cursor = COALESCE((
      SELECT max(e.id) FROM import_change_sets s CROSS JOIN LATERAL unnest(s.product_ids) AS e(id) WHERE s.import_id = i.id AND s.seq <= i.revert_cursor), 0)
    WHERE revert_status IS NOT NULL AND revert_status <> 'completed' AND revert_cursor > 0`);
  await knex.raw('DROP TABLE import_reverted_products');
  await knex.raw('DROP TABLE import_rewrites');
  await knex.raw('DROP TABLE import_change_sets');
}
