/**
 * The API rate limit rule, kept pure (no clock, no database) so it can be tested directly.
 * Each caller has `limit` requests per fixed window; windows are aligned on multiples of
 * `windowMs` since the epoch, so every web process agrees on which window a request falls in
 * and one shared counter per caller and window suffices. Refused requests count too (a caller
 * hammering past the limit gains nothing); a new window starts from zero.
 */

export interface RateLimitRule {
  /** Requests a caller may make per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the caller's window starts afresh. */
  resetMs: number;
}

/** Start (ms since the epoch) of the window that `now` falls in. */
export function windowStart(now: number, rule: RateLimitRule): number {
  return Math.floor(now / rule.windowMs) * rule.windowMs;
}

/** The verdict on a request that is the `count`-th of its window (itself included) at `now`. */
export function rateLimitVerdict(rule: RateLimitRule, count: number, now: number): RateLimitResult {
  return {
    allowed: count <= rule.limit,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - count),
    resetMs: windowStart(now, rule) + rule.windowMs - now,
  };
}

/** Whole seconds announced in RateLimit-Reset and Retry-After: rounded up, at least 1. */
export function resetSeconds(result: RateLimitResult): number {
  return Math.max(1, Math.ceil(result.resetMs / 1000));
}

/** The 429 answer's detail. */
export function rateLimitedMessage(rule: RateLimitRule, seconds: number): string {
  const per = rule.windowMs === 60_000 ? 'minute' : `${rule.windowMs / 1000} s`;
  return `Rate limit of ${rule.limit} requests per ${per} exceeded; retry in ${seconds} s`;
}
