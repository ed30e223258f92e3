import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildCsv, buildProduct, productsTable, uploadCsv, waitForImport } from '../../test/imports.js';
import { waitFor } from '../../test/waitFor.js';
import type { ImportRow } from './imports.repo.js';
import type { ImportJson } from './imports.schemas.js';

const noShutdown = new AbortController().signal;

/** Runs the import job's work in this process, calling `onChunk` after every committed chunk. */
const processNow = (t: TestApp, id: string, onChunk: (imp: ImportRow) => Promise<void> = async () => {}) =>
  t.rt.services.imports.processImport(id, { heartbeat: onChunk, shutdownSignal: noShutdown });

describe('import lifecycle (web process only: the test drives the work)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'web', env: { IMPORT_CHUNK_SIZE: '100' } });
  });
  afterAll(() => t.close());
  beforeEach(() => t.rt.db.raw('TRUNCATE products'));

  it('waits for a worker, then applies every chunk', async () => {
    const res = await uploadCsv(t, buildCsv(Array.from({ length: 250 }, (_, i) => buildProduct(i))));
    expect(res.body).toMatchObject({ status: 'queued', phase: 'waiting', totalRows: 250, processedRows: 0 });
    await processNow(t, res.body.id);
    expect(await t.rt.services.imports.getImport(res.body.id)).toMatchObject({ status: 'completed', phase: 'done', insertedCount: 250 });
    const staging = await t.rt.db.raw("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'import_staging'");
    expect(staging.rows[0].n).toBe(0);
  });

  it('cancels between chunks: committed rows stay and the summary says so', async () => {
    const res = await uploadCsv(t, buildCsv(Array.from({ length: 1000 }, (_, i) => buildProduct(i))));
    await processNow(t, res.body.id, async (imp) => {
      if (imp.processed_rows === 300) {
        const cancelled = await t.http.post(`/api/v1/imports/${imp.id}/cancel`).set('Authorization', `Bearer ${t.token}`);
        expect(cancelled.body).toMatchObject({ status: 'cancelled' });
      }
    });
    const imp = await t.rt.services.imports.getImport(res.body.id);
    expect(imp).toMatchObject({
      status: 'cancelled',
      processedRows: 300,
      insertedCount: 300,
      error: expect.stringMatching(/Cancelled after 300 of 1000 rows/),
    });
    expect(await productsTable(t)).toHaveLength(300);
    const again = await t.http.post(`/api/v1/imports/${imp.id}/cancel`).set('Authorization', `Bearer ${t.token}`);
    expect(again.status).toBe(409);
  });

  it('fails after repeated chunk errors, then a retry resumes where it stopped with exact counts', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => buildProduct(i));
    rows[350] = buildProduct(350, { name: 'poison' });
    rows[450] = buildProduct(450, { sku: 'sku-000001', name: 'repeat of row 1' });
    await t.rt.db.raw("ALTER TABLE products ADD CONSTRAINT no_poison CHECK (name <> 'poison')");
    try {
      const res = await uploadCsv(t, buildCsv(rows));
      for (let attempt = 1; attempt < 3; attempt++) await expect(processNow(t, res.body.id)).rejects.toThrow(/no_poison/);
      await processNow(t, res.body.id);
      const failed = await t.rt.services.imports.getImport(res.body.id);
      // Our own sentence with PostgreSQL's reason, not knex's SQL statement.
      expect(failed).toMatchObject({
        status: 'failed',
        processedRows: 300,
        error: expect.stringMatching(/^Records 301–400 \(partition \d\) could not be applied: .*no_poison/),
      });
      expect(failed.error).not.toMatch(/INSERT INTO|WITH staged/);
      await t.rt.db.raw('ALTER TABLE products DROP CONSTRAINT no_poison');
      const retried = await t.http.post(`/api/v1/imports/${res.body.id}/retry`).set('Authorization', `Bearer ${t.token}`);
      expect(retried.status).toBe(202);
      expect(retried.body).toMatchObject({ status: 'queued', error: null, processedRows: 300 });
      await processNow(t, res.body.id);
    } finally {
      await t.rt.db.raw('ALTER TABLE products DROP CONSTRAINT IF EXISTS no_poison');
    }
    const done = (await t.rt.services.imports.listImports({ page: 1, perPage: 1 })).data[0]!;
    expect(done).toMatchObject({ status: 'completed', processedRows: 500, insertedCount: 499, updatedCount: 1 });
    expect(await productsTable(t)).toHaveLength(499);
    const retryCompleted = await t.http.post(`/api/v1/imports/${done.id}/retry`).set('Authorization', `Bearer ${t.token}`);
    expect(retryCompleted.status).toBe(409);
  });

  it('keeps going when "delete all products" runs mid-import: later chunks re-create their products', async () => {
    const res = await uploadCsv(t, buildCsv(Array.from({ length: 1000 }, (_, i) => buildProduct(i))));
    let deleted = false; // the callback runs after every partition's chunk: delete once, when all passed record 500
    await processNow(t, res.body.id, async (imp) => {
      if (imp.processed_rows !== 500 || deleted) return;
      deleted = true;
      expect(await t.rt.services.products.deleteAllProducts()).toEqual({ deleted: 500 });
    });
    expect(deleted).toBe(true);
    expect(await t.rt.services.imports.getImport(res.body.id)).toMatchObject({ status: 'completed', insertedCount: 1000, updatedCount: 0 });
    const skus = (await productsTable(t)).map((p) => p.sku);
    expect(skus).toHaveLength(500);
    expect(skus[0]).toBe('SKU-000500');
  });

  it('gives the same table and counts whatever the chunk size', async () => {
    const rows = Array.from({ length: 700 }, (_, i) =>
      buildProduct(i % 450, { name: `row ${i}`, ...(i % 2 ? { sku: `sku-${String(i % 450).padStart(6, '0')}` } : {}) }),
    );
    const results = [];
    for (const chunk of [7, 100, 5000]) {
      await t.rt.db.raw('TRUNCATE products');
      const res = await uploadCsv(t, buildCsv(rows));
      await t.rt.db('imports').where({ id: res.body.id }).update({ chunk_size: chunk });
      await processNow(t, res.body.id);
      const imp = await t.rt.services.imports.getImport(res.body.id);
      results.push({ counts: [imp.insertedCount, imp.updatedCount, imp.rejectedCount], table: (await productsTable(t)).map(({ id: _id, ...p }) => p) });
    }
    expect(results[0]!.counts).toEqual([450, 250, 0]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});

describe('import progress over Server-Sent Events (web process only: the test drives the work)', () => {
  let t: TestApp;
  let server: http.Server;
  beforeAll(async () => {
    t = await startTestApp({ role: 'web', env: { IMPORT_CHUNK_SIZE: '200' } });
    server = http.createServer(t.web.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await t.close();
  });

  it('sends the state on connect, an update for every committed chunk, and ends at the final state', async () => {
    const res = await uploadCsv(t, buildCsv(Array.from({ length: 1000 }, (_, i) => buildProduct(i))));
    const { port } = server.address() as AddressInfo;
    const stream = await fetch(`http://127.0.0.1:${port}/api/v1/imports/${res.body.id}/events`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events: ImportJson[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let pending = '';
      for await (const bytes of stream.body!) {
        const parts = (pending + decoder.decode(bytes, { stream: true })).split('\n\n');
        pending = parts.pop()!;
        for (const e of parts) if (e.startsWith('event: progress')) events.push(JSON.parse(e.split('data: ')[1]!));
      }
    })(); // ends only when the server ends the stream
    await waitFor(() => events.length, { what: 'the state on connect' });
    // Each committed chunk waits until the stream has told it: every step must reach the client.
    const committed: number[] = [];
    await processNow(t, res.body.id, async (imp) => {
      committed.push(imp.processed_rows);
      await waitFor(() => events.some((e) => e.processedRows === imp.processed_rows), { what: `an event with ${imp.processed_rows} rows processed` });
    });
    await reading;
    expect(events[0]).toMatchObject({ id: res.body.id, status: 'queued', processedRows: 0 });
    expect(events.at(-1)).toMatchObject({ status: 'completed', processedRows: 1000, percent: 100 });
    expect(events.filter((e) => ['completed', 'failed', 'cancelled'].includes(e.status))).toHaveLength(1);
    const steps = events.map((e) => e.processedRows).filter((n, i, all) => i === 0 || n !== all[i - 1]);
    expect(steps).toEqual([...new Set([0, ...committed])]);
    expect(steps.at(-1)).toBe(1000);
  });
});

describe('imports applied by the job worker at the same time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { IMPORT_CHUNK_SIZE: '200' } });
  });
  afterAll(() => t.close());

  it('runs two imports over the same SKUs at once without deadlocks', async () => {
    const a = Array.from({ length: 3000 }, (_, i) => buildProduct(i, { name: `a ${i}` }));
    const b = Array.from({ length: 3000 }, (_, i) => buildProduct(2999 - i, { sku: `sku-${String(2999 - i).padStart(6, '0')}`, name: `b ${i}` }));
    const [ra, rb] = await Promise.all([uploadCsv(t, buildCsv(a)), uploadCsv(t, buildCsv(b))]);
    const [da, db] = await Promise.all([waitForImport(t, ra.body.id), waitForImport(t, rb.body.id)]);
    expect(da).toMatchObject({ status: 'completed', totalRows: 3000 });
    expect(db).toMatchObject({ status: 'completed', totalRows: 3000 });
    expect(da.insertedCount + db.insertedCount).toBe(3000);
    expect(da.updatedCount + db.updatedCount).toBe(3000);
    expect(await productsTable(t)).toHaveLength(3000);
  });
});
