import pg from 'pg';
import { type Page } from 'playwright-core';
import {
  databaseUrl,
  launchBrowser,
  logIn,
  productsCsv,
  screenshot,
  startProductionApp,
  startWorker,
  type AppProcess,
  type Browser,
  type RunningApp,
} from './harness.js';

/**
 * A job that fails for real, seen and retried in the job monitor. The web and worker processes run
 * apart (as in production): an import is uploaded while no worker runs, its staged rows go missing,
 * a worker's attempt fails on it; once the rows are back, "Retry" in the monitor finishes the import.
 */
describe('job monitor and imports without a worker', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let worker: AppProcess | undefined;
  let db: pg.Client;

  beforeAll(async () => {
    // One partition, so the import has one applier job: the monitor then shows exactly that job
    // failing and retried (with several, each applier's job fails on its own, and a failed import is
    // retried from the import page, which re-queues them all).
    app = await startProductionApp({ role: 'web', env: { IMPORT_CHUNK_SIZE: '500', IMPORT_PARTITIONS: '1' } });
    db = new pg.Client({ connectionString: databaseUrl(app) });
    await db.connect();
    browser = await launchBrowser(app.baseUrl);
    page = browser.page;
    await logIn(page);
  });
  afterAll(async () => {
    await db?.end();
    await browser?.close();
    await worker?.stop();
    await app?.stop();
  });

  const jobRow = (state: string) => page.locator(`[data-testid="job-row"][data-name="imports.process"][data-state="${state}"]`);
  const stagingTable = (id: string) => `rows_${id.replaceAll('-', '')}`;

  it('shows a failed job with its attempts and last error, retries it, and the retry completes', async () => {
    // Upload while no worker runs: the import waits.
    await page.goto('/admin/pages/import');
    await page.setInputFiles('[data-testid="import-file"]', { name: 'autumn.csv', mimeType: 'text/csv', buffer: Buffer.from(productsCsv(2000)) });
    const imp = page.locator('[data-testid="import-card"]').filter({ hasText: 'autumn.csv' });
    await imp.waitFor();
    await page.getByTestId('upload-progress').waitFor({ state: 'detached' });
    const importId = (await imp.getAttribute('data-import-id'))!;
    expect(await imp.getAttribute('data-status')).toBe('queued');
    // The whole file is staged (the page uploads it in requests of its own) before its rows go missing.
    const uploadDeadline = Date.now() + 60_000;
    while (!(await (await page.request.get(`/api/v1/imports/${importId}`)).json()).uploadComplete) {
      if (Date.now() > uploadDeadline) throw new Error('the upload did not complete');
      await new Promise((r) => setTimeout(r, 200));
    }

    // The staged rows go missing (moved aside), then a worker picks the job up: it fails.
    await db.query(`ALTER TABLE import_staging.${stagingTable(importId)} RENAME TO ${stagingTable(importId)}_aside`);
    worker = await startWorker(app);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const jobs = await (await page.request.get('/api/v1/jobs?name=imports.process&state=failed')).json();
      if (jobs.total > 0) break;
      if (Date.now() > deadline) throw new Error('the import job did not fail');
      await new Promise((r) => setTimeout(r, 200));
    }
    await worker.stop(); // the worker goes down before its own automatic retry
    worker = undefined;

    await page.goto('/admin/pages/jobs');
    const failed = jobRow('failed');
    await failed.waitFor();
    expect(Number(await failed.getByTestId('job-attempts').textContent())).toBeGreaterThanOrEqual(1);
    expect(await failed.getByTestId('job-error').textContent()).toContain('does not exist');
    expect(await page.getByTestId('jobs-total-failed').textContent()).toBe('1');
    // Filter on the failed ones by clicking their count.
    await page.getByTestId('jobs-total-failed').locator('a').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="job-row"]')].every((r) => r.getAttribute('data-state') === 'failed'));
    expect(await page.locator('[data-testid="job-row"]').count()).toBe(1);
    await failed.scrollIntoViewIfNeeded();
    await screenshot(page, '13-job-monitor-failed');

    // The rows are back; retry from the monitor, and a worker finishes the import.
    await db.query(`ALTER TABLE import_staging.${stagingTable(importId)}_aside RENAME TO ${stagingTable(importId)}`);
    await failed.getByTestId('job-retry').click();
    await page.getByTestId('jobs-notice').waitFor();
    await page.selectOption('[data-testid="jobs-filter-state"]', '');
    await page.selectOption('[data-testid="jobs-filter-name"]', 'imports.process');
    await jobRow('queued').waitFor();
    expect(await jobRow('failed').count()).toBe(0);

    worker = await startWorker(app);
    await jobRow('completed').waitFor({ timeout: 60_000 });
    await jobRow('completed').scrollIntoViewIfNeeded();
    await screenshot(page, '14-job-monitor-retried');
    const done = await (await page.request.get(`/api/v1/imports/${importId}`)).json();
    expect(done).toMatchObject({ status: 'completed', insertedCount: 2000, rejectedCount: 0, percent: 100 });
  });

  it('cancels a waiting import from the import page', async () => {
    await worker?.stop();
    worker = undefined;
    await page.goto('/admin/pages/import');
    await page.setInputFiles('[data-testid="import-file"]', {
      name: 'winter.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(productsCsv(500, { prefix: 'W' })),
    });
    const imp = page.locator('[data-testid="import-card"]').filter({ hasText: 'winter.csv' });
    await imp.getByTestId('import-cancel').click();
    await page.locator('[data-testid="import-card"][data-status="cancelled"]').filter({ hasText: 'winter.csv' }).waitFor();
    expect(await imp.textContent()).toContain('Import cancelled');
    const id = await imp.getAttribute('data-import-id');
    expect((await (await page.request.get(`/api/v1/imports/${id}`)).json()).status).toBe('cancelled');
  });

  it('broke no Content-Security-Policy rule on any screen above (job monitor, import page)', () => {
    expect(browser.cspViolations).toEqual([]);
  });

  it('drew every icon on those screens as itself, none as the fallback for an unknown icon name', () => {
    expect(browser.fallbackIcons).toEqual([]);
  });
});
