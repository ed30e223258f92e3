import { createTestDatabase, dropTestDatabase } from '../../test/db.js';
import { waitFor } from '../../test/waitFor.js';
import { startWebProcess, stopWorker, type WorkerProcess } from '../../test/workers.js';
import { createApiTokensRepo } from '../auth/apiTokens.repo.js';
import { createApiTokensService } from '../auth/apiTokens.service.js';
import { createDb } from '../lib/db.js';
import { freePort } from '../lib/embeddedPostgres.js';

const LIMIT = 6;

describe('API rate limit across web processes', () => {
  let databaseUrl: string;
  const webs: WorkerProcess[] = [];
  const urls: string[] = [];
  let token: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    const db = createDb(databaseUrl, 2);
    try {
      token = (await createApiTokensService({ repo: createApiTokensRepo(db) }).createToken({ name: 'two processes' })).token;
    } finally {
      await db.destroy();
    }
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      webs.push(startWebProcess(databaseUrl, { PORT: String(port), API_RATE_LIMIT_PER_MINUTE: String(LIMIT) }));
      urls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(
      urls.map((url, i) =>
        waitFor(
          () =>
            fetch(`${url}/readyz`).then(
              (r) => r.ok,
              () => false,
            ),
          {
            what: () => `web process ${i} to be ready; its stderr:\n${webs[i]!.stderr()}`,
            timeoutMs: 90_000,
            intervalMs: 250,
          },
        ),
      ),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(webs.map((w) => stopWorker(w)));
    await dropTestDatabase(databaseUrl);
  });

  it("limits a token's requests spread over both processes at the single limit", async () => {
    // Every request must fall in one clock minute (the window): start with 20 s of it left.
    await waitFor(() => Date.now() % 60_000 < 40_000, { what: 'a minute with 20 s left', timeoutMs: 25_000, intervalMs: 200 });
    const get = (i: number) => fetch(`${urls[i % 2]}/api/v1/products?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
    const answers = [];
    for (let i = 0; i < 2 * LIMIT; i++) {
      const res = await get(i);
      answers.push({ via: i % 2, status: res.status, remaining: res.headers.get('ratelimit-remaining'), retryAfter: res.headers.get('retry-after') });
      await res.arrayBuffer();
    }
    expect(answers.slice(0, LIMIT).map((a) => [a.status, a.remaining])).toEqual(Array.from({ length: LIMIT }, (_, i) => [200, String(LIMIT - 1 - i)]));
    expect(answers.slice(LIMIT).map((a) => a.status)).toEqual(Array(LIMIT).fill(429));
    expect(new Set(answers.slice(LIMIT).map((a) => a.via))).toEqual(new Set([0, 1])); // both processes refuse
    for (const a of answers.slice(LIMIT)) expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
