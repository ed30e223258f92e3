import type { Db } from '../lib/db.js';

/** SQL for the api_rate_limits table: requests per caller and window, shared by every web process. */
export function createRateLimitsRepo(db: Db) {
  return {
    /**
     * Counts one request of `key` in the window starting at `windowStart` and answers the
     * window's count, this request included: one atomic statement, so concurrent requests
     * from any number of processes each see a distinct count.
     */
    async hit(key: string, windowStart: Date): Promise<number> {
      const { rows } = await db.raw<{ rows: { hits: number }[] }>(
        `INSERT INTO api_rate_limits AS w (key, window_start, hits) VALUES (?, ?, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET hits = w.hits + 1
         RETURNING w.hits`,
        [key, windowStart],
      );
      return rows[0]!.hits;
    },

    /** Deletes up to `batchSize` windows that started before `before`; answers how many. */
    async pruneBefore(before: Date, batchSize: number): Promise<number> {
      const { rowCount } = await db.raw<{ rowCount: number }>(
        `DELETE FROM api_rate_limits WHERE ctid = ANY (ARRAY(
           SELECT ctid FROM api_rate_limits WHERE window_start < ? LIMIT ?))`,
        [before, batchSize],
      );
      return rowCount;
    },
  };
}
export type RateLimitsRepo = ReturnType<typeof createRateLimitsRepo>;
