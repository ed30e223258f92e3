import type { Response } from 'playwright-core';
import { DATE_TIME_FORMAT } from '../admin-components/format.js';
import { launchBrowser, logIn, startProductionApp, type Browser, type RunningApp } from './harness.js';

/**
 * How the production panel reaches a browser: every request stays on our origin (no web fonts from
 * the internet), the scripts come compressed under content-hashed names with a year-long immutable
 * cache, so the next page asks the server for the HTML and its data only: a list page brings its rows
 * drawn in the HTML (src/admin/panelFirstPaint.ts), the other pages ask for their data themselves
 * while their scripts load (src/admin/panelPrefetch.ts), once.
 */
describe('panel delivery (production build, real chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startProductionApp({ role: 'web' });
    browser = await launchBrowser(app.baseUrl);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('loads every page from our origin, scripts compressed and cached, and asks only for the page and its data (early) next time', async () => {
    const { page, cspViolations } = browser;
    const requested: string[] = [];
    const failed: string[] = [];
    const responses: Response[] = [];
    page.on('request', (r) => void requested.push(r.url()));
    page.on('requestfailed', (r) => void failed.push(`${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => void responses.push(r));

    await logIn(page);
    await page.getByTestId('dashboard').waitFor();
    const scripts = responses.filter((r) => r.request().resourceType() === 'script');
    // The login page and the dashboard load the same four scripts.
    expect([...new Set(scripts.map((r) => new URL(r.url()).pathname.replace(/\.[0-9a-f]{16}\.js$/, '.<hash>.js')))].sort()).toEqual(
      ['app', 'components', 'design-system', 'global'].map((n) => `/admin/frontend/assets/${n}.bundle.<hash>.js`),
    );
    for (const r of scripts) {
      const headers = await r.allHeaders();
      expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(headers['content-encoding']).toBe('br');
      expect(headers['set-cookie']).toBeUndefined(); // answered before any session lookup
    }
    const dashboard = responses.find((r) => r.request().resourceType() === 'document' && new URL(r.url()).pathname === '/admin');
    expect((await dashboard!.allHeaders())['content-encoding']).toBe('gzip');
    // The page names its four scripts in a preload header: the browser asks for them before it parses the page.
    expect((await dashboard!.allHeaders()).link?.match(/rel=preload; as=script/g)).toHaveLength(4);

    // The next page: the document and its API request reach the server; the scripts come from the cache.
    for (const sku of ['DLV-1', 'DLV-2']) expect((await page.request.post('/api/v1/products', { data: { sku, name: `Delivery ${sku}` } })).status()).toBe(201);
    const sent = requested.length;
    await page.goto('/admin/resources/products?filters.sku=dlv');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-id]').length === 2);
    await page.waitForLoadState('networkidle');
    const timings = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.name.includes('/frontend/assets/') && e.name.endsWith('.js')) // the page's preload header asks for them (initiator 'link')
        .map((e) => e.transferSize),
    );
    expect(timings).toHaveLength(4);
    expect(timings.every((bytes) => bytes === 0)).toBe(true); // served by the browser's cache, no revalidation

    // The list's rows came in the page itself (its first paint, src/admin/panelFirstPaint.ts): the browser asked for them neither
    // early nor again once AdminJS's scripts ran.
    expect(responses.filter((r) => r.url().includes('/admin/api/resources/products/actions/list'))).toEqual([]);
    expect(
      requested
        .slice(sent)
        .filter((u) => !u.startsWith('data:') && !u.includes('/frontend/assets/')) // the scripts: from the cache, above
        .map((u) => new URL(u).pathname),
    ).toEqual(['/admin/resources/products']);
    // The dashboard and the job monitor likewise: their first request is the page's own.
    for (const [screen, api, shown] of [
      ['/admin', '/api/v1/dashboard', '[data-testid="dashboard-products"]'],
      ['/admin/pages/jobs', '/api/v1/jobs', '[data-testid="jobs-count"]'],
    ] as const) {
      const from = responses.length;
      await page.goto(screen);
      await page.locator(shown).filter({ hasText: /\d/ }).waitFor();
      const calls = responses.slice(from).filter((r) => new URL(r.url()).pathname === api);
      expect(calls.map((r) => r.request().resourceType())).toEqual(['fetch']);
    }

    expect(requested.filter((u) => !u.startsWith(app.baseUrl) && !u.startsWith('data:'))).toEqual([]);
    expect(failed).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
  it("shows a list's rows from the server before its scripts run, dates in the browser's zone, and the panel takes them over where they are", async () => {
    // A browser far from the server's zone (the server runs in UTC): its login page reports the zone for the server's paint.
    const far = await launchBrowser(app.baseUrl, { timezoneId: 'Pacific/Auckland' });
    try {
      const { page } = far;
      const errors: string[] = [];
      page.on('pageerror', (e) => void errors.push(String(e)));
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      await logIn(page);
      const created: { sku: string; updatedAt: string }[] = [];
      for (const sku of ['PAINT-1', 'PAINT-2', 'PAINT-3']) {
        const res = await page.request.post('/api/v1/products', { data: { sku, name: `First paint ${sku}` } });
        expect(res.status()).toBe(201);
        created.push(await res.json());
      }
      const list = '/admin/resources/products?filters.sku=paint&sortBy=sku&direction=asc';
      /** Each row's cells: text and box, as the page shows them. */
      const rows = () =>
        page.locator('tbody tr[data-id]').evaluateAll((trs) =>
          trs.map((tr) =>
            [...tr.querySelectorAll('td')].map((td) => {
              const r = td.getBoundingClientRect();
              return { text: td.innerText.trim(), box: [r.x, r.y, r.width, r.height].map(Math.round) };
            }),
          ),
        );

      // The server's paint alone: the panel's scripts never arrive.
      await page.route('**/frontend/assets/**', (route) => route.abort());
      await page.goto(list);
      const painted = await rows();
      expect(await page.locator('[data-server-rendered] tbody tr[data-id]').count()).toBe(3);
      expect(painted.map((cells) => cells[2]!.text)).toEqual(['PAINT-1', 'PAINT-2', 'PAINT-3']);
      await page.unroute('**/frontend/assets/**');
      errors.length = 0; // the aborted scripts' own errors

      // The same page with its scripts: the panel replaces the paint with its own rows, the same text in the same places.
      await page.goto(list);
      await page.waitForFunction(() => !document.querySelector('[data-server-rendered]') && document.querySelectorAll('tbody tr[data-id]').length === 3);
      const taken = await rows();
      expect(taken).toEqual(painted);
      // "Updated at" as the panel writes it in this browser's zone, not the server's.
      const updated = taken[0]![5]!.text;
      const inAuckland = new Intl.DateTimeFormat('en-GB', { ...DATE_TIME_FORMAT, timeZone: 'Pacific/Auckland' });
      expect(updated).toBe(inAuckland.format(new Date(created[0]!.updatedAt)));
      // The panel works: a click on a row opens the product.
      await page.locator('tbody tr[data-id]').first().locator('td').nth(2).click();
      await page.waitForURL(/\/records\/\d+\/show$/);
      expect(errors).toEqual([]);
      expect(far.cspViolations).toEqual([]);
    } finally {
      await far.close();
    }
  });
});
