import type { Knex } from 'knex';
import type { Db } from '../lib/db.js';
import type { Logger } from '../lib/logger.js';
import type { ProductIndexesRepo } from '../products/products.indexes.repo.js';
import type { ImportsRepo } from './imports.repo.js';

/** PostgreSQL's lock_not_available: the DROP INDEX waited longer than its lock timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/** The import ended (a cancel committed) before it could become a bulk load. */
class ImportEnded extends Error {}

/**
 * Bulk loads: an import that will write a large share of the catalogue drops the products'
 * secondary indexes and rebuilds them before it completes. The set is shared by every import, so
 * the rebuild waits for the last bulk load still running; every step runs under one advisory lock.
 */
export function createBulkIndexes(deps: { db: Db; imports: ImportsRepo; indexes: ProductIndexesRepo; logger: Logger; lockTimeoutMs: number }) {
  const { db, imports, indexes, logger } = deps;

  /** Builds the missing indexes unless a bulk load other than `leaving` still runs. */
  async function buildUnlessBulkLoading(trx: Knex.Transaction, leaving: string | null): Promise<string[]> {
    if (await imports.otherBulkLoadRunning(trx, leaving)) return [];
    const missing = await indexes.missing(trx);
    if (!missing.length) return [];
    const started = performance.now();
    await indexes.buildMissing(trx, missing);
    logger.info({ indexes: missing, ms: Math.round(performance.now() - started) }, 'product indexes rebuilt');
    return missing;
  }

  return {
    /**
     * Makes `importId` a bulk load and drops the secondary indexes. False when a long-running
     * query held the table past the lock timeout: the import then keeps maintaining them.
     */
    async enter(importId: string): Promise<boolean> {
      try {
        return await db.transaction(async (trx) => {
          await indexes.lock(trx);
          // The table before the import's row: a chunk of this import being applied holds the table
          // and then updates the row, so taking the row first deadlocks with it.
          await indexes.dropAll(trx, deps.lockTimeoutMs);
          if (!(await imports.setRebuildsIndexes(trx, importId, true))) throw new ImportEnded(); // rolls the drop back
          logger.info({ importId }, 'bulk load: product secondary indexes dropped until the import completes');
          return true;
        });
      } catch (err) {
        if (err instanceof ImportEnded) return false;
        if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw err;
        logger.warn({ importId }, 'bulk load skipped: the products table was busy; indexes are maintained row by row');
        return false;
      }
    },
    /** `importId` stops loading in bulk; the indexes are rebuilt unless another bulk load runs. */
    leave: (importId: string) =>
      db.transaction(async (trx) => {
        await indexes.lock(trx);
        await imports.setRebuildsIndexes(trx, importId, false);
        return buildUnlessBulkLoading(trx, importId);
      }),
    /** Rebuilds whatever is missing when no bulk load runs (after a crash, a cancel or a failure). */
    ensure: () =>
      db.transaction(async (trx) => {
        await indexes.lock(trx);
        return buildUnlessBulkLoading(trx, null);
      }),
  };
}
export type BulkIndexes = ReturnType<typeof createBulkIndexes>;
