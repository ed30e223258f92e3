/**
 * The request each screen's rows wait for, started by the page's first inline script, in parallel
 * with the panel's 3.5 MB of scripts, instead of after them (the screen's component takes the answer
 * once, for exactly that URL: admin-components/prefetched.ts). A screen whose first request changes
 * only loses the head start: a URL that does not match is never used.
 */
export function firstRequestOf(pathname: string, search: string): string | null {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/admin') return '/api/v1/dashboard'; // Dashboard.tsx
  if (path === '/admin/pages/jobs') return `/api/v1/jobs?${new URLSearchParams({ page: '1', perPage: '20' })}`; // JobMonitorPage.tsx
  // A resource's list (AdminJS's useRecords): its action API with the page's own query, as axios writes it.
  const resourceId = listedResourceOf(path);
  if (resourceId) {
    const query = new URLSearchParams(search);
    if (query.has('refresh')) return null; // AdminJS first drops it from the address, then asks
    const q = query.toString();
    return `/admin/api/resources/${resourceId}/actions/list${q ? `?${q}` : ''}`;
  }
  return null;
}

/** The resource whose list a panel path shows (`/admin/resources/products` → `products`), or null. */
export function listedResourceOf(pathname: string): string | null {
  return /^\/admin\/resources\/([\w-]+)$/.exec(pathname.replace(/\/+$/, ''))?.[1] ?? null;
}

/** A value as a JavaScript literal inside an inline script: '<' escaped, so no '</script>' can end it. */
const scriptLiteral = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

/**
 * The inline script that starts `url` (same origin, the page's session) and keeps its JSON answer
 * as `window.__panelPrefetch`: `answer` (a promise) and, once it is in, `data` (so a list can render its
 * rows in its first render); null when it failed or the session was gone (the screen then asks itself).
 */
export function prefetchScript(url: string, nonce: string | undefined): string {
  const literal = scriptLiteral(url);
  const start = `fetch(${literal},{credentials:'same-origin',headers:{Accept:'application/json'}})`;
  const answer = `.then(function(r){return r.ok&&!r.redirected?r.json():null}).catch(function(){return null})`;
  const keep = `.then(function(d){p.data=d;p.done=true;return d})`;
  return `<script${nonce ? ` nonce="${nonce}"` : ''}>window.__panelPrefetch=(function(p){p.answer=${start}${answer}${keep};return p})({url:${literal}});</script>`;
}

/**
 * The same `window.__panelPrefetch`, already answered: for a page whose server fetched `url`'s answer
 * itself (to render the screen with it), so the browser's first render takes that very answer.
 */
export function answeredPrefetchScript(url: string, data: unknown, nonce: string | undefined): string {
  const json = scriptLiteral(JSON.stringify(data));
  return `<script${nonce ? ` nonce="${nonce}"` : ''}>window.__panelPrefetch=(function(p){p.data=JSON.parse(${json});p.done=true;p.answer=Promise.resolve(p.data);return p})({url:${scriptLiteral(url)}});</script>`;
}
