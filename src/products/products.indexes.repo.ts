import type { Knex } from 'knex';
import type { Db } from '../lib/db.js';

/**
 * The products table's secondary indexes: the one list of what they are. Only the primary key and
 * the unique `lower(sku)` index (which ON CONFLICT needs) are not here: they are never dropped.
 * Why these and not a trigram index on description: docs/IMPORTS.md, "Index design".
 */
export const SECONDARY_INDEXES: { name: string; using: string }[] = [
  { name: 'products_sku_trgm', using: 'USING gin (sku gin_trgm_ops)' },
  { name: 'products_name_trgm', using: 'USING gin (name gin_trgm_ops)' },
  { name: 'products_sku_id', using: '(sku, id)' },
  { name: 'products_name_id', using: '(name, id)' },
  { name: 'products_created_at_id', using: '(created_at, id)' },
  { name: 'products_updated_at', using: '(updated_at, id)' },
];

/** Serialises dropping and rebuilding the secondary indexes across processes. */
const INDEXES_LOCK = "SELECT pg_advisory_xact_lock(hashtext('acme:product-indexes'))";

/** SQL that drops and (re)builds the products table's secondary indexes. */
export function createProductIndexesRepo(db: Db) {
  return {
    /** Takes the cross-process lock on the index set for the rest of `trx`. */
    lock: async (trx: Knex.Transaction) => void (await trx.raw(INDEXES_LOCK)),
    /** Secondary indexes that do not exist right now. */
    missing: async (conn: Knex | Knex.Transaction = db): Promise<string[]> => {
      const { rows } = await conn.raw("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'products'");
      const present = new Set((rows as { indexname: string }[]).map((r) => r.indexname));
      return SECONDARY_INDEXES.filter((i) => !present.has(i.name)).map((i) => i.name);
    },
    /**
     * Drops every secondary index (a bulk load then maintains only the unique one) and pauses
     * autovacuum on the table until they are rebuilt (it would vacuum the rows as they arrive).
     * Gives up after `lockTimeoutMs` if a long query holds the table, rather than queueing every
     * reader behind it.
     */
    dropAll: async (trx: Knex.Transaction, lockTimeoutMs: number) => {
      await trx.raw(`SET LOCAL lock_timeout = ${Math.trunc(lockTimeoutMs)}`);
      await trx.raw(`DROP INDEX IF EXISTS ${SECONDARY_INDEXES.map((i) => i.name).join(', ')}`);
      await trx.raw('ALTER TABLE products SET (autovacuum_enabled = false)');
    },
    /**
     * Builds the missing ones in one transaction (all or none; writers wait, readers do not), then
     * lets autovacuum back in and analyzes the table. PostgreSQL builds each with parallel workers
     * where it can (GIN too, from 18).
     */
    buildMissing: async (trx: Knex.Transaction, missing: string[]) => {
      await trx.raw("SET LOCAL maintenance_work_mem = '256MB'");
      for (const index of SECONDARY_INDEXES.filter((i) => missing.includes(i.name))) {
        await trx.raw(`CREATE INDEX IF NOT EXISTS ${index.name} ON products ${index.using}`);
      }
      await trx.raw('ALTER TABLE products RESET (autovacuum_enabled)');
      // Fresh statistics, so the planner uses the new indexes for the catalogue as it is now.
      await trx.raw('ANALYZE products');
    },
  };
}
export type ProductIndexesRepo = ReturnType<typeof createProductIndexesRepo>;
