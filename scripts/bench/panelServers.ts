import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../config/env.js';
import { freePort } from '../../src/lib/embeddedPostgres.js';

export interface AppProcess {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** `npm run build` in `dir` (the production bundles `npm start` runs); throws when it fails. */
export function buildApp(dir = projectRoot): void {
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm run build failed in ${dir}`);
}

/**
 * A copy of revision `rev` (git archive: the checkout, its index and work tree are left alone) built
 * for production, with this checkout's node_modules. Its migrations must be this database's.
 */
export function buildRevision(rev: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acme-bench-rev-'));
  const archive = spawnSync('sh', ['-c', `git -C "${projectRoot}" archive "${rev}" | tar -x -C "${dir}"`], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (archive.status !== 0) throw new Error(`git archive ${rev} failed`);
  symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'));
  buildApp(dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Spawns `node dist/<entry>.js` of the build in `dir` (production mode, on `port` or a free one) and
 * waits for /readyz when it is a web process. `stop()`: SIGTERM, then SIGKILL after 30 s.
 */
export async function startAppProcess(opts: { dir?: string; entry: 'server' | 'worker'; env: Record<string, string>; port?: number }): Promise<AppProcess> {
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--enable-source-maps', `dist/${opts.entry}.js`], {
    cwd: opts.dir ?? projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      ...opts.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  if (opts.entry === 'server') {
    const deadline = Date.now() + 120_000;
    while (
      !(await fetch(`${baseUrl}/readyz`)
        .then((r) => r.ok)
        .catch(() => false))
    ) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`dist/server.js in ${opts.dir ?? projectRoot} did not become ready`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return { baseUrl, pid: child.pid!, stop };
}

/** Logs in to the panel (the login form's POST) and returns the session cookie. */
export async function panelLogin(baseUrl: string, email: string, password: string): Promise<{ name: string; value: string }> {
  const res = await fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  });
  const [name, value] = (res.headers.get('set-cookie') ?? '').split(';')[0]!.split('=');
  if (res.status !== 302 || !name || !value) throw new Error(`panel login failed (${res.status})`);
  return { name, value };
}

/**
 * `count` small imports through the API (each `rows` rows updating existing products), one after
 * the other, each awaited to `completed`: the imports history and the job monitor then have rows.
 */
export async function importHistory(baseUrl: string, token: string, count: number, rows = 500): Promise<void> {
  for (let i = 0; i < count; i++) {
    const lines = ['sku,name,description,active'];
    for (let r = 1; r <= rows; r++) lines.push(`SKU-${String(i * rows + r).padStart(7, '0')},Bench chair ${i}-${r},"Imported by bench:admin, batch ${i}",true`);
    const res = await fetch(`${baseUrl}/api/v1/imports?filename=bench-${i + 1}.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: `${lines.join('\n')}\n`,
    });
    if (res.status !== 202) throw new Error(`import answered ${res.status}: ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    for (let tries = 0; ; tries++) {
      const imp = (await (await fetch(`${baseUrl}/api/v1/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string };
      if (imp.status === 'completed') break;
      if (imp.status === 'failed' || imp.status === 'cancelled' || tries > 1200) throw new Error(`import ${id} ${imp.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
