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
import { waitFor } from '../../test/waitFor.js';
import { killWorker, startWorker, stopWorker, isRunning, type WorkerProcess } from '../../test/workers.js';
import { SECONDARY_INDEXES } from '../products/products.indexes.repo.js';

interface Sample {
  status: string;
  processedRows: number;
  totalRows: number;
  percent: number;
}

const MAINTAINED = { IMPORT_BULK_MIN_ROWS: '1000000000' };
const BULK = { IMPORT_BULK_MIN_ROWS: '1' };

describe('imports applied by real worker processes', () => {
  let t: TestApp;
  const workers: WorkerProcess[] = [];
  /** Real worker processes with `env`, started up to `n` (or stopped down to n) running. */
  async function running(n: number, env: Record<string, string>): Promise<WorkerProcess[]> {
    const alive = workers.filter(isRunning);
    for (const w of alive.slice(n)) await stopWorker(w);
    while (workers.filter(isRunning).length < n) await startReady(env);
    return workers.filter(isRunning);
  }
  /** Agenda names (`worker-<pid>`) of the workers seen so far. */
  const seenWorkers = new Set<string>();
  /**
   * Starts a worker and waits until its job queue runs: at start it schedules (and runs) the
   * recurring jobs under its own Agenda name, so a new name there means it is ready.
   */
  async function startReady(env: Record<string, string>): Promise<WorkerProcess> {
    const w = startWorker(t.config.DATABASE_URL!, env);
    workers.push(w);
    const fresh = await waitFor(
      async () => {
        if (!isRunning(w)) throw new Error(`the worker exited: ${w.stderr()}`);
        const { jobs } = await t.rt.agenda.queryJobs({ name: 'products.ensureIndexes' });
        return jobs.map((j) => j.lastModifiedBy).find((name) => name?.startsWith('worker-') && !seenWorkers.has(name));
      },
      { what: () => `a new worker to be ready; it wrote: ${w.stderr()}`, timeoutMs: 30_000, intervalMs: 100 },
    );
    seenWorkers.add(fresh);
    return w;
  }
  beforeAll(async () => {
    t = await startTestApp({ role: 'web', env: { IMPORT_CHUNK_SIZE: '200', IMPORT_PARTITIONS: '4', API_RATE_LIMIT_PER_MINUTE: '1000000' } }); // sampled every 20 ms
  });
  afterAll(async () => {
    await Promise.all(workers.map(killWorker));
    await t.close();
  });
  beforeEach(() => t.rt.db.raw('TRUNCATE products'));

  /**
   * Samples GET /api/v1/imports/:id every ~20 ms until the import ends (or `ms` pass, failing),
   * calling `onSample` with each sample taken while it runs.
   */
  async function follow(id: string, ms: number, onSample: (s: Sample) => Promise<void> = async () => {}): Promise<Sample[]> {
    const samples: Sample[] = [];
    await waitFor(
      async () => {
        const res = await t.http.get(`/api/v1/imports/${id}`).set('Authorization', `Bearer ${t.token}`);
        expect(res.status).toBe(200);
        const { status, processedRows, totalRows, percent } = res.body as Sample;
        samples.push({ status, processedRows, totalRows, percent });
        if (['completed', 'failed', 'cancelled'].includes(status)) return true;
        await onSample(samples.at(-1)!);
        return false;
      },
      {
        what: () => `import ${id} to end (${JSON.stringify(samples.at(-1))}); workers said: ${workers.map((w) => w.stderr()).join('\n')}`,
        timeoutMs: ms,
        intervalMs: 20,
      },
    );
    return samples;
  }

  /** processedRows and percent never go back, percent never overstates and reads 100 only once completed. */
  function expectTruthfulProgress(samples: Sample[], totalRows: number, seenRunning = 2) {
    const running = samples.slice(0, -1);
    expect(samples.at(-1)).toEqual({ status: 'completed', processedRows: totalRows, totalRows, percent: 100 });
    expect(running.filter((s) => s.totalRows !== totalRows)).toEqual([]); // the upload had ended: the total is final
    expect(running.filter((s) => s.percent >= 100 || s.percent > (100 * s.processedRows) / s.totalRows)).toEqual([]);
    expect(samples.filter((s, i) => i > 0 && (s.processedRows < samples[i - 1]!.processedRows || s.percent < samples[i - 1]!.percent))).toEqual([]);
    // It was seen mid-way (`seenRunning` times), so the checks above were about a running import (on a busy
    // machine the ~20 ms samples can be far apart).
    expect(running.filter((s) => s.processedRows > 0 && s.processedRows < totalRows).length).toBeGreaterThanOrEqual(seenRunning);
  }

  const rows = buildRepeatsAndRejects(8000);
  const expected = expectedImport(rows);
  const results: unknown[] = [];

  it.each([1, 2])(
    '%i worker process(es): the exact table and counts, searchable at once, truthful progress',
    async (n) => {
      await running(n, MAINTAINED);
      const res = await uploadCsv(t, buildCsv(rows));
      expect(res.status).toBe(202);
      const samples = await follow(res.body.id, 60_000);
      const result = { counts: importCounts(await t.rt.services.imports.getImport(res.body.id)), table: await productsState(t) };
      expect(result).toEqual(expected);
      await expectSearchable(t, expected.table, [
        ['sku', 'u-0012'],
        ['name', 'repeat 12'],
        ['description', 'Repeated 20'],
        ['description', 'the last one'],
      ]);
      expectTruthfulProgress(samples, rows.length);
      // The import's applier jobs ran in n different processes.
      const { jobs } = await t.rt.agenda.queryJobs({ name: 'imports.process', data: { importId: res.body.id } });
      expect(jobs).toHaveLength(4);
      expect(new Set(jobs.map((j) => j.lastModifiedBy).filter((name) => name?.startsWith('worker-'))).size).toBe(n);
      results.push(result);
      if (results.length === 2) expect(results[1]).toEqual(results[0]);
    },
    120_000,
  );

  it('ends exactly as a clean run when one of two workers is killed (SIGKILL) mid bulk load and another starts', async () => {
    const big = buildRepeatsAndRejects(40_000);
    const want = expectedImport(big);
    const [victim] = await running(0, BULK).then(() => running(2, BULK));
    const res = await uploadCsv(t, buildCsv(big));
    expect(res.status).toBe(202);
    let atKill: Sample | undefined;
    let afterKill: { rebuilds_indexes: boolean; indexes: number } | undefined;
    const samples = await follow(res.body.id, 150_000, async (s) => {
      if (atKill || s.processedRows < 2_000) return;
      atKill = s;
      await killWorker(victim!);
      const { rows: indexes } = await t.rt.db.raw("SELECT indexname FROM pg_indexes WHERE tablename = 'products' AND indexname = ANY(?)", [
        SECONDARY_INDEXES.map((i) => i.name),
      ]);
      afterKill = { rebuilds_indexes: (await t.rt.db('imports').where({ id: res.body.id }).first()).rebuilds_indexes, indexes: indexes.length };
      workers.push(startWorker(t.config.DATABASE_URL!, BULK));
    });
    // Killed mid-import (after 5%, before every record was applied; on a busy machine the 20 ms
    // samples can be far apart, so no tighter upper bound), while it loaded in bulk (flagged, no
    // secondary index).
    expect(atKill).toMatchObject({ status: 'processing' });
    expect(atKill!.processedRows).toBeLessThan(big.length);
    expect(afterKill).toEqual({ rebuilds_indexes: true, indexes: 0 });
    // The sample at the kill was mid-way (checked above); after it the survivors may finish between two samples.
    expectTruthfulProgress(samples, big.length, 1);
    expect({ counts: importCounts(await t.rt.services.imports.getImport(res.body.id)), table: await productsState(t) }).toEqual(want);
    // The surviving workers rebuilt the indexes before completed.
    const { rows: indexes } = await t.rt.db.raw("SELECT indexname FROM pg_indexes WHERE tablename = 'products'");
    expect(SECONDARY_INDEXES.filter((i) => !indexes.some((r: { indexname: string }) => r.indexname === i.name))).toEqual([]);
    expect(await t.rt.db('imports').where({ id: res.body.id }).first()).toMatchObject({ status: 'completed', rebuilds_indexes: false });
    await expectSearchable(t, want.table, [
      ['sku', 'u-0123'],
      ['name', 'repeat 351'],
      ['description', 'Repeated 2999'],
      ['description', 'the last one'],
    ]);
  }, 180_000);

  it('reverts exactly when the worker running the revert is killed (SIGKILL) mid-way and another starts', async () => {
    const env = { ...MAINTAINED, IMPORT_CHUNK_SIZE: '200' }; // the worker's setting sizes the revert's chunks
    const [victim] = await running(0, env).then(() => running(1, env));
    const baseRows = Array.from({ length: 6000 }, (_, i) => buildProduct(i * 5, { name: `Base ${i * 5}` }));
    const base = await uploadCsv(t, buildCsv(baseRows));
    await follow(base.body.id, 60_000);
    const before = await productsState(t);
    const res = await uploadCsv(t, buildCsv(buildRepeatsAndRejects(30_000)));
    await follow(res.body.id, 120_000);
    expect(await productsState(t)).not.toEqual(before);

    const auth = { Authorization: `Bearer ${t.token}` };
    expect((await t.http.post(`/api/v1/imports/${res.body.id}/revert`).set(auth)).status).toBe(202);
    let killedAt = -1;
    const done = await waitFor(
      async () => {
        const imp = (await t.http.get(`/api/v1/imports/${res.body.id}`).set(auth)).body;
        if (killedAt < 0 && imp.revertProcessed >= 2_000) {
          killedAt = imp.revertProcessed;
          await killWorker(victim!);
          workers.push(startWorker(t.config.DATABASE_URL!, env));
        }
        return imp.revertStatus === 'running' ? null : imp;
      },
      { what: () => `the revert to end; workers said: ${workers.map((w) => w.stderr()).join('\n')}`, timeoutMs: 150_000, intervalMs: 20 },
    );
    // Killed mid-way (the revert had done some chunks, not all), then finished by the new worker.
    expect(killedAt).toBeGreaterThanOrEqual(2_000);
    expect(killedAt).toBeLessThan(done.revertTotal);
    expect(done).toMatchObject({ revertStatus: 'completed', revertProcessed: done.revertTotal, revertConflictCount: 0 });
    expect(done.revertRestoredCount + done.revertDeletedCount).toBe(done.revertTotal);
    expect(await productsState(t)).toEqual(before);
  }, 300_000);
});
