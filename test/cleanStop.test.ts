import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../config/env.js';
import { freePort } from '../src/lib/embeddedPostgres.js';
import { waitFor } from './waitFor.js';

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

describe('Ctrl-C on the all-in-one process (embedded PostgreSQL)', () => {
  let dir: string;
  let app: ChildProcess | undefined;
  let postgresPid = 0;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'acme-stop-'));
    await fs.chmod(dir, 0o755); // the embedded server runs as user postgres and must reach it
  });
  afterAll(async () => {
    // Only if the test failed half-way: nothing of ours may outlive it.
    for (const pgid of [app?.pid, postgresPid]) if (pgid && groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('drains, closes its pools, stops PostgreSQL and exits 0 without a stack trace', async () => {
    const port = await freePort();
    // Its own process group, as a terminal's foreground job; tsx in front of node, as under `npm start`.
    app = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), ['src/main.ts'], {
      cwd: projectRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), NODE_ENV: 'test', DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'info' },
    });
    let output = '';
    app.stdout!.on('data', (d) => (output += d));
    app.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => app!.once('exit', (code) => resolve(code)));
    let exitCode: number | null | undefined;
    void exited.then((code) => (exitCode = code));

    await waitFor(
      async () => {
        if (exitCode !== undefined) throw new Error(`exited early with ${exitCode}:\n${output}`);
        return fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
      },
      { what: () => `/readyz; output so far:\n${output}`, timeoutMs: 90_000, intervalMs: 200 },
    );
    const pidFile = path.join(dir, 'postgres', 'postmaster.pid');
    postgresPid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
    expect(groupAlive(postgresPid)).toBe(true);

    process.kill(-app.pid!, 'SIGINT'); // what Ctrl-C does: the whole foreground group
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 60_000)))]);
    clearTimeout(timer);

    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('"msg":"stopped"') });
    expect(output).not.toMatch(/Unhandled 'error' event|\n\s+at .+:\d+:\d+\)?\n|57P01/);
    await waitFor(() => !groupAlive(postgresPid), { what: 'the embedded PostgreSQL to be gone', timeoutMs: 10_000, intervalMs: 200 });
    expect(existsSync(pidFile)).toBe(false); // removed by PostgreSQL itself: a clean shutdown, not a kill
  });
});
