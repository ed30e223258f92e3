export interface WaitOptions {
  /** What is awaited, for the failure message ("the import to complete"); a function is asked only on failure. */
  what: string | (() => string);
  /** Give up (and fail) after this long; default 20 s. */
  timeoutMs?: number;
  /** Pause between checks; default 50 ms. */
  intervalMs?: number;
}

/**
 * Checks `condition` until it returns a truthy value and answers that value; throws, naming
 * `what` and the last value seen, once `timeoutMs` have passed. Tests wait on conditions like
 * this, never on fixed sleeps or unbounded loops.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, opts: WaitOptions): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const { what, timeoutMs = 20_000, intervalMs = 50 } = opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() >= deadline) {
      const described = typeof what === 'function' ? what() : what;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${described} (last value: ${show(value)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const show = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};
