import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { type Locator, type Page } from 'playwright-core';
import { MEANING_COLOURS, STATUS_MEANING } from '../admin-components/format.js';
import { launchBrowser, logIn, productsCsv, screenshot, startProductionApp, type Browser, type RunningApp } from './harness.js';

/**
 * The catalogue team's day in the panel, in a real browser against the production build:
 * log in, import CSVs (following progress through a reload and in a second tab), browse the import
 * history, find, edit and delete products, and delete them all behind the typed confirmation.
 */
describe('admin panel', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let receiver: http.Server;
  let received = 0;

  beforeAll(async () => {
    // A real webhook receiver on 127.0.0.1, so the dashboard has a delivery success rate to show.
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // Small chunks: a few thousand rows take several progress steps, 50k rows several seconds.
    app = await startProductionApp({ env: { IMPORT_CHUNK_SIZE: '100' } });
    browser = await launchBrowser(app.baseUrl);
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const card = (id?: string) => page.locator(id ? `[data-testid="import-card"][data-import-id="${id}"]` : '[data-testid="import-card"]');
  const text = async (locator: ReturnType<Page['locator']>) => ((await locator.textContent()) ?? '').trim();
  const listRows = (p: Page = page) => p.locator('tbody tr[data-id]');
  const TITLE = (heading: string) => `${heading} · ACME Product Importer`;
  const heading = async () => text(page.locator('h2').first());
  /** Lines of text each element shows: content height (without padding and borders) over line height. Runs in the page. */
  const linesOf = (els: Element[]) =>
    els.map((e) => {
      const cs = getComputedStyle(e);
      const box = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) + parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth);
      return { text: (e.textContent ?? '').trim(), lines: (e.getBoundingClientRect().height - box) / (parseFloat(cs.lineHeight) || 20) };
    });
  /** Every element is one line tall (its text did not wrap): content height within 1.5 line-heights. */
  const expectOneLine = async (locator: Locator) => {
    const sizes = await locator.evaluateAll(linesOf);
    expect(sizes.length).toBeGreaterThan(0);
    expect(sizes.filter((s) => s.lines > 1.5)).toEqual([]);
  };
  const hexToRgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

  it('logs in and shows the dashboard with our name, logo and grouped navigation', async () => {
    await page.goto('/admin/login');
    await page.getByTestId('login-page').waitFor();
    // Our product's words, not AdminJS's advertising.
    expect(await page.title()).toBe(TITLE('Log in'));
    const login = await page.locator('body').innerText();
    expect(login).toContain('Bring product catalogues in from CSV files of any size');
    expect(login).not.toMatch(/AdminJS|auto-generated|Welcome/i);
    await screenshot(page, '01-login');
    await logIn(page);
    await page.getByTestId('dashboard').waitFor();
    await page.waitForFunction((t) => document.title === t, TITLE('Dashboard'));
    const nav = page.locator('section, nav, aside').filter({ hasText: 'Catalogue' }).first();
    for (const group of ['Catalogue', 'Imports & jobs', 'Settings']) expect(await nav.textContent()).toContain(group);
    expect(await page.locator('img[alt="ACME Product Importer"]').count()).toBeGreaterThan(0);
    expect(await text(page.getByTestId('dashboard-products'))).toBe('0');

    const hook = await page.request.post('/api/v1/webhooks', {
      data: {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/acme`,
        events: ['import.completed', 'import.failed'],
        description: 'ERP sync',
      },
    });
    expect(hook.status()).toBe(201);
  });

  it('imports a CSV of a few thousand rows and follows it to 100% with correct counts', async () => {
    await page.goto('/admin/pages/import');
    await page.getByTestId('import-dropzone').waitFor();
    await page.setInputFiles('[data-testid="import-file"]', {
      name: 'spring-catalogue.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(productsCsv(3000, { invalid: 7 })),
    });
    const done = card().filter({ hasText: 'spring-catalogue.csv' }).and(page.locator('[data-status="completed"]'));
    await done.waitFor({ timeout: 60_000 });
    expect(await text(done.getByTestId('import-percent'))).toBe('100%');
    expect(await text(done.getByTestId('import-processed'))).toBe('3,007 / 3,007');
    expect(await text(done.getByTestId('import-inserted'))).toBe('3,000');
    expect(await text(done.getByTestId('import-updated'))).toBe('0');
    expect(await text(done.getByTestId('import-rejected'))).toBe('7');
    expect(await text(done.getByTestId('import-summary'))).toContain('3,000 new');
    await screenshot(page, '03-import-completed');

    // The rejected rows download (same session) lists the 7 rows without a SKU.
    const href = await done.getByTestId('import-rejected-download').getAttribute('href');
    const rejected = await page.request.get(href!);
    expect(rejected.status()).toBe(200);
    expect((await rejected.text()).trim().split('\n')).toHaveLength(8);
  });

  it('refuses a file without a sku column, dropped on the page, with a clear message', async () => {
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['name,price\nAnvil,12\n'], 'prices.csv', { type: 'text/csv' }));
      return dt;
    });
    await page.getByTestId('import-dropzone').dispatchEvent('drop', { dataTransfer });
    // The upload creates the import; the server refuses the file and the import fails, saying why.
    const refused = card().filter({ hasText: 'prices.csv' }).and(page.locator('[data-status="failed"]'));
    await refused.waitFor({ timeout: 30_000 });
    expect((await text(refused)).toLowerCase()).toContain('sku');
    await screenshot(page, '04-import-refused');
  });

  it('keeps following a running import after a reload and in another tab', async () => {
    await page.goto('/admin/pages/import');
    await page.getByTestId('import-dropzone').waitFor();
    // 3,000 SKUs already exist (in upper case; these are lower case): they are updated.
    const csv = productsCsv(80_000, { prefix: 'e2e' });
    await page.setInputFiles('[data-testid="import-file"]', { name: 'full-catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // The upload's own line lasts only until the server has created the import (often less than a
    // sample apart): the import's card then shows the upload.
    await page.getByTestId('upload-progress').waitFor({ state: 'detached', timeout: 60_000 });

    const running = card().filter({ hasText: 'full-catalogue.csv' }).first();
    await running.waitFor();
    await screenshot(page, '05-import-uploading');
    const id = (await running.getAttribute('data-import-id'))!;
    expect(['queued', 'processing']).toContain(await running.getAttribute('data-status'));
    await screenshot(page, '06-import-progress');

    // Once the whole file is up (a reload during the upload stops it: uploads.e2e.ts continues one), the
    // import goes on without the page: a reload and another tab find it and follow it.
    const uploadDeadline = Date.now() + 120_000;
    while (!(await (await page.request.get(`/api/v1/imports/${id}`)).json()).uploadComplete) {
      if (Date.now() > uploadDeadline) throw new Error('the upload did not complete');
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.reload();
    await card(id).waitFor();
    expect(['queued', 'processing']).toContain(await card(id).getAttribute('data-status'));

    const other = await browser.context.newPage();
    await other.goto('/admin/pages/import');
    const otherCard = other.locator(`[data-testid="import-card"][data-import-id="${id}"]`);
    await otherCard.waitFor();

    for (const p of [page, other]) {
      const finished = p.locator(`[data-testid="import-card"][data-import-id="${id}"][data-status="completed"]`);
      await finished.waitFor({ timeout: 240_000 });
      expect(await text(finished.getByTestId('import-percent'))).toBe('100%');
      expect(await text(finished.getByTestId('import-inserted'))).toBe('77,000');
      expect(await text(finished.getByTestId('import-updated'))).toBe('3,000');
      expect(await text(finished.getByTestId('import-rejected'))).toBe('0');
    }
    await other.close();
    // 80,000 rows in 800 chunks (with their changes recorded) take minutes on a busy 2-core machine.
  }, 300_000);

  it('shows the import history newest first, filtered by status', async () => {
    await page.goto('/admin/resources/imports');
    await listRows().first().waitFor();
    const rows = await listRows().allTextContents();
    expect(rows[0]).toContain('full-catalogue.csv');
    expect(rows.some((r) => r.includes('spring-catalogue.csv'))).toBe(true);
    expect(rows[0]).toContain('e2e-admin@acme.test');
    expect(await page.title()).toBe(TITLE('Imports'));
    expect(await heading()).toMatch(/^Imports/);
    // Counts with thousands separators; no count, date, e-mail or file name wraps.
    const newest = listRows().first();
    expect(await text(newest.getByTestId('property-list-total_rows'))).toBe('80,000');
    expect(await text(newest.getByTestId('property-list-inserted_count'))).toBe('77,000');
    expect(await text(newest.getByTestId('property-list-created_at'))).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
    await expectOneLine(page.locator('tbody tr[data-id] [data-testid^="property-list-"]'));
    // Statuses are coloured by what they mean (format.ts), not all grey.
    const badges = await page
      .locator('tbody tr[data-id] [data-testid="property-list-status"] [data-status]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-status')!, getComputedStyle(e).backgroundColor]));
    expect(badges.map(([status]) => status).sort()).toEqual(['completed', 'completed', 'failed']);
    for (const [status, bg] of badges) expect(bg).toBe(hexToRgb(MEANING_COLOURS[STATUS_MEANING[status!]!].bg));
    await screenshot(page, '07-imports-history');

    await page.goto('/admin/resources/imports?filters.status=completed');
    await listRows().first().waitFor();
    expect(await listRows().count()).toBe(2);
    // The refused file is in the history too, as failed, with the reason.
    await page.goto('/admin/resources/imports?filters.status=failed');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-id]').length === 1);
    expect(await listRows().first().textContent()).toContain('prices.csv');
  });

  it("shows the dashboard with products, the week's imports and the webhook success rate", async () => {
    // Three import events (two completed, one refused file) are delivered by the worker.
    const deadline = Date.now() + 30_000;
    while ((await (await page.request.get('/api/v1/dashboard')).json()).webhooks.delivered < 3) {
      if (Date.now() > deadline) throw new Error(`webhook deliveries did not finish (receiver got ${received})`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.goto('/admin');
    await page.getByTestId('dashboard').waitFor();
    await page.getByText('full-catalogue.csv').first().waitFor();
    expect(await text(page.getByTestId('dashboard-products'))).toBe('80,000');
    expect(await text(page.getByTestId('dashboard-active'))).toBe('72,000');
    expect(await text(page.getByTestId('dashboard-imports'))).toBe('3');
    expect(await text(page.getByTestId('dashboard-webhooks'))).toBe('100.0%');
    expect(received).toBe(3);
    await screenshot(page, '02-dashboard');
  });

  it('filters products by SKU in another letter case', async () => {
    await page.goto('/admin/resources/products');
    await listRows().first().waitFor();
    await page.locator('[data-css="products-filter-button"]').click();
    await page.fill('input[name="filter-sku"]', 'E2E-00042');
    await page.locator('[data-css="products-filter-drawer-button-apply"]').click();
    await page.waitForURL(/filters\.sku=E2E-00042/);
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-id]').length === 1);
    expect((await listRows().first().textContent())?.toLowerCase()).toContain('e2e-00042');
    // Apply closed the drawer: it no longer covers the results.
    await page.waitForFunction(() => document.querySelector('[data-css="products-filter-drawer"]')!.getBoundingClientRect().left >= window.innerWidth);
    expect(await page.title()).toBe(TITLE('Products'));
    await screenshot(page, '08-products-filtered');
  });

  it('shows the total the API gives for text filters, and its last page holds the last rows', async () => {
    const heading = page.locator('[data-css="products-list-action-header"] h2');
    for (const [panelQuery, apiQuery] of [
      ['filters.name=product 1', 'name=product 1'],
      ['filters.description=row 2&filters.active=false', 'description=row 2&active=false'],
    ]) {
      const api = await (await page.request.get(`/api/v1/products?${apiQuery}&perPage=1`)).json();
      expect(api.total).toBeGreaterThan(100);
      await page.goto(`/admin/resources/products?${panelQuery}&perPage=50`);
      await listRows().first().waitFor();
      const shown = Number((/([\d,]+)\s*$/.exec((await heading.textContent()) ?? '') ?? [])[1]?.replaceAll(',', ''));
      expect(shown).toBe(api.total);
      // The pager's last page is the last page: it lists what remains, no row hidden past it.
      const lastPage = Math.ceil(api.total / 50);
      await page.goto(`/admin/resources/products?${panelQuery}&perPage=50&page=${lastPage}`);
      await listRows().first().waitFor();
      expect(await listRows().count()).toBe(api.total - (lastPage - 1) * 50);
    }
  });

  it('exports exactly what the filtered list shows as CSV, with the panel session', async () => {
    await page.goto('/admin/resources/products?filters.sku=e2e-0010&filters.active=true');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-id]').length === 9);
    const listed = (await listRows().locator('[data-testid="property-list-sku"]').allTextContents()).map((t) => t.trim()).sort();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('products-export').click()]);
    expect(download.suggestedFilename()).toBe('products.csv');
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('sku,name,description,active');
    const exported = lines.slice(1).map((l) => l.split(',')[0]!);
    expect(exported.sort()).toEqual(listed);
    expect(lines.slice(1).every((l) => l.endsWith(',true'))).toBe(true);
  });

  it('starts a new product as active (checked, not required), and keeps "Delete all products" on the list only', async () => {
    await page.goto('/admin/resources/products/actions/new');
    await page.locator('input[name="sku"]').waitFor();
    expect(await page.title()).toBe(TITLE('New product'));
    expect(await heading()).toBe('New product');
    expect(await page.locator('input#active').isChecked()).toBe(true);
    const star = (label: string) => page.locator(`label[for="${label}"]`).evaluate((e) => getComputedStyle(e, '::before').content);
    expect(await star('sku')).toContain('*');
    expect(await star('active')).not.toContain('*');
    expect(await page.getByTestId('action-deleteAll').count()).toBe(0);
    await screenshot(page, '15-product-new');
    const id = await page.evaluate(async () => (await (await fetch('/api/v1/products?sku=e2e-00042')).json()).data[0].id as number);
    for (const action of ['show', 'edit']) {
      await page.goto(`/admin/resources/products/records/${id}/${action}`);
      await page.getByTestId(action === 'show' ? 'action-edit' : 'action-show').waitFor();
      expect(await page.getByTestId('action-deleteAll').count()).toBe(0);
    }
    expect(await page.title()).toBe(TITLE('Edit product: Product 00042'));
    await page.goto('/admin/resources/products');
    await page.getByTestId('action-deleteAll').waitFor();
  });

  it('answers a mistyped address with our 404 page', async () => {
    const res = await page.goto('/admin/resources/products/actions/nope');
    expect(res!.status()).toBe(404);
    expect(await page.title()).toBe(TITLE('Page not found'));
    expect(await page.getByTestId('not-found').innerText()).toContain('There is no page "nope" for Products');
    await screenshot(page, '17-not-found');
    await page.getByText('Back to Products').click();
    await listRows().first().waitFor();
    // Back where the next test expects to be: the list filtered on one SKU.
    await page.goto('/admin/resources/products?filters.sku=E2E-00042');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-id]').length === 1);
  });

  it('edits a product, and shows a duplicate SKU (in another case) or an empty one on the field', async () => {
    const id = await listRows().first().getAttribute('data-id');
    await page.goto(`/admin/resources/products/records/${id}/edit`);
    await page.fill('input[name="name"]', 'Rocket-powered roller skates');
    await page.getByTestId('button-save').click();
    await page.waitForURL((url) => !url.pathname.endsWith('/edit'));
    await page.goto(`/admin/resources/products/records/${id}/show`);
    await page.getByText('Rocket-powered roller skates').first().waitFor();

    await page.goto(`/admin/resources/products/records/${id}/edit`);
    await page.fill('input[name="sku"]', 'E2E-00043');
    await page.getByTestId('button-save').click();
    const fieldError = page.getByText(/already used by product/).first();
    await fieldError.waitFor();
    expect(page.url()).toContain('/edit');
    await screenshot(page, '09-product-duplicate-sku');

    // An empty SKU is stopped by the browser on the field; one of spaces by the server, on the field too.
    await page.fill('input[name="sku"]', '');
    await page.getByTestId('button-save').click();
    expect(await page.locator('input[name="sku"]').evaluate((el) => (el as HTMLInputElement).validationMessage)).not.toBe('');
    await page.fill('input[name="sku"]', '   ');
    await page.getByTestId('button-save').click();
    await page.getByText('is required').first().waitFor();
    expect(page.url()).toContain('/edit');
  });

  it("opens a row's actions and the account menu from the keyboard, and logs out from it", async () => {
    await page.goto('/admin/resources/products');
    await listRows().first().waitFor();
    // A row's "…": Enter opens its menu at the first entry, the arrows move, Escape returns to the button.
    const rowMenu = listRows().first().getByTestId('actions-dropdown');
    await rowMenu.focus();
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    const first = await focused();
    await page.keyboard.press('ArrowDown');
    expect(await focused()).not.toBe(first);
    await page.keyboard.press('Escape');
    expect(await rowMenu.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await rowMenu.getAttribute('aria-expanded')).toBe('false');
    // The account menu, the same way; its one entry logs out.
    await page.getByTestId('user-menu').focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('Log out');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/login/);
    await logIn(page);
  });

  it('bulk-deletes a selection of products', async () => {
    const before = (await (await page.request.get('/api/v1/dashboard')).json()).products.total;
    await page.goto('/admin/resources/products?filters.sku=e2e-0010');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-id]').length === 10);
    for (let i = 0; i < 3; i++) await listRows().nth(i).locator('td').first().locator('input[type="checkbox"]').click({ force: true });
    await page.getByTestId('action-bulkDelete').click();
    await page.waitForURL(/bulk\/bulkDelete/);
    const confirm = page.getByRole('button', { name: /Confirm the removal of 3/i });
    await confirm.waitFor();
    await screenshot(page, '10-products-bulk-delete');
    await confirm.click();
    await page.getByTestId('notice-wrapper').first().waitFor();
    const after = (await (await page.request.get('/api/v1/dashboard')).json()).products.total;
    expect(after).toBe(before - 3);
  });

  it('deletes all products only after the typed confirmation, never from a GET', async () => {
    // A plain GET of the action (a link, a prefetch) only reports the count.
    const probe = await page.request.get('/admin/api/resources/products/actions/deleteAll');
    expect(probe.status()).toBe(200);
    expect((await probe.json()).count).toBe(79_997);

    await page.goto('/admin/resources/products');
    await page.getByTestId('action-deleteAll').click();
    const screen = page.getByTestId('delete-all-screen');
    await screen.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="delete-all-count"]')?.textContent !== '…');
    expect(await text(page.getByTestId('delete-all-count'))).toBe('79,997');
    await page.fill('[data-testid="delete-all-confirmation"]', '79996');
    expect(await page.getByTestId('delete-all-submit').isDisabled()).toBe(true);
    await page.fill('[data-testid="delete-all-confirmation"]', 'DELETE');
    await screenshot(page, '11-delete-all-confirmation');
    await page.getByTestId('delete-all-submit').click();
    const result = page.getByTestId('delete-all-result');
    await result.waitFor();
    expect(await text(result)).toContain('79,997 products were deleted');
    await screenshot(page, '12-delete-all-done');
    expect((await (await page.request.get('/api/v1/dashboard')).json()).products.total).toBe(0);
  });

  it('shows an e-mail of the outbox as its recipient sees it (sandboxed), and as plain text', async () => {
    await page.goto('/admin/resources/mail_outbox');
    await listRows().first().waitFor();
    expect(await page.title()).toBe(TITLE('Mail outbox'));
    const id = await listRows().first().getAttribute('data-id');
    await page.goto(`/admin/resources/mail_outbox/records/${id}/show`);
    const frame = page.getByTestId('mail-html');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    const received = await page.frameLocator('[data-testid="mail-html"]').locator('body').innerText();
    expect(received).toMatch(/The import of .* (has completed|failed)/);
    expect(await page.locator('body').innerText()).not.toMatch(/<p>|<!doctype/i);
    // The frame paints in its own process: wait until its picture has text (a blank PNG is tiny).
    await frame.scrollIntoViewIfNeeded();
    for (const deadline = Date.now() + 10_000; (await frame.screenshot()).length < 4000;) {
      if (Date.now() > deadline) throw new Error('the e-mail frame was not painted within 10 s');
    }
    await screenshot(page, '16-mail-message');
    await page.getByTestId('mail-view-text').click();
    expect(await text(page.getByTestId('mail-text'))).toMatch(/The import of .*\n[\s\S]*ACME Product Importer$/);
  });

  it('warns in the webhook form, as the URL is typed, when deliveries to it would be refused', async () => {
    await page.goto('/admin/resources/webhooks/actions/createWebhook');
    await page.locator('input[name="url"]').waitFor();
    expect(await page.title()).toBe(TITLE('New webhook'));
    expect(await page.getByText('New webhook', { exact: true }).count()).toBeLessThanOrEqual(2); // breadcrumb and heading
    // This app allows private networks (the receiver is on 127.0.0.1); a cloud metadata address is refused whatever the setting.
    await page.fill('input[name="url"]', 'http://169.254.169.254/latest/meta-data');
    const warning = page.getByTestId('webhook-url-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('always refused, whatever WEBHOOK_ALLOW_PRIVATE_NETWORKS says');
    await screenshot(page, '18-webhook-url-warning');
    await page.fill('input[name="url"]', 'http://127.0.0.1:9/acme');
    await warning.waitFor({ state: 'detached' });
  });

  it('shows a failed delivery with its error across the column, not one character per line', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve)); // nothing listens there now
    const hook = await (
      await page.request.post('/api/v1/webhooks', { data: { url: `http://127.0.0.1:${port}/down`, events: ['import.failed'], description: 'Down' } })
    ).json();
    expect((await page.request.post(`/api/v1/webhooks/${hook.id}/test`)).status()).toBeLessThan(300);
    await page.goto(`/admin/resources/webhooks/records/${hook.id}/deliveries`);
    const error = page.getByTestId('delivery-error').first();
    await error.waitFor();
    expect(await error.innerText()).toContain('ECONNREFUSED');
    expect((await error.boundingBox())!.width).toBeGreaterThanOrEqual(250);
    await expectOneLine(page.locator('[data-testid="delivery-row"] td:not([data-testid="delivery-error"])'));
    const { lines } = (await error.evaluateAll(linesOf))[0]!;
    expect(lines).toBeLessThanOrEqual(2.5); // this short error takes at most two lines of its column
    expect(await page.title()).toBe(TITLE(`Deliveries: http://127.0.0.1:${port}/down`));
    await screenshot(page, '19-webhook-deliveries');
    await page.request.delete(`/api/v1/webhooks/${hook.id}`);
  });

  it('broke no Content-Security-Policy rule on any screen above (login, dashboard, import, history, products, edit, deletes, 404, outbox, webhooks)', () => {
    expect(browser.cspViolations).toEqual([]);
  });

  it('drew every icon on those screens as itself, none as the fallback for an unknown icon name', () => {
    expect(browser.fallbackIcons).toEqual([]);
  });
});
