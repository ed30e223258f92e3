import type { Knex } from 'knex';

/**
 * Recording what an import changed writes no more than a revert needs (docs/IMPORTS.md, "What an
 * import changed"), so that recording stays a small part of the import's time:
 * - `sku`: the product's SKU as the import wrote it (kept so a deleted product can still be named);
 * - `written_at`: the product's `updated_at` as the import left it (the chunk's transaction time);
 *   a product whose `updated_at` differs has been changed since, by anyone;
 * - `changed`: which fields the import changed, one bit per field in PRODUCT_FIELDS order
 *   (sku 1, name 2, description 4, active 8; all four for a created product; NULL when unknown);
 * - `before_<field>`: the value before the import, only for the fields it changed;
 * - `before_updated_at`: the product's `updated_at` before the import (updates), and `reverted_at`: the
 *   `updated_at` the import's revert gave the product; together they let an older import's revert
 *   recognise a product a newer import's revert put back exactly as the older import left it.
 * The values after the import are the product's own while it is unchanged since (`written_at`).
 * Existing rows keep their changes; a product that no longer holds what its import left gets a
 * NULL `written_at` (changed since).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE import_changes
      ADD COLUMN written_at timestamptz,
      ADD COLUMN changed smallint,
      ADD COLUMN before_updated_at timestamptz,
      ADD COLUMN reverted_at timestamptz`);
  await knex.raw(`
    UPDATE import_changes c SET
      changed = CASE WHEN c.action = 'created' THEN 15
                     WHEN c.before_sku IS NULL THEN NULL
                     ELSE (CASE WHEN c.before_sku IS DISTINCT FROM c.after_sku THEN 1 ELSE 0 END)
                        | (CASE WHEN c.before_name IS DISTINCT FROM c.after_name THEN 2 ELSE 0 END)
                        | (CASE WHEN c.before_description IS DISTINCT FROM c.after_description THEN 4 ELSE 0 END)
                        | (CASE WHEN c.before_active IS DISTINCT FROM c.after_active THEN 8 ELSE 0 END) END,
      written_at = (SELECT p.updated_at FROM products p WHERE p.id = c.product_id
                      AND (p.sku, p.name, p.description, p.active) IS NOT DISTINCT FROM (c.after_sku, c.after_name, c.after_description, c.after_active))`);
  await knex.raw(`
    UPDATE import_changes SET
      before_sku = CASE WHEN changed & 1 <> 0 THEN before_sku END,
      before_name = CASE WHEN changed & 2 <> 0 THEN before_name END,
      before_description = CASE WHEN changed & 4 <> 0 THEN before_description END,
      before_active = CASE WHEN changed & 8 <> 0 THEN before_active END
    WHERE action = 'updated' AND changed IS NOT NULL`);
  await knex.raw(`
    ALTER TABLE import_changes
      DROP COLUMN after_name, DROP COLUMN after_description, DROP COLUMN after_active`);
  await knex.raw('ALTER TABLE import_changes RENAME COLUMN after_sku TO sku');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE import_changes
      ADD COLUMN after_name text, ADD COLUMN after_description text, ADD COLUMN after_active boolean`);
  await knex.raw('ALTER TABLE import_changes RENAME COLUMN sku TO after_sku');
  await knex.raw(`
    UPDATE import_changes c SET after_name = p.name, after_description = p.description, after_active = p.active
    FROM products p WHERE p.id = c.product_id`);
  await knex.raw(`UPDATE import_changes SET after_name = '', after_active = true WHERE after_name IS NULL`);
  await knex.raw(`
    UPDATE import_changes SET
      before_sku = CASE WHEN changed & 1 = 0 THEN after_sku ELSE before_sku END,
      before_name = CASE WHEN changed & 2 = 0 THEN after_name ELSE before_name END,
      before_description = CASE WHEN changed & 4 = 0 THEN after_description ELSE before_description END,
      before_active = CASE WHEN changed & 8 = 0 THEN after_active ELSE before_active END
    WHERE action = 'updated' AND changed IS NOT NULL`);
  await knex.raw('ALTER TABLE import_changes ALTER COLUMN after_name SET NOT NULL, ALTER COLUMN after_active SET NOT NULL');
  await knex.raw('ALTER TABLE import_changes DROP COLUMN written_at, DROP COLUMN changed, DROP COLUMN before_updated_at, DROP COLUMN reverted_at');
}
