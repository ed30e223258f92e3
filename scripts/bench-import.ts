/**
 * npm run bench:import — end-to-end CSV import speed, worker scaling and memory, against two floors
 * measured on the same server in the same run:
 *   bare floor   = psql \copy into a staging table + one INSERT … SELECT DISTINCT ON … ON CONFLICT into a
 *                  products table with only its primary key and the unique lower(sku) index;
 *   schema floor = the same statement against our own products table (all its indexes and triggers).
 * Also: what recording changes (for audit and revert) costs, what a preview costs, the 2M-row run, one
 * worker vs two, and list/filter latency during an import and right after it.
 *
 * Env: BENCH_ROWS (500000), BENCH_BIG_ROWS (2000000, 0 to skip), BENCH_REPS (3).
 * BENCH_ONLY=recording: only what recording changes costs, controlled (recordingOnly below); printed, not written to docs.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createApiTokensRepo } from '../src/auth/apiTokens.repo.js';
import { createApiTokensService } from '../src/auth/apiTokens.service.js';
import { createDb, migrateLatest, type Db } from '../src/lib/db.js';
import { freePort, startEmbeddedPostgres } from '../src/lib/embeddedPostgres.js';
import { createLogger } from '../src/lib/logger.js';
import { generateProductsCsv } from './bench/generateProductsCsv.js';
import { buildApp, startAppProcess, type AppProcess } from './bench/panelServers.js';
import { percentile } from './benchHttpLoad.js';
import { median, writeBenchmarkSection } from './benchReport.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 500_000);
const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS ?? 2_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const log = (msg: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);
const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const pct = (a: number, b: number) => `${a >= b ? '+' : '−'}${Math.abs((a / b - 1) * 100).toFixed(0)}%`;

/** Peak resident memory (VmHWM) of a live process, in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface AppRun {
  ms: number;
  uploadedMs: number;
  imp: Record<string, number | string>;
}

/**
 * Upload through the app and wait for `completed` (or `previewed` for `?preview=true`): milliseconds
 * from the first byte sent. `query` is added to the upload's query string.
 */
async function appImport(port: number, token: string, file: string, query = ''): Promise<AppRun> {
  const until = query.includes('preview=true') ? 'previewed' : 'completed';
  const started = performance.now();
  const body: { id: string } = await new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/v1/imports?filename=${path.basename(file)}${query ? `&${query}` : ''}`,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'Content-Length': statSync(file).size },
      },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => (res.statusCode === 202 ? resolve(JSON.parse(data)) : reject(new Error(`upload answered ${res.statusCode}: ${data}`))));
      },
    );
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
  const uploadedMs = performance.now() - started;
  let last = -1;
  for (;;) {
    const imp = await (await fetch(`http://127.0.0.1:${port}/api/v1/imports/${body.id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    if (imp.processedRows < last) throw new Error(`processedRows went backwards: ${last} → ${imp.processedRows}`);
    last = imp.processedRows;
    if (imp.status === until) return { ms: performance.now() - started, uploadedMs, imp };
    if (imp.percent >= 100) throw new Error('percent reached 100 before completed');
    if (imp.status === 'failed' || imp.status === 'cancelled') throw new Error(`import ${imp.status}: ${imp.error}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Our products table's columns, defaults and checks, with only the primary key and the unique lower(sku) index. */
const BARE_TABLE = `
  CREATE TABLE bare_products (LIKE products INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
  ALTER TABLE bare_products ADD PRIMARY KEY (id);
  CREATE UNIQUE INDEX bare_products_sku_lower_key ON bare_products (lower(sku))`;

const floorSql = (table: string) => `
  INSERT INTO ${table} (sku, name, description, active)
  SELECT DISTINCT ON (lower(sku)) sku, name, NULLIF(description, ''), COALESCE(active::boolean, true)
  FROM floor_staging ORDER BY lower(sku), line_no DESC
  ON CONFLICT (lower(sku)) DO UPDATE SET sku = EXCLUDED.sku, name = EXCLUDED.name,
    description = EXCLUDED.description, active = EXCLUDED.active, updated_at = now()`;

/** A floor: the file COPYed by psql (raw bytes over COPY when psql is absent) + one upsert into `table`. */
async function floorImport(url: string, file: string, table: string, usePsql: boolean) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP TABLE IF EXISTS floor_staging');
  await client.query('CREATE UNLOGGED TABLE floor_staging (line_no bigserial, sku text, name text, description text, active text)');
  const started = performance.now();
  if (usePsql) {
    const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy floor_staging (sku, name, description, active) FROM '${file}' CSV HEADER`], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  } else {
    await pipeline(createReadStream(file), client.query(copyFrom('COPY floor_staging (sku, name, description, active) FROM STDIN CSV HEADER')));
  }
  await client.query(floorSql(table));
  const ms = performance.now() - started;
  await client.query('DROP TABLE floor_staging');
  await client.end();
  return ms;
}

/**
 * p50 of `GET path` answered by the web process, one request at a time while `until()` is false (or
 * n times), `pauseMs` apart: a person paging and filtering, not a load test that would slow the import.
 */
async function sampleLatency(port: number, token: string, paths: string[], opts: { until?: () => boolean; n?: number; pauseMs?: number }) {
  const byPath = new Map<string, number[]>(paths.map((p) => [p, []]));
  for (let i = 0; opts.until ? !opts.until() : i < (opts.n ?? 20); i++) {
    const p = paths[i % paths.length]!;
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${p}`, { headers: { Authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${p} answered ${res.status}`);
    byPath.get(p)!.push(performance.now() - t);
    if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
  }
  return new Map(
    [...byPath].map(([p, ms]) => [
      p,
      ms.length
        ? {
            p50: percentile(
              ms.sort((a, b) => a - b),
              50,
            ),
            n: ms.length,
          }
        : { p50: NaN, n: 0 },
    ]),
  );
}

const LIST_PATHS = [
  '/api/v1/products?perPage=50',
  '/api/v1/products?perPage=50&sku=SKU-0001234',
  '/api/v1/products?perPage=50&name=chair',
  '/api/v1/products?perPage=50&description=walnut',
];

/**
 * Before each measured import: VACUUM (ANALYZE) of the table it writes and a CHECKPOINT, so that no
 * import pays for the dead rows or the WAL of the one before it (on 2 cores, a checkpoint or an
 * autovacuum of the previous run's 500k rows landing inside a run can move it by a third).
 */
async function settle(db: Db, table = 'products') {
  await db.raw(`VACUUM (ANALYZE) ${table}`);
  await db.raw('CHECKPOINT');
}

/**
 * BENCH_ONLY=recording: only the cost of recording changes, with more repetitions: each measured import
 * starts from the catalogue just imported from the file in the same mode, settled. Recorded and
 * unrecorded alternate which goes first; medians, and the cost per pair (adjacent runs).
 */
async function recordingOnly(db: Db, changed: (query: string) => Promise<AppRun>, empty: (query: string) => Promise<AppRun>) {
  const runs = { emptyOn: [] as number[], emptyOff: [] as number[], changedOn: [] as number[], changedOff: [] as number[] };
  const one = async (on: boolean) => {
    const query = on ? '' : 'recordChanges=false';
    await db.raw('TRUNCATE products');
    await settle(db);
    runs[on ? 'emptyOn' : 'emptyOff'].push((await empty(query)).ms);
    await settle(db);
    runs[on ? 'changedOn' : 'changedOff'].push((await changed(query)).ms);
  };
  for (let rep = 1; rep <= REPS; rep++) {
    for (const on of rep % 2 ? [true, false] : [false, true]) await one(on);
    log(
      `rep ${rep}: empty ${fmt(runs.emptyOn.at(-1)!)} recorded / ${fmt(runs.emptyOff.at(-1)!)} not, ` +
        `changed ${fmt(runs.changedOn.at(-1)!)} recorded / ${fmt(runs.changedOff.at(-1)!)} not`,
    );
  }
  const pairs = (on: number[], off: number[]) => on.map((v, i) => pct(v, off[i]!)).join(', ');
  process.stdout.write(
    `\n| scenario | recording changes | not recording | cost (medians) | cost per pair |\n|---|---|---|---|---|\n` +
      `| empty catalogue | ${fmt(median(runs.emptyOn))} | ${fmt(median(runs.emptyOff))} | ${pct(median(runs.emptyOn), median(runs.emptyOff))} | ${pairs(runs.emptyOn, runs.emptyOff)} |\n` +
      `| every product changed | ${fmt(median(runs.changedOn))} | ${fmt(median(runs.changedOff))} | ${pct(median(runs.changedOn), median(runs.changedOff))} | ${pairs(runs.changedOn, runs.changedOff)} |\n` +
      `\n${REPS} repetitions; load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}.\n`,
  );
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'acme-bench-import-'));
  const logger = createLogger('warn', 'bench');
  const procs: AppProcess[] = [];
  let stopPg = async () => {};
  try {
    log(`generating ${ROWS.toLocaleString()}-row CSVs${BIG_ROWS ? ` and a ${BIG_ROWS.toLocaleString()}-row CSV` : ''} in ${dir}`);
    const file = path.join(dir, `products-${ROWS}.csv`);
    const gen = await generateProductsCsv(file, ROWS);
    const changedFile = path.join(dir, `products-${ROWS}-changed.csv`);
    await generateProductsCsv(changedFile, ROWS, 42, ' (new)');
    const big = BIG_ROWS ? path.join(dir, `products-${BIG_ROWS}.csv`) : null;
    const genBig = big ? await generateProductsCsv(big, BIG_ROWS, 7) : null;

    log('building the admin bundle and starting PostgreSQL');
    buildApp();
    const pgServer = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: 0, database: 'bench', logger });
    stopPg = pgServer.stop;
    const db = createDb(pgServer.url, 2);
    await migrateLatest(db);
    await db.raw(BARE_TABLE);
    const { token } = await createApiTokensService({ repo: createApiTokensRepo(db) }).createToken({ name: 'bench' });
    const port = await freePort();
    const env = {
      DATABASE_URL: pgServer.url,
      PORT: String(port),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: 'bench@example.com',
      ADMIN_PASSWORD: 'bench-password',
    };
    const worker = await startAppProcess({ entry: 'worker', env });
    procs.push(worker);
    const web = await startAppProcess({ entry: 'server', env, port });
    procs.push(web);
    const usePsql = spawnSync('psql', ['--version']).status === 0;
    const count = async (table: string) => Number((await db(table).count({ n: '*' }).first())!.n);
    if (process.env.BENCH_ONLY === 'recording') {
      await recordingOnly(
        db,
        (query) => appImport(port, token, changedFile, query),
        (query) => appImport(port, token, file, query),
      );
      await db.destroy();
      return;
    }

    const r = {
      appEmpty: [] as number[],
      appSame: [] as number[],
      appChanged: [] as number[],
      upload: [] as number[],
      bareEmpty: [] as number[],
      bareSame: [] as number[],
      bareChanged: [] as number[],
      schemaEmpty: [] as number[],
      schemaSame: [] as number[],
      schemaChanged: [] as number[],
      appEmptyUnrecorded: [] as number[],
      appChangedUnrecorded: [] as number[],
      preview: [] as number[],
      previewCompare: [] as number[],
    };
    for (let rep = 1; rep <= REPS; rep++) {
      // The imports recording their changes, and the same without (a preview of the changed file in
      // between); which of the two goes first alternates between repetitions.
      const recorded = async () => {
        await db.raw('TRUNCATE products');
        await settle(db);
        const empty = await appImport(port, token, file);
        if (empty.imp.insertedCount !== gen.distinct) throw new Error(`expected ${gen.distinct} inserted, got ${empty.imp.insertedCount}`);
        r.appEmpty.push(empty.ms);
        r.upload.push(empty.uploadedMs);
        await settle(db);
        const same = await appImport(port, token, file);
        if (same.imp.insertedCount !== 0) throw new Error(`re-import inserted ${same.imp.insertedCount}`);
        r.appSame.push(same.ms);
        await settle(db);
        r.appChanged.push((await appImport(port, token, changedFile)).ms);
      };
      const unrecorded = async () => {
        await db.raw('TRUNCATE products');
        await settle(db);
        r.appEmptyUnrecorded.push((await appImport(port, token, file, 'recordChanges=false')).ms);
        await settle(db);
        const preview = await appImport(port, token, changedFile, 'preview=true');
        if (preview.imp.insertedCount !== 0) throw new Error(`preview of the changed file counted ${preview.imp.insertedCount} new products`);
        r.preview.push(preview.ms);
        const previewRow = await db('imports').where({ id: preview.imp.id }).first();
        r.previewCompare.push(new Date(previewRow.previewed_at).getTime() - new Date(previewRow.started_at).getTime());
        await db('imports').where({ id: preview.imp.id }).delete();
        await settle(db);
        r.appChangedUnrecorded.push((await appImport(port, token, changedFile, 'recordChanges=false')).ms);
      };
      if (rep % 2) {
        await recorded();
        await unrecorded();
      } else {
        await unrecorded();
        await recorded();
      }

      await db.raw('TRUNCATE bare_products');
      await settle(db, 'bare_products');
      r.bareEmpty.push(await floorImport(pgServer.url, file, 'bare_products', usePsql));
      if ((await count('bare_products')) !== gen.distinct) throw new Error('bare floor stored a wrong count');
      await settle(db, 'bare_products');
      r.bareSame.push(await floorImport(pgServer.url, file, 'bare_products', usePsql));
      await settle(db, 'bare_products');
      r.bareChanged.push(await floorImport(pgServer.url, changedFile, 'bare_products', usePsql));

      await db.raw('TRUNCATE products');
      await settle(db);
      r.schemaEmpty.push(await floorImport(pgServer.url, file, 'products', usePsql));
      await settle(db);
      r.schemaSame.push(await floorImport(pgServer.url, file, 'products', usePsql));
      await settle(db);
      r.schemaChanged.push(await floorImport(pgServer.url, changedFile, 'products', usePsql));
      log(
        `rep ${rep}: app ${fmt(r.appEmpty.at(-1)!)} / ${fmt(r.appSame.at(-1)!)} / ${fmt(r.appChanged.at(-1)!)}, ` +
          `unrecorded ${fmt(r.appEmptyUnrecorded.at(-1)!)} / ${fmt(r.appChangedUnrecorded.at(-1)!)}, preview ${fmt(r.preview.at(-1)!)}, ` +
          `bare floor ${fmt(r.bareEmpty.at(-1)!)} / ${fmt(r.bareSame.at(-1)!)} / ${fmt(r.bareChanged.at(-1)!)}, ` +
          `schema floor ${fmt(r.schemaEmpty.at(-1)!)} / ${fmt(r.schemaSame.at(-1)!)} / ${fmt(r.schemaChanged.at(-1)!)}`,
      );
    }
    await db.raw('TRUNCATE bare_products');
    const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)])) as Record<keyof typeof r, number>;

    // Lists and filters while an import into the full catalogue runs (every product changed: the
    // secondary indexes are dropped meanwhile), then right after it completed.
    log('list/filter latency during an import and after it');
    await db.raw('TRUNCATE products');
    await appImport(port, token, file);
    const quietBefore = await sampleLatency(port, token, LIST_PATHS, { n: 40 });
    let running = true;
    const during = appImport(port, token, changedFile).finally(() => (running = false));
    const duringLatency = await sampleLatency(port, token, LIST_PATHS, { until: () => !running, pauseMs: 500 });
    const changedRun = await during;
    const afterLatency = await sampleLatency(port, token, LIST_PATHS, { n: 40 });

    // One worker vs two on the empty catalogue (the reps above ran with one).
    log('a second worker process');
    const worker2 = await startAppProcess({ entry: 'worker', env });
    procs.push(worker2);
    const twoWorkers: number[] = [];
    for (let i = 0; i < Math.min(REPS, 2); i++) {
      await db.raw('TRUNCATE products');
      twoWorkers.push((await appImport(port, token, file)).ms);
    }

    const worker2Rss = peakRssMb(worker2.pid);
    let bigRow = '| (skipped: BENCH_BIG_ROWS=0) | | |';
    if (big && genBig) {
      log(`${BIG_ROWS.toLocaleString()}-row file (one worker)`);
      await worker2.stop();
      await db.raw('TRUNCATE products');
      const run = await appImport(port, token, big);
      if (run.imp.insertedCount !== genBig.distinct) throw new Error(`2M: expected ${genBig.distinct} inserted, got ${run.imp.insertedCount}`);
      bigRow = `| ${BIG_ROWS.toLocaleString()} rows (${(genBig.bytes / 1e6).toFixed(0)} MB), empty catalogue | ${fmt(run.ms)} | ${x(run.ms, m.appEmpty)} the ${ROWS.toLocaleString()}-row median (target ≤ 4.2×) |`;
      log(`2M: ${fmt(run.ms)}`);
    }
    const rss = { web: peakRssMb(web.pid), worker: peakRssMb(worker.pid), worker2: worker2Rss };
    const latencyRows = LIST_PATHS.map((p) => {
      const f = (mp: Map<string, { p50: number; n: number }>) => `${mp.get(p)!.p50.toFixed(0)} ms`;
      return `| \`${p.replace('/api/v1/products?perPage=50', '…').replace(/^…&?/, '') || 'unfiltered'}\` | ${f(quietBefore)} | ${f(duringLatency)} (${duringLatency.get(p)!.n} samples) | ${f(afterLatency)} |`;
    });
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ');

    const md = `## Import (\`npm run bench:import\`)

End to end through the running app (\`dist/server.js\` + \`dist/worker.js\` processes from \`npm run build\`, production mode): from the first byte
of \`POST /api/v1/imports\` to \`completed\` (which, after a bulk load, includes rebuilding the search indexes: the
catalogue is fully searchable at \`completed\`). ${REPS} repetitions, interleaved; medians; each measured run (app and floors)
starts after a \`VACUUM (ANALYZE)\` of the table it writes and a \`CHECKPOINT\`. Floors on the same server, same
run, ${usePsql ? 'psql `\\copy`' : 'a raw COPY FROM STDIN (psql not installed)'} into an unlogged staging table plus one
\`INSERT … SELECT DISTINCT ON (lower(sku)) … ON CONFLICT (lower(sku)) DO UPDATE\`:
**bare floor** into a table with only its primary key and the unique \`lower(sku)\` index (the physical limit);
**schema floor** into our own products table (its secondary indexes and count triggers, maintained row by row).

File: ${ROWS.toLocaleString()} rows, ${(gen.bytes / 1e6).toFixed(0)} MB, ${gen.distinct.toLocaleString()} distinct SKUs (~5% repeated later in other case), accented names,
descriptions with commas, quotes and newlines. Chunk size ${process.env.IMPORT_CHUNK_SIZE ?? 'default (20,000)'}, ${process.env.IMPORT_PARTITIONS ?? 'default (4)'} partitions, one worker.

| scenario | app | bare floor | schema floor | app / bare floor | target |
|---|---|---|---|---|---|
| empty catalogue | ${fmt(m.appEmpty)} | ${fmt(m.bareEmpty)} | ${fmt(m.schemaEmpty)} | **${x(m.appEmpty, m.bareEmpty)}** | ≤ 3× |
| re-import, every product changed | ${fmt(m.appChanged)} | ${fmt(m.bareChanged)} | ${fmt(m.schemaChanged)} | **${x(m.appChanged, m.bareChanged)}** | ≤ 3× |
| re-import of the same file (unchanged rows skipped) | ${fmt(m.appSame)} | ${fmt(m.bareSame)} | ${fmt(m.schemaSame)} | **${x(m.appSame, m.bareSame)}** | ≤ 1.5× |

The floors rewrite every row; the app leaves a product identical to its row untouched. Upload accepted (202) after a
median ${fmt(m.upload)} on the empty-catalogue runs (rows are applied while the upload streams).

Recording changes (which products each import created and updated, the fields it changed and their values before:
audit and revert) against the same imports with \`?recordChanges=false\`, same run, the two orders alternating between
repetitions (target: at most 20% of the import's time):

| scenario | recording changes | not recording | cost of recording |
|---|---|---|---|
| empty catalogue (every product created) | ${fmt(m.appEmpty)} | ${fmt(m.appEmptyUnrecorded)} | **${pct(m.appEmpty, m.appEmptyUnrecorded)}** |
| re-import, every product changed | ${fmt(m.appChanged)} | ${fmt(m.appChangedUnrecorded)} | **${pct(m.appChanged, m.appChangedUnrecorded)}** |

Preview (\`?preview=true\`) of the changed file against the full catalogue, from the first byte to \`previewed\`: ${fmt(m.preview)}, of which
the read-only comparison took ${fmt(m.previewCompare)} (the rest is staging the file, as every import does). The import of the same file
took ${fmt(m.appChanged)} (${x(m.preview, m.appChanged)}).

| more | time | ratio |
|---|---|---|
| empty catalogue, two worker processes (median of ${twoWorkers.length}) | ${fmt(median(twoWorkers))} | ${x(median(twoWorkers), m.appEmpty)} the one-worker median |
${bigRow}

Peak RSS over the whole run (target < 300 MB each): web ${rss.web.toFixed(0)} MB, worker ${rss.worker.toFixed(0)} MB${Number.isNaN(rss.worker2) ? '' : `, second worker ${rss.worker2.toFixed(0)} MB`}.

### Lists and filters during an import

p50 of \`GET /api/v1/products?perPage=50&…\` (with its exact \`total\`), one request at a time (during the import 0.5 s apart), on the ${gen.distinct.toLocaleString()}-product
catalogue: before, while a re-import with every product changed runs (${fmt(changedRun.ms)}; a bulk load, so the secondary indexes are
dropped until it completes and SKU/name filters are sequential scans meanwhile), and right after \`completed\`.

| filter | quiet, before | during the import | right after \`completed\` |
|---|---|---|---|
${latencyRows.join('\n')}

Load average at the end (1/5/15 min): ${load}.

Raw runs (s): ${Object.entries(r)
      .map(([k, v]) => `${k} ${v.map((n) => (n / 1000).toFixed(1)).join(', ')}`)
      .join('; ')}; twoWorkers ${twoWorkers.map((n) => (n / 1000).toFixed(1)).join(', ')}.`;
    writeBenchmarkSection('import', md);
    process.stdout.write(`\n${md}\n`);
    await db.destroy();
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await stopPg();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
