/**
 * The rule for failed panel logins, kept pure (no clock, no database) so it can be tested
 * directly. Each key (an account's e-mail, a client address) has a few free failures; every
 * failure past them locks the key for twice as long as the previous one, up to a cap. Attempts
 * made while locked are answered 429 without checking the password, and do not count. Failures
 * are forgotten after a quiet period.
 */

export interface ThrottleRules {
  /** Failures allowed before the first lock. */
  freeFailures: number;
  /** Lock after the first failure past the free ones; doubled by each further failure. */
  firstLockMs: number;
  maxLockMs: number;
  /** With no failure for this long, the count starts again from zero. */
  forgetAfterMs: number;
}

/** Per account: a person mistyping gets 5 tries; a guesser gets ~100 a day at most. */
export const ACCOUNT_RULES: ThrottleRules = { freeFailures: 5, firstLockMs: 1_000, maxLockMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
/** Per client address: more room, since an office may share one address. */
export const ADDRESS_RULES: ThrottleRules = { freeFailures: 20, firstLockMs: 1_000, maxLockMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

export interface AttemptState {
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

/** Whole seconds until `state` lets an attempt through (0: now). */
export function retryAfterSeconds(state: AttemptState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000));
}

/** The state after one more failed attempt at `now`. */
export function afterFailure(state: AttemptState | undefined, now: Date, rules: ThrottleRules): AttemptState {
  const forgotten = !state || now.getTime() - state.lastFailureAt.getTime() > rules.forgetAfterMs;
  const failures = forgotten ? 1 : state.failures + 1;
  const past = failures - rules.freeFailures;
  const lockMs = past > 0 ? Math.min(rules.maxLockMs, rules.firstLockMs * 2 ** (past - 1)) : 0;
  return { failures, lastFailureAt: now, lockedUntil: lockMs ? new Date(now.getTime() + lockMs) : null };
}

/** What the login form says while a key is locked. */
export function throttledMessage(seconds: number): string {
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed sign-in attempts. Please wait ${wait} before trying again.`;
}
