import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

export const projectRoot = path.resolve(import.meta.dirname, '..');
export const SCREENSHOTS = path.join(projectRoot, 'docs', 'screenshots');
export const ADMIN = { email: 'e2e-admin@acme.test', password: 'e2e-password-123' };

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

export interface AppProcess {
  child: ChildProcess;
  logFile: string;
  /** SIGTERM, then wait for the process to exit (SIGKILL after 30 s). */
  stop(): Promise<void>;
}

export interface RunningApp extends AppProcess {
  baseUrl: string;
  /** Temporary directory: DATA_DIR (embedded PostgreSQL) and process logs. */
  dir: string;
  env: Record<string, string>;
}

const ENTRY = { all: 'dist/main.js', web: 'dist/server.js', worker: 'dist/worker.js' } as const;

/** Spawns `node dist/<role>.js` (the bundle `npm run build` made, as `npm start` runs it) with `env`; output goes to logFile. */
function spawnApp(role: keyof typeof ENTRY, env: Record<string, string>, logFile: string): AppProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--enable-source-maps', ENTRY[role]], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    logFile,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

const waitUntil = async (what: string, proc: AppProcess, check: () => Promise<boolean>) => {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.child.exitCode !== null)
      throw new Error(`${what}: the process exited with ${proc.child.exitCode}:\n${readFileSync(proc.logFile, 'utf8').slice(-4000)}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready within 90 s:\n${readFileSync(proc.logFile, 'utf8').slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

/**
 * Starts the production app (`NODE_ENV=production`, prebuilt admin bundle) as a child process with
 * its own DATA_DIR (embedded PostgreSQL) and a free port, and waits for /readyz. Role `all` is
 * `npm start` (web and worker); `web` serves without processing jobs (see startWorker).
 */
export async function startProductionApp(opts: { role?: 'all' | 'web'; env?: Record<string, string> } = {}): Promise<RunningApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acme-e2e-'));
  chmodSync(dir, 0o755); // the embedded PostgreSQL runs as user postgres and must traverse it
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATA_DIR: path.join(dir, 'data'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'info',
    JOBS_PROCESS_EVERY_MS: '300',
    JOBS_LOCK_LIFETIME_MS: '10000',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...opts.env,
  };
  const proc = spawnApp(opts.role ?? 'all', env, path.join(dir, 'app.log'));
  const app: RunningApp = {
    ...proc,
    baseUrl,
    dir,
    env,
    stop: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntil('the app', proc, async () => (await fetch(`${baseUrl}/readyz`)).ok);
  } catch (err) {
    await app.stop();
    throw err;
  }
  return app;
}

/** Starts a worker process (`src/worker.ts`) on the app's embedded database; resolves once it runs jobs. */
export async function startWorker(app: RunningApp): Promise<AppProcess> {
  const logFile = path.join(app.dir, `worker-${Date.now()}.log`);
  const proc = spawnApp('worker', { ...app.env, LOG_LEVEL: 'info' }, logFile);
  await waitUntil('the worker', proc, async () => /"msg":"started"/.test(readFileSync(logFile, 'utf8')));
  return proc;
}

/** Connection string of the app's embedded PostgreSQL (port written by the app beside its cluster). */
export function databaseUrl(app: RunningApp): string {
  const port = readFileSync(path.join(app.env.DATA_DIR!, 'postgres.port'), 'utf8').trim();
  return `postgres://postgres:postgres@127.0.0.1:${port}/acme`;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console messages of any page about a Content-Security-Policy violation, as they came. */
  cspViolations: string[];
  /** Addresses of pages that drew an icon by a name feather does not have (see FALLBACK_ICON_WATCH), once per icon drawn. */
  fallbackIcons: string[];
  close(): Promise<void>;
}

/**
 * Reports every icon the design system draws as feather's Slash, its fallback for an icon name that
 * feather does not have (a misspelt `icon` in a resource's or action's options shows as a crossed
 * circle, not as an error). The panel itself never asks for Slash.
 */
const FALLBACK_ICON_WATCH = `(() => {
  const seen = new WeakSet();
  const check = () => {
    for (const line of document.querySelectorAll('svg > line[x1="4.93"][y1="4.93"][x2="19.07"][y2="19.07"]')) {
      if (!seen.has(line)) { seen.add(line); window.__acmeFallbackIcon(); }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

/** Debian's chromium on a fresh profile (launchChromium, in `opts.timezoneId` if given), watching every page for CSP violations and fallback icons. */
export async function launchBrowser(baseUrl: string, opts: { timezoneId?: string } = {}): Promise<Browser> {
  const { context, close } = await launchChromium({ baseUrl, profilePrefix: 'acme-e2e-chromium-', acceptDownloads: true, ...opts });
  context.setDefaultTimeout(20_000);
  const cspViolations: string[] = [];
  const fallbackIcons: string[] = [];
  await context.exposeBinding('__acmeFallbackIcon', ({ page }) => void fallbackIcons.push(page.url()));
  await context.addInitScript(FALLBACK_ICON_WATCH);
  const watch = (p: Page) =>
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${p.url()}: ${m.text()}`);
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    cspViolations,
    fallbackIcons,
    close,
  };
}

/** Logs in through the AdminJS login form. */
export async function logIn(page: Page, creds = ADMIN): Promise<void> {
  await page.goto('/admin/login');
  await page.fill('input[name="email"]', creds.email);
  await page.fill('input[name="password"]', creds.password);
  await page.click('form button');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** Saves a screenshot of the current screen under docs/screenshots/. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: opts.fullPage });
}

/** A products CSV: `rows` valid rows (SKUs `${prefix}-00001`…) plus `invalid` rows with an empty SKU. */
export function productsCsv(rows: number, opts: { prefix?: string; invalid?: number } = {}): string {
  const prefix = opts.prefix ?? 'E2E';
  const lines = ['sku,name,description,active'];
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(5, '0');
    lines.push(`${prefix}-${n},Product ${n},"Made for the e2e test, row ${i}",${i % 10 === 0 ? 'false' : 'true'}`);
  }
  for (let i = 0; i < (opts.invalid ?? 0); i++) lines.push(`,Nameless ${i},no sku here,true`);
  return `${lines.join('\n')}\n`;
}
