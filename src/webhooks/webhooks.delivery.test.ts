import net from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../../test/app.js';
import { pruneFinishedDeliveryJobs } from '../../jobs/webhooks/resumeDeliveries.job.js';
import type { ImportEventData } from '../events/events.map.js';
import { messageBody } from './webhooks.delivery.js';
import { eventually, startReceiver, type ReceiverAnswer, type TestReceiver } from './webhooks.testReceiver.js';

const DELAYS = [300, 600, 900];

describe('webhook delivery failures, retries and disabling', () => {
  let t: TestApp;
  const receivers: TestReceiver[] = [];
  const auth = () => ({ Authorization: `Bearer ${t.token}` });
  const receiver = async (answer: (i: number) => ReceiverAnswer) => {
    const r = await startReceiver((_req, i) => answer(i));
    receivers.push(r);
    return r;
  };
  const createHook = async (url: string, events = ['product.created']) =>
    (await t.http.post('/api/v1/webhooks').set(auth()).send({ url, events })).body as { id: number; secret: string };
  const deliveries = async (id: number, query = '') => (await t.http.get(`/api/v1/webhooks/${id}/deliveries${query}`).set(auth())).body.data;
  const hookState = async (id: number) => (await t.http.get(`/api/v1/webhooks/${id}`).set(auth())).body;
  let sku = 0;
  const emitProductCreated = () => t.rt.services.products.createProduct({ sku: `DL-${++sku}`, name: 'Delivery test' });

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { WEBHOOK_RETRY_DELAYS_MS: DELAYS.join(','), WEBHOOK_TIMEOUT_MS: '500' } });
    await t.rt.services.adminUsers.createAdmin({ email: 'ops@example.com', password: 'correct horse' });
  });
  afterAll(async () => {
    await t.close();
    for (const r of receivers) await r.close();
  });

  it('retries a 500 with backoff, keeping the webhook-id, until a 2xx', async () => {
    const r = await receiver((i) => (i < 2 ? { status: 500, body: 'boom' } : { status: 204 }));
    const hook = await createHook(r.url);
    await emitProductCreated();
    const got = await r.waitFor(3);
    expect(new Set(got.map((g) => g.headers['webhook-id'])).size).toBe(1);
    expect(new Set(got.map((g) => g.body)).size).toBe(1);
    for (const g of got) new StandardWebhook(hook.secret).verify(g.body, g.headers);

    const log = await eventually(async () => {
      const d = await deliveries(hook.id);
      return d.length === 3 ? d.reverse() : null;
    });
    expect(
      log.map((d: { attempt: number; trigger: string; success: boolean; responseStatus: number }) => [d.attempt, d.trigger, d.success, d.responseStatus]),
    ).toEqual([
      [1, 'event', false, 500],
      [2, 'retry', false, 500],
      [3, 'retry', true, 204],
    ]);
    expect(log[0].responseBody).toBe('boom');
    expect(log[0].error).toBe('HTTP 500');
    // Each failure scheduled its retry per the policy (±20 % jitter), and no retry came early.
    for (const i of [0, 1]) {
      const planned = Date.parse(log[i].nextAttemptAt) - Date.parse(log[i].createdAt);
      expect(planned).toBeGreaterThanOrEqual(DELAYS[i]! * 0.8 - 5);
      expect(planned).toBeLessThanOrEqual(DELAYS[i]! * 1.2 + 5);
      expect(got[i + 1]!.receivedAt).toBeGreaterThanOrEqual(Date.parse(log[i].nextAttemptAt) - 5);
    }
    expect(log[2].nextAttemptAt).toBeNull();
    expect(await hookState(hook.id)).toMatchObject({ enabled: true, consecutiveFailures: 0, lastStatus: 204 });
  });

  it('honours Retry-After over the schedule', async () => {
    const r = await receiver((i) => (i === 0 ? { status: 503, headers: { 'retry-after': '2' } } : { status: 200 }));
    const hook = await createHook(r.url);
    await emitProductCreated();
    const got = await r.waitFor(2);
    const [first] = await eventually(async () => {
      const d = await deliveries(hook.id, '?status=failed');
      return d.length ? d : null;
    });
    // Retry-After's 2 s, not the schedule's 300 ms. The delay is counted from the attempt's answer; the
    // attempt's row is stamped by PostgreSQL a few milliseconds later (more on a busy machine).
    const planned = Date.parse(first.nextAttemptAt) - Date.parse(first.createdAt);
    expect(planned).toBeGreaterThanOrEqual(1900);
    expect(planned).toBeLessThanOrEqual(2000);
    expect(got[1]!.receivedAt - got[0]!.receivedAt).toBeGreaterThanOrEqual(1900);
  });

  it('gives up after the last scheduled retry and records every attempt', async () => {
    const r = await receiver(() => ({ status: 500 }));
    const hook = await createHook(r.url);
    await emitProductCreated();
    await r.waitFor(DELAYS.length + 1);
    const log = await eventually(async () => {
      const d = await deliveries(hook.id);
      return d.length === DELAYS.length + 1 && d[0].nextAttemptAt === null ? d : null;
    });
    expect(log.every((d: { success: boolean }) => !d.success)).toBe(true);
    // The message is given up (final): no attempt can follow.
    await eventually(async () => (await t.rt.db('webhook_messages').where({ webhook_id: hook.id }).first())?.status === 'failed');
    expect(r.received).toHaveLength(DELAYS.length + 1);
    expect((await hookState(hook.id)).consecutiveFailures).toBe(DELAYS.length + 1);
  });

  it('treats a slow answer, a hung connection and a refused connection as failures with the error recorded', async () => {
    const slow = await receiver(() => ({ status: 200, delayMs: 2000 }));
    const hung = await receiver(() => ({ hang: true }));
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const results = [];
    for (const url of [slow.url, hung.url, `http://127.0.0.1:${closedPort}/hook`]) {
      const hook = await createHook(url, ['import.failed']);
      results.push((await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(auth())).body);
      await t.http.patch(`/api/v1/webhooks/${hook.id}`).set(auth()).send({ enabled: false });
    }
    expect(results.map((r) => [r.success, r.responseStatus])).toEqual([
      [false, null],
      [false, null],
      [false, null],
    ]);
    expect(results[0].error).toMatch(/Timed out after 500 ms/);
    expect(results[1].error).toMatch(/Timed out after 500 ms/);
    expect(results[2].error).toMatch(/ECONNREFUSED/);
  });

  it('does not follow redirects', async () => {
    const r = await receiver((i) => (i === 0 ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 }));
    const hook = await createHook(r.url, ['import.failed']);
    const res = await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(auth());
    expect(res.body).toMatchObject({ success: false, responseStatus: 302, error: 'HTTP 302' });
    expect(r.received.map((x) => x.path)).toEqual(['/hook']);
  });

  it('keeps only the first 4 KB of a response body', async () => {
    const r = await receiver(() => ({ status: 200, body: 'x'.repeat(100_000) }));
    const hook = await createHook(r.url, ['import.failed']);
    const res = await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(auth());
    expect(res.body.success).toBe(true);
    expect(res.body.responseBody).toHaveLength(4096);
  });

  it('410 Gone disables the webhook, cancels its pending messages and e-mails the admins', async () => {
    const r = await receiver(() => ({ status: 410 }));
    const hook = await createHook(r.url);
    await emitProductCreated();
    await r.waitFor(1);
    const state = await eventually(async () => {
      const s = await hookState(hook.id);
      return s.enabled ? null : s;
    });
    expect(state.disabledReason).toMatch(/410 Gone/);
    await emitProductCreated(); // disabled: nothing more is queued
    const mail = await eventually(() => t.rt.db('mail_outbox').where({ kind: 'webhook.disabled' }).whereLike('subject', `%${r.url}%`).first());
    expect(mail.to_address).toBe('ops@example.com');
    expect(mail.text_body).toContain('410 Gone');
    expect(mail.html_body).toContain(`/admin/resources/webhooks/records/${hook.id}/show`);
    await eventually(async () => (await t.rt.db('mail_outbox').where({ id: mail.id }).first()).status === 'stored');
    expect(r.received).toHaveLength(1);
    expect((await t.http.post(`/api/v1/webhooks/${hook.id}/deliveries/${(await deliveries(hook.id))[0].id}/redeliver`).set(auth())).status).toBe(409);
  });

  it('a job that runs twice makes one attempt', async () => {
    const r = await receiver(() => ({ status: 200, delayMs: 100 }));
    const hook = await createHook(r.url, ['import.completed']);
    await t.rt.services.outbox.transaction(async (_trx, emit) => emit('import.completed', { id: 'x' } as ImportEventData));
    const { id: messageId } = await t.rt.db('webhook_messages').where({ webhook_id: hook.id }).first();
    await Promise.all([
      t.rt.services.webhookDelivery.attemptMessage(messageId),
      t.rt.services.webhookDelivery.attemptMessage(messageId),
      t.rt.services.webhookDelivery.attemptMessage(messageId),
    ]);
    // The job the event's dispatch enqueued runs too, and finds nothing to do.
    await eventually(async () =>
      (await t.rt.agenda.queryJobs({ name: 'webhooks.deliver' })).jobs.some(
        (j) => (j.data as { messageId?: string } | undefined)?.messageId === messageId && j.lastFinishedAt,
      ),
    );
    expect(r.received).toHaveLength(1);
    expect(await deliveries(hook.id)).toHaveLength(1);
  });
});

describe('delivery upkeep', () => {
  let t: TestApp;
  let r: TestReceiver;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    r = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await r.close();
  });

  it('resumes a message whose job was lost, and prunes finished delivery jobs', async () => {
    const hook = await t.rt.services.webhooks.createWebhook({ url: r.url });
    // A message committed by a process that died before queueing its job: only the row exists.
    const body = messageBody('import.completed', { id: 'lost' });
    await t.rt
      .db('webhook_messages')
      .insert({ id: 'msg_lost', webhook_id: hook.id, event_type: 'import.completed', body, next_attempt_at: new Date(Date.now() - 5 * 60_000) });
    expect(await t.rt.services.webhookDelivery.resumeOverdue()).toBe(1);
    const [got] = await r.waitFor(1);
    expect(got!.headers['webhook-id']).toBe('msg_lost');
    expect(got!.body).toBe(body);
    await eventually(async () => (await t.rt.db('webhook_messages').where({ id: 'msg_lost' }).first()).status === 'delivered');
    expect(await t.rt.services.webhookDelivery.resumeOverdue()).toBe(0);

    const completed = async () => (await t.rt.agenda.queryJobs({ name: 'webhooks.deliver', state: 'completed' })).total;
    await eventually(async () => (await completed()) === 1);
    expect(await pruneFinishedDeliveryJobs(t.rt.agenda)).toBe(0); // kept for an hour
    expect(await pruneFinishedDeliveryJobs(t.rt.agenda, 0)).toBe(1);
    expect(await completed()).toBe(0);
  });
});

describe('automatic disabling of a webhook that keeps failing', () => {
  let t: TestApp;
  let r: TestReceiver;
  beforeAll(async () => {
    // 3 failures in a row over any span (production: 20 over more than a day).
    t = await startTestApp({
      role: 'all',
      env: { WEBHOOK_RETRY_DELAYS_MS: '100,100,100,100,100', WEBHOOK_DISABLE_AFTER_FAILURES: '3', WEBHOOK_DISABLE_AFTER_MS: '0' },
    });
    await t.rt.services.adminUsers.createAdmin({ email: 'a1@example.com', password: 'correct horse' });
    await t.rt.services.adminUsers.createAdmin({ email: 'a2@example.com', password: 'correct horse' });
    r = await startReceiver(() => ({ status: 500 }));
  });
  afterAll(async () => {
    await t.close();
    await r.close();
  });

  it('disables after the failure streak, cancels what is pending and e-mails every admin', async () => {
    const hook = (
      await t.http
        .post('/api/v1/webhooks')
        .set({ Authorization: `Bearer ${t.token}` })
        .send({ url: r.url })
    ).body;
    await t.rt.services.products.createProduct({ sku: 'AD-1', name: 'x' });
    const state = await eventually(async () => {
      const s = await t.rt.services.webhooks.getWebhook(hook.id);
      return s.enabled ? null : s;
    });
    expect(state.disabledReason).toMatch(/^3 failed attempts in a row since /);
    expect(r.received).toHaveLength(3);
    const messages = await t.rt.db('webhook_messages').where({ webhook_id: hook.id });
    expect(messages.map((m) => m.status)).toEqual(['failed']);
    const mail = await eventually(() => t.rt.db('mail_outbox').where({ kind: 'webhook.disabled' }).first());
    expect(mail.to_address).toBe('a1@example.com, a2@example.com');
    expect(mail.subject).toBe(`Webhook disabled: ${r.url}`);

    // Enabling again clears the streak.
    const enabled = await t.rt.services.webhooks.updateWebhook(hook.id, { enabled: true });
    expect(enabled).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
  });
});

describe('SSRF guard (private networks not allowed)', () => {
  let t: TestApp;
  let r: TestReceiver;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false', WEBHOOK_RETRY_DELAYS_MS: '100' } });
    r = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await r.close();
  });

  it('refuses loopback by address and by name (after DNS), in tests and in queued deliveries', async () => {
    const auth = { Authorization: `Bearer ${t.token}` };
    for (const url of [r.url, `http://localhost:${r.port}/hook`, `http://[::ffff:127.0.0.1]:${r.port}/hook`]) {
      const hook = (await t.http.post('/api/v1/webhooks').set(auth).send({ url })).body;
      const res = await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(auth);
      expect([url, res.body.success, res.body.error]).toEqual([url, false, expect.stringMatching(/^Refused: .* \(loopback address\)/)]);
    }
    await t.rt.services.products.createProduct({ sku: 'SSRF-1', name: 'x' });
    await eventually(async () => (await t.rt.db('webhook_deliveries').whereNot('trigger', 'test').whereLike('error', 'Refused:%')).length >= 3);
    expect(r.received).toHaveLength(0);
  });

  it('accepts only http and https URLs', async () => {
    const res = await t.http
      .post('/api/v1/webhooks')
      .set({ Authorization: `Bearer ${t.token}` })
      .send({ url: 'file:///etc/passwd' });
    expect(res.status).toBe(422);
  });
});
