import { MAX_RETRY_DELAY_MS, nextRetryDelay } from '../lib/retrySchedule.js';
import { isSuccessStatus, judgeAttempt, parseRetryAfter, shouldAutoDisable } from './webhooks.policy.js';
import { blockedAddressReason } from './webhooks.ssrf.js';
import { loadConfig } from '../../config/env.js';

const schedule = loadConfig({}).WEBHOOK_RETRY_DELAYS_MS;

describe('delivery policy', () => {
  it('counts only 2xx as success (redirects are failures)', () => {
    expect([200, 204, 299].map(isSuccessStatus)).toEqual([true, true, true]);
    expect([null, 199, 301, 302, 404, 410, 500].map(isSuccessStatus)).toEqual([false, false, false, false, false, false, false]);
  });

  it('retries on the default schedule 5 s, 30 s, 2 min, 10 min, 1 h, 6 h, 16 h (about a day in all), then stops', () => {
    expect(schedule).toEqual([5_000, 30_000, 120_000, 600_000, 3_600_000, 21_600_000, 57_600_000]);
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(23);
    expect(total / 3_600_000).toBeLessThan(25);
    expect(schedule.map((_, i) => nextRetryDelay(i + 1, schedule, null, () => 0.5))).toEqual(schedule);
    expect(nextRetryDelay(schedule.length + 1, schedule, null, () => 0.5)).toBeNull();
  });

  it('adds ±20 % jitter', () => {
    expect(nextRetryDelay(2, schedule, null, () => 0)).toBe(24_000);
    expect(nextRetryDelay(2, schedule, null, () => 0.999999)).toBe(36_000);
    const seen = new Set(Array.from({ length: 50 }, () => nextRetryDelay(1, schedule)));
    expect(seen.size).toBeGreaterThan(1);
    for (const d of seen) expect(d! >= 4_000 && d! <= 6_000).toBe(true);
  });

  it('honours Retry-After (seconds or HTTP date), clamped to [1 s, 1 day]', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(nextRetryDelay(1, schedule, 120_000)).toBe(120_000);
    expect(nextRetryDelay(1, schedule, 0)).toBe(1000);
    expect(nextRetryDelay(1, schedule, 10 * MAX_RETRY_DELAY_MS)).toBe(MAX_RETRY_DELAY_MS);
    expect(nextRetryDelay(schedule.length + 1, schedule, 1000)).toBeNull();
  });

  it('disables after 20 failures in a row spanning more than a day, not before', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const dayAgo = new Date(now.getTime() - 86_400_000);
    const rule = { now, threshold: 20, windowMs: 86_400_000 };
    expect(shouldAutoDisable({ ...rule, consecutiveFailures: 20, failingSince: dayAgo })).toBe(true);
    expect(shouldAutoDisable({ ...rule, consecutiveFailures: 19, failingSince: dayAgo })).toBe(false);
    expect(shouldAutoDisable({ ...rule, consecutiveFailures: 500, failingSince: new Date(now.getTime() - 3_600_000) })).toBe(false);
    expect(shouldAutoDisable({ ...rule, consecutiveFailures: 20, failingSince: null })).toBe(false);
  });
});

describe('judging one attempt', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const base = { retryAfter: null, attempt: 1, now, schedule, disableAfter: { failures: 20, ms: 86_400_000 }, random: () => 0.5 };
  const fresh = { consecutiveFailures: 0, failingSince: null };

  it('success: no retry, streak reset', () => {
    expect(judgeAttempt({ ...base, status: 204, streak: { consecutiveFailures: 7, failingSince: now } })).toEqual({
      nextAt: null,
      disableReason: null,
      consecutiveFailures: 0,
      failingSince: null,
    });
  });

  it('failure: retry on the schedule, streak started', () => {
    expect(judgeAttempt({ ...base, status: 500, streak: fresh })).toEqual({
      nextAt: new Date(now.getTime() + 5000),
      disableReason: null,
      consecutiveFailures: 1,
      failingSince: now,
    });
    expect(judgeAttempt({ ...base, status: null, attempt: 3, retryAfter: '90', streak: fresh }).nextAt).toEqual(new Date(now.getTime() + 90_000));
    expect(judgeAttempt({ ...base, status: 500, attempt: 8, streak: fresh }).nextAt).toBeNull();
  });

  it('410: disable at once, no retry', () => {
    expect(judgeAttempt({ ...base, status: 410, streak: fresh })).toMatchObject({ nextAt: null, disableReason: 'The receiver answered 410 Gone' });
  });

  it('the 20th failure in a row over a day disables; the 20th within an hour only retries', () => {
    const dayAgo = new Date(now.getTime() - 86_400_000);
    expect(judgeAttempt({ ...base, status: 503, streak: { consecutiveFailures: 19, failingSince: dayAgo } })).toMatchObject({
      nextAt: null,
      consecutiveFailures: 20,
      disableReason: '20 failed attempts in a row since 2026-11-27T12:00:00.000Z',
    });
    expect(judgeAttempt({ ...base, status: 503, streak: { consecutiveFailures: 19, failingSince: new Date(now.getTime() - 3_600_000) } })).toMatchObject({
      disableReason: null,
      consecutiveFailures: 20,
      nextAt: expect.any(Date),
    });
  });
});

describe('SSRF address rules', () => {
  it('refuses loopback, private, link-local and metadata addresses by default', () => {
    const refused = [
      '127.0.0.1',
      '127.9.9.9',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.10.10',
      '169.254.169.254',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '[::1]',
    ];
    for (const ip of refused) expect([ip, blockedAddressReason(ip, false)]).toEqual([ip, expect.any(String)]);
    expect(blockedAddressReason('127.0.0.1', false)).toBe('loopback');
    expect(blockedAddressReason('169.254.169.254', false)).toBe('metadata');
  });

  it('allows public addresses', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect([ip, blockedAddressReason(ip, false)]).toEqual([ip, null]);
    }
  });

  it('with private networks allowed, still refuses cloud metadata addresses', () => {
    expect(blockedAddressReason('127.0.0.1', true)).toBeNull();
    expect(blockedAddressReason('10.0.0.1', true)).toBeNull();
    expect(blockedAddressReason('169.254.169.254', true)).toBe('metadata');
    expect(blockedAddressReason('fd00:ec2::254', true)).toBe('metadata');
  });
});
