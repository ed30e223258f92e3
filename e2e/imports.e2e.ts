import { type Locator, type Page } from 'playwright-core';
import { launchBrowser, logIn, screenshot, startProductionApp, type Browser, type RunningApp } from './harness.js';

const pad = (i: number) => String(i).padStart(5, '0');
const row = (i: number, name = `Product ${pad(i)}`, description = `Catalogue item ${i}`) => `CAT-${pad(i)},${name},"${description}",true`;

/** The catalogue as it starts: CAT-00001 … CAT-02000. */
const baseCsv = () => ['sku,name,description,active', ...Array.from({ length: 2000 }, (_, k) => row(k + 1))].join('\n') + '\n';

/**
 * The autumn update: renames CAT-00001…00500 (and rewrites the description of the first 100),
 * repeats CAT-00501…01500 as they are, adds CAT-02001…02600, and has 5 rows without a SKU.
 * Applying it creates 600 products, updates 500, leaves 1,000 unchanged and rejects 5 rows.
 */
const autumnCsv = () => {
  const lines = ['sku,name,description,active'];
  for (let i = 1; i <= 500; i++) lines.push(row(i, `Renamed ${pad(i)}`, i <= 100 ? `Catalogue item ${i}, revised` : `Catalogue item ${i}`));
  for (let i = 501; i <= 1500; i++) lines.push(row(i));
  for (let i = 2001; i <= 2600; i++) lines.push(row(i, `New ${pad(i)}`));
  for (let i = 0; i < 5; i++) lines.push(`,Nameless ${i},no sku here,true`);
  return `${lines.join('\n')}\n`;
};

/**
 * Preview → apply, what an import changed, and revert, in a real browser against the production
 * build: the panel's numbers are the API's, nothing changes before Apply, and a revert restores
 * and deletes what the import did except the products changed since, which it lists.
 */
describe('imports you can preview, audit and undo (panel)', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let importId = '';

  const text = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();
  const api = async (path: string) => {
    const res = await page.request.get(path);
    expect(res.status()).toBe(200);
    return res.json();
  };
  const productBySku = async (sku: string) =>
    ((await api(`/api/v1/products?sku=${sku}`)).data as { id: number; sku: string; name: string; description: string }[]).find((p) => p.sku === sku);
  const productsTotal = async () => (await api('/api/v1/dashboard')).products.total as number;
  /** A screenshot from the top of the page down to the bottom of `until` (the viewport grows to fit it). */
  const screenshotDownTo = async (name: string, until: Locator) => {
    // AdminJS scrolls its content pane, not the window: back to the top of every scrolled element.
    await page.evaluate(() => document.querySelectorAll('*').forEach((el) => el.scrollTop > 0 && el.scrollTo(0, 0)));
    await page.mouse.move(0, 0); // no hover highlight
    const box = (await until.boundingBox())!;
    await page.setViewportSize({ width: 1400, height: Math.max(900, Math.ceil(box.y + box.height + 32)) });
    await screenshot(page, name);
    await page.setViewportSize({ width: 1400, height: 900 });
  };
  const card = (id: string) => page.locator(`[data-testid="import-card"][data-import-id="${id}"]`);

  beforeAll(async () => {
    // Chunks of 100: the apply and the revert each take several steps.
    app = await startProductionApp({ env: { IMPORT_CHUNK_SIZE: '100' } });
    browser = await launchBrowser(app.baseUrl);
    page = browser.page;
    await logIn(page);
    const seeded = await page.request.post('/api/v1/imports?filename=catalogue.csv', { headers: { 'Content-Type': 'text/csv' }, data: baseCsv() });
    expect(seeded.status()).toBe(202);
    const deadline = Date.now() + 60_000;
    while ((await api(`/api/v1/imports/${(await seeded.json()).id}`)).status !== 'completed') {
      if (Date.now() > deadline) throw new Error('the catalogue import did not complete within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await productsTotal()).toBe(2000);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /**
   * Ticks "Preview first" by its label, as a person does, and waits for the box to show it: the design
   * system's CheckBox mirrors its `checked` prop into its own state one render later, so right after
   * the click it can still read unchecked (Playwright's check() gave up there once).
   */
  async function choosePreviewFirst() {
    await page.getByText('Preview first').click();
    await page.waitForFunction(() => (document.querySelector('#import-preview-first') as HTMLInputElement | null)?.checked === true, undefined, {
      timeout: 5000,
    });
  }

  it('previews a file without changing a product, with the counts, fields and examples the API gives', async () => {
    await page.goto('/admin/pages/import');
    await page.getByTestId('import-dropzone').waitFor();
    expect(await page.locator('#import-preview-first').isChecked()).toBe(false);
    await choosePreviewFirst();
    await page.setInputFiles('[data-testid="import-file"]', { name: 'autumn-update.csv', mimeType: 'text/csv', buffer: Buffer.from(autumnCsv()) });

    const preview = page.locator('[data-testid="import-card"][data-status="previewed"]').filter({ hasText: 'autumn-update.csv' });
    await preview.waitFor({ timeout: 60_000 });
    importId = (await preview.getAttribute('data-import-id'))!;
    const imp = await api(`/api/v1/imports/${importId}`);
    expect(imp).toMatchObject({
      status: 'previewed',
      mode: 'preview',
      insertedCount: 600,
      unchangedCount: 1000,
      rejectedCount: 5,
      fieldChanges: { name: 500, description: 100 },
    });
    const n = (v: number) => v.toLocaleString('en-US');
    expect(await text(preview.getByTestId('preview-created'))).toBe(n(imp.insertedCount));
    expect(await text(preview.getByTestId('preview-updated'))).toBe(n(imp.updatedCount - imp.unchangedCount));
    expect(await text(preview.getByTestId('preview-updated'))).toBe('500');
    expect(await text(preview.getByTestId('preview-unchanged'))).toBe('1,000');
    expect(await text(preview.getByTestId('preview-rejected'))).toBe('5');
    expect(await text(preview.locator('[data-testid="preview-field"][data-field="name"]'))).toBe('Name: 500');
    expect(await text(preview.locator('[data-testid="preview-field"][data-field="description"]'))).toBe('Description: 100');
    expect(await preview.locator('[data-testid="preview-field"]').count()).toBe(2);
    expect(await text(preview.getByTestId('preview-expires'))).toMatch(/expires on \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);

    // The examples are the API's, before → after.
    const examples = (await api(`/api/v1/imports/${importId}/changes`)).data as {
      sku: string;
      action: string;
      changes: { field: string; before: string; after: string }[];
    }[];
    const updated = examples.find((e) => e.action === 'updated')!;
    const exampleRow = preview.locator(`[data-testid="change-row"][data-sku="${updated.sku}"]`);
    const name = exampleRow.locator('[data-testid="change-field"][data-field="name"]');
    expect(await text(name.getByTestId('change-before'))).toBe(updated.changes.find((c) => c.field === 'name')!.before);
    expect(await text(name.getByTestId('change-after'))).toBe(updated.changes.find((c) => c.field === 'name')!.after);
    expect(await preview.locator('[data-testid="change-row"][data-action="created"]').count()).toBe(examples.filter((e) => e.action === 'created').length);

    // Nothing changed yet.
    expect(await productsTotal()).toBe(2000);
    expect((await productBySku('CAT-00001'))!.name).toBe('Product 00001');
    await screenshotDownTo('import-preview', preview);
  });

  it('applies the preview with the same counts, and shows the live progress to completed', async () => {
    const preview = card(importId);
    await preview.getByTestId('preview-apply').click();
    const done = page.locator(`[data-testid="import-card"][data-import-id="${importId}"][data-status="completed"]`);
    await done.waitFor({ timeout: 60_000 });
    expect(await text(done.getByTestId('import-inserted'))).toBe('600');
    expect(await text(done.getByTestId('import-updated'))).toBe('500');
    expect(await text(done.getByTestId('import-unchanged'))).toBe('1,000');
    expect(await text(done.getByTestId('import-rejected'))).toBe('5');
    const imp = await api(`/api/v1/imports/${importId}`);
    expect(imp).toMatchObject({ status: 'completed', mode: 'apply', insertedCount: 600, unchangedCount: 1000, rejectedCount: 5, recordsChanges: true });
    expect(imp.updatedCount - imp.unchangedCount).toBe(500);
    expect(await productsTotal()).toBe(2600);
    expect((await productBySku('CAT-00001'))!.name).toBe('Renamed 00001');
  });

  it("shows on the import's page what it changed: counts, a paged and filtered table, the CSV", async () => {
    await card(importId).getByTestId('import-page-link').click();
    await page.waitForURL(/\/records\/.+\/show/);
    const changes = page.getByTestId('import-changes');
    await changes.getByTestId('changes-table').waitFor();
    expect(await text(changes.getByTestId('changes-counts'))).toMatch(/^Created 600 products and updated 500; 1,000 rows matched/);
    expect(await changes.getByTestId('change-row').count()).toBe(25);
    expect(await text(changes.getByTestId('changes-range'))).toBe('Products 1–25 of 1,100');
    await changes.getByTestId('changes-next').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="changes-range"]')?.textContent === 'Products 26–50 of 1,100');
    await changes.getByTestId('changes-previous').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="changes-range"]')?.textContent === 'Products 1–25 of 1,100');

    await changes.getByTestId('changes-filter-updated').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="changes-range"]')?.textContent === 'Products 1–25 of 500');
    expect(await changes.locator('[data-testid="change-row"][data-action="updated"]').count()).toBe(25);
    // Each row, before → after, as the file made it (the description changed for CAT-00001…00100 only).
    for (const changed of await changes.getByTestId('change-row').all()) {
      const sku = (await changed.getAttribute('data-sku'))!;
      const i = Number(sku.slice(4));
      expect(await text(changed.locator('[data-field="name"] [data-testid="change-before"]'))).toBe(`Product ${pad(i)}`);
      expect(await text(changed.locator('[data-field="name"] [data-testid="change-after"]'))).toBe(`Renamed ${pad(i)}`);
      const description = changed.locator('[data-field="description"] [data-testid="change-after"]');
      if (i <= 100) expect(await text(description)).toBe(`Catalogue item ${i}, revised`);
      else expect(await description.count()).toBe(0);
    }
    await screenshotDownTo('import-changes', changes);

    await changes.getByTestId('changes-filter-created').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="changes-range"]')?.textContent === 'Products 1–25 of 600');

    // Every change as CSV: 4 fields of each created product, the changed fields of each updated one.
    const csv = await page.request.get((await changes.getByTestId('changes-download').getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('sku,action,field,before,after,state');
    expect(lines).toHaveLength(1 + 600 * 4 + 500 + 100);
  });

  it('reverts the import behind a typed confirmation, live, leaving products changed since alone and listed', async () => {
    // Changed since the import: one product it updated, one it created.
    for (const sku of ['CAT-00002', 'CAT-02001']) {
      const product = (await productBySku(sku))!;
      const res = await page.request.patch(`/api/v1/products/${product.id}`, { data: { name: `Edited by hand ${sku}` } });
      expect(res.status()).toBe(200);
    }

    await page.reload();
    await page.getByTestId('import-changes').waitFor();
    await page.getByTestId('action-revert').click();
    const screen = page.getByTestId('revert-screen');
    await screen.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="revert-will-delete"]')?.textContent !== '…');
    expect(await text(page.getByTestId('revert-will-restore'))).toBe('500');
    expect(await text(page.getByTestId('revert-will-delete'))).toBe('600');
    expect(await text(page.getByTestId('revert-summary'))).toContain('restores 500 updated products to their previous values and deletes 600 created products');
    await page.fill('[data-testid="revert-confirmation"]', 'revert');
    expect(await page.getByTestId('revert-submit').isDisabled()).toBe(true);
    await page.fill('[data-testid="revert-confirmation"]', 'REVERT');
    expect(await page.getByTestId('revert-submit').isDisabled()).toBe(false);
    await screenshot(page, 'import-revert-confirm');

    // Every revert state the screen shows, as it shows them.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { revertStates: string[] }).revertStates = seen;
      new MutationObserver(() => {
        const s = document.querySelector('[data-testid="revert-progress"]')?.getAttribute('data-revert-status');
        if (s && seen.at(-1) !== s) seen.push(s);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByTestId('revert-submit').click();
    const completed = page.locator('[data-testid="revert-progress"][data-revert-status="completed"]');
    await completed.waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { revertStates: string[] }).revertStates)).toEqual(['running', 'completed']);
    expect(await text(completed.getByTestId('revert-percent'))).toBe('100%');
    expect(await text(completed.getByTestId('revert-processed'))).toBe('1,100 / 1,100');
    expect(await text(completed.getByTestId('revert-restored'))).toBe('499');
    expect(await text(completed.getByTestId('revert-deleted'))).toBe('599');
    expect(await text(completed.getByTestId('revert-conflicts'))).toBe('2');
    expect(await text(completed.getByTestId('revert-outcome'))).toContain(
      '499 updated products restored to their previous values and 599 created products deleted. 2 products changed since the import were left as they are',
    );
    await page.waitForFunction(() => {
      const bar = document.querySelector('[aria-label="Revert progress"]');
      return bar && bar.firstElementChild!.getBoundingClientRect().width >= bar.getBoundingClientRect().width - 1;
    });
    await page.mouse.move(0, 0);
    await screenshot(page, 'import-revert');

    const imp = await api(`/api/v1/imports/${importId}`);
    expect(imp).toMatchObject({
      revertStatus: 'completed',
      revertRestoredCount: 499,
      revertDeletedCount: 599,
      revertConflictCount: 2,
      revertTotal: 1100,
      revertProcessed: 1100,
    });
    expect(await productsTotal()).toBe(2001);
    expect(await productBySku('CAT-00001')).toMatchObject({ name: 'Product 00001', description: 'Catalogue item 1' });
    expect((await productBySku('CAT-00002'))!.name).toBe('Edited by hand CAT-00002');
    expect((await productBySku('CAT-02001'))!.name).toBe('Edited by hand CAT-02001');
    expect(await productBySku('CAT-02002')).toBeUndefined();

    const conflicts = await page.request.get((await completed.getByTestId('revert-conflicts-download').getAttribute('href'))!);
    expect(conflicts.status()).toBe(200);
    const lines = (await conflicts.text()).trim().split('\n');
    expect(lines[0]).toBe('product_id,sku,action,reason');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(['CAT-00002', 'CAT-02001']);
  });

  it('offers no second revert once reverted', async () => {
    await page.getByTestId('revert-back').click();
    await page.waitForURL(/\/show$/);
    await page.getByTestId('import-revert').waitFor();
    expect(await text(page.getByTestId('revert-status'))).toBe('Reverted');
    expect(await page.getByTestId('action-revert').count()).toBe(0);
    await screenshotDownTo('import-reverted', page.getByTestId('import-changes'));
  });

  it("shows the server's refusal in its own words when someone else reverted the import meanwhile", async () => {
    const lines = ['sku,name', ...Array.from({ length: 10 }, (_, i) => `WIN-${pad(i + 1)},Winter ${i + 1}`)];
    const res = await page.request.post('/api/v1/imports?filename=winter.csv', { headers: { 'Content-Type': 'text/csv' }, data: `${lines.join('\n')}\n` });
    const { id } = await res.json();
    await page.goto(`/admin/resources/imports/records/${id}/show`);
    await page.locator('[data-testid="import-card"][data-status="completed"]').waitFor({ timeout: 60_000 });
    await page.reload(); // the action buttons are those of the record as it was loaded
    await page.getByTestId('action-revert').click();
    await page.getByTestId('revert-screen').waitFor();
    await page.fill('[data-testid="revert-confirmation"]', 'REVERT');
    expect((await page.request.post(`/api/v1/imports/${id}/revert`)).status()).toBe(202);
    await page.getByTestId('revert-submit').click();
    const refusal = page.getByTestId('revert-error');
    await refusal.waitFor();
    expect(await text(refusal)).toMatch(new RegExp(`^Import ${id} (is already being reverted|has already been reverted)$`));
    await screenshot(page, 'import-revert-refused');
  });

  it('discards a preview: nothing changes', async () => {
    await page.goto('/admin/pages/import');
    await page.getByTestId('import-dropzone').waitFor();
    await choosePreviewFirst();
    await page.setInputFiles('[data-testid="import-file"]', { name: 'second-thoughts.csv', mimeType: 'text/csv', buffer: Buffer.from(autumnCsv()) });
    const preview = page.locator('[data-testid="import-card"][data-status="previewed"]').filter({ hasText: 'second-thoughts.csv' });
    await preview.waitFor({ timeout: 60_000 });
    const id = (await preview.getAttribute('data-import-id'))!;
    await preview.getByTestId('preview-discard').click();
    const discarded = page.locator(`[data-testid="import-card"][data-import-id="${id}"][data-status="cancelled"]`);
    await discarded.waitFor();
    expect(await text(discarded.getByTestId('import-cancelled'))).toBe('Preview discarded: nothing was changed.');
    expect(await productsTotal()).toBe(2001);
    expect((await productBySku('CAT-00001'))!.name).toBe('Product 00001');
  });

  it('broke no Content-Security-Policy rule on any screen above', () => {
    expect(browser.cspViolations).toEqual([]);
  });

  it('drew every icon on those screens as itself, none as the fallback for an unknown icon name', () => {
    expect(browser.fallbackIcons).toEqual([]);
  });
});
