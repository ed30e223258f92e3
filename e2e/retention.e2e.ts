import { type Page } from 'playwright-core';
import { launchBrowser, logIn, productsCsv, startProductionApp, type Browser, type RunningApp } from './harness.js';

/**
 * Records kept for a while say how long, in sight (not only in a tooltip) where they are listed:
 * the lists of delivery attempts, webhook messages and mail, a webhook's delivery log, and an
 * import's card with rejected rows. The windows are set here to values other than the defaults, so
 * the lines are seen to follow the running app's settings, not the build's.
 */
describe('retention shown where kept data is listed', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startProductionApp({
      env: { RETENTION_DAYS_WEBHOOK_DELIVERIES: '14', RETENTION_DAYS_MAIL_OUTBOX: '60', RETENTION_DAYS_IMPORT_ERRORS: '1', IMPORT_CHUNK_SIZE: '500' },
    });
    browser = await launchBrowser(app.baseUrl);
    page = browser.page;
    await logIn(page);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const note = (p: Page = page) => p.getByTestId('retention-note');
  const card = (filename: string, status: string) => page.locator(`[data-testid="import-card"][data-status="${status}"]`).filter({ hasText: filename });

  it.each([
    ['webhook_deliveries', 'Delivery attempts are kept for 14 days.'],
    ['webhook_messages', 'Webhook messages are kept for 30 days after they finish, and while any of their delivery attempts is kept.'],
    ['mail_outbox', 'Sent, stored and failed e-mails are kept for 60 days.'],
    ['imports', 'Rejected rows are kept for 1 day after the import ends.'],
  ])('the %s list says under its heading how long its records are kept', async (resourceId, line) => {
    await page.goto(`/admin/resources/${resourceId}`);
    await note().waitFor({ state: 'visible' });
    expect(await note().innerText()).toBe(line);
    const box = (await note().boundingBox())!;
    expect(box.y + box.height).toBeLessThan(page.viewportSize()!.height); // on the first screen, no scrolling or hovering
  });

  it('a webhook’s delivery log says how long its attempts are kept', async () => {
    const hook = await (await page.request.post('/api/v1/webhooks', { data: { url: 'http://127.0.0.1:9/kept', events: ['import.failed'] } })).json();
    await page.goto(`/admin/resources/webhooks/records/${hook.id}/deliveries`);
    await note().waitFor({ state: 'visible' });
    expect(await note().innerText()).toBe('Delivery attempts are kept for 14 days.');
    expect(await note().count()).toBe(1);
  });

  it('an import with rejected rows says on its card how long they are kept, and links to what it changed', async () => {
    await page.goto('/admin/pages/import');
    await page.getByTestId('import-dropzone').waitFor();
    await page.setInputFiles('[data-testid="import-file"]', { name: 'kept.csv', mimeType: 'text/csv', buffer: Buffer.from(productsCsv(1200, { invalid: 3 })) });
    const done = card('kept.csv', 'completed');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.getByTestId('import-rejected').innerText()).toBe('3');
    expect(await done.getByTestId('retention-note').innerText()).toBe('Rejected rows are kept for 1 day after the import ends.');
    expect(await done.getByTestId('retention-note').isVisible()).toBe(true);
    expect(await done.getByTestId('import-page-link').innerText()).toBe('What this import changed · Revert');

    // The import's own page shows the same card, with the same line.
    await done.getByTestId('import-page-link').click();
    await page.getByTestId('import-page').waitFor();
    const own = page.locator('[data-testid="import-card"][data-status="completed"]');
    await own.getByTestId('retention-note').waitFor({ state: 'visible' });
    expect(await own.getByTestId('retention-note').innerText()).toBe('Rejected rows are kept for 1 day after the import ends.');
  });

  it('a refused file’s card offers its details, not "What this import changed", and has no rejected rows to keep', async () => {
    await page.goto('/admin/pages/import');
    await page.getByTestId('import-dropzone').waitFor();
    await page.setInputFiles('[data-testid="import-file"]', { name: 'prices.csv', mimeType: 'text/csv', buffer: Buffer.from('name,price\nAnvil,12\n') });
    const refused = card('prices.csv', 'failed');
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.getByTestId('import-page-link').innerText()).toBe('Import details');
    expect(await refused.getByTestId('retention-note').count()).toBe(0);
  });

  it('"Delete all products" shows the count with a thousands separator, and takes it typed as shown', async () => {
    await page.goto('/admin/resources/products/actions/deleteAll');
    const screen = page.getByTestId('delete-all-screen');
    await screen.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="delete-all-count"]')?.textContent !== '…');
    expect(await screen.locator('label').innerText()).toBe('Type 1,200 or DELETE to confirm');
    await page.fill('[data-testid="delete-all-confirmation"]', '1,200');
    await page.getByTestId('delete-all-submit').click();
    expect(await page.getByTestId('delete-all-result').innerText()).toContain('1,200 products were deleted.');
  });

  it('broke no Content-Security-Policy rule', () => {
    expect(browser.cspViolations).toEqual([]);
  });
});
