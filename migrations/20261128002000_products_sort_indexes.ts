import type { Knex } from 'knex';

/**
 * Sort indexes for the products API: each sortable column paired with id, so a page (offset or
 * keyset cursor `(col, id) > (v, id)`) reads only its rows at 500k products, in either direction.
 * updated_at already has (updated_at, id); id has the primary key.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX IF NOT EXISTS products_name_id ON products (name, id)');
  await knex.raw('CREATE INDEX IF NOT EXISTS products_sku_id ON products (sku, id)');
  await knex.raw('CREATE INDEX IF NOT EXISTS products_created_at_id ON products (created_at, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS products_name_id');
  await knex.raw('DROP INDEX IF EXISTS products_sku_id');
  await knex.raw('DROP INDEX IF EXISTS products_created_at_id');
}
