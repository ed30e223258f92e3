import { startTestApp, type TestApp } from '../../test/app.js';
import { waitFor } from '../../test/waitFor.js';
import { createRateLimiter } from './rateLimit.js';
import { createRateLimitsRepo } from './rateLimit.repo.js';

describe('API rate limiting per token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit, counting each token on its own', async () => {
    const auth = { Authorization: `Bearer ${t.token}` };
    // Three requests and the refused fourth must fall in one clock minute (the window).
    await waitFor(() => Date.now() % 60_000 < 50_000, { what: 'a minute with 10 s left', timeoutMs: 15_000, intervalMs: 200 });
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
    expect(limited.headers['ratelimit-reset']).toBe(String(retryAfter));
    const other = await t.rt.services.apiTokens.createToken({ name: 'other' });
    expect((await t.http.get('/api/v1/products').set('Authorization', `Bearer ${other.token}`)).status).toBe(200);
  });

  it('counts concurrent requests of one caller exactly, whichever limiter (process) counts them', async () => {
    let now = Date.UTC(2026, 10, 30, 12, 0, 10);
    const repo = createRateLimitsRepo(t.rt.db);
    const [a, b] = [0, 1].map(() => createRateLimiter({ repo, limit: 25, now: () => now }));
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a! : b!).hit('token:concurrent')));
    expect(results.filter((r) => r.allowed)).toHaveLength(25);
    expect(
      results
        .map((r) => r.remaining)
        .sort((x, y) => y - x)
        .slice(0, 25),
    ).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
    expect(results[0]!.resetMs).toBe(50_000);
    now += 50_000; // the next minute: a fresh window
    expect(await a!.hit('token:concurrent')).toEqual({ allowed: true, limit: 25, remaining: 24, resetMs: 60_000 });
  });

  it('deletes the counters of windows that ended, in batches, and keeps the current ones', async () => {
    await t.rt.db('api_rate_limits').delete();
    const minute = (n: number) => Date.UTC(2026, 10, 30, 13, n);
    let now = minute(0);
    const repo = createRateLimitsRepo(t.rt.db);
    const batches: number[] = [];
    const limiter = createRateLimiter({
      repo: {
        ...repo,
        pruneBefore: async (before, size) => {
          batches.push(await repo.pruneBefore(before, size));
          return batches.at(-1)!;
        },
      },
      limit: 5,
      now: () => now,
    });
    for (let m = 0; m < 3; m++) {
      now = minute(m) + 1_000;
      for (let k = 0; k < 7; k++) await limiter.hit(`token:prune-${k}`);
    }
    const windows = () => t.rt.db('api_rate_limits').orderBy(['window_start', 'key']).pluck('window_start');
    expect(await windows()).toHaveLength(21);
    expect(await limiter.pruneEndedWindows(4)).toBe(14);
    expect(batches).toEqual([4, 4, 4, 2]);
    expect((await windows()).map((d: Date) => d.getTime())).toEqual(Array(7).fill(minute(2)));
  });
});
