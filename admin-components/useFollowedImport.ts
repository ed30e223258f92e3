import { useCallback, useEffect, useRef, useState } from 'react';
import { isSettled, type ImportView } from './ImportProgressPanel.js';
import { callApi } from './importsApi.js';

/** Nothing will change unless someone acts: the import is settled and no revert runs. */
export const atRest = (imp: ImportView) => isSettled(imp) && imp.revertStatus !== 'running';

/**
 * One import as the API answers it, kept current over its event stream (SSE) while it runs or
 * is being reverted. `update` takes an answer of the API (apply, revert, cancel) and follows it.
 */
export function useFollowedImport(id: string): { imp: ImportView | null; error: string | null; update: (imp: ImportView) => void } {
  const [imp, setImp] = useState<ImportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stream = useRef<EventSource | null>(null);

  const follow = useCallback(() => {
    if (stream.current) return;
    const source = new EventSource(`/api/v1/imports/${id}/events`);
    stream.current = source;
    source.addEventListener('progress', (event) => {
      const next = JSON.parse((event as MessageEvent).data) as ImportView;
      setImp(next);
      if (atRest(next)) {
        source.close();
        stream.current = null;
      }
    });
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
      stream.current = null;
      setTimeout(
        () =>
          callApi<ImportView>(`/api/v1/imports/${id}`)
            .then((next) => (setImp(next), atRest(next) || follow()))
            .catch(() => {}),
        2000,
      );
    };
  }, [id]);

  const update = useCallback(
    (next: ImportView) => {
      setImp(next);
      if (!atRest(next)) follow();
    },
    [follow],
  );

  useEffect(() => {
    callApi<ImportView>(`/api/v1/imports/${id}`)
      .then(update)
      .catch((e: Error) => setError(e.message));
    return () => {
      stream.current?.close();
      stream.current = null;
    };
  }, [id, update]);

  return { imp, error, update };
}
