// npm run bench:admin [-- --rows 500000 --requests 20 --cold 5 --warm 7 --profile 3 --imports 30 --before <git revision> --after <git revision> --dry-run]
// The admin panel's Products list (AdminJS + @adminjs/sql, through HTTP with a panel session) and the
// dashboard at N products; then the panel's screens in Debian's chromium against the production build
// (dist/server.js), to rows visible, cold and warm cache; with --before, the same screens of another
// revision's build on the same database, interleaved. Writes its section of docs/BENCHMARKS.md.
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Runtime } from '../src/runtime.js';
import { benchPanelScreens, panelScreensMarkdown, type PanelServer } from './bench/panelBrowserBench.js';
import { panelProfileMarkdown, profilePanelScreen } from './bench/panelProfile.js';
import { BROWSER_SETTLE_MS, type PanelScreen } from './bench/panelLoads.js';
import { checkPanelTotals, panelTotalsMarkdown } from './bench/panelTotals.js';
import { buildApp, buildRevision, importHistory, panelLogin, startAppProcess, type AppProcess } from './bench/panelServers.js';
import { withBenchApp } from './bench/benchApp.js';
import { seedProducts } from './bench/seedProducts.js';
import { median, writeBenchmarkSection } from './benchReport.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '500000' },
    requests: { type: 'string', default: '20' },
    cold: { type: 'string', default: '5' },
    warm: { type: 'string', default: '7' },
    imports: { type: 'string', default: '30' },
    /** Traced loads of the Products list per server and cache state, for the main thread's CPU by phase (0: none). */
    profile: { type: 'string', default: '3' },
    before: { type: 'string' },
    /** Measure this revision's build instead of the checkout's (with --before: two clean builds). */
    after: { type: 'string' },
    /** Print the section instead of writing docs/BENCHMARKS.md. */
    'dry-run': { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const REQUESTS = Number(args.requests);

/** The screens timed in the browser: what shows their rows, and the request that fills them. */
const SCREENS: PanelScreen[] = [
  { name: 'Products list', path: '/admin/resources/products', rows: 'tbody tr[data-id]', api: '/admin/api/resources/products/actions/list' },
  {
    name: 'Products, name contains "chair"',
    path: '/admin/resources/products?filters.name=chair',
    rows: 'tbody tr[data-id]',
    api: '/admin/api/resources/products/actions/list',
  },
  { name: 'Imports history', path: '/admin/resources/imports', rows: 'tbody tr[data-id]', api: '/admin/api/resources/imports/actions/list' },
  { name: 'Dashboard', path: '/admin', rows: '[data-testid="dashboard"] tbody tr', api: '/api/v1/dashboard' },
  { name: 'Job monitor', path: '/admin/pages/jobs', rows: '[data-testid="job-row"]', api: '/api/v1/jobs' },
];
const log = (m: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

/** Serial GETs after 3 warm-ups; every answer must be 200 with the expected shape. */
async function time(baseUrl: string, url: string, cookie: string, check: (body: unknown) => void) {
  const one = async () => {
    const res = await fetch(baseUrl + url, { headers: { cookie, accept: 'application/json' } });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    check(await res.json());
  };
  for (let i = 0; i < 3; i++) await one();
  const ms: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    await one();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: median(ms), max: ms.at(-1)! };
}

async function main() {
  await withBenchApp({ name: 'admin', role: 'web' }, async ({ rt, config, baseUrl }) => {
    await rt.services.adminUsers.createAdmin({ email: 'bench@acme.test', password: 'bench-password' });
    const session = await panelLogin(baseUrl, 'bench@acme.test', 'bench-password');
    const cookie = `${session.name}=${session.value}`;

    const loadAtStart = os.loadavg()[0]!;
    log(`seeding ${ROWS} products`);
    const t0 = Date.now();
    await seedProducts(rt.db, ROWS);
    const seedSeconds = (Date.now() - t0) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s`);

    const list = '/admin/api/resources/products/actions/list';
    const oneSku = `sku-${String(Math.floor(ROWS * 0.7)).padStart(7, '0')}`;
    type ListBody = { records: unknown[]; meta: { total: number } };
    const rows =
      (min: number, max = Infinity) =>
      (body: unknown) => {
        const n = (body as ListBody).records.length;
        if (n < min || n > max) throw new Error(`expected ${min}..${max} records, got ${n}`);
      };
    const scenarios: { name: string; url: string; check: (b: unknown) => void }[] = [
      { name: 'baseline: GET /healthz (same stack, no session, no SQL)', url: '/healthz', check: () => {} },
      { name: 'baseline: GET /api/v1/ (session check only)', url: '/api/v1/', check: () => {} },
      { name: 'list page 1 (default sort: updated_at desc)', url: list, check: rows(10, 10) },
      { name: 'list sorted by SKU, page 1', url: `${list}?sortBy=sku&direction=asc`, check: rows(10, 10) },
      { name: 'list sorted by name desc, page 100', url: `${list}?sortBy=name&direction=desc&page=100`, check: rows(10, 10) },
      { name: `filter SKU contains "${oneSku}" (other case, 1 match)`, url: `${list}?filters.sku=${oneSku}`, check: rows(1, 1) },
      { name: 'filter name contains "chair" (~6% match)', url: `${list}?filters.name=chair`, check: rows(10, 10) },
      { name: 'filter description contains "everyday" (every row matches)', url: `${list}?filters.description=everyday`, check: rows(10, 10) },
      { name: 'filter active = false (10%)', url: `${list}?filters.active=false`, check: rows(10, 10) },
      {
        name: 'filter name "red" + active = true, sorted by SKU',
        url: `${list}?filters.name=red&filters.active=true&sortBy=sku&direction=asc`,
        check: rows(10, 10),
      },
      { name: 'dashboard: GET /api/v1/dashboard', url: '/api/v1/dashboard', check: () => {} },
    ];
    const results = [];
    for (const s of scenarios) {
      const r = await time(baseUrl, s.url, cookie, s.check);
      log(`  ${s.name}: p50 ${r.p50.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`);
      results.push({ ...s, ...r });
    }

    // For comparison: the exact counts @adminjs/sql would run for the same screens.
    const exact = async (name: string, where: (q: ReturnType<Runtime['db']>) => unknown) => {
      const ms: number[] = [];
      for (let i = 0; i < REQUESTS + 3; i++) {
        const t = performance.now();
        const q = rt.db('products');
        where(q);
        await q.count({ n: '*' });
        if (i >= 3) ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      log(`  ${name}: p50 ${median(ms).toFixed(1)} ms`);
      return { name, p50: median(ms), max: ms.at(-1)! };
    };
    results.push(
      await exact('for comparison, SQL only: exact count(*) of all products', () => {}),
      await exact('for comparison, SQL only: exact count(*) of description ILIKE %everyday%', (q) => q.whereILike('description', '%everyday%')),
    );

    log('totals: the panel, the API and PostgreSQL, per filter');
    const totals = await checkPanelTotals(baseUrl, cookie, rt.db, oneSku);

    const loadAtBrowser = os.loadavg()[0]!;
    const browser = await browserSection(rt, config.DATABASE_URL!, session.name);

    const md = `## Admin panel: list endpoints and page loads (\`npm run bench:admin\`)

${ROWS.toLocaleString('en')} products seeded with one \`INSERT … SELECT generate_series\` (${seedSeconds.toFixed(0)} s, indexes and count triggers in place), then \`VACUUM ANALYZE\`.
Each row: ${REQUESTS} serial GETs (after 3 warm-ups) through HTTP with a logged-in panel session cookie, to AdminJS's own
list endpoint (what the Products screen calls: \`@adminjs/sql\` page query plus its count of the filtered rows, 10 per page), on
the app in-process (role \`web\`) on a fresh embedded PostgreSQL. Every answer is checked (status 200, expected number of rows).
The list's rows and total come from the products service, as \`GET /api/v1/products\` (\`products.resource.ts\`): the total is
exact (trigger-kept counters when unfiltered or filtered by \`active\` only, a count of every match of a text filter).
Target: a list page or a filtered search under 300 ms. Machine load average (1 min) at start ${loadAtStart.toFixed(1)}, at end
${loadAtBrowser.toFixed(1)} on ${os.cpus().length} cores shared with other work.

| request | p50 ms | max ms |
|---|---|---|
${results.map((r) => `| ${r.name} | ${r.p50.toFixed(1)} | ${r.max.toFixed(1)} |`).join('\n')}

Totals at ${ROWS.toLocaleString('en')} products: the Products list's total in the panel, \`GET /api/v1/products\`'s \`total\` for the same filters,
and PostgreSQL's \`count(*)\` of the matching rows (the run stops if any two differ):

${panelTotalsMarkdown(totals)}

${browser}`;
    if (args['dry-run']) process.stdout.write(`${md}\n`);
    else writeBenchmarkSection('admin', md);
    log(args['dry-run'] ? 'dry run: docs/BENCHMARKS.md left as it was' : 'docs/BENCHMARKS.md updated');
  });
}

/**
 * The panel's screens in chromium against the production build (`dist/server.js`) on the same
 * database, after a history of small imports (so the imports list, the dashboard and the job
 * monitor have rows); with --before, another revision's build beside it. Returns its Markdown.
 */
async function browserSection(rt: Runtime, databaseUrl: string, cookieName: string): Promise<string> {
  const before = args.before ? (log(`building ${args.before} for comparison`), buildRevision(args.before)) : undefined;
  const after = args.after ? (log(`building ${args.after}`), buildRevision(args.after)) : undefined;
  if (!after) {
    log('building the production bundles (npm run build)');
    buildApp();
  }
  const env = { DATABASE_URL: databaseUrl };
  const started: AppProcess[] = [];
  try {
    const web = await startAppProcess({ dir: after?.dir, entry: 'server', env });
    started.push(web);
    const worker = await startAppProcess({ dir: after?.dir, entry: 'worker', env });
    started.push(worker);
    const { token } = await rt.services.apiTokens.createToken({ name: 'bench-admin' });
    const imports = Number(args.imports);
    log(`${imports} imports of 500 rows through the API`);
    await importHistory(web.baseUrl, token, imports);
    await worker.stop();
    const servers: PanelServer[] = [];
    if (before) {
      const old = await startAppProcess({ dir: before.dir, entry: 'server', env });
      started.push(old);
      servers.push({ label: `before (${args.before})`, baseUrl: old.baseUrl });
    }
    const afterLabel = args.after ? `${before ? 'after' : 'build'} (${args.after})` : before ? 'after (this checkout)' : 'this checkout';
    servers.push({ label: afterLabel, baseUrl: web.baseUrl });
    const cookie = await panelLogin(web.baseUrl, 'bench@acme.test', 'bench-password');
    if (cookie.name !== cookieName) throw new Error(`unexpected session cookie ${cookie.name}`);
    const loadStart = os.loadavg();
    log(`browser: ${args.cold} cold and 2 × ${args.warm} warm loads of each screen on ${servers.map((x) => x.label).join(', ')}`);
    const results = await benchPanelScreens({
      servers,
      screens: SCREENS,
      cookie,
      cold: Number(args.cold),
      warm: Number(args.warm),
      floorRequests: REQUESTS,
      log,
    });
    const traced = Number(args.profile);
    let profile = '';
    if (traced > 0) {
      log(`browser: ${traced} traced cold and warm loads of the ${SCREENS[0]!.name} per server`);
      profile = panelProfileMarkdown(SCREENS[0]!, await profilePanelScreen({ servers, screen: SCREENS[0]!, cookie, n: traced }), traced);
    }
    const loadEnd = os.loadavg();
    return `### The panel in a browser: time to rows visible

Debian's chromium (headless, playwright-core) against the production build (\`npm run build\`, \`node dist/server.js\`, \`NODE_ENV=production\`)
on the same ${ROWS.toLocaleString('en')}-product database, after ${imports} imports of 500 rows through the API (a worker process ran them, then stopped).
Rows visible: from the start of navigation to the first animation frame after the screen's first row entered the page
(timed inside the page, by the clock when that frame's callbacks run; the runs recorded up to c9411f0 used the callback's
timestamp, when the frame was begun, which after a long task can precede the row itself, so they read low). On a list page
the first row is the server's first paint (src/admin/panelFirstPaint.ts; the browser is signed in with the
time zone its login page reports); when the screen works, the application's own rows after it took the page over, is timed
the same way and shown in its own table. **Cold**: chromium on a fresh profile (empty HTTP and code caches, logged in by cookie), left alone for ${BROWSER_SETTLE_MS / 1000} s after it started, as a user's browser is already running (the runs up to be20901 loaded straight after the launch, while chromium was still setting itself up on the same 2 cores: about 1 s more), median of ${args.cold};
**warm**: one profile loading the screen again after every screen was loaded twice (chromium keeps a script's compiled code from
its second load on: a user's third page), median of ${args.warm} each way: **within the panel**, the tab coming from the panel's previous
screen (a user going from page to page, or reloading: chromium keeps the tab's renderer process within a site), and **arriving from
elsewhere**, the tab on about:blank before each load (as from another site or a new tab: chromium starts a renderer process for the
page, with every step dearer there than within the panel; every warm load up to 6725b71 was measured this way). Between loads
a tab stays on its last screen (the dashboard and the job monitor refresh themselves there every few seconds). Floor: the screen's own API request
(the one its rows wait for) answered alone, serial, median of ${REQUESTS}.${before ? ` Both builds run at once on the same database; loads alternate between them.` : ''}
Load average (1/5/15 min) at the start of the browser runs ${loadStart.map((v) => v.toFixed(1)).join(' / ')}, at the end ${loadEnd.map((v) => v.toFixed(1)).join(' / ')}.

${panelScreensMarkdown(results, servers)}${profile ? `\n\n${profile}` : ''}`;
  } finally {
    for (const p of started.reverse()) await p.stop();
    before?.remove();
    after?.remove();
  }
}

await main();
process.exit(0);
