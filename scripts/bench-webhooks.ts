// npm run bench:webhooks [-- --deliveries 1000 --latency-samples 30]
// Webhook delivery speed: event → receipt latency with an idle queue, and how fast 1,000 queued deliveries
// drain to a local receiver; each against a bare signed-POST baseline in the same run. Writes docs/BENCHMARKS.md.
import { parseArgs } from 'node:util';
import supertest from 'supertest';
import type { ImportEventData } from '../src/events/events.map.js';
import { startRuntime, type Runtime } from '../src/runtime.js';
import { messageBody, newMessageId } from '../src/webhooks/webhooks.delivery.js';
import { postWebhook } from '../src/webhooks/webhooks.http.js';
import { generateSigningSecret, signedHeaders } from '../src/webhooks/webhooks.signing.js';
import { startReceiver, type TestReceiver } from '../src/webhooks/webhooks.testReceiver.js';
import { withBenchApp } from './bench/benchApp.js';
import { median, writeBenchmarkSection } from './benchReport.js';

const { values: args } = parseArgs({
  options: { deliveries: { type: 'string', default: '1000' }, 'latency-samples': { type: 'string', default: '30' } },
});
const DELIVERIES = Number(args.deliveries);
const SAMPLES = Number(args['latency-samples']);
const CONCURRENCY = 16; // the webhooks.deliver job's concurrency
const log = (m: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** A bare signed POST (what one delivery costs on the wire, without queue or database). */
const barePost = (url: string, secret: string) => {
  const body = messageBody('product.created', { id: 1, sku: 'BASE', name: 'Baseline' });
  const id = newMessageId();
  return postWebhook({
    url,
    body,
    timeoutMs: 10_000,
    allowPrivateNetworks: true,
    headers: { ...signedHeaders({ id, timestamp: Math.floor(Date.now() / 1000), body, secrets: [secret] }) },
  });
};

async function baseline(receiver: TestReceiver) {
  const secret = generateSigningSecret();
  const single: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await barePost(receiver.url, secret);
    single.push(performance.now() - t0);
  }
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < DELIVERIES) await barePost(receiver.url, secret);
    }),
  );
  return { latency: median(single), drainSeconds: (performance.now() - t0) / 1000 };
}

/**
 * Enqueues DELIVERIES messages (in the web runtime) with no worker running, then starts a worker
 * runtime and times the drain (worker start-up included).
 */
async function drain(rt: Runtime, startWorker: () => Promise<Runtime>, receiver: TestReceiver) {
  await rt.services.webhooks.createWebhook({ url: receiver.url, events: ['import.completed'] });
  const q0 = performance.now();
  // One event per transaction, as the services record them: recorded, then fanned out after the commit.
  for (let i = 0; i < DELIVERIES; i++) {
    await rt.services.outbox.transaction(async (_trx, emit) => emit('import.completed', { id: `bench-${i}` } as ImportEventData));
  }
  const queueSeconds = (performance.now() - q0) / 1000;
  const before = receiver.received.length;
  const t0 = performance.now();
  const worker = await startWorker();
  await receiver.waitFor(before + DELIVERIES, 600_000);
  const drainSeconds = (performance.now() - t0) / 1000;
  const recorded = async () => Number((await rt.db('webhook_messages').where({ status: 'delivered' }).count({ n: '*' }).first())!.n);
  while ((await recorded()) < DELIVERIES) await sleep(20);
  return { worker, queueSeconds, drainSeconds, recordedSeconds: (performance.now() - t0) / 1000 };
}

/** Product created through the HTTP API → receipt at the subscriber, one at a time with the queue idle. */
async function latency(api: ReturnType<typeof supertest>, token: string, receiver: TestReceiver, prefix: string) {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await sleep(150 + Math.random() * 400); // arrive at random points of the worker's polling cycle
    const before = receiver.received.length;
    const t0 = Date.now();
    const res = await api
      .post('/api/v1/products')
      .set('Authorization', `Bearer ${token}`)
      .send({ sku: `${prefix}-${i}`, name: 'Latency probe' });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    const got = await receiver.waitFor(before + 1, 30_000);
    samples.push(got[before]!.receivedAt - t0);
  }
  return samples;
}

async function main() {
  const receiver = await startReceiver();
  try {
    // Production defaults (JOBS_PROCESS_EVERY_MS 1000, WORKER_CONCURRENCY 4), except that the receiver is on 127.0.0.1.
    const env = { NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };
    await withBenchApp({ name: 'webhooks', role: 'web', env }, async ({ rt, config, logger: quiet, baseUrl }) => {
      let worker: Runtime | undefined;
      try {
        const api = supertest(baseUrl);
        const { token } = await rt.services.apiTokens.createToken({ name: 'bench' });

        log(`baseline: ${SAMPLES} sequential + ${DELIVERIES} signed POSTs (${CONCURRENCY} in flight), no queue`);
        const base = await baseline(receiver);
        log(`drain: ${DELIVERIES} queued deliveries`);
        // The worker: a second runtime in this process (own Agenda and pools), started once the backlog is queued.
        const d = await drain(rt, () => startRuntime(config, quiet, 'worker'), receiver);
        worker = d.worker;
        log(`  ${d.drainSeconds.toFixed(2)} s to the last receipt, ${d.recordedSeconds.toFixed(2)} s until every attempt was recorded`);
        await sleep(2000);
        await rt.services.webhooks.createWebhook({ url: receiver.url, events: ['product.created'] });
        log(`latency, separate worker: ${SAMPLES} product creations through the API`);
        const latSplit = await latency(api, token, receiver, 'SPLIT');
        // Same again with the jobs run in the web runtime itself (npm start: web and worker in one process).
        await worker.close();
        worker = undefined;
        // A web runtime already listens on Agenda's channel (to announce jobs); start() connects it again.
        await (rt.agenda as unknown as { notificationChannel?: { disconnect(): Promise<void> } }).notificationChannel?.disconnect();
        await rt.agenda.start();
        await sleep(1500);
        log(`latency, one runtime: ${SAMPLES} product creations`);
        const lat = await latency(api, token, receiver, 'LAT');

        const md = `## Webhooks (\`npm run bench:webhooks\`)

The app runs in-process on a fresh embedded PostgreSQL with production defaults (Agenda polling every 1 s,
\`webhooks.deliver\` concurrency ${CONCURRENCY}); the subscriber is a plain Node HTTP server on 127.0.0.1
answering 200 at once. Each delivery is signed, POSTed, and recorded (attempt row, message and webhook updated in one transaction).

| measure | webhooks (queue, jobs, database) | baseline: bare signed POST, no queue | target |
|---|---|---|---|
| event → receipt, median of ${SAMPLES} (queue idle), web and worker in one runtime (\`npm start\`) | **${median(lat).toFixed(0)} ms** (p90 ${pct(lat, 0.9).toFixed(0)} ms, max ${Math.max(...lat).toFixed(0)} ms) | ${base.latency.toFixed(1)} ms | < 1 s |
| same, jobs run by a separate worker runtime | **${median(latSplit).toFixed(0)} ms** (p90 ${pct(latSplit, 0.9).toFixed(0)} ms, max ${Math.max(...latSplit).toFixed(0)} ms) | | < 1 s |
| ${DELIVERIES.toLocaleString('en')} queued deliveries drained | **${d.drainSeconds.toFixed(1)} s** (${(DELIVERIES / d.drainSeconds).toFixed(0)}/s) | ${base.drainSeconds.toFixed(2)} s (${CONCURRENCY} in flight) | < 30 s |

Latency is measured from just before \`POST /api/v1/products\` (through the HTTP server) to the receiver's arrival time,
one product at a time with 150–550 ms idle pauses, so it includes the API call, the commit, queueing the message and the job.
The separate worker is a second runtime in the same Node process (own Agenda and connection pools), as with
\`npm run start:web\` + \`npm run start:worker\`: the web runtime only enqueues, and announces each new job on Agenda's
PostgreSQL LISTEN/NOTIFY channel so the worker starts it at once instead of at its next poll (\`JOBS_PROCESS_EVERY_MS\`, 1 s).
The drain backlog (${DELIVERIES.toLocaleString('en')} \`import.completed\` messages to one webhook) was queued by the web runtime with the
worker stopped (${d.queueSeconds.toFixed(1)} s to queue); the clock starts as the worker runtime starts (start-up included) and stops at the last receipt
(every message was marked delivered ${d.recordedSeconds.toFixed(1)} s after the start).`;
        writeBenchmarkSection('webhooks', md);
        process.stdout.write(`\n${md}\n`);
      } finally {
        await worker?.close();
      }
    });
  } finally {
    await receiver.close();
  }
}

await main();
process.exit(0);
