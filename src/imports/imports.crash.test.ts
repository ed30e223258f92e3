import { startTestApp, type TestApp } from '../../test/app.js';
import { buildCsv, buildProduct, productsTable, uploadCsv, waitForImport, type CsvProduct } from '../../test/imports.js';
import { waitFor } from '../../test/waitFor.js';
import { killWorker, startWorker, stopWorker, type WorkerProcess } from '../../test/workers.js';

describe('a worker killed mid-import', () => {
  let t: TestApp;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    t = await startTestApp({ role: 'web', env: { IMPORT_CHUNK_SIZE: '200' } });
  });
  afterAll(async () => {
    await Promise.all(workers.map(killWorker));
    await t.close();
  });

  it('resumes from the last committed chunk in another worker and ends exactly as a clean run', async () => {
    // 40,000 rows; after the first 7,000, every 20th row repeats the SKU of a row 7,000 earlier
    // in other letter case (a later chunk), with a new name that must win.
    const rows: CsvProduct[] = Array.from({ length: 40_000 }, (_, i) =>
      i > 7_000 && i % 20 === 19 ? buildProduct(i - 7_000, { sku: `sku-${String(i - 7_000).padStart(6, '0')}`, name: `repeat ${i}` }) : buildProduct(i),
    );
    const expected = new Map<string, CsvProduct>();
    for (const r of rows) {
      expected.delete(r.sku.toLowerCase());
      expected.set(r.sku.toLowerCase(), r);
    }
    const res = await uploadCsv(t, buildCsv(rows));
    expect(res.status).toBe(202);

    const first = startWorker(t.config.DATABASE_URL!);
    workers.push(first);
    await waitFor(async () => (await t.rt.services.imports.getImport(res.body.id)).processedRows >= 4_000, {
      what: () => `the first worker to apply 4,000 rows; it wrote: ${first.stderr()}`,
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    await killWorker(first);
    const atKill = await t.rt.services.imports.getImport(res.body.id);
    expect(atKill.status).toBe('processing');
    expect(atKill.processedRows).toBeLessThan(40_000);

    const second = startWorker(t.config.DATABASE_URL!);
    workers.push(second);
    const done = await waitForImport(t, res.body.id, 120_000);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 40_000,
      processedRows: 40_000,
      insertedCount: expected.size,
      updatedCount: 40_000 - expected.size,
      rejectedCount: 0,
    });
    const table = await productsTable(t);
    expect(table).toHaveLength(expected.size);
    for (const p of table) {
      const want = expected.get(p.sku.toLowerCase())!;
      expect({ sku: p.sku, name: p.name }).toEqual({ sku: want.sku, name: want.name });
    }
    await stopWorker(second);
  }, 200_000); // past the waits' own bounds (60 s + 120 s), so a slow run fails naming what it waited for
});
