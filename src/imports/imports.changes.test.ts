import { startTestApp, type TestApp } from '../../test/app.js';
import { buildCsv, buildProduct, buildRepeatsAndRejects, productsTable, uploadCsv, type CsvProduct } from '../../test/imports.js';
import { stagingTable } from './imports.repo.js';
import type { ImportJson } from './imports.schemas.js';

const noShutdown = new AbortController().signal;
const idle = async () => {};

/** Preview, changes and revert, driven in this process (the test runs each job's work itself). */
describe('import preview, recorded changes and revert', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.token}` });
  const process = (id: string) => t.rt.services.imports.processImport(id, { heartbeat: idle, shutdownSignal: noShutdown });
  const revert = (id: string) => t.rt.services.imports.processRevert(id, { heartbeat: idle, shutdownSignal: noShutdown });
  const get = async (id: string): Promise<ImportJson> => (await t.http.get(`/api/v1/imports/${id}`).set(auth())).body;

  /** Uploads and applies a file; answers the ended import. */
  async function importFile(rows: CsvProduct[], query = ''): Promise<ImportJson> {
    const res = await t.http
      .post(`/api/v1/imports?filename=f.csv${query ? `&${query}` : ''}`)
      .set(auth())
      .type('text/csv')
      .send(buildCsv(rows));
    expect(res.status).toBe(202);
    await process(res.body.id);
    return get(res.body.id);
  }

  /** The products as comparable values (no ids or timestamps), ordered by lower(sku). */
  const values = async () => (await productsTable(t)).map(({ id: _id, ...p }) => p);

  /** The base catalogue: 600 products, some of which the test file repeats, changes or leaves equal. */
  const base = () => Array.from({ length: 600 }, (_, i) => buildProduct(i * 3));

  beforeAll(async () => {
    t = await startTestApp({ role: 'web', env: { IMPORT_CHUNK_SIZE: '100', IMPORT_PARTITIONS: '3' } });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.rt.db.raw('TRUNCATE products');
    await importFile(base());
  });

  it('previews exactly what applying the file does, without changing a product; apply gives a direct import’s result', async () => {
    const file = buildRepeatsAndRejects(1500);
    const before = await values();
    const res = await t.http.post('/api/v1/imports?preview=true&filename=f.csv').set(auth()).type('text/csv').send(buildCsv(file));
    expect(res.status).toBe(202);
    await process(res.body.id);
    const preview = await get(res.body.id);
    expect(preview).toMatchObject({ status: 'previewed', mode: 'preview', percent: 100, previewExpiresAt: expect.any(String) });
    expect(await values()).toEqual(before);

    const examples = (await t.http.get(`/api/v1/imports/${res.body.id}/changes`).set(auth())).body;
    expect(examples.preview).toBe(true);
    expect(examples.data.length).toBeGreaterThan(0);
    for (const e of examples.data.filter((x: { action: string }) => x.action === 'updated')) {
      const stored = before.find((p) => p.sku.toLowerCase() === e.sku.toLowerCase())!;
      for (const c of e.changes) expect(c.before).toEqual(stored[c.field as keyof typeof stored]);
    }

    const applied = await t.http.post(`/api/v1/imports/${res.body.id}/apply`).set(auth());
    expect(applied.status).toBe(202);
    expect(applied.headers.location).toBe(`/api/v1/imports/${res.body.id}`);
    await process(res.body.id);
    const done = await get(res.body.id);
    expect(done.status).toBe('completed');
    const counts = (j: ImportJson) => [j.insertedCount, j.updatedCount, j.unchangedCount, j.rejectedCount];
    expect(counts(done)).toEqual(counts(preview));
    expect(done.insertedCount).toBeGreaterThan(0);
    expect(done.unchangedCount).toBeGreaterThan(0);

    // fieldChanges: per field, the stored products whose value the apply changed.
    const after = await values();
    const bySku = new Map(after.map((p) => [p.sku.toLowerCase(), p]));
    const changed = (field: 'sku' | 'name' | 'description' | 'active') => before.filter((p) => bySku.get(p.sku.toLowerCase())![field] !== p[field]).length;
    expect(preview.fieldChanges).toEqual({ sku: changed('sku'), name: changed('name'), description: changed('description'), active: changed('active') });
    expect(preview.fieldChanges!.name).toBeGreaterThan(0);

    // The same file imported directly over the same base catalogue gives the same products and counts.
    await t.rt.db.raw('TRUNCATE products');
    await importFile(base());
    const direct = await importFile(file);
    expect(counts(direct)).toEqual(counts(preview));
    expect(await values()).toEqual(after);

    expect((await t.http.post(`/api/v1/imports/${res.body.id}/apply`).set(auth())).status).toBe(409);
  });

  it('records what an import created and changed, before and after, as pages and as CSV', async () => {
    const rows = [
      buildProduct(0, { name: 'Renamed 0' }),
      buildProduct(3),
      buildProduct(6, { active: false, description: null }),
      buildProduct(1),
      buildProduct(2),
    ];
    const imp = await importFile(rows);
    expect(imp).toMatchObject({ insertedCount: 2, updatedCount: 3, unchangedCount: 1, recordsChanges: true });
    const page = (await t.http.get(`/api/v1/imports/${imp.id}/changes?limit=2`).set(auth())).body;
    expect(page.counts).toEqual({ created: 2, updated: 2 });
    expect(page.data).toHaveLength(2);
    const next = (await t.http.get(`/api/v1/imports/${imp.id}/changes?limit=2&after=${page.nextAfter}`).set(auth())).body;
    const all = [...page.data, ...next.data];
    expect(next.nextAfter).toBeNull();
    expect(all.map((c: { sku: string }) => c.sku).sort()).toEqual(['SKU-000000', 'SKU-000001', 'SKU-000002', 'SKU-000006']);
    expect(all.find((c: { sku: string }) => c.sku === 'SKU-000000')).toMatchObject({
      action: 'updated',
      changes: [{ field: 'name', before: 'Product 0', after: 'Renamed 0' }],
    });
    expect(all.find((c: { sku: string }) => c.sku === 'SKU-000006').changes).toEqual([{ field: 'description', before: 'Description 6', after: null }]);
    const created = (await t.http.get(`/api/v1/imports/${imp.id}/changes?action=created`).set(auth())).body.data;
    expect(created.map((c: { sku: string }) => c.sku).sort()).toEqual(['SKU-000001', 'SKU-000002']);

    const csv = await t.http.get(`/api/v1/imports/${imp.id}/changes.csv`).set(auth());
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('sku,action,field,before,after,state');
    expect(lines).toContain('SKU-000000,updated,name,Product 0,Renamed 0,as-imported');
    expect(lines).toContain('SKU-000006,updated,description,Description 6,,as-imported');
    expect(lines).toContain('SKU-000001,created,name,,Product 1,as-imported');
    expect(lines).toHaveLength(1 + 1 + 1 + 4 * 2);

    // Once a product changed or went since, its values after the import are no longer its own: the
    // change says so (and keeps the values before); the other products' changes are as they were.
    const id = async (sku: string) => (await t.rt.db('products').where({ sku }).first()).id;
    await t.http
      .patch(`/api/v1/products/${await id('SKU-000000')}`)
      .set(auth())
      .send({ description: 'Edited by hand' })
      .expect(200);
    await t.http
      .delete(`/api/v1/products/${await id('SKU-000001')}`)
      .set(auth())
      .expect(204);
    const since = (await t.http.get(`/api/v1/imports/${imp.id}/changes`).set(auth())).body.data as { sku: string; state: string; changes: unknown[] }[];
    expect(since.find((c) => c.sku === 'SKU-000000')).toMatchObject({ state: 'changed-since', changes: [{ field: 'name', before: 'Product 0', after: null }] });
    expect(since.find((c) => c.sku === 'SKU-000001')).toMatchObject({ state: 'deleted-since', action: 'created' });
    expect(since.find((c) => c.sku === 'SKU-000006')).toMatchObject({ state: 'as-imported' });
    const csvSince = (await t.http.get(`/api/v1/imports/${imp.id}/changes.csv`).set(auth())).text.trim().split('\n');
    expect(csvSince).toContain('SKU-000000,updated,name,Product 0,,changed-since');
    expect(csvSince).toContain('SKU-000001,created,name,,,deleted-since');
  });

  it('keeps each field’s first value before when later chunks of the same import write the product again', async () => {
    // Chunks of 100 records per partition: the SKU's three rows land in three chunks, each changing another field.
    const rows = [
      buildProduct(0, { name: 'First pass' }),
      ...Array.from({ length: 400 }, (_, i) => buildProduct(3000 + i)),
      buildProduct(0, { name: 'First pass', description: 'Second pass' }),
      ...Array.from({ length: 400 }, (_, i) => buildProduct(4000 + i)),
      buildProduct(0, { name: 'Third pass', description: 'Second pass', active: true }),
    ];
    const imp = await importFile(rows);
    const listed = (await t.http.get(`/api/v1/imports/${imp.id}/changes?action=updated`).set(auth())).body;
    expect(listed.counts).toEqual({ created: 800, updated: 1 });
    expect(listed.data).toEqual([
      {
        productId: expect.any(Number),
        sku: 'SKU-000000',
        action: 'updated',
        state: 'as-imported',
        changes: [
          { field: 'name', before: 'Product 0', after: 'Third pass' },
          { field: 'description', before: 'Description 0', after: 'Second pass' },
          { field: 'active', before: false, after: true },
        ],
      },
    ]);
    const csv = (await t.http.get(`/api/v1/imports/${imp.id}/changes.csv`).set(auth())).text.trim().split('\n');
    expect(csv.filter((l) => l.startsWith('SKU-000000,'))).toHaveLength(3); // listed once: one line per changed field
    expect(csv).toHaveLength(1 + 800 * 4 + 3);
    await t.http.post(`/api/v1/imports/${imp.id}/revert`).set(auth()).expect(202);
    await revert(imp.id);
    expect(await get(imp.id)).toMatchObject({ revertConflictCount: 0, revertRestoredCount: 1, revertDeletedCount: 800 });
    expect(await t.rt.db('products').where({ sku: 'SKU-000000' }).first()).toMatchObject({ name: 'Product 0', description: 'Description 0', active: false });
  });

  it('reverts an import over an empty catalogue to an empty catalogue', async () => {
    await t.rt.db.raw('TRUNCATE products');
    const imp = await importFile(buildRepeatsAndRejects(800));
    expect((await values()).length).toBeGreaterThan(500);
    const res = await t.http.post(`/api/v1/imports/${imp.id}/revert`).set(auth());
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/v1/imports/${imp.id}`);
    expect(res.body.revertStatus).toBe('running');
    await revert(imp.id);
    const done = await get(imp.id);
    expect(done).toMatchObject({
      revertStatus: 'completed',
      revertConflictCount: 0,
      revertRestoredCount: 0,
      revertDeletedCount: done.insertedCount,
      revertPercent: 100,
    });
    expect(await values()).toEqual([]);
    const again = await t.http.post(`/api/v1/imports/${imp.id}/revert`).set(auth());
    expect(again.status).toBe(409);
    expect(again.body.title).toMatch(/already been reverted/);
  });

  it('restores updated products and deletes created ones, leaving products changed since as they are, with the reason', async () => {
    const before = await values();
    const file = [...Array.from({ length: 300 }, (_, i) => buildProduct(i, { name: `Imported ${i}` }))];
    const imp = await importFile(file);
    const id = async (sku: string) => (await t.rt.db('products').where({ sku }).first()).id;
    // Changed since by someone else: a created product, an updated product, and an updated product deleted.
    await t.http
      .patch(`/api/v1/products/${await id('SKU-000001')}`)
      .set(auth())
      .send({ name: 'Edited by hand' })
      .expect(200);
    await t.http
      .patch(`/api/v1/products/${await id('SKU-000003')}`)
      .set(auth())
      .send({ active: true })
      .expect(200);
    await t.http
      .delete(`/api/v1/products/${await id('SKU-000006')}`)
      .set(auth())
      .expect(204);
    await t.http.post(`/api/v1/imports/${imp.id}/revert`).set(auth()).expect(202);
    await revert(imp.id);
    const done = await get(imp.id);
    expect(done).toMatchObject({ revertStatus: 'completed', revertConflictCount: 3, revertDeletedCount: 199, revertRestoredCount: 98 });
    const now = await values();
    const expected = before.filter((p) => p.sku !== 'SKU-000006').map((p) => (p.sku === 'SKU-000003' ? { ...p, name: 'Imported 3', active: true } : p));
    expected.push({ sku: 'SKU-000001', name: 'Edited by hand', description: 'Description 1', active: true });
    expected.sort((a, b) => a.sku.toLowerCase().localeCompare(b.sku.toLowerCase()));
    expect(now).toEqual(expected);
    const conflicts = await t.http.get(`/api/v1/imports/${imp.id}/revert/conflicts.csv`).set(auth());
    const lines = conflicts.text.trim().split('\n');
    expect(lines[0]).toBe('product_id,sku,action,reason');
    expect(
      lines
        .slice(1)
        .map((l) => l.replace(/^\d+,/, ''))
        .sort(),
    ).toEqual([
      expect.stringMatching(/^SKU-000001,created,changed since the import \(last changed \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/),
      expect.stringMatching(/^SKU-000003,updated,changed since the import \(last changed \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/),
      'SKU-000006,updated,deleted since the import',
    ]);
  });

  it('reverts imports newest first, one after another: each puts back exactly what the one before left', async () => {
    const before = await values();
    const first = await importFile(Array.from({ length: 150 }, (_, i) => buildProduct(i, { name: `First ${i}` })));
    const afterFirst = await values();
    const second = await importFile(Array.from({ length: 150 }, (_, i) => buildProduct(i * 2, { name: `Second ${i}`, description: `Second ${i}` })));
    await t.http.post(`/api/v1/imports/${second.id}/revert`).set(auth()).expect(202);
    await revert(second.id);
    expect(await get(second.id)).toMatchObject({ revertStatus: 'completed', revertConflictCount: 0 });
    expect(await values()).toEqual(afterFirst);
    const reverted = (await t.http.get(`/api/v1/imports/${second.id}/changes?limit=500`).set(auth())).body.data as { state: string }[];
    expect(new Set(reverted.map((c) => c.state))).toEqual(new Set(['reverted']));
    // The first import's products are again as it left them, including those the second one had changed.
    const firstChanges = (await t.http.get(`/api/v1/imports/${first.id}/changes?limit=500`).set(auth())).body.data as { state: string }[];
    expect(new Set(firstChanges.map((c) => c.state))).toEqual(new Set(['as-imported']));
    await t.http.post(`/api/v1/imports/${first.id}/revert`).set(auth()).expect(202);
    await revert(first.id);
    expect(await get(first.id)).toMatchObject({ revertStatus: 'completed', revertConflictCount: 0 });
    expect(await values()).toEqual(before);
  });

  it('refuses what cannot work with 409 and a clear message', async () => {
    const queued = (await uploadCsv(t, buildCsv([buildProduct(1)]))).body;
    const running = await t.http.post(`/api/v1/imports/${queued.id}/revert`).set(auth());
    expect(running.status).toBe(409);
    expect(running.body.title).toMatch(/still running/);
    expect((await t.http.post(`/api/v1/imports/${queued.id}/apply`).set(auth())).status).toBe(409);

    const preview = (
      await t.http
        .post('/api/v1/imports?preview=true')
        .set(auth())
        .type('text/csv')
        .send(buildCsv([buildProduct(2)]))
    ).body;
    await process(preview.id);
    const r = await t.http.post(`/api/v1/imports/${preview.id}/revert`).set(auth());
    expect(r.status).toBe(409);
    expect(r.body.title).toMatch(/only previewed/);
    const discarded = await t.http.post(`/api/v1/imports/${preview.id}/cancel`).set(auth());
    expect(discarded.body).toMatchObject({ status: 'cancelled', error: 'Preview discarded: nothing was changed' });

    const unrecorded = await importFile([buildProduct(5)], 'recordChanges=false');
    expect(unrecorded.recordsChanges).toBe(false);
    const u = await t.http.post(`/api/v1/imports/${unrecorded.id}/revert`).set(auth());
    expect(u.status).toBe(409);
    expect(u.body.title).toMatch(/did not record its changes/);
    expect((await t.http.get(`/api/v1/imports/${unrecorded.id}/changes`).set(auth())).body.counts).toEqual({ created: 0, updated: 0 });
  });

  it('expires a preview not applied in time, saying so, and then refuses to apply it', async () => {
    const preview = (
      await t.http
        .post('/api/v1/imports?preview=true')
        .set(auth())
        .type('text/csv')
        .send(buildCsv([buildProduct(9)]))
    ).body;
    await process(preview.id);
    expect(await t.rt.services.imports.expirePreviews()).toBe(0);
    await t.rt
      .db('imports')
      .where({ id: preview.id })
      .update({ preview_expires_at: new Date(Date.now() - 1000) });
    expect(await t.rt.services.imports.expirePreviews()).toBe(1);
    expect(await get(preview.id)).toMatchObject({ status: 'cancelled', error: expect.stringMatching(/^The preview expired/) });
    const apply = await t.http.post(`/api/v1/imports/${preview.id}/apply`).set(auth());
    expect(apply.status).toBe(409);
    expect(apply.body.title).toMatch(/cancelled or has expired/);
    expect(await t.rt.db.raw('SELECT to_regclass(?) AS t', [stagingTable(preview.id)])).toMatchObject({ rows: [{ t: null }] });
  });

  it('tells subscribers: import.completed carries the counts and the changes URL, import.reverted goes to webhooks and the uploader', async () => {
    const hook = await t.http
      .post('/api/v1/webhooks')
      .set(auth())
      .send({ url: 'http://127.0.0.1:9/hook', events: ['import.completed', 'import.reverted'] });
    expect(hook.status).toBe(201);
    try {
      const imp = await importFile([buildProduct(0, { name: 'Changed' }), buildProduct(1)]);
      const body = async (event: string) => {
        const row = await t.rt.db('webhook_messages').where({ webhook_id: hook.body.id, event_type: event }).first();
        return row ? JSON.parse(row.body).data : undefined;
      };
      expect(await body('import.completed')).toMatchObject({
        id: imp.id,
        insertedCount: 1,
        updatedCount: 1,
        unchangedCount: 0,
        changesUrl: `${t.config.publicUrl}/api/v1/imports/${imp.id}/changes`,
      });
      await t.rt.db('imports').where({ id: imp.id }).update({ uploaded_by: 'uploader@example.com' });
      await t.http.post(`/api/v1/imports/${imp.id}/revert`).set(auth()).expect(202);
      await revert(imp.id);
      expect(await body('import.reverted')).toEqual({
        id: imp.id,
        filename: 'f.csv',
        revertStatus: 'completed',
        restoredCount: 1,
        deletedCount: 1,
        conflictCount: 0,
        conflictsUrl: `${t.config.publicUrl}/api/v1/imports/${imp.id}/revert/conflicts.csv`,
        uploadedBy: 'uploader@example.com',
        revertedBy: null,
      });
      const mail = await t.rt.db('mail_outbox').where({ kind: 'import.reverted' }).first();
      expect(mail).toMatchObject({ to_address: 'uploader@example.com', subject: 'Import of f.csv reverted' });
      expect(mail.text_body).toContain('Products it had created, deleted: 1');
    } finally {
      await t.http.delete(`/api/v1/webhooks/${hook.body.id}`).set(auth());
    }
  });
});
