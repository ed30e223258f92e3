import type { Response } from 'playwright-core';
import { launchBrowser, logIn, startProductionApp, type Browser, type RunningApp } from './harness.js';

/**
 * How the production panel reaches a browser: every request stays on our origin (no web fonts from
 * the internet), the scripts come compressed under content-hashed names with a year-long immutable
 * cache, so the next page asks the server for the HTML and its data only, and the page asks for its
 * data itself while its scripts load (src/admin/panelPrefetch.ts), once.
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

    // The list's rows were asked for once, by the page's first inline script, not again by AdminJS once its scripts ran.
    const lists = responses.filter((r) => r.url().includes('/admin/api/resources/products/actions/list'));
    expect(lists.map((r) => [new URL(r.url()).search, r.request().resourceType()])).toEqual([['?filters.sku=dlv', 'fetch']]);
    expect(
      requested
        .slice(sent)
        .filter((u) => !u.startsWith('data:') && !u.includes('/frontend/assets/')) // the scripts: from the cache, above
        .map((u) => new URL(u).pathname),
    ).toEqual(['/admin/resources/products', '/admin/api/resources/products/actions/list']);
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
});
