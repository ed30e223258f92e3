import { once } from 'node:events';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../config/env.js';
import { createApp } from '../../src/app.js';
import { startEmbeddedPostgres } from '../../src/lib/embeddedPostgres.js';
import { createLogger, type Logger } from '../../src/lib/logger.js';
import { startRuntime, type ProcessRole, type Runtime } from '../../src/runtime.js';

/** A benchmark's own app, in this process: its PostgreSQL, its runtime and the web app on 127.0.0.1. */
export interface BenchApp {
  /** The run's scratch folder (removed at the end). */
  dir: string;
  config: Config;
  /** Silent: a benchmark's output is its numbers. */
  logger: Logger;
  rt: Runtime;
  server: http.Server;
  baseUrl: string;
}

/**
 * Runs `bench` against a fresh embedded PostgreSQL in a scratch folder, with a runtime of `role`
 * (settings: `env` over the test defaults, logs silent) and the web app listening on 127.0.0.1; then
 * closes the server, the app, the runtime and PostgreSQL and removes the folder, whatever happened.
 * What the bench starts itself (a second runtime, a receiver) it closes itself.
 */
export async function withBenchApp<T>(
  opts: { name: string; role: ProcessRole; env?: Record<string, string> },
  bench: (app: BenchApp) => Promise<T>,
): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `acme-bench-${opts.name}-`));
  const logger = createLogger('silent');
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'postgres'), port: 0, database: 'bench', logger });
  let rt: Runtime | undefined;
  let server: http.Server | undefined;
  let closeWeb = async () => {};
  try {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...opts.env, DATABASE_URL: pg.url, DATA_DIR: path.join(dir, 'data') });
    rt = await startRuntime(config, logger, opts.role);
    const web = await createApp(rt);
    closeWeb = web.close;
    server = http.createServer(web.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return await bench({ dir, config, logger, rt, server, baseUrl });
  } finally {
    if (server) {
      server.closeAllConnections();
      await new Promise((r) => server!.close(r));
    }
    await closeWeb();
    await rt?.close();
    await pg.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
