import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../config/env.js';
import { createLogger } from './logger.js';
import { startEmbeddedPostgres } from './embeddedPostgres.js';

const logger = createLogger('silent');

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'acme-embedded-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('starts again with its data after the process that ran it was killed with SIGKILL', async () => {
    const cluster = path.join(dir, 'cluster');
    // A real app-like process starts the cluster, writes a row, then is killed without cleanup.
    // node itself (not the tsx wrapper) so that SIGKILL hits the process that owns the cluster.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/holdEmbeddedPostgres.ts', cluster], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const url: string = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /ready (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
    });
    await query(url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const pid = Number((await fs.readFile(path.join(cluster, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(() => process.kill(pid, 0)).not.toThrow(); // the orphaned postmaster still runs

    const db = await startEmbeddedPostgres({ dir: cluster, port: 0, database: 'app', logger });
    try {
      expect(await query(db.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      expect(await query(db.url.replace(/\/app$/, '/holder'), 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
      expect(() => process.kill(pid, 0)).toThrow(); // the orphan was stopped, not left beside the new server
    } finally {
      await db.stop();
    }
  });

  it('removes a stale postmaster.pid that names a dead process', async () => {
    const cluster = path.join(dir, 'cluster');
    const first = await startEmbeddedPostgres({ dir: cluster, port: 0, database: 'app', logger });
    await first.stop();
    await fs.writeFile(path.join(cluster, 'postmaster.pid'), '999999\n/nonexistent\n0\n5432\n');
    const second = await startEmbeddedPostgres({ dir: cluster, port: 0, database: 'app', logger });
    try {
      expect(await query(second.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await second.stop();
    }
  });
});
