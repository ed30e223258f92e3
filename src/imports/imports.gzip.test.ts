import { gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildCsv, buildRepeatsAndRejects, expectedImport, importCounts, productsState, uploadCsv, waitForImport } from '../../test/imports.js';

describe('compressed uploads on POST /api/v1/imports', () => {
  let t: TestApp;
  const rows = buildRepeatsAndRejects(1500);
  const csv = buildCsv(rows);
  const expected = expectedImport(rows);
  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { IMPORT_CHUNK_SIZE: '200', IMPORT_MAX_BYTES: String(Buffer.byteLength(csv) + 1000) } });
  });
  afterAll(() => t.close());
  beforeEach(() => t.rt.db.raw('TRUNCATE products'));

  it('decompresses a body sent with Content-Encoding: gzip while it streams: the same import as the plain file', async () => {
    const res = await t.http
      .post('/api/v1/imports?filename=products.csv')
      .set('Authorization', `Bearer ${t.token}`)
      .set('Content-Type', 'text/csv')
      .set('Content-Encoding', 'gzip')
      .send(gzipSync(csv));
    expect(res.status).toBe(202);
    const done = await waitForImport(t, res.body.id);
    expect(importCounts(done)).toEqual(expected.counts);
    expect(done).toMatchObject({ status: 'completed', sizeBytes: Buffer.byteLength(csv) }); // the CSV's size, not the compressed one
    expect(await productsState(t)).toEqual(expected.table);
  });

  it('recognises a .csv.gz by its first bytes, as a raw body or as a multipart file', async () => {
    const raw = await uploadCsv(t, gzipSync(csv), 'products.csv.gz');
    expect(importCounts(await waitForImport(t, raw.body.id))).toEqual(expected.counts);
    await t.rt.db.raw('TRUNCATE products');
    const multipart = await t.http
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${t.token}`)
      .attach('file', gzipSync(csv), { filename: 'products.csv.gz', contentType: 'application/gzip' });
    expect(multipart.status).toBe(202);
    expect(importCounts(await waitForImport(t, multipart.body.id))).toEqual(expected.counts);
    expect(await productsState(t)).toEqual(expected.table);
  });

  it('refuses a gzip bomb with 413 once the decompressed CSV passes IMPORT_MAX_BYTES', async () => {
    const line = 'BOMB-1,the same row again and again,,true\n';
    const bomb = gzipSync(`sku,name,description,active\n${line.repeat(Math.ceil((4 * t.config.IMPORT_MAX_BYTES) / line.length))}`);
    expect(bomb.length).toBeLessThan(t.config.IMPORT_MAX_BYTES / 10);
    const res = await uploadCsv(t, bomb, 'bomb.csv.gz');
    expect(res.status).toBe(413);
    expect(res.body.title).toMatch(/larger than the limit/);
    const imp = await waitForImport(t, res.body.importId);
    expect(imp).toMatchObject({ status: 'failed' });
  });

  it('refuses data that claims to be gzip but is not, with 422 naming the problem', async () => {
    const broken = Buffer.from(gzipSync(csv));
    broken.fill(0x41, 40, 400);
    const res = await uploadCsv(t, broken, 'broken.csv.gz');
    expect(res.status).toBe(422);
    expect(res.body.title).toMatch(/not valid gzip data/);
  });
});
