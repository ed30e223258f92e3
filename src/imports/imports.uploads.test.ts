import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildCsv, buildRepeatsAndRejects, expectedImport, importCounts, productsState, uploadCsv, waitForImport } from '../../test/imports.js';
import { tusClient } from '../../test/tusClient.js';
import { waitFor } from '../../test/waitFor.js';
import { startWebProcess, stopWorker, type WorkerProcess } from '../../test/workers.js';
import { freePort } from '../lib/embeddedPostgres.js';

/** A deterministic random sequence (the same cuts on every run; the seed is in the test name). */
const seeded = (seed: number) => () => (seed = (seed * 48271) % 2147483647) / 2147483647;

describe('resumable uploads (tus) on /api/v1/uploads', () => {
  let t: TestApp;
  let server: http.Server;
  let here: string;
  let other: WorkerProcess;
  let there: string;
  const rows = buildRepeatsAndRejects(4000);
  const file = Buffer.from(buildCsv(rows, { newline: '\r\n' }));
  const expected = expectedImport(rows);

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { IMPORT_CHUNK_SIZE: '250' } });
    server = http.createServer(t.web.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    here = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const port = await freePort();
    other = startWebProcess(t.config.DATABASE_URL!, { PORT: String(port), IMPORT_CHUNK_SIZE: '250' });
    there = `http://127.0.0.1:${port}`;
    await waitFor(
      () =>
        fetch(`${there}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      {
        what: () => `the second web process to be ready; its stderr:\n${other.stderr()}`,
        timeoutMs: 90_000,
        intervalMs: 250,
      },
    );
  }, 120_000);

  afterAll(async () => {
    await stopWorker(other);
    await new Promise((r) => server.close(r));
    await t.close();
  });
  beforeEach(() => t.rt.db.raw('TRUNCATE products'));

  it('ends, after any number of interruptions at random points and on either web process, exactly as one uninterrupted upload', async () => {
    expect(file.length).toBeGreaterThan(100 * 1024);
    const clean = await waitForImport(t, (await uploadCsv(t, file)).body.id);
    expect(importCounts(clean)).toEqual(expected.counts);
    const cleanTable = await productsState(t);
    expect(cleanTable).toEqual(expected.table);

    for (const seed of [1_234_567, 7_654_321, 2_468_013]) {
      await t.rt.db.raw('TRUNCATE products');
      const random = seeded(seed);
      const tus = tusClient(here, t.token);
      const { url, id, answer } = await tus.create(file.length, { filename: 'products.csv' });
      expect(answer.status).toBe(201);
      const path = url.slice(here.length);
      let offset = 0;
      const offsets: number[] = [];
      for (let cut = 0; cut < 6; cut++) {
        const base = cut % 2 ? there : here; // the upload moves between web processes
        const client = tusClient(base, t.token);
        const gzip = cut % 3 === 2;
        // The first cut passes the 64 KiB checked first (a cut before them keeps nothing, tested below).
        await client.patch(`${base}${path}`, file, offset, { gzip, breakAt: cut === 0 ? 0.45 + random() * 0.2 : 0.1 + random() * 0.3 });
        offset = await tusClient(cut % 2 ? here : there, t.token).offset(`${cut % 2 ? here : there}${path}`);
        offsets.push(offset);
        const row = await t.rt.db('imports').where({ id }).first();
        expect(row).toMatchObject({ status: expect.stringMatching(/queued|processing/), upload_complete: false, staged_bytes: offset });
      }
      expect(new Set(offsets).size).toBeGreaterThanOrEqual(5); // it really stopped at different places
      const last = await tus.patch(`${here}${path}`, file, offset, { gzip: seed === 7_654_321 });
      expect(last).toMatchObject({ status: 204 });
      expect(Number(last!.headers['upload-offset'])).toBe(file.length);
      const done = await waitForImport(t, id);
      expect({ seed, offsets: offsets.length, counts: importCounts(done) }).toEqual({ seed, offsets: 6, counts: expected.counts });
      expect(done).toMatchObject({ status: 'completed', sizeBytes: file.length });
      expect(await productsState(t)).toEqual(cleanTable);
      expect((await t.rt.db('import_errors').where({ import_id: id }).count({ n: '*' }))[0]!.n).toBe(expected.counts.rejectedCount);
      expect(await tus.offset(url)).toBe(file.length); // HEAD after the end: complete
    }
  });

  it('answers where the upload stands to a PATCH at another offset, and refuses callers without a token', async () => {
    const tus = tusClient(here, t.token);
    const { url } = await tus.create(file.length, { filename: 'offsets.csv' });
    await tus.patch(url, file, 0, { breakAfter: 90_000 });
    const offset = await tus.offset(url);
    expect(offset).toBeGreaterThan(64 * 1024);
    expect(file.subarray(offset - 2, offset).toString()).toBe('\r\n'); // just past a record
    expect(await tus.patch(url, file, offset - 10)).toMatchObject({ status: 409 });
    expect(await tus.patch(url, file, offset, { token: '' })).toMatchObject({ status: 401 });
    expect(await tus.offset(url)).toBe(offset);
    await t.rt.services.imports.cancelImport(url.split('/').at(-1)!);
    expect(await tus.head(url)).toMatchObject({ status: 410 });
  });

  it('abandons an upload that is not continued within IMPORT_UPLOAD_ABANDON_AFTER_MS, saying where it stopped', async () => {
    const tus = tusClient(here, t.token);
    const { url, id } = await tus.create(file.length, { filename: 'left.csv' });
    await tus.patch(url, file, 0, { breakAfter: 80_000 });
    const offset = await tus.offset(url);
    expect(await t.rt.services.imports.abandonStalledUploads()).toBe(0); // bytes just arrived
    await t.rt
      .db('imports')
      .where({ id })
      .update({ upload_active_at: t.rt.db.raw("now() - interval '31 minutes'") });
    expect(await t.rt.services.imports.abandonStalledUploads()).toBe(1);
    const imp = await waitForImport(t, id);
    expect(imp).toMatchObject({ status: 'failed', canRetry: false });
    expect(imp.error).toBe(
      `The upload stopped at ${Math.floor((offset * 100) / file.length)}% (${offset.toLocaleString('en-US')} of ${file.length.toLocaleString('en-US')} bytes) and was not continued within 30 min. Rows already imported stay; upload the file again to import the rest.`,
    );
    expect(await tus.head(url)).toMatchObject({ status: 410 });
    expect(await tus.patch(url, file, offset)).toMatchObject({ status: 410 });
  });

  it('refuses a file that is not a CSV at its first bytes: the import fails with the reason, as a plain upload would', async () => {
    const tus = tusClient(here, t.token);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(70_000, 1)]);
    const { url, id } = await tus.create(zip.length, { filename: 'sheet.xlsx' });
    const res = await tus.patch(url, zip, 0);
    expect(res).toMatchObject({ status: 422, body: expect.stringMatching(/ZIP or Excel/) });
    expect(await waitForImport(t, id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/ZIP or Excel/) });
  });
});
