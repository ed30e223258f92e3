import { ACCOUNT_RULES, afterFailure, retryAfterSeconds, throttledMessage, type AttemptState, type ThrottleRules } from './loginThrottle.policy.js';

const rules: ThrottleRules = { freeFailures: 3, firstLockMs: 1_000, maxLockMs: 8_000, forgetAfterMs: 60_000 };
const at = (ms: number) => new Date(Date.UTC(2026, 10, 30) + ms);

/** `n` failures one second apart, starting at time 0. */
function fail(n: number, r = rules): AttemptState | undefined {
  let state: AttemptState | undefined;
  for (let i = 0; i < n; i++) state = afterFailure(state, at(i * 1000), r);
  return state;
}

describe('login throttle policy', () => {
  it('lets the free failures through without a lock', () => {
    const state = fail(3)!;
    expect(state).toEqual({ failures: 3, lastFailureAt: at(2000), lockedUntil: null });
    expect(retryAfterSeconds(state, at(2000))).toBe(0);
    expect(retryAfterSeconds(undefined, at(0))).toBe(0);
  });

  it('locks after each failure past them, twice as long each time, up to the cap', () => {
    const locks = [4, 5, 6, 7, 8, 9].map((n) => {
      const state = fail(n)!;
      return state.lockedUntil!.getTime() - state.lastFailureAt.getTime();
    });
    expect(locks).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('answers Retry-After in whole seconds, rounded up, until the lock ends', () => {
    const state = fail(6)!; // locked for 4 s from its last failure at 5 s
    expect(retryAfterSeconds(state, at(5_000))).toBe(4);
    expect(retryAfterSeconds(state, at(8_500))).toBe(1);
    expect(retryAfterSeconds(state, at(9_000))).toBe(0);
  });

  it('forgets failures after a quiet period', () => {
    const state = fail(6)!;
    expect(afterFailure(state, at(5_000 + 60_001), rules)).toEqual({ failures: 1, lastFailureAt: at(65_001), lockedUntil: null });
    expect(afterFailure(state, at(5_000 + 60_000), rules).failures).toBe(7);
  });

  it('gives an account five tries, then at most a handful of guesses an hour', () => {
    expect(fail(5, ACCOUNT_RULES)!.lockedUntil).toBeNull();
    expect(fail(6, ACCOUNT_RULES)!.lockedUntil).not.toBeNull();
    expect(ACCOUNT_RULES.maxLockMs).toBe(15 * 60_000);
  });

  it('tells the person how long to wait', () => {
    expect(throttledMessage(1)).toBe('Too many failed sign-in attempts. Please wait 1 second before trying again.');
    expect(throttledMessage(90)).toBe('Too many failed sign-in attempts. Please wait 2 minutes before trying again.');
  });
});
