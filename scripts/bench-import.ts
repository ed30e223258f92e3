/**
 * npm run bench:import — end-to-end CSV import speed and worker memory, against the floor of
 * psql \copy + one INSERT … SELECT DISTINCT ON … ON CONFLICT on the same server, same run.
 *
 * Env: BENCH_ROWS (500000), BENCH_BIG_ROWS (2000000, 0 to skip), BENCH_REPS (3).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { projectRoot } from '../config/env.js';
import { createApiTokensRepo } from '../src/auth/apiTokens.repo.js';
import { createApiTokensService } from '../src/auth/apiTokens.service.js';
import { createDb, migrateLatest } from '../src/lib/db.js';
import { freePort, startEmbeddedPostgres } from '../src/lib/embeddedPostgres.js';
import { createLogger } from '../src/lib/logger.js';
import { generateProductsCsv } from './bench/generateProductsCsv.js';
import { median, writeBenchmarkSection } from './benchReport.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 500_000);
const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS ?? 2_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const log = (msg: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

function startProcess(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

/** Peak resident memory (VmHWM) of a process, in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function waitReady(port: number) {
  for (let i = 0; i < 900; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('web process did not become ready');
}

/** Upload through the app and wait for `completed`: milliseconds from the first byte sent. */
async function appImport(port: number, token: string, file: string) {
  const started = performance.now();
  const body: { id: string } = await new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/api/v1/imports?filename=${path.basename(file)}`, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'Content-Length': statSync(file).size } },
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
  for (;;) {
    const imp = await (await fetch(`http://127.0.0.1:${port}/api/v1/imports/${body.id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    if (imp.status === 'completed') return { ms: performance.now() - started, uploadedMs, imp };
    if (imp.status === 'failed' || imp.status === 'cancelled') throw new Error(`import ${imp.status}: ${imp.error}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const FLOOR_SQL = `
  INSERT INTO products (sku, name, description, active)
  SELECT DISTINCT ON (lower(sku)) sku, name, NULLIF(description, ''), COALESCE(active::boolean, true)
  FROM floor_staging ORDER BY lower(sku), line_no DESC
  ON CONFLICT (lower(sku)) DO UPDATE SET sku = EXCLUDED.sku, name = EXCLUDED.name,
    description = EXCLUDED.description, active = EXCLUDED.active, updated_at = now()`;

/** The floor: the file COPYed by psql (or raw bytes over COPY when psql is absent) + one upsert. */
async function floorImport(url: string, file: string, usePsql: boolean) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP TABLE IF EXISTS floor_staging');
  await client.query('CREATE UNLOGGED TABLE floor_staging (line_no bigserial, sku text, name text, description text, active text)');
  const started = performance.now();
  if (usePsql) {
    const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy floor_staging (sku, name, description, active) FROM '${file}' CSV HEADER`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  } else {
    await pipeline(createReadStream(file), client.query(copyFrom('COPY floor_staging (sku, name, description, active) FROM STDIN CSV HEADER')));
  }
  await client.query(FLOOR_SQL);
  const ms = performance.now() - started;
  await client.query('DROP TABLE floor_staging');
  await client.end();
  return { ms };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'acme-bench-import-'));
  const logger = createLogger('warn', 'bench');
  const workers: ChildProcess[] = [];
  let stopPg = async () => {};
  try {
    log(`generating ${ROWS.toLocaleString()}-row CSV${BIG_ROWS ? ` and ${BIG_ROWS.toLocaleString()}-row CSV` : ''} in ${dir}`);
    const file = path.join(dir, `products-${ROWS}.csv`);
    const gen = await generateProductsCsv(file, ROWS);
    const changedFile = path.join(dir, `products-${ROWS}-changed.csv`);
    await generateProductsCsv(changedFile, ROWS, 42, ' (new)');
    const big = BIG_ROWS ? path.join(dir, `products-${BIG_ROWS}.csv`) : null;
    const genBig = big ? await generateProductsCsv(big, BIG_ROWS, 7) : null;

    log('building the admin bundle and starting PostgreSQL');
    spawnSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });
    const pgServer = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: 0, database: 'bench', logger });
    stopPg = pgServer.stop;
    const db = createDb(pgServer.url, 2);
    await migrateLatest(db);
    const { token } = await createApiTokensService({ repo: createApiTokensRepo(db) }).createToken({ name: 'bench' });
    const port = await freePort();
    const env = { DATABASE_URL: pgServer.url, PORT: String(port), NODE_ENV: 'production', LOG_LEVEL: 'warn', ADMIN_EMAIL: 'bench@example.com', ADMIN_PASSWORD: 'bench-password' };
    const web = startProcess('src/server.ts', env);
    const worker = startProcess('src/worker.ts', env);
    workers.push(web, worker);
    await waitReady(port);
    const usePsql = spawnSync('psql', ['--version']).status === 0;

    const results = {
      appEmpty: [] as number[], appFull: [] as number[], appChanged: [] as number[],
      floorEmpty: [] as number[], floorFull: [] as number[], floorChanged: [] as number[], upload: [] as number[],
    };
    for (let rep = 1; rep <= REPS; rep++) {
      await db.raw('TRUNCATE products');
      const empty = await appImport(port, token, file);
      results.appEmpty.push(empty.ms);
      results.upload.push(empty.uploadedMs);
      if (empty.imp.insertedCount !== gen.distinct) throw new Error(`expected ${gen.distinct} inserted, got ${empty.imp.insertedCount}`);
      const full = await appImport(port, token, file);
      results.appFull.push(full.ms);
      if (full.imp.insertedCount !== 0) throw new Error('re-import inserted rows');
      const changed = await appImport(port, token, changedFile);
      results.appChanged.push(changed.ms);
      await db.raw('TRUNCATE products');
      results.floorEmpty.push((await floorImport(pgServer.url, file, usePsql)).ms);
      const count = Number((await db('products').count({ n: '*' }).first())!.n);
      if (count !== gen.distinct) throw new Error(`floor stored ${count} products, expected ${gen.distinct}`);
      results.floorFull.push((await floorImport(pgServer.url, file, usePsql)).ms);
      results.floorChanged.push((await floorImport(pgServer.url, changedFile, usePsql)).ms);
      log(
        `rep ${rep}: app ${fmt(empty.ms)} / ${fmt(full.ms)} / ${fmt(changed.ms)}, ` +
          `floor ${fmt(results.floorEmpty.at(-1)!)} / ${fmt(results.floorFull.at(-1)!)} / ${fmt(results.floorChanged.at(-1)!)}`,
      );
    }
    let bigLine = '';
    if (big && genBig) {
      await db.raw('TRUNCATE products');
      const r = await appImport(port, token, big);
      const ratio = r.ms / median(results.appEmpty);
      bigLine = `| ${BIG_ROWS.toLocaleString()} rows (${(genBig.bytes / 1e6).toFixed(0)} MB), empty table, app | ${fmt(r.ms)} | ${ratio.toFixed(2)}× the ${ROWS.toLocaleString()}-row median (target ≤ 4.4×) |`;
      log(`big file: ${fmt(r.ms)} (${ratio.toFixed(2)}×)`);
    }
    const workerRss = peakRssMb(worker.pid!);
    const webRss = peakRssMb(web.pid!);
    const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)])) as Record<keyof typeof results, number>;
    const md = `## Import (\`npm run bench:import\`)

End-to-end through the running app (\`src/server.ts\` + \`src/worker.ts\` processes, production mode): from the
first byte of \`POST /api/v1/imports\` to \`completed\`. Floor: the same file with ${usePsql ? 'psql `\\copy`' : 'a raw COPY FROM STDIN (psql not installed)'} into an
unlogged staging table plus one \`INSERT … SELECT DISTINCT ON (lower(sku)) … ON CONFLICT\`, on the same server and table
(same indexes: unique lower(sku), three pg_trgm GIN, updated_at). ${REPS} repetitions, interleaved; medians.

File: ${ROWS.toLocaleString()} rows, ${(gen.bytes / 1e6).toFixed(0)} MB, ${gen.distinct.toLocaleString()} distinct SKUs (~5% repeated later in other case), accented names,
descriptions with commas, quotes and newlines. Chunk size ${process.env.IMPORT_CHUNK_SIZE ?? 'default (20,000)'}.

| scenario | app (median) | floor (median) | app / floor | target |
|---|---|---|---|---|
| empty table | ${fmt(m.appEmpty)} | ${fmt(m.floorEmpty)} | ${(m.appEmpty / m.floorEmpty).toFixed(2)}× | ≤ 1.5× |
| re-import of the same file over the full table | ${fmt(m.appFull)} | ${fmt(m.floorFull)} | ${(m.appFull / m.floorFull).toFixed(2)}× | ≤ 1.5× |
| re-import with every product changed (names differ) | ${fmt(m.appChanged)} | ${fmt(m.floorChanged)} | ${(m.appChanged / m.floorChanged).toFixed(2)}× | ≤ 1.5× |

The app leaves a product untouched when the incoming row equals it (\`ON CONFLICT … DO UPDATE … WHERE
(…) IS DISTINCT FROM (…)\`); the floor rewrites every row. The "every product changed" line is the
like-for-like comparison for updates.

Upload accepted (202) after a median ${fmt(m.upload)} on the empty-table runs (rows are applied while the upload streams).

| larger file | time | ratio |
|---|---|---|
${bigLine || '| (skipped: BENCH_BIG_ROWS=0) | | |'}

Peak RSS over the whole run: worker ${workerRss.toFixed(0)} MB (target < 300 MB), web ${webRss.toFixed(0)} MB.

Raw runs (s): ${Object.entries(results).map(([k, v]) => `${k} ${v.map((x) => (x / 1000).toFixed(1)).join(', ')}`).join('; ')}.`;
    writeBenchmarkSection('import', md);
    process.stdout.write(`\n${md}\n`);
    await db.destroy();
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => (w.exitCode !== null ? null : new Promise((r) => w.once('exit', r)))));
    await stopPg();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
