import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../config/env.js';

/** A real worker process (`src/worker.ts`) and the tail of what it wrote to stderr. */
export interface WorkerProcess {
  child: ChildProcess;
  stderr: () => string;
}

/**
 * Starts a real worker process on a test database, in its own process group (so a kill reaches
 * tsx's node child too). `env` overrides (e.g. IMPORT_BULK_MIN_ROWS); jobs whose worker dies are
 * taken over after JOBS_LOCK_LIFETIME_MS (3 s).
 */
export function startWorker(databaseUrl: string, env: Record<string, string> = {}): WorkerProcess {
  return startAppProcess('src/worker.ts', databaseUrl, env);
}

/** A real web process (`src/server.ts`) on a test database, listening on `env.PORT`; stopped like a worker. */
export function startWebProcess(databaseUrl: string, env: Record<string, string> & { PORT: string }): WorkerProcess {
  return startAppProcess('src/server.ts', databaseUrl, env);
}

function startAppProcess(entry: string, databaseUrl: string, env: Record<string, string>): WorkerProcess {
  const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), [entry], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      JOBS_PROCESS_EVERY_MS: '200',
      JOBS_LOCK_LIFETIME_MS: '3000',
      ...env,
    },
  });
  let tail = '';
  child.stderr!.on('data', (d: Buffer) => void (tail = (tail + d.toString()).slice(-4000)));
  return { child, stderr: () => tail };
}

export const isRunning = (w: WorkerProcess) => w.child.exitCode === null && w.child.signalCode === null;

/** Resolves when the process has exited (at once if it already has). */
export const exited = (w: WorkerProcess) => (isRunning(w) ? new Promise<void>((r) => w.child.once('exit', () => r())) : Promise.resolve());

/** Signals the worker's process group; a group already gone is fine. */
function signalGroup(w: WorkerProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-w.child.pid!, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** SIGKILL to the worker's whole process group: no shutdown, no cleanup, like a machine dying. */
export async function killWorker(w: WorkerProcess): Promise<void> {
  if (isRunning(w)) signalGroup(w, 'SIGKILL');
  await exited(w);
}

/** SIGTERM (clean shutdown); SIGKILL if it has not exited after `ms`. */
export async function stopWorker(w: WorkerProcess, ms = 15_000): Promise<void> {
  if (!isRunning(w)) return;
  signalGroup(w, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(w, 'SIGKILL'), ms);
  await exited(w);
  clearTimeout(timer);
}
