import { startTestApp, type TestApp } from '../../test/app.js';
import { createRateLimiter } from './rateLimit.js';

describe('createRateLimiter', () => {
  it('allows `limit` requests per key per window, then refuses until the window ends', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, now: () => now });
    expect(limiter.hit('a')).toEqual({ allowed: true, limit: 2, remaining: 1, resetMs: 60_000 });
    now += 10_000;
    expect(limiter.hit('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit('a')).toEqual({ allowed: false, limit: 2, remaining: 0, resetMs: 50_000 });
    expect(limiter.hit('b').allowed).toBe(true);
    now += 50_000;
    expect(limiter.hit('a')).toMatchObject({ allowed: true, remaining: 1, resetMs: 60_000 });
  });

  it('forgets callers whose window ended', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 5, windowMs: 1000, now: () => now });
    for (let i = 0; i < 50; i++) limiter.hit(`k${i}`);
    expect(limiter.size()).toBe(50);
    now = 5000;
    limiter.hit('fresh');
    expect(limiter.size()).toBe(1);
  });
});

describe('API rate limiting per token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit, counting each token on its own', async () => {
    const auth = { Authorization: `Bearer ${t.token}` };
    for (let i = 0; i < 3; i++) {
      const ok = await t.http.get('/api/v1/products').set(auth);
      expect(ok.status).toBe(200);
      expect(ok.headers['ratelimit-limit']).toBe('3');
      expect(ok.headers['ratelimit-remaining']).toBe(String(2 - i));
    }
    const limited = await t.http.get('/api/v1/products').set(auth);
    expect(limited.status).toBe(429);
    expect(limited.type).toBe('application/problem+json');
    expect(limited.body.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const other = await t.rt.services.apiTokens.createToken({ name: 'other' });
    expect((await t.http.get('/api/v1/products').set('Authorization', `Bearer ${other.token}`)).status).toBe(200);
  });
});
