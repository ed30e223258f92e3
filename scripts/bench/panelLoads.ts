import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../e2e/chromium.js';
import { median } from '../benchReport.js';
import { TIME_ZONE_COOKIE } from '../../admin-components/format.js';

/** A panel screen to load: where it is, what shows its rows, and the JSON request that fills them. */
export interface PanelScreen {
  name: string;
  path: string;
  /** CSS selector of the first row the user waits for. */
  rows: string;
  /** Path prefix of the request whose answer fills the rows (the panel's own API). */
  api: string;
}

/** One navigation, in milliseconds from its start (the page's time origin). */
export interface PageLoad {
  /** The first row's first animation frame after it entered the DOM (the server's first paint, where a page has one). */
  rowsMs: number;
  /** The same for the first row the panel's application rendered (the screen works from then on). */
  readyMs: number;
  htmlMs: number;
  /** When the last script the page loaded had arrived (or came from the cache). */
  scriptsMs: number;
  apiStartMs: number;
  apiEndMs: number;
  /** Bytes received over the wire (headers and bodies, compressed as sent), every request of the page. */
  bytes: number;
  requests: number;
  /** Requests answered from the browser's cache without asking the server. */
  fromCache: number;
  /** Requests that failed, still pending a second after the rows showed, or went to another origin. */
  failed: string[];
  external: string[];
  cspViolations: number;
  /** The API request as the page sent it (path and query), for the floor. */
  apiUrl: string;
}

/**
 * Records, inside the page, when each screen's first row is first painted: a MutationObserver
 * notes the row's arrival, the next animation frame is when it shows, timed by the clock when that
 * frame's callbacks run. (Not the callback's timestamp argument: that is when the frame was begun,
 * which after a long task can be before the row even entered the page.) The same for the first row
 * the panel's application rendered itself (not inside the server's first paint, `data-server-rendered`):
 * when the screen works (`__panelReady`).
 */
const rowsWatcher = (selectors: string[]) => `(() => {
  const selectors = ${JSON.stringify(selectors)};
  const seen = (window.__rowsVisible = {});
  const ready = (window.__panelReady = {});
  const note = (record, key, selector) => {
    if (!(key in record) && document.querySelector(selector)) {
      record[key] = null;
      requestAnimationFrame(() => { record[key] = performance.now(); });
    }
  };
  const check = () => {
    for (const s of selectors) {
      note(seen, s, s);
      note(ready, s, s + ':not([data-server-rendered] *)');
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

/** The cookie the panel's login page sets (admin-components/format.ts), for this machine's zone, which chromium runs in too. */
export const timeZoneCookie = () => ({ name: TIME_ZONE_COOKIE, value: encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone) });

/** A browser with its own profile, so its HTTP and code caches work as a user's do. */
export interface PanelBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium on a fresh profile (launchChromium: an empty cache, a first visit), logged in to the panel with `cookie`. */
export async function panelBrowser(baseUrl: string, cookie: { name: string; value: string }, screens: PanelScreen[]): Promise<PanelBrowser> {
  const { context, close } = await launchChromium({ baseUrl, profilePrefix: 'acme-bench-chromium-' });
  // Signed in, with the time zone the login page reports (as a user who came through it).
  await context.addCookies([
    { name: cookie.name, value: cookie.value, url: baseUrl },
    { ...timeZoneCookie(), url: `${baseUrl}/admin` },
  ]);
  await context.addInitScript(rowsWatcher([...new Set(screens.map((s) => s.rows))]));
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close,
  };
}

/**
 * How long a cold load waits after chromium starts: a browser just launched on a fresh profile spends
 * its first seconds setting itself up on the same 2 cores (measured: the Products list's rows at
 * 2.8 s straight after launch, 1.7 s after 3 s of waiting, both with an empty cache).
 */
export const BROWSER_SETTLE_MS = 3000;

/**
 * A first visit (panelBrowser: an empty HTTP and code cache) by a browser that is already running:
 * started, then left alone for BROWSER_SETTLE_MS, as a user's browser is before they open the panel.
 */
export async function coldPanelBrowser(baseUrl: string, cookie: { name: string; value: string }, screens: PanelScreen[]): Promise<PanelBrowser> {
  const browser = await panelBrowser(baseUrl, cookie, screens);
  await browser.page.waitForTimeout(BROWSER_SETTLE_MS);
  return browser;
}

/**
 * Where the tab is when a load starts: on another screen of the panel (`panel`: the user moves from
 * page to page; chromium keeps the tab's renderer process for a navigation within the site), or on
 * about:blank (`elsewhere`: as arriving from another site or a new tab; chromium starts a renderer
 * process for the page).
 */
export type LoadFrom = 'panel' | 'elsewhere';

/**
 * Loads one screen in `page` and measures it (network through the DevTools protocol, times in the
 * page). The tab stays on the screen afterwards.
 */
export async function loadScreen(page: Page, screen: PanelScreen, from: LoadFrom = 'panel', timeoutMs = 60_000): Promise<PageLoad> {
  if (from === 'elsewhere') await page.goto('about:blank');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const done = new Set<string>();
  const failed: string[] = [];
  let bytes = 0;
  let fromCache = 0;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.startsWith('data:')) urls.set(e.requestId, e.request.url);
  });
  cdp.on('Network.requestServedFromCache', () => void fromCache++);
  cdp.on('Network.loadingFinished', (e) => {
    done.add(e.requestId);
    bytes += e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    done.add(e.requestId);
    if (urls.has(e.requestId)) failed.push(`${urls.get(e.requestId)} (${e.errorText})`);
  });
  let cspViolations = 0;
  const onConsole = (m: { text(): string }) => void (/Content Security Policy/i.test(m.text()) && cspViolations++);
  page.on('console', onConsole);

  await page.goto(screen.path, { waitUntil: 'commit', timeout: timeoutMs });
  const frameOf = (record: '__rowsVisible' | '__panelReady') =>
    page
      .waitForFunction(([r, s]) => (window as unknown as Record<string, Record<string, number | null>>)[r!]?.[s!] ?? false, [record, screen.rows], {
        timeout: timeoutMs,
        polling: 50,
      })
      .then((h) => h.jsonValue() as Promise<number>);
  const rowsMs = await frameOf('__rowsVisible');
  const readyMs = await frameOf('__panelReady');
  const sentBeforeRows = new Set(urls.keys());
  await page.waitForTimeout(1000);
  const timing = await page.evaluate((api) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    // The panel's scripts, whether the parser or the page's preload header asked for them.
    const scripts = res.filter((r) => (r.initiatorType === 'script' || r.initiatorType === 'link') && r.name.includes('/frontend/assets/'));
    const call = res.find(
      (r) => r.name.startsWith('http') && new URL(r.name).pathname.startsWith(api) && (r.initiatorType === 'xmlhttprequest' || r.initiatorType === 'fetch'),
    );
    return {
      htmlMs: nav.responseEnd,
      scriptsMs: Math.max(nav.responseEnd, ...scripts.map((r) => r.responseEnd)),
      apiStartMs: call?.startTime ?? NaN,
      apiEndMs: call?.responseEnd ?? NaN,
      apiUrl: call ? new URL(call.name).pathname + new URL(call.name).search : '',
    };
  }, screen.api);
  page.off('console', onConsole);
  await cdp.detach();
  const pageOrigin = new URL(page.url()).origin;
  const external = [...urls.values()].filter((u) => new URL(u).origin !== pageOrigin);
  // Hanging: sent before the rows showed and still unanswered a second later (an event stream stays open by design).
  const hanging = [...sentBeforeRows].filter((id) => !done.has(id) && !urls.get(id)!.includes('/events')).map((id) => `${urls.get(id)} (still pending)`);
  return { rowsMs, readyMs, ...timing, bytes, requests: urls.size, fromCache, failed: [...failed, ...hanging], external, cspViolations };
}

/** Serial timing of one GET with the panel's cookie (after 2 warm-ups): the server's answer time, the floor. */
export async function timeRequest(baseUrl: string, url: string, cookie: string, n: number): Promise<number> {
  const one = async () => {
    const res = await fetch(baseUrl + url, { headers: { cookie, accept: 'application/json, text/html', 'accept-encoding': 'gzip, br' } });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    await res.arrayBuffer();
  };
  await one();
  await one();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await one();
    ms.push(performance.now() - t);
  }
  return median(ms);
}
