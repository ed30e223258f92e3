import type { RequestHandler } from 'express';
import { AppError } from '../lib/errors.js';
import { rateLimitedMessage, rateLimitVerdict, resetSeconds, windowStart, type RateLimitResult, type RateLimitRule } from './rateLimit.policy.js';
import type { RateLimitsRepo } from './rateLimit.repo.js';

export type { RateLimitResult } from './rateLimit.policy.js';

/**
 * Per-caller request counters kept in PostgreSQL (one row per caller and window), so the limit
 * holds across every web process. The rule itself is in rateLimit.policy.ts.
 */
export function createRateLimiter(opts: { repo: RateLimitsRepo; limit: number; windowMs?: number; now?: () => number }) {
  const { repo, now = Date.now } = opts;
  const rule: RateLimitRule = { limit: opts.limit, windowMs: opts.windowMs ?? 60_000 };
  return {
    rule,
    /** Counts one request for `key` and says whether it may proceed. */
    async hit(key: string): Promise<RateLimitResult> {
      const t = now();
      const count = await repo.hit(key, new Date(windowStart(t, rule)));
      return rateLimitVerdict(rule, count, t);
    },
    /** Deletes the counters of windows that ended, `batchSize` rows per statement; answers how many. */
    async pruneEndedWindows(batchSize = 5_000): Promise<number> {
      const current = new Date(windowStart(now(), rule));
      let total = 0;
      for (let n = batchSize; n === batchSize; total += n) n = await repo.pruneBefore(current, batchSize);
      return total;
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * Limits requests per API token (per admin for panel sessions) after authentication; sends
 * RateLimit-Limit/Remaining/Reset on every answer and 429 with Retry-After past the limit.
 */
export function rateLimitPerToken(limiter: RateLimiter): RequestHandler {
  return async (req, res, next) => {
    const p = req.principal;
    const key = p?.kind === 'token' ? `token:${p.token.tokenId}` : p?.kind === 'admin' ? `admin:${p.admin.id}` : `ip:${req.ip}`;
    const r = await limiter.hit(key);
    const seconds = resetSeconds(r);
    res.setHeader('RateLimit-Limit', String(r.limit));
    res.setHeader('RateLimit-Remaining', String(r.remaining));
    res.setHeader('RateLimit-Reset', String(seconds));
    if (!r.allowed) {
      res.setHeader('Retry-After', String(seconds));
      throw new AppError(429, 'rate_limited', rateLimitedMessage(limiter.rule, seconds));
    }
    next();
  };
}
