import { spawn } from 'node:child_process';
import path from 'node:path';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { projectRoot } from '../../config/env.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { waitFor } from '../../test/waitFor.js';
import { exited, killWorker, startWorker, stopWorker, type WorkerProcess } from '../../test/workers.js';
import { startReceiver, type TestReceiver } from '../webhooks/webhooks.testReceiver.js';

/** A real web process (`src/server.ts`) on a free port; `url` once it listens. */
async function startWebProcessOnFreePort(databaseUrl: string, env: Record<string, string>): Promise<WorkerProcess & { url: string }> {
  const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), ['src/server.ts'], {
    cwd: projectRoot,
    detached: true, // its own process group, so killWorker reaches tsx's node child too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test', DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...env },
  });
  let out = '';
  let tail = '';
  child.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (tail = (tail + d.toString()).slice(-4000)));
  const proc = { child, stderr: () => tail };
  const port = await waitFor(() => /is running: http:\/\/localhost:(\d+)\//.exec(out)?.[1] ?? (child.exitCode !== null ? 'exited' : null), {
    what: () => `the web process to listen; it wrote: ${out} ${tail}`,
    timeoutMs: 60_000,
  });
  if (port === 'exited') throw new Error(`the web process exited: ${tail}`);
  return { ...proc, url: `http://127.0.0.1:${port}` };
}

describe('a process killed right after a product’s commit', () => {
  let t: TestApp;
  const receivers: TestReceiver[] = [];
  const processes: WorkerProcess[] = [];
  beforeAll(async () => {
    t = await startTestApp({ role: 'web' }); // inspects the database; runs no jobs
    for (let i = 0; i < 2; i++) receivers.push(await startReceiver());
  });
  afterAll(async () => {
    await Promise.all(processes.map(killWorker));
    await t.close();
    for (const r of receivers) await r.close();
  });

  it('loses nothing: after a restart each webhook receives the event exactly once', async () => {
    const secrets = [];
    for (const r of receivers) secrets.push((await t.rt.services.webhooks.createWebhook({ url: r.url, events: ['product.created'] })).secret);

    const web = await startWebProcessOnFreePort(t.config.DATABASE_URL!, { TEST_KILL_AFTER_EVENT_COMMIT: 'true' });
    processes.push(web);
    const answer = await fetch(`${web.url}/api/v1/products`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sku: 'CRASH-1', name: 'Committed, then killed' }),
    }).then(
      (res) => res.status,
      (err: Error) => err.message,
    );
    expect(answer).toBe('fetch failed'); // the process died before it could answer
    await exited(web);
    expect(web.child.exitCode).toBe(137); // tsx reports its node child's SIGKILL as 128 + 9

    // Committed with its event; nothing fanned out.
    const product = await t.rt.services.products.getProduct(Number((await t.rt.db('products').where({ sku: 'CRASH-1' }).first()).id));
    const [event] = await t.rt.db('domain_events').where({ name: 'product.created' });
    expect(event).toMatchObject({ data: product, dispatched_at: null });
    expect(await t.rt.db('webhook_messages')).toEqual([]);

    const worker = startWorker(t.config.DATABASE_URL!, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    processes.push(worker);
    await waitFor(async () => receivers.every((r) => r.received.length >= 1), {
      what: () => `each receiver to get the event; the worker wrote: ${worker.stderr()}`,
      timeoutMs: 60_000,
    });
    for (const [i, r] of receivers.entries()) {
      const payload = new StandardWebhook(secrets[i]!).verify(r.received[0]!.body, r.received[0]!.headers) as {
        type: string;
        timestamp: string;
        data: unknown;
      };
      expect(payload).toEqual({ type: 'product.created', timestamp: event.created_at.toISOString(), data: product });
    }
    await waitFor(async () => (await t.rt.db('webhook_messages').where({ status: 'delivered' })).length === 2, {
      what: () => `both messages to be recorded delivered; the worker wrote: ${worker.stderr()}`,
    });
    await new Promise((resolve) => setTimeout(resolve, 2000)); // grace period: no second delivery arrives
    expect(receivers.map((r) => r.received.length)).toEqual([1, 1]);
    expect((await t.rt.db('domain_events').where({ id: event.id }).first()).dispatched_at).not.toBeNull();
    await stopWorker(worker);
  }, 150_000); // past the waits' own bounds (60 s + 60 s + 20 s)
});
