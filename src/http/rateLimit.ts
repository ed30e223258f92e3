import type { RequestHandler } from 'express';
import { AppError } from '../lib/errors.js';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the caller's window starts afresh. */
  resetMs: number;
}

/**
 * Fixed one-window-per-caller counters held in this process's memory: N web processes allow N
 * times the limit in total (documented in README). Windows that ended are swept as time passes.
 */
export function createRateLimiter(opts: { limit: number; windowMs?: number; now?: () => number }) {
  const { limit, windowMs = 60_000, now = Date.now } = opts;
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();

  function sweep(t: number) {
    if (t - lastSweep < windowMs) return;
    lastSweep = t;
    for (const [key, w] of windows) if (t - w.start >= windowMs) windows.delete(key);
  }

  return {
    /** Counts one request for `key` and says whether it may proceed. */
    hit(key: string): RateLimitResult {
      const t = now();
      sweep(t);
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      const resetMs = w.start + windowMs - t;
      return { allowed: w.count <= limit, limit, remaining: Math.max(0, limit - w.count), resetMs };
    },
    /** Callers currently tracked (for tests and metrics). */
    size: () => windows.size,
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * Limits requests per API token (per admin for panel sessions) after authentication; sends
 * RateLimit-Limit/Remaining/Reset on every answer and 429 with Retry-After past the limit.
 */
export function rateLimitPerToken(limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    const p = req.principal;
    const key = p?.kind === 'token' ? `token:${p.token.tokenId}` : p?.kind === 'admin' ? `admin:${p.admin.id}` : `ip:${req.ip}`;
    const r = limiter.hit(key);
    const resetSeconds = Math.max(1, Math.ceil(r.resetMs / 1000));
    res.setHeader('RateLimit-Limit', String(r.limit));
    res.setHeader('RateLimit-Remaining', String(r.remaining));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    if (!r.allowed) {
      res.setHeader('Retry-After', String(resetSeconds));
      throw new AppError(429, 'rate_limited', `Rate limit of ${r.limit} requests per minute exceeded; retry in ${resetSeconds} s`);
    }
    next();
  };
}
