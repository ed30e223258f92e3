import { startTestApp, type TestApp } from '../../test/app.js';
import {
  buildCsv,
  buildProduct,
  buildRepeatsAndRejects,
  expectedImport,
  expectSearchable,
  importCounts,
  productsState,
  uploadCsv,
} from '../../test/imports.js';
import { SECONDARY_INDEXES } from '../products/products.indexes.repo.js';
import type { ImportRow } from './imports.repo.js';

const noShutdown = new AbortController().signal;
const NEVER_BULK = '1000000000';

// 3,000 records: repeats in other letter case 1,000 records later, rejected rows, a SKU three times.
const rows = buildRepeatsAndRejects(3000);
const expected = expectedImport(rows);

/**
 * Runs `appliers` appliers of the import at once in this process (as that many job runs would),
 * `onChunk` after each chunk; waits for all of them, then throws the first error if any failed.
 */
async function applyNow(t: TestApp, id: string, appliers = 1, onChunk: (imp: ImportRow) => Promise<void> = async () => {}) {
  const settled = await Promise.allSettled(
    Array.from({ length: appliers }, (_, applier) => t.rt.services.imports.processImport(id, { heartbeat: onChunk, shutdownSignal: noShutdown, applier })),
  );
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
}

/** Uploads the file (web process only: nothing applies it yet), optionally with another chunk size. */
async function upload(t: TestApp, csv: string, chunkSize?: number): Promise<string> {
  const res = await uploadCsv(t, csv);
  expect(res.status).toBe(202);
  if (chunkSize) await t.rt.db('imports').where({ id: res.body.id }).update({ chunk_size: chunkSize });
  return res.body.id;
}

/** The names of products' secondary indexes (products.indexes.repo.ts). */
const SECONDARY_NAMES = new Set(SECONDARY_INDEXES.map((i) => i.name));

/** The secondary indexes of products present now, each with its definition as pg_indexes states it. */
async function presentIndexes(t: TestApp): Promise<Record<string, string>> {
  const { rows: found } = await t.rt.db.raw("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'products'");
  return Object.fromEntries(
    (found as { indexname: string; indexdef: string }[]).filter((r) => SECONDARY_NAMES.has(r.indexname)).map((r) => [r.indexname, r.indexdef]),
  );
}

/**
 * The names of the secondary indexes of products present now, read from the catalog tables alone:
 * safe while an applier drops or builds indexes (pg_indexes calls pg_get_indexdef, which fails with
 * "cache lookup failed" for an index dropped between the scan and the call).
 */
async function presentIndexNames(t: TestApp): Promise<string[]> {
  const { rows } = await t.rt.db.raw("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'products'::regclass");
  return (rows as { relname: string }[]).map((r) => r.relname).filter((n) => SECONDARY_NAMES.has(n));
}

/** Every secondary index, defined as products.indexes.repo.ts says (btree when no method is named). */
const allIndexes = Object.fromEntries(
  SECONDARY_INDEXES.map((i) => [
    i.name,
    expect.stringMatching(
      new RegExp(`^CREATE INDEX ${i.name} ON \\S*products ${(i.using.startsWith('USING') ? i.using : `USING btree ${i.using}`).replace(/[()]/g, '\\$&')}$`),
    ),
  ]),
);

/** Whether autovacuum may run on products (a bulk load pauses it until the indexes are back). */
async function autovacuumOn(t: TestApp): Promise<boolean> {
  const { rows } = await t.rt.db.raw("SELECT reloptions FROM pg_class WHERE oid = 'products'::regclass");
  return !(rows[0].reloptions ?? []).includes('autovacuum_enabled=false');
}

/** What the heartbeat saw after each chunk: the import's flag and which secondary indexes existed. */
function watchIndexes(t: TestApp) {
  const seen: { processed: number; rebuildsIndexes: boolean; indexes: string[]; autovacuum: boolean }[] = [];
  const onChunk = async (imp: ImportRow) => {
    seen.push({
      processed: imp.processed_rows,
      rebuildsIndexes: imp.rebuilds_indexes,
      indexes: (await presentIndexNames(t)).sort(),
      autovacuum: await autovacuumOn(t),
    });
  };
  return { seen, onChunk };
}

const finalState = async (t: TestApp, id: string) => ({ counts: importCounts(await t.rt.services.imports.getImport(id)), table: await productsState(t) });

describe.each(['1', '4'])('an import in IMPORT_PARTITIONS=%s partitions, indexes maintained', (partitions) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'web', env: { IMPORT_PARTITIONS: partitions, IMPORT_CHUNK_SIZE: '100', IMPORT_BULK_MIN_ROWS: NEVER_BULK } });
  });
  afterAll(() => t.close());
  beforeEach(() => t.rt.db.raw('TRUNCATE products'));

  it.each([100, 700])('gives the exact table and counts with chunks of %i records, one applier', async (chunk) => {
    const id = await upload(t, buildCsv(rows), chunk);
    const { seen, onChunk } = watchIndexes(t);
    await applyNow(t, id, 1, onChunk);
    expect(await t.rt.services.imports.getImport(id)).toMatchObject({ status: 'completed', percent: 100 });
    expect(await finalState(t, id)).toEqual(expected);
    expect(await t.rt.db('import_partitions').where({ import_id: id }).orderBy('partition').pluck('partition')).toEqual(
      [0, 1, 2, 3].slice(0, Number(partitions)),
    );
    // Maintained mode: the indexes never went away.
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.filter((s) => s.rebuildsIndexes || s.indexes.length !== SECONDARY_INDEXES.length)).toEqual([]);
  });

  it('gives the same with three appliers at once sharing the partitions, and is searchable at once', async () => {
    const id = await upload(t, buildCsv(rows));
    const outcomes = await applyNow(t, id, 3);
    expect(outcomes).toEqual(['finished', 'finished', 'finished']);
    expect(await finalState(t, id)).toEqual(expected);
    await expectSearchable(t, expected.table, [
      ['sku', 'u-0012'],
      ['name', 'repeat 12'],
      ['description', 'Repeated 20'],
      ['description', 'the last one'],
    ]);
  });
});

describe('a bulk load (IMPORT_BULK_MIN_ROWS=1 into an empty table)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'web', env: { IMPORT_PARTITIONS: '4', IMPORT_CHUNK_SIZE: '100', IMPORT_BULK_MIN_ROWS: '1' } });
  });
  afterAll(() => t.close());
  beforeEach(() => t.rt.db.raw('TRUNCATE products'));

  it('runs without the secondary indexes, rebuilds every one before completed, and ends as a maintained import', async () => {
    expect(await presentIndexes(t)).toEqual(allIndexes);
    const id = await upload(t, buildCsv(rows));
    const { seen, onChunk } = watchIndexes(t);
    await applyNow(t, id, 1, onChunk);
    // After every chunk (30 ranges of 100 records in each of 4 partitions): flagged as the bulk load, no secondary index.
    expect(seen.length).toBe(30 * 4);
    expect(seen.filter((s) => !s.rebuildsIndexes || s.indexes.length || s.autovacuum)).toEqual([]);
    const done = await t.rt.db('imports').where({ id }).first();
    expect(done).toMatchObject({ status: 'completed', phase: 'done', rebuilds_indexes: false });
    expect(await presentIndexes(t)).toEqual(allIndexes);
    expect(await autovacuumOn(t)).toBe(true);
    expect(await finalState(t, id)).toEqual(expected);
    await expectSearchable(t, expected.table, [
      ['sku', 'u-0012'],
      ['sku', 'triple'],
      ['name', 'repeat 12'],
      ['name', 'product 29'],
      ['description', 'Repeated 20'],
      ['description', 'the last one'],
    ]);
  });

  it('gives the same with four appliers at once', async () => {
    const id = await upload(t, buildCsv(rows));
    await applyNow(t, id, 4);
    expect(await t.rt.db('imports').where({ id }).first()).toMatchObject({ status: 'completed', rebuilds_indexes: false });
    expect(await presentIndexes(t)).toEqual(allIndexes);
    expect(await finalState(t, id)).toEqual(expected);
  });

  it('switches to bulk mid-import when a re-import turns out to rewrite the catalogue, with appliers at once', async () => {
    await applyNow(t, await upload(t, buildCsv(rows)), 1);
    // Every product renamed: nothing says so before the first chunks are applied, so it starts maintained.
    const renamed = rows.map((r) => ({ ...r, name: r.name && `${r.name} v2` }));
    const id = await upload(t, buildCsv(renamed));
    const { seen, onChunk } = watchIndexes(t);
    await applyNow(t, id, 4, onChunk);
    expect(seen.some((s) => s.rebuildsIndexes)).toBe(true);
    const again = expectedImport(renamed);
    expect(await t.rt.services.imports.getImport(id)).toMatchObject({
      status: 'completed',
      insertedCount: 0,
      updatedCount: again.counts.insertedCount + again.counts.updatedCount,
      rejectedCount: again.counts.rejectedCount,
    });
    expect(await productsState(t)).toEqual(again.table);
    expect(await presentIndexes(t)).toEqual(allIndexes);
  });

  it('leaves the indexes to the ensure step when cancelled, which rebuilds them', async () => {
    const id = await upload(t, buildCsv(Array.from({ length: 2000 }, (_, i) => buildProduct(i))));
    let cancelled = false;
    await applyNow(t, id, 1, async (imp) => {
      if (cancelled || imp.processed_rows < 600) return;
      cancelled = true;
      const res = await t.http.post(`/api/v1/imports/${id}/cancel`).set('Authorization', `Bearer ${t.token}`);
      expect(res.body).toMatchObject({ status: 'cancelled' });
    });
    expect(cancelled).toBe(true);
    expect(await t.rt.db('imports').where({ id }).first()).toMatchObject({ status: 'cancelled', rebuilds_indexes: true });
    expect(await presentIndexes(t)).toEqual({});
    const queued = await t.rt.agenda.queryJobs({ name: 'products.ensureIndexes' });
    expect(queued.total).toBe(1);
    expect((await t.rt.services.bulkIndexes.ensure()).sort()).toEqual(SECONDARY_INDEXES.map((i) => i.name).sort());
    expect(await presentIndexes(t)).toEqual(allIndexes);
    expect(await t.rt.services.bulkIndexes.ensure()).toEqual([]);
  });
});
