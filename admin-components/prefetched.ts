import { ApiClient } from 'adminjs';

/** What the page's first inline script started (src/admin/panelPrefetch.ts). */
type Prefetch = { url: string; answer: Promise<unknown>; done?: true; data?: unknown };
const pending = () => (window as unknown as { __panelPrefetch?: Prefetch }).__panelPrefetch;

/** Past this age (ms since the page started loading) an early answer is too old to show. */
const FRESH_FOR_MS = 30_000;

/** How old the page is (ms since it started loading); a page being rendered on the server (no document) is new. */
const pageAge = () => (typeof document === 'undefined' ? 0 : performance.now());

/** The early request answers exactly `url` and is not too old. */
const isFor = (early: Prefetch | undefined, url: string): early is Prefetch => Boolean(early) && early!.url === url && pageAge() <= FRESH_FOR_MS;
const forget = () => delete (window as unknown as { __panelPrefetch?: Prefetch }).__panelPrefetch;

/**
 * The answer the page started fetching before its scripts ran, when it was for exactly `url`. The
 * first screen to ask takes it or throws it away (it was the request that screen's rows wait for, or
 * nobody's), so no later screen is shown an old answer; null when that request failed (ask yourself).
 */
export function takePrefetched<T>(url: string): Promise<T | null> | null {
  const early = pending();
  forget();
  return isFor(early, url) ? (early.answer as Promise<T | null>) : null;
}

/**
 * The early answer for exactly `url` when it has already arrived (taken: no other screen gets it), so a
 * screen can render it in its first render; null when it is for another URL, still on its way (then
 * left for takePrefetched), failed, or too old.
 */
export function takePrefetchedNow<T>(url: string): T | null {
  const data = peekPrefetchedNow<T>(url);
  if (data !== null) forget();
  return data;
}

/** The early answer for exactly `url` when it has already arrived, left for the screen that takes it; null otherwise. */
export function peekPrefetchedNow<T>(url: string): T | null {
  const early = pending();
  return isFor(early, url) && early.done && early.data != null ? (early.data as T) : null;
}

/**
 * An answer a list renders as it comes (in its first render, in the browser or on the server: src/admin/panelFirstPaint.ts):
 * rows and paging, no notice to show, no redirect to follow.
 */
export const isListToRender = (a: unknown): a is { records: unknown[]; meta: unknown } => {
  const answer = a as { records?: unknown; meta?: unknown; notice?: unknown; redirectUrl?: unknown } | null;
  return Boolean(answer && Array.isArray(answer.records) && answer.meta && !answer.notice && !answer.redirectUrl);
};

/** The URL of a resource list's request as AdminJS's ApiClient sends it (axios writing the page's query). */
export const listRequestUrl = (resourceId: string, search: string | URLSearchParams): string => {
  const q = new URLSearchParams(search).toString();
  return `/admin/api/resources/${resourceId}/actions/list${q ? `?${q}` : ''}`;
};

/**
 * AdminJS's lists ask for their rows through ApiClient.resourceAction (hooks/use-records): the first
 * page a list asks for is taken from the page's early request when it is the same URL, as axios
 * would have answered it (`{ data }`); anything else goes to the server as before.
 */
export function answerListsFromPrefetch(): void {
  const proto = ApiClient.prototype as unknown as { resourceAction(o: Record<string, unknown>): Promise<unknown>; __prefetchAware?: true };
  if (proto.__prefetchAware) return;
  const ask = proto.resourceAction;
  proto.resourceAction = function resourceAction(this: unknown, options: Record<string, unknown>) {
    if (options.actionName === 'list' && !options.data && !options.query) {
      const early = takePrefetched(listRequestUrl(String(options.resourceId), (options.params as URLSearchParams | undefined) ?? ''));
      if (early) return early.then((data) => (data ? { data, status: 200 } : ask.call(this, options)));
    }
    return ask.call(this, options);
  };
  proto.__prefetchAware = true;
}
