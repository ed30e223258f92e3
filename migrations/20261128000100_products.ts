import type { Knex } from 'knex';

/** Products: SKU unique case-insensitively; trigram indexes make "contains" filters fast at 500k rows. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw(`
    CREATE TABLE products (
      id bigserial PRIMARY KEY,
      sku varchar(100) NOT NULL CHECK (btrim(sku) <> ''),
      name varchar(500) NOT NULL CHECK (btrim(name) <> ''),
      description text CHECK (char_length(description) <= 20000),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE UNIQUE INDEX products_sku_lower_key ON products (lower(sku))');
  await knex.raw('CREATE INDEX products_sku_trgm ON products USING gin (sku gin_trgm_ops)');
  await knex.raw('CREATE INDEX products_name_trgm ON products USING gin (name gin_trgm_ops)');
  await knex.raw('CREATE INDEX products_description_trgm ON products USING gin (description gin_trgm_ops)');
  await knex.raw('CREATE INDEX products_updated_at ON products (updated_at, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE products');
}
