import pg from 'pg';
import { type Page } from 'playwright-core';
import { databaseUrl, launchBrowser, logIn, productsCsv, screenshot, startProductionApp, type Browser, type RunningApp } from './harness.js';

/**
 * A reload in the middle of an upload, in a real browser against the production build, on a slow
 * network: the page warns before leaving, shows after the reload where the upload stopped, takes
 * the same file again and continues from there, and the catalogue ends exactly as after an
 * uninterrupted import of the same file.
 */
describe('an upload that survives a reload (panel)', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let db: pg.Client;
  // Repeats across the file (the last occurrence wins) and a few rejected rows, so the result depends on every byte.
  const csv =
    productsCsv(60_000, { invalid: 7 }) +
    productsCsv(3_000, { prefix: 'E2E' })
      .split('\n')
      .slice(1)
      .map((l) => l.replace(',Product ', ',Repeated '))
      .join('\n');
  const file = { name: 'spring-catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  const api = async (path: string) => (await page.request.get(path)).json();
  const table = async () => (await db.query('SELECT sku, name, description, active FROM products ORDER BY lower(sku)')).rows;
  const waitForImport = async (id: string, until: (imp: Record<string, unknown>) => boolean, ms = 120_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const imp = await api(`/api/v1/imports/${id}`);
      if (until(imp)) return imp;
      if (Date.now() > deadline) throw new Error(`import ${id}: still ${JSON.stringify(imp)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    app = await startProductionApp({ env: { IMPORT_CHUNK_SIZE: '2000' } });
    browser = await launchBrowser(app.baseUrl);
    page = browser.page;
    db = new pg.Client({ connectionString: databaseUrl(app) });
    await db.connect();
    await logIn(page);
  });
  afterAll(async () => {
    await db?.end();
    await browser?.close();
    await app?.stop();
  });

  it('continues after a reload from where the upload stopped, to the same catalogue as an uninterrupted import', async () => {
    // The reference: the same file in one plain request.
    const clean = await page.request.post(`/api/v1/imports?filename=${file.name}`, { headers: { 'Content-Type': 'text/csv' }, data: file.buffer });
    const cleanDone = await waitForImport((await clean.json()).id, (i) => i.status === 'completed');
    const expected = await table();
    expect(expected.length).toBe(60_000);
    await db.query('TRUNCATE products');

    // A slow network: ~64 KB/s up, so the upload takes a while.
    await page.goto('/admin/pages/import');
    await page.getByTestId('import-dropzone').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 4_000_000, uploadThroughput: 64 * 1024 });
    await page.setInputFiles('[data-testid="import-file"]', file);
    const card = page.getByTestId('import-card').first();
    await card.getByTestId('upload-bytes').waitFor();
    const id = (await card.getAttribute('data-import-id'))!;
    // Part of the file is staged (and partly applied already: pipelined) before the reload.
    await waitForImport(id, (i) => (i.uploadedBytes as number) > 0.25 * file.buffer.length && (i.processedRows as number) > 0);
    await page.waitForTimeout(1200); // the card catches up with the server's numbers
    await page.mouse.move(0, 0);
    await screenshot(page, 'import-uploading');
    expect(await card.getByTestId('import-total').textContent()).toBe('not known yet');
    expect(await card.getByTestId('upload-percent').textContent()).toMatch(/^\d+%$/);

    // Reload mid-upload: the page asks first (beforeunload); leave anyway.
    const dialogs: string[] = [];
    page.on('dialog', (d) => void (dialogs.push(d.type()), d.accept()));
    await page.reload();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    expect(dialogs).toEqual(['beforeunload']);
    const stopped = page.locator(`[data-testid="import-card"][data-import-id="${id}"]`);
    // After the reload the page loads cold and asks for the import again; on a loaded CI machine that took over 20 s once.
    await stopped.getByTestId('upload-stopped').waitFor({ timeout: 60_000 });
    const before = await api(`/api/v1/imports/${id}`);
    expect(before).toMatchObject({ status: expect.stringMatching(/queued|processing/), uploadComplete: false, resumable: true });
    expect(before.uploadedBytes).toBeLessThan(file.buffer.length);
    await page.mouse.move(0, 0);
    await screenshot(page, 'import-upload-stopped');

    // Continue: choose the same file again.
    const chooser = page.waitForEvent('filechooser');
    await stopped.getByTestId('upload-continue').click();
    await (await chooser).setFiles(file);
    const done = await waitForImport(id, (i) => i.status === 'completed');
    await stopped.getByTestId('import-summary').waitFor();
    await page.mouse.move(0, 0);
    await screenshot(page, 'import-upload-resumed');

    const counts = (i: Record<string, unknown>) => [i.totalRows, i.processedRows, i.insertedCount, i.updatedCount, i.unchangedCount, i.rejectedCount];
    expect(counts(done)).toEqual(counts(cleanDone));
    expect(done.sizeBytes).toBe(file.buffer.length);
    expect(await table()).toEqual(expected);
  });
});
