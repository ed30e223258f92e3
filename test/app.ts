import supertest from 'supertest';
import { loadConfig, type Config } from '../config/env.js';
import { createApp, type WebApp } from '../src/app.js';
import { createLogger } from '../src/lib/logger.js';
import { startRuntime, type ProcessRole, type Runtime } from '../src/runtime.js';
import { createTestDatabase, dropTestDatabase } from './db.js';

export interface TestApp {
  rt: Runtime;
  web: WebApp;
  config: Config;
  /** supertest bound to the app. */
  http: ReturnType<typeof supertest>;
  /** A valid API token for Authorization: Bearer. */
  token: string;
  close(): Promise<void>;
}

/** Config for tests: its own database, quiet logs, fast job polling; `env` overrides. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JOBS_PROCESS_EVERY_MS: '200',
    JOBS_LOCK_LIFETIME_MS: '5000',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...env,
  });
}

export interface TestAppOptions {
  /** `all` runs the job worker too; `web` by default. */
  role?: ProcessRole;
  /** Config overrides (testConfig). */
  env?: Record<string, string>;
  /** Where log entries go, as JSON lines (set LOG_LEVEL in `env`; tests log nothing by default). */
  logTo?: NodeJS.WritableStream;
}

/**
 * A real app on a fresh database: runtime (role `all` runs the job worker too), Express app,
 * and an API token. close() shuts everything down and drops the database.
 */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const config = testConfig(databaseUrl, opts.env);
  const logger = createLogger(config.LOG_LEVEL, 'acme', opts.logTo ? { terminal: false, destination: opts.logTo } : {});
  const rt = await startRuntime(config, logger, opts.role ?? 'web');
  const web = await createApp(rt);
  const { token } = await rt.services.apiTokens.createToken({ name: 'test' });
  return {
    rt,
    web,
    config,
    http: supertest(web.app),
    token,
    close: async () => {
      await web.close();
      await rt.close();
      await dropTestDatabase(databaseUrl);
    },
  };
}
