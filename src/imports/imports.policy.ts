import { nextRetryDelay } from '../lib/retrySchedule.js';

/**
 * The failure policy of imports and reverts: a chunk that fails is retried by its job after these
 * delays; after IMPORT_MAX_CHUNK_FAILURES failures (counted on the import, over all its appliers)
 * the import (or the revert) fails with the last error, and can be retried as a whole.
 */
export const IMPORT_CHUNK_RETRY_DELAYS_MS = [5_000, 10_000] as const;
export const IMPORT_MAX_CHUNK_FAILURES = IMPORT_CHUNK_RETRY_DELAYS_MS.length + 1;

/** The job's retry delay after its failed attempt number `attempt`, or null: no more retries. */
export const chunkRetryDelay = (attempt: number): number | null => nextRetryDelay(attempt, IMPORT_CHUNK_RETRY_DELAYS_MS);
