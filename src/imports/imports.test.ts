import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildCsv, buildProduct, productsTable, uploadCsv, waitForImport } from '../../test/imports.js';
import { waitFor } from '../../test/waitFor.js';

describe('CSV import', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { IMPORT_CHUNK_SIZE: '100' } });
  });
  afterAll(() => t.close());
  beforeEach(() => t.rt.db.raw('TRUNCATE products'));

  it('imports a file as people export it: BOM, semicolons, CRLF, quoted commas, quotes and newlines', async () => {
    const csv = '\uFEFF SKU ;Name;Description;Active;Colour\r\n' + 'a-1;"Café, crème";"He said ""hi"";\r\nsecond line";yes;red\r\n' + 'A-2;Thé;;0;blue\r\n';
    const res = await uploadCsv(t, csv);
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/v1/imports/${res.body.id}`);
    const done = await waitForImport(t, res.body.id);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 2,
      processedRows: 2,
      insertedCount: 2,
      updatedCount: 0,
      rejectedCount: 0,
      percent: 100,
      unknownColumns: ['colour'],
    });
    expect(await productsTable(t)).toEqual([
      expect.objectContaining({ sku: 'a-1', name: 'Café, crème', description: 'He said "hi";\r\nsecond line', active: true }),
      expect.objectContaining({ sku: 'A-2', name: 'Thé', description: null, active: false }),
    ]);
  });

  it('detects tab-separated files and accepts LF line ends', async () => {
    const res = await uploadCsv(t, buildCsv([buildProduct(1), buildProduct(2)], { delimiter: '\t' }));
    const done = await waitForImport(t, res.body.id);
    expect(done).toMatchObject({ status: 'completed', insertedCount: 2 });
    expect((await productsTable(t)).map((p) => p.name)).toEqual(['Product 1', 'Product 2']);
  });

  it('lets the last occurrence of a SKU win, in any case, across chunks, and updates existing products in place', async () => {
    const existing = await t.rt.services.products.createProduct({ sku: 'KEEP-ID', name: 'Old name' });
    const rows = Array.from({ length: 250 }, (_, i) => buildProduct(i));
    rows[10] = buildProduct(10, { sku: 'DUP-1', name: 'first' });
    rows[20] = buildProduct(20, { sku: 'dup-1', name: 'second, same chunk' });
    rows[230] = buildProduct(230, { sku: 'Dup-1', name: 'last, two chunks later' });
    rows[40] = buildProduct(40, { sku: 'keep-id', name: 'New name' });
    const res = await uploadCsv(t, buildCsv(rows));
    const done = await waitForImport(t, res.body.id);
    // 250 rows: 247 distinct new SKUs inserted, the rest are updates (2 repeats of DUP-1, KEEP-ID).
    expect(done).toMatchObject({ status: 'completed', totalRows: 250, insertedCount: 247, updatedCount: 3, rejectedCount: 0 });
    const table = await productsTable(t);
    expect(table).toHaveLength(248);
    expect(table.find((p) => p.sku.toLowerCase() === 'dup-1')).toMatchObject({ sku: 'Dup-1', name: 'last, two chunks later' });
    expect(table.find((p) => p.sku.toLowerCase() === 'keep-id')).toMatchObject({ id: existing.id, sku: 'keep-id', name: 'New name' });
  });

  it('leaves identical products untouched on a re-import and rewrites changed ones', async () => {
    const rows = [buildProduct(1), buildProduct(2)];
    await waitForImport(t, (await uploadCsv(t, buildCsv(rows))).body.id);
    const before = await t.rt.db('products').select('sku', 'updated_at').orderBy('sku');
    await new Promise((r) => setTimeout(r, 20));
    rows[1] = buildProduct(2, { name: 'Renamed' });
    const again = await waitForImport(t, (await uploadCsv(t, buildCsv(rows))).body.id);
    expect(again).toMatchObject({ insertedCount: 0, updatedCount: 2 });
    const after = await t.rt.db('products').select('sku', 'name', 'updated_at').orderBy('sku');
    expect(after[0].updated_at).toEqual(before[0].updated_at);
    expect(after[1].updated_at.getTime()).toBeGreaterThan(before[1].updated_at.getTime());
    expect(after[1].name).toBe('Renamed');
  });

  it('keeps description and active of existing products when the file has no such columns', async () => {
    await t.rt.services.products.createProduct({ sku: 'P1', name: 'n', description: 'kept', active: false });
    const res = await uploadCsv(t, 'sku,name\np1,renamed\n');
    await waitForImport(t, res.body.id);
    expect(await productsTable(t)).toEqual([expect.objectContaining({ sku: 'p1', name: 'renamed', description: 'kept', active: false })]);
  });

  it('rejects bad rows with their line number and reason, imports the rest, and offers them as CSV', async () => {
    const csv = [
      'sku,name,description,active',
      'OK-1,Fine,,true',
      ',No SKU,,',
      'NO-NAME,,,',
      `LONG,${'x'.repeat(501)},,`,
      'BAD-ACTIVE,Name,,maybe',
      'SHORT,only two',
      '"MULTI",Name,"line one',
      'line two",true',
      'OK-2,Fine again,,',
    ].join('\n');
    const res = await uploadCsv(t, csv, 'catalogue.csv');
    const done = await waitForImport(t, res.body.id);
    expect(done).toMatchObject({ status: 'completed', totalRows: 8, processedRows: 8, insertedCount: 3, rejectedCount: 5 });
    const errors = await t.http.get(`/api/v1/imports/${done.id}/errors`).set('Authorization', `Bearer ${t.token}`);
    expect(errors.status).toBe(200);
    expect(errors.headers['content-disposition']).toContain('catalogue-rejected.csv');
    expect(errors.text.trim().split('\n')).toEqual([
      'sku,name,description,active,line,reason',
      ',No SKU,,,3,missing sku',
      'NO-NAME,,,,4,missing name',
      `LONG,${'x'.repeat(501)},,,5,name longer than 500 characters`,
      'BAD-ACTIVE,Name,,maybe,6,"active must be true/false/1/0/yes/no, got ""maybe"""',
      'SHORT,only two,,,7,malformed row: expected 4 fields, found 2'.replace(
        'malformed row: expected 4 fields, found 2',
        '"malformed row: expected 4 fields, found 2"',
      ),
    ]);
    expect((await productsTable(t)).map((p) => p.sku)).toEqual(['MULTI', 'OK-1', 'OK-2']);

    // Kept RETENTION_DAYS_IMPORT_ERRORS (30) days after the import ends, and said so; then 410, saying why.
    const finished = new Date(done.finishedAt!);
    expect(new Date(done.rejectedRowsKeptUntil!).getTime()).toBe(finished.getTime() + 30 * 86_400_000);
    expect(done.rejectedRowsDeleted).toBe(false);
    await t.rt
      .db('imports')
      .where({ id: done.id })
      .update({ finished_at: new Date(Date.now() - 31 * 86_400_000) });
    const old = (await t.http.get(`/api/v1/imports/${done.id}`).set('Authorization', `Bearer ${t.token}`)).body;
    expect(new Date(old.rejectedRowsKeptUntil).getTime()).toBeLessThan(Date.now());
    expect(old.rejectedRowsDeleted).toBe(true);
    const gone = await t.http.get(`/api/v1/imports/${done.id}/errors`).set('Authorization', `Bearer ${t.token}`);
    expect(gone.status).toBe(410);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(gone.body.title).toMatch(
      /^The rejected rows of import .+ were deleted on \d{4}-\d\d-\d\d: they are kept for 30 days after the import ends \(RETENTION_DAYS_IMPORT_ERRORS\)$/,
    );
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a file without a sku column', 'code,name\nA,B\n', /No "sku" column.*"code", "name"/],
    ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), /binary data/],
    ['an Excel file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /ZIP or Excel/],
    ['a Latin-1 file', Buffer.from('sku,name\nA,Caf\xe9\n', 'latin1'), /not valid UTF-8/],
  ])('refuses %s at once, naming the problem, and stores nothing', async (_label, body, message) => {
    await t.rt.services.products.createProduct({ sku: 'EXISTING', name: 'stays' });
    const res = await uploadCsv(t, body as string | Buffer);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.title).toMatch(message);
    const imp = await t.http.get(`/api/v1/imports/${res.body.importId}`).set('Authorization', `Bearer ${t.token}`);
    expect(imp.body).toMatchObject({ status: 'failed', error: expect.stringMatching(message) });
    expect((await productsTable(t)).map((p) => p.sku)).toEqual(['EXISTING']);
  });

  it('counts CSV records, not lines, and reports rows after invalid UTF-8 mid-file', async () => {
    const head = buildCsv(Array.from({ length: 2000 }, (_, i) => buildProduct(i, { description: 'line 1\nline 2' })));
    const body = Buffer.concat([Buffer.from(head), Buffer.from('BROKEN,Caf'), Buffer.from([0xe9]), Buffer.from(',x,true\nLAST,Last,,\n')]);
    const res = await uploadCsv(t, body);
    const done = await waitForImport(t, res.body.id);
    expect(done).toMatchObject({ status: 'completed', totalRows: 2002, insertedCount: 2001, rejectedCount: 1 });
    const errors = await t.http.get(`/api/v1/imports/${done.id}/errors`).set('Authorization', `Bearer ${t.token}`);
    expect(errors.text).toContain(`${2 * 2000 + 2},invalid UTF-8 byte sequence in this row`);
  });

  it('imports a U+FFFD that is really in the file as data, in the first 64 KiB and past them', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => buildProduct(i));
    rows[1] = buildProduct(1, { name: 'Early \uFFFD' });
    rows[2999] = buildProduct(2999, { name: 'Late \uFFFD', description: '\uFFFD\uFFFD' });
    const csv = buildCsv(rows);
    expect(Buffer.from(csv).indexOf('Late')).toBeGreaterThan(64 * 1024);
    const done = await waitForImport(t, (await uploadCsv(t, csv)).body.id);
    expect(done).toMatchObject({ status: 'completed', totalRows: 3000, insertedCount: 3000, rejectedCount: 0 });
    const marked = (await productsTable(t)).filter((p) => `${p.name}${p.description}`.includes('\uFFFD'));
    expect(marked.map((p) => [p.sku, p.name, p.description])).toEqual([
      ['SKU-000001', 'Early \uFFFD', 'Description 1'],
      ['SKU-002999', 'Late \uFFFD', '\uFFFD\uFFFD'],
    ]);
  });

  it('accepts multipart uploads with the file in field "file"', async () => {
    const res = await t.http
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${t.token}`)
      .attach('file', Buffer.from(buildCsv([buildProduct(1)])), 'from-form.csv');
    expect(res.status).toBe(202);
    expect(res.body.filename).toBe('from-form.csv');
    expect(await waitForImport(t, res.body.id)).toMatchObject({ status: 'completed', insertedCount: 1 });
  });

  it('answers 415 for other content types and 400 for a multipart body without a file', async () => {
    const json = await t.http.post('/api/v1/imports').set('Authorization', `Bearer ${t.token}`).send({ a: 1 });
    expect(json.status).toBe(415);
    const noFile = await t.http.post('/api/v1/imports').set('Authorization', `Bearer ${t.token}`).field('other', 'x');
    expect(noFile.status).toBe(400);
    expect(noFile.body.title).toMatch(/"file" field/);
  });

  it('lists imports newest first with pagination and a status filter', async () => {
    const a = await uploadCsv(t, buildCsv([buildProduct(1)]), 'a.csv');
    await waitForImport(t, a.body.id);
    const b = await uploadCsv(t, '');
    const list = await t.http.get('/api/v1/imports?perPage=1').set('Authorization', `Bearer ${t.token}`);
    expect(list.body).toMatchObject({ page: 1, perPage: 1, data: [expect.objectContaining({ id: b.body.importId })] });
    expect(list.body.total).toBeGreaterThanOrEqual(2);
    const failed = await t.http.get('/api/v1/imports?status=failed&perPage=100').set('Authorization', `Bearer ${t.token}`);
    expect(failed.body.data.every((i: { status: string }) => i.status === 'failed')).toBe(true);
    expect((await t.http.get('/api/v1/imports/not-a-uuid').set('Authorization', `Bearer ${t.token}`)).status).toBe(422);
    expect((await t.http.get('/api/v1/imports/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${t.token}`)).status).toBe(404);
  });
  it('fails an upload cut off mid-COPY with our message, and leaves no connection behind', async () => {
    const server = http.createServer(t.web.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const uploads = async () => Number((await t.rt.db.raw("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'acme-upload'")).rows[0].n);
    try {
      const { port } = server.address() as AddressInfo;
      const rows = buildCsv(Array.from({ length: 3000 }, (_, i) => buildProduct(i)));
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/imports?filename=cut.csv',
        headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'text/csv', 'Content-Length': String(rows.length * 2) },
      });
      req.on('error', () => {});
      req.write(rows.slice(0, Math.floor(rows.length * 0.8))); // past the first chunks, then the connection drops
      const imp = await waitFor(async () => (await t.rt.db('imports').where({ filename: 'cut.csv' }).first()) ?? null, { what: 'the import to exist' });
      await waitFor(async () => (await t.rt.db('imports').where({ id: imp.id }).first()).staged_through >= 100, { what: 'a staged chunk' });
      req.destroy();
      const failed = await waitForImport(t, imp.id);
      expect(failed).toMatchObject({ status: 'failed', error: 'The upload failed: aborted' });
      await waitFor(async () => (await uploads()) === 0, { what: 'the upload connection to close' });
      // The app goes on as before.
      const next = await uploadCsv(t, buildCsv([buildProduct(99_999)]));
      expect(await waitForImport(t, next.body.id)).toMatchObject({ status: 'completed', insertedCount: 1 });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
