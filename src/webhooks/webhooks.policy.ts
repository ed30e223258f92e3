/**
 * The delivery policy: what counts as success, when to retry, and when a webhook that keeps
 * failing is disabled. Pure functions, so the schedule is tested without waiting for it.
 */

import { nextRetryDelay } from '../lib/retrySchedule.js';

/** A 2xx answer is success; anything else (including redirects, which are not followed) is a failure. */
export const isSuccessStatus = (status: number | null): boolean => status !== null && status >= 200 && status < 300;

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`; null if absent or invalid. */
export function parseRetryAfter(header: string | null | undefined, now: Date = new Date()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/** The auto-disable rule: `failures` failed attempts in a row, the first at least `windowMs` ago. */
export function shouldAutoDisable(opts: { consecutiveFailures: number; failingSince: Date | null; now: Date; threshold: number; windowMs: number }): boolean {
  if (opts.consecutiveFailures < opts.threshold || !opts.failingSince) return false;
  return opts.now.getTime() - opts.failingSince.getTime() >= opts.windowMs;
}

export interface AttemptVerdict {
  /** When to try again, or null (delivered, given up, or the webhook is being disabled). */
  nextAt: Date | null;
  /** Why the webhook must be disabled now, or null. */
  disableReason: string | null;
  /** The webhook's failure streak after this attempt. */
  consecutiveFailures: number;
  failingSince: Date | null;
}

/**
 * Applies the whole policy to one attempt's outcome: success resets the streak; 410 disables;
 * other failures are retried on the schedule (or after Retry-After) and may trip the auto-disable rule.
 */
export function judgeAttempt(opts: {
  status: number | null;
  retryAfter: string | null;
  attempt: number;
  streak: { consecutiveFailures: number; failingSince: Date | null };
  now: Date;
  schedule: readonly number[];
  disableAfter: { failures: number; ms: number };
  random?: () => number;
}): AttemptVerdict {
  const { now } = opts;
  if (isSuccessStatus(opts.status)) return { nextAt: null, disableReason: null, consecutiveFailures: 0, failingSince: null };
  const consecutiveFailures = opts.streak.consecutiveFailures + 1;
  const failingSince = opts.streak.failingSince ?? now;
  const failed = { consecutiveFailures, failingSince };
  if (opts.status === 410) return { ...failed, nextAt: null, disableReason: 'The receiver answered 410 Gone' };
  const rule = { consecutiveFailures, failingSince, now, threshold: opts.disableAfter.failures, windowMs: opts.disableAfter.ms };
  if (shouldAutoDisable(rule)) {
    return { ...failed, nextAt: null, disableReason: `${consecutiveFailures} failed attempts in a row since ${failingSince.toISOString()}` };
  }
  const delay = nextRetryDelay(opts.attempt, opts.schedule, parseRetryAfter(opts.retryAfter, now), opts.random);
  return { ...failed, nextAt: delay === null ? null : new Date(now.getTime() + delay), disableReason: null };
}
