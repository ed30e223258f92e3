import { Webhook as StandardWebhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../../test/app.js';
import { eventually, startReceiver, type TestReceiver } from './webhooks.testReceiver.js';

/** Verifies a received request with the Standard Webhooks reference library (not our signing code). */
const verify = (secret: string, r: { body: string; headers: Record<string, string> }) =>
  new StandardWebhook(secret).verify(r.body, r.headers) as { type: string; timestamp: string; data: Record<string, unknown> };

describe('webhooks API and delivery', () => {
  let t: TestApp;
  let receiver: TestReceiver;
  const auth = () => ({ Authorization: `Bearer ${t.token}` });

  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('creates, reads, changes and deletes a webhook; the secret is shown only at creation', async () => {
    const created = await t.http
      .post('/api/v1/webhooks')
      .set(auth())
      .send({ url: 'https://example.com/hook', description: 'CRM', events: ['product.updated', 'product.created'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.body).toMatchObject({ url: 'https://example.com/hook', description: 'CRM', events: ['product.created', 'product.updated'], enabled: true });
    const id = created.body.id;

    const got = await t.http.get(`/api/v1/webhooks/${id}`).set(auth());
    expect(got.status).toBe(200);
    expect(got.body.secret).toBeUndefined();
    expect(JSON.stringify(got.body)).not.toContain(created.body.secret);
    expect(got.body.secretHint).toBe(`${created.body.secret.slice(0, 10)}…`);

    const patched = await t.http
      .patch(`/api/v1/webhooks/${id}`)
      .set(auth())
      .send({ enabled: false, events: ['*'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ enabled: false, events: ['*'], disabledReason: 'Disabled by an admin' });

    const list = await t.http.get('/api/v1/webhooks').set(auth());
    expect(list.body.data.map((w: { id: number }) => w.id)).toContain(id);

    expect((await t.http.delete(`/api/v1/webhooks/${id}`).set(auth())).status).toBe(204);
    expect((await t.http.get(`/api/v1/webhooks/${id}`).set(auth())).status).toBe(404);
  });

  it('rejects invalid webhooks with every problem listed', async () => {
    const res = await t.http
      .post('/api/v1/webhooks')
      .set(auth())
      .send({ url: 'ftp://example.com/x', events: ['product.exploded'] });
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['url', 'events.0']));
    expect((await t.http.patch('/api/v1/webhooks/1').set(auth()).send({ secret: 'x' })).status).toBe(422);
    expect((await t.http.get('/api/v1/webhooks')).status).toBe(401);
  });

  it('delivers a product change, signed so the Standard Webhooks library verifies the bytes received', async () => {
    const hook = (
      await t.http
        .post('/api/v1/webhooks')
        .set(auth())
        .send({ url: receiver.url, events: ['product.created'] })
    ).body;
    const before = receiver.received.length;
    const product = await t.rt.services.products.createProduct({ sku: 'WH-1', name: 'Hooked ünïcode ☃' });
    const [req] = (await receiver.waitFor(before + 1)).slice(before);
    const payload = verify(hook.secret, req!);
    expect(payload.type).toBe('product.created');
    expect(payload.data).toMatchObject({ id: product.id, sku: 'WH-1', name: 'Hooked ünïcode ☃' });
    expect(new Date(payload.timestamp).toISOString()).toBe(payload.timestamp);
    expect(req!.headers['webhook-id']).toMatch(/^msg_/);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(() => verify('whsec_' + Buffer.alloc(32, 1).toString('base64'), req!)).toThrow();

    const log = await eventually(async () => {
      const res = await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(auth());
      return res.body.data.length ? res.body.data : null;
    });
    expect(log[0]).toMatchObject({
      messageId: req!.headers['webhook-id'],
      attempt: 1,
      trigger: 'event',
      event: 'product.created',
      url: receiver.url,
      success: true,
      responseStatus: 200,
      responseBody: 'ok',
      error: null,
      requestBody: req!.body,
    });
    expect(log[0].requestHeaders['webhook-signature']).toBe(req!.headers['webhook-signature']);
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(auth());
  });

  it('sends only subscribed events; delete-all is one products.deleted_all with the count', async () => {
    const hook = (
      await t.http
        .post('/api/v1/webhooks')
        .set(auth())
        .send({ url: receiver.url, events: ['product.deleted'] })
    ).body;
    await t.rt.services.products.createProduct({ sku: 'WH-2', name: 'Two' });
    const count = await t.rt.services.products.count();
    const before = receiver.received.length;
    await t.rt.services.products.deleteAllProducts();
    const [req] = (await receiver.waitFor(before + 1)).slice(before);
    expect(verify(hook.secret, req!)).toMatchObject({ type: 'products.deleted_all', data: { count } });
    // Nothing else arrives for this webhook: the create before it was not subscribed.
    const log = await eventually(async () => {
      const data = (await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(auth())).body.data;
      return data.length ? data : null;
    });
    expect(log.map((d: { event: string }) => d.event)).toEqual(['products.deleted_all']);
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(auth());
  });

  it('test button: sends a signed webhook.test now and answers status, body and time', async () => {
    const hook = (await t.http.post('/api/v1/webhooks').set(auth()).send({ url: receiver.url, enabled: false })).body;
    const before = receiver.received.length;
    const res = await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(auth());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, responseStatus: 200, responseBody: 'ok', trigger: 'test', event: 'webhook.test', error: null });
    expect(res.body.durationMs).toEqual(expect.any(Number));
    expect(verify(hook.secret, receiver.received[before]!)).toMatchObject({ type: 'webhook.test', data: { webhookId: hook.id } });
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(auth());
  });

  it('rotating the secret signs with the new one and, for 24 h, the old one too', async () => {
    const hook = (await t.http.post('/api/v1/webhooks').set(auth()).send({ url: receiver.url })).body;
    const rotated = await t.http.post(`/api/v1/webhooks/${hook.id}/rotate-secret`).set(auth());
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const hoursLeft = (Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(23.9);
    expect(hoursLeft).toBeLessThanOrEqual(24);
    const before = receiver.received.length;
    await t.http.post(`/api/v1/webhooks/${hook.id}/test`).set(auth());
    const req = receiver.received[before]!;
    expect(req.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(rotated.body.secret, req).type).toBe('webhook.test');
    expect(verify(hook.secret, req).type).toBe('webhook.test');
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(auth());
  });

  it('redelivers a message with the same webhook-id', async () => {
    const hook = (
      await t.http
        .post('/api/v1/webhooks')
        .set(auth())
        .send({ url: receiver.url, events: ['product.updated'] })
    ).body;
    const p = await t.rt.services.products.createProduct({ sku: 'WH-3', name: 'Three' });
    const before = receiver.received.length;
    await t.rt.services.products.updateProduct(p.id, { name: 'Three!' });
    await receiver.waitFor(before + 1);
    const first = await eventually(async () => (await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(auth())).body.data[0]);
    const res = await t.http.post(`/api/v1/webhooks/${hook.id}/deliveries/${first.id}/redeliver`).set(auth());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ messageId: first.messageId, queued: true });
    const again = (await receiver.waitFor(before + 2))[before + 1]!;
    expect(again.headers['webhook-id']).toBe(first.messageId);
    expect(again.body).toBe(receiver.received[before]!.body);
    expect(verify(hook.secret, again).type).toBe('product.updated');
    const log = await eventually(async () => {
      const d = (await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries?messageId=${first.messageId}`).set(auth())).body.data;
      return d.length === 2 ? d : null;
    });
    expect(log.map((d: { trigger: string; attempt: number }) => [d.trigger, d.attempt])).toEqual([
      ['redeliver', 2],
      ['event', 1],
    ]);
    expect((await t.http.post(`/api/v1/webhooks/${hook.id}/deliveries/999999/redeliver`).set(auth())).status).toBe(404);
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(auth());
  });
});
