/**
 * The one retry schedule rule, for every kind of work that retries (webhook deliveries, e-mail,
 * import and revert chunks): a list of delays, one per retry, with ±20 % jitter so retries of many
 * failures at once spread out. Pure, tested in retrySchedule.test.ts.
 */

/** At most this long between two attempts, whatever Retry-After says. */
export const MAX_RETRY_DELAY_MS = 24 * 60 * 60 * 1000;

/**
 * Delay before the retry that follows failed attempt number `attempt` (1-based), with ±20 %
 * jitter, or null when the schedule is exhausted. A server's Retry-After replaces the scheduled
 * delay (at least 1 s, at most a day).
 */
export function nextRetryDelay(
  attempt: number,
  schedule: readonly number[],
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number | null {
  if (attempt > schedule.length) return null;
  if (retryAfterMs !== null) return Math.min(Math.max(retryAfterMs, 1000), MAX_RETRY_DELAY_MS);
  const base = schedule[attempt - 1]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}
