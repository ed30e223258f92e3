// npm run bench:api [-- --rows 500000 --requests 200 --concurrency 8]
// Products API under load at N products, quiet and while an import runs; writes docs/BENCHMARKS.md.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { encodeCursor } from '../src/products/products.cursor.js';
import { listProductsQuerySchema } from '../src/products/products.schemas.js';
import { measureExport, startWriteLoad, timedImport } from './benchApiWorkloads.js';
import { runLoad, timeSerial, type LoadResult } from './benchHttpLoad.js';
import type { Runtime } from '../src/runtime.js';
import { withBenchApp } from './bench/benchApp.js';
import { seedProducts } from './bench/seedProducts.js';
import { median, writeBenchmarkSection } from './benchReport.js';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '500000' }, requests: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '8' } },
});
const ROWS = Number(args.rows);
const REQUESTS = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
const log = (m: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

type Scenario = { name: string; path: (i: number) => string; requests?: number };

/** The statements AdminJS's products list runs (@adminjs/sql: count(*) + ILIKE '%v%' + offset, 10 per page). */
async function panelListPage(rt: Runtime, filter: { name?: string }, page: number) {
  const q = () => {
    const b = rt.db('products');
    if (filter.name) b.whereILike('name', `%${filter.name}%`);
    return b;
  };
  await q().count('* as cnt');
  await q()
    .limit(10)
    .offset((page - 1) * 10)
    .orderBy('updated_at', 'desc');
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const row = (name: string, quiet: LoadResult | { p50: number; p99: number }, busy: LoadResult | { p50: number; p99: number }) => {
  const rps = (r: object) => ('rps' in r ? fmt((r as LoadResult).rps) : '—');
  const fails = (r: object) => ('failures' in r && (r as LoadResult).failures ? ` (${(r as LoadResult).failures} failed)` : '');
  return `| ${name} | ${fmt(quiet.p50)} | ${fmt(quiet.p99)} | ${rps(quiet)}${fails(quiet)} | ${fmt(busy.p50)} | ${fmt(busy.p99)} | ${rps(busy)}${fails(busy)} |`;
};

async function main() {
  const env = { API_RATE_LIMIT_PER_MINUTE: '1000000000', JOBS_PROCESS_EVERY_MS: '200', DB_POOL_MAX: '20' };
  await withBenchApp({ name: 'api', role: 'all', env }, async ({ rt, baseUrl }) => {
    const { token } = await rt.services.apiTokens.createToken({ name: 'bench' });
    const headers = { Authorization: `Bearer ${token}` };

    const loadAtStart = os.loadavg()[0]!;
    log(`seeding ${ROWS} products`);
    let t0 = Date.now();
    await seedProducts(rt.db, ROWS);
    const seedSeconds = (Date.now() - t0) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s`);

    // 20 cursors deep in name order (the last 20% of the table) for keyset paging far from the start.
    const deep = (
      await rt.db.raw(
        `SELECT name, id FROM (SELECT name, id, row_number() OVER (ORDER BY name, id) AS n FROM products) s
       WHERE n % ? = 0 AND n > ? ORDER BY n LIMIT 20`,
        [Math.max(1, Math.floor(ROWS / 100)), Math.floor(ROWS * 0.8)],
      )
    ).rows as { name: string; id: number }[];
    const cursors = deep.map((r, k) => encodeCursor({ sort: 'name', value: r.name, id: Number(r.id), page: 8000 + k }));

    const pad = (i: number) => String(1 + ((i * 7919) % ROWS)).padStart(7, '0');
    const scenarios: Scenario[] = [
      { name: 'GET /healthz (baseline: same stack, no auth, no SQL)', path: () => '/healthz' },
      { name: 'GET /api/v1/ (baseline: token check only)', path: () => '/api/v1/' },
      { name: 'list, first page (50, sort=id)', path: () => '/api/v1/products' },
      { name: 'list sort=-updatedAt', path: () => '/api/v1/products?sort=-updatedAt' },
      { name: 'list sort=name page 100 (offset 4,950)', path: () => '/api/v1/products?sort=name&page=100' },
      {
        name: `list sort=name by cursor beyond row ${(ROWS * 0.8).toLocaleString('en')}`,
        path: (i) => `/api/v1/products?sort=name&cursor=${cursors[i % cursors.length]}`,
      },
      { name: 'search q=<one SKU> (any field)', path: (i) => `/api/v1/products?q=SKU-${pad(i)}` },
      { name: 'filter name=chair (~6% match)', path: () => '/api/v1/products?name=chair' },
      { name: 'filter q=red&active=false&sort=-updatedAt', path: () => '/api/v1/products?q=red&active=false&sort=-updatedAt' },
      {
        name: 'filter description=everyday (every row matches: exact count of all rows)',
        path: () => '/api/v1/products?description=everyday',
        requests: Math.ceil(REQUESTS / 4),
      },
    ];
    const direct = {
      name: 'same list, service called directly (no HTTP), serial',
      run: () => timeSerial(50, () => rt!.services.products.listProducts(listProductsQuerySchema.parse({ name: 'chair' }))),
    };
    const panel = [
      { name: 'panel list page 1 (count(*) + 10 rows by updated_at)', filter: {}, page: 1 },
      { name: 'panel list filtered name ILIKE %chair% page 1', filter: { name: 'chair' }, page: 1 },
      { name: 'panel list filtered name ILIKE %Red Chair 12345%', filter: { name: 'Red Chair 12345' }, page: 1 },
      { name: 'panel list page 5,000 (offset 49,990)', filter: {}, page: 5000 },
    ];

    const measure = async () => {
      const http: LoadResult[] = [];
      for (const s of scenarios) {
        http.push(await runLoad({ baseUrl, path: s.path, headers, requests: s.requests ?? REQUESTS, concurrency: CONCURRENCY }));
        log(`  ${s.name}: p50 ${fmt(http.at(-1)!.p50)} ms, ${fmt(http.at(-1)!.rps)} rps`);
      }
      const svc = await direct.run();
      const pan = [];
      for (const p of panel) pan.push(await timeSerial(20, () => panelListPage(rt!, p.filter, p.page)));
      return { http, svc, pan };
    };

    log('measuring, no import running');
    const quiet = await measure();

    log('CSV exports');
    const exportAll = await measureExport(baseUrl, '', headers);
    const exportSome = await measureExport(baseUrl, '?active=false', headers);

    // What the count triggers cost an import: the same kind of import with the triggers off, then on.
    log('imports with and without the count triggers');
    const importTimes: { off: number[]; on: number[] } = { off: [], on: [] };
    for (let round = 1; round <= 3; round++) {
      for (const mode of ['off', 'on'] as const) {
        await rt.db.raw(`ALTER TABLE products ${mode === 'off' ? 'DISABLE' : 'ENABLE'} TRIGGER USER`);
        const seconds = await timedImport(baseUrl, headers, ROWS, round * 10 + (mode === 'on' ? 1 : 0), 50_000, 50_000);
        if (seconds !== null) importTimes[mode].push(seconds);
      }
    }
    await rt.db.raw('ALTER TABLE products ENABLE TRIGGER USER');
    // Re-base the counters after the runs with triggers off.
    await rt.db.raw('DELETE FROM product_count_deltas');
    await rt.db.raw('INSERT INTO product_count_deltas (total, active) SELECT count(*), count(*) FILTER (WHERE active) FROM products');

    log('measuring while a write load runs');
    const load = startWriteLoad(rt, baseUrl, token, ROWS, log);
    await new Promise((r) => setTimeout(r, 2000));
    t0 = Date.now();
    const busy = await measure();
    const busySeconds = (Date.now() - t0) / 1000;
    const written = { ...load.stats };
    await load.stop();

    const head = '| | p50 ms | p99 ms | req/s | p50 ms | p99 ms | req/s |\n|---|---|---|---|---|---|---|';
    const loadText =
      written.kind === 'import'
        ? `repeated CSV imports of 100,000 rows (updates of existing SKUs) through \`POST /api/v1/imports\`, processed by the in-process worker: ${written.batches} imports (${written.rows.toLocaleString('en')} rows) completed during the ${busySeconds.toFixed(0)} s of measurement`
        : `\`POST /api/v1/imports\` was not available, so the write load was bulk \`INSERT … ON CONFLICT (lower(sku)) DO UPDATE\` of 5,000 rows in a loop: ${written.batches} batches (${written.rows.toLocaleString('en')} rows) during ${busySeconds.toFixed(0)} s`;
    const md = `## Products API (\`npm run bench:api\`)

Machine load average (1 min) at start ${loadAtStart.toFixed(1)}, at end ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores shared with other work: compare rows within this run.

${ROWS.toLocaleString('en')} products seeded with one \`INSERT … SELECT generate_series\` (${seedSeconds.toFixed(0)} s, indexes in place), then \`VACUUM ANALYZE\`.
The app runs in-process (role \`all\`: web + job worker, logs silenced) on a fresh embedded PostgreSQL; a bounded closed loop
in the same Node process sends ${REQUESTS} GETs per row (fewer where noted) with ${CONCURRENCY} in flight over keep-alive connections.
"Busy" = ${loadText}. Every answer is counted; non-2xx answers would be shown as failed.

| HTTP, ${ROWS.toLocaleString('en')} products | quiet | | | busy (write load) | | |
${head}
${scenarios.map((s, k) => row(s.name, quiet.http[k]!, busy.http[k]!)).join('\n')}
${row(direct.name, quiet.svc, busy.svc)}

Every list answer includes an exact \`total\`: with a text filter a \`count(*)\` of the same filters, run in parallel with the
page query; without one (no filter, or only \`active\`) the sum of the counters kept by statement triggers.
Reading it: unfiltered pages, offset pages and keyset pages deep in the table should sit near the token-check baseline
(the first HTTP rows); text filters pay for counting their matches, so their cost grows with the number of matching
rows (one SKU → a few, a common word → tens of thousands, every row → all 500k), and broad text filters suffer most while
imports rewrite rows (dead tuples and the trigram GIN indexes' pending lists). Not done: capped or estimated totals,
\`fastupdate = off\` on the trigram indexes (would slow imports).

**Panel list page** (the statements @adminjs/sql runs for the Products list, reproduced with knex: \`count(*)\` of the
filtered query, then 10 rows \`ORDER BY updated_at DESC\` with \`ILIKE '%v%'\` and \`OFFSET\`), 20 page loads one after another:

| panel page load | quiet p50 ms | quiet p99 ms | | busy p50 ms | busy p99 ms | |
|---|---|---|---|---|---|---|
${panel.map((p, k) => row(p.name, quiet.pan[k]!, busy.pan[k]!)).join('\n')}

**CSV export** (\`GET /api/v1/products/export.csv\`, quiet, read by a plain HTTP client in the same process; live heap =
\`heapUsed\` right after a forced GC, sampled every 250 ms, so it shows what is held rather than garbage awaiting collection):

| export | rows | MB | seconds | MB/s | live heap before | live heap max | RSS peak |
|---|---|---|---|---|---|---|---|
${[
  ['every product', exportAll],
  ['active=false', exportSome],
]
  .map(([n, e]) => {
    const x = e as Awaited<ReturnType<typeof measureExport>>;
    return `| ${n} | ${x.rows.toLocaleString('en')} | ${x.mb.toFixed(0)} | ${x.seconds.toFixed(1)} | ${fmt(x.mb / x.seconds)} | ${x.liveBefore.toFixed(0)} MB | ${x.liveMax.toFixed(0)} MB | ${x.rssPeak.toFixed(0)} MB |`;
  })
  .join('\n')}

**Cost of the count triggers on imports** (100,000-row CSV: 50,000 updates + 50,000 new SKUs, through \`POST /api/v1/imports\`,
\`durationMs\` from upload to completion, alternating triggers off/on, quiet): ${
      importTimes.off.length
        ? `median ${median(importTimes.off).toFixed(1)} s with the triggers disabled (${importTimes.off.map((x) => x.toFixed(1)).join(', ')}), ${median(importTimes.on).toFixed(1)} s with them (${importTimes.on.map((x) => x.toFixed(1)).join(', ')}).`
        : 'not measured (POST /api/v1/imports unavailable).'
    }`;

    writeBenchmarkSection('api', md);
    process.stdout.write(`\n${md}\n`);
  });
}

await main();
process.exit(0);
