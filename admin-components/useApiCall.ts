import { useState } from 'react';

/**
 * The one way a component calls the server: `busy` while the call runs (buttons show it and stay
 * disabled), `error` with the message of a call that failed (shown next to the button), cleared
 * when the next call starts.
 */
export function useApiCall() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function call<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError((e as Error).message);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, call };
}
