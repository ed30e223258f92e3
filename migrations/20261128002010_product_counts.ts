import type { Knex } from 'knex';

/**
 * Exact product totals without `count(*)` over 500k rows: every statement that changes the
 * products table appends its delta (rows, active rows) through statement-level triggers with
 * transition tables; readers sum the deltas (compacted now and then). Append-only, so concurrent
 * imports never wait on a shared counter row; deltas commit or roll back with their statement.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE product_count_deltas (
      id bigserial PRIMARY KEY,
      total bigint NOT NULL,
      active bigint NOT NULL
    )`);
  await knex.raw(`
    INSERT INTO product_count_deltas (total, active)
    SELECT count(*), count(*) FILTER (WHERE active) FROM products`);
  await knex.raw(`
    CREATE FUNCTION product_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO product_count_deltas (total, active)
      SELECT count(*), count(*) FILTER (WHERE active) FROM new_rows HAVING count(*) > 0;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION product_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO product_count_deltas (total, active)
      SELECT -count(*), -count(*) FILTER (WHERE active) FROM old_rows HAVING count(*) > 0;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION product_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      change bigint := (SELECT count(*) FILTER (WHERE active) FROM new_rows) - (SELECT count(*) FILTER (WHERE active) FROM old_rows);
    BEGIN
      IF change <> 0 THEN
        INSERT INTO product_count_deltas (total, active) VALUES (0, change);
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION product_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Cancel what the deltas sum to (TRUNCATE holds products exclusively; a concurrent compaction keeps the sum).
      INSERT INTO product_count_deltas (total, active)
      SELECT -coalesce(sum(total), 0), -coalesce(sum(active), 0) FROM product_count_deltas;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER product_counts_insert AFTER INSERT ON products
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_counts_inserted()`);
  await knex.raw(`CREATE TRIGGER product_counts_delete AFTER DELETE ON products
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION product_counts_deleted()`);
  await knex.raw(`CREATE TRIGGER product_counts_update AFTER UPDATE ON products
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_counts_updated()`);
  await knex.raw(`CREATE TRIGGER product_counts_truncate AFTER TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION product_counts_truncated()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS product_counts_insert ON products');
  await knex.raw('DROP TRIGGER IF EXISTS product_counts_delete ON products');
  await knex.raw('DROP TRIGGER IF EXISTS product_counts_update ON products');
  await knex.raw('DROP TRIGGER IF EXISTS product_counts_truncate ON products');
  await knex.raw('DROP FUNCTION IF EXISTS product_counts_inserted, product_counts_deleted, product_counts_updated, product_counts_truncated');
  await knex.raw('DROP TABLE IF EXISTS product_count_deltas');
}
