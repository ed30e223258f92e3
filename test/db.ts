import { randomBytes } from 'node:crypto';
import pg from 'pg';

const templateUrl = () => {
  const url = process.env.TEST_PG_TEMPLATE_URL;
  if (!url) throw new Error('TEST_PG_TEMPLATE_URL is not set: run the tests through jest (test/globalSetup.ts)');
  return url;
};

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: templateUrl().replace(/\/[^/]+$/, '/postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database cloned from the run's template; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE acme_template`));
      break;
    } catch (err) {
      // Two workers cloning at the same instant: try again shortly.
      if (attempt > 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return templateUrl().replace(/\/[^/]+$/, `/${name}`);
}

/** Drops a database made by createTestDatabase (closing stray connections first). */
export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
