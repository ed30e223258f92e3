import { rateLimitedMessage, rateLimitVerdict, resetSeconds, windowStart, type RateLimitRule } from './rateLimit.policy.js';

const rule: RateLimitRule = { limit: 2, windowMs: 60_000 };
const minute = (n: number) => Date.UTC(2026, 10, 30) + n * 60_000;

describe('API rate limit policy', () => {
  it('puts every instant of a minute in the same window, aligned on the clock', () => {
    expect(windowStart(minute(3), rule)).toBe(minute(3));
    expect(windowStart(minute(3) + 59_999, rule)).toBe(minute(3));
    expect(windowStart(minute(4), rule)).toBe(minute(4));
  });

  it('allows `limit` requests per window, then refuses until the window ends', () => {
    const now = minute(3) + 10_000;
    expect(rateLimitVerdict(rule, 1, now)).toEqual({ allowed: true, limit: 2, remaining: 1, resetMs: 50_000 });
    expect(rateLimitVerdict(rule, 2, now)).toEqual({ allowed: true, limit: 2, remaining: 0, resetMs: 50_000 });
    expect(rateLimitVerdict(rule, 3, now)).toEqual({ allowed: false, limit: 2, remaining: 0, resetMs: 50_000 });
    expect(rateLimitVerdict(rule, 40, minute(4) - 1)).toEqual({ allowed: false, limit: 2, remaining: 0, resetMs: 1 });
  });

  it('announces whole seconds, rounded up and at least 1', () => {
    expect(resetSeconds(rateLimitVerdict(rule, 1, minute(3)))).toBe(60);
    expect(resetSeconds(rateLimitVerdict(rule, 1, minute(3) + 10_500))).toBe(50);
    expect(resetSeconds(rateLimitVerdict(rule, 1, minute(4) - 1))).toBe(1);
  });

  it('says the limit and the wait in the 429 answer', () => {
    expect(rateLimitedMessage(rule, 7)).toBe('Rate limit of 2 requests per minute exceeded; retry in 7 s');
    expect(rateLimitedMessage({ limit: 5, windowMs: 10_000 }, 3)).toBe('Rate limit of 5 requests per 10 s exceeded; retry in 3 s');
  });
});
