import supertest from 'supertest';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../../../test/app.js';
import { eventually, startReceiver, type TestReceiver } from '../../webhooks/webhooks.testReceiver.js';

describe('webhooks in the panel (AdminJS API)', () => {
  let t: TestApp;
  let panel: ReturnType<typeof supertest.agent>;
  let receiver: TestReceiver;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    receiver = await startReceiver();
    await t.rt.services.adminUsers.createAdmin({ email: 'hooks@example.com', password: 'integrations!' });
    panel = supertest.agent(t.web.app);
    await panel.post('/admin/login').type('form').send({ email: 'hooks@example.com', password: 'integrations!' }).expect(302);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('creates a webhook showing its secret once, edits, disables/enables on POST only, tests and rotates', async () => {
    const created = await panel
      .post('/admin/api/resources/webhooks/actions/createWebhook')
      .send({ url: receiver.url, description: 'ERP', events: 'product.created,import.failed' });
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.id;
    expect((await t.rt.services.webhooks.getWebhook(id)).events).toEqual(['import.failed', 'product.created']);

    const invalid = await panel.post('/admin/api/resources/webhooks/actions/createWebhook').send({ url: 'gopher://x', events: '*' });
    expect(invalid.body.error).toMatch(/url/);

    const list = await panel.get('/admin/api/resources/webhooks/actions/list');
    expect(list.body.records[0].params).toMatchObject({ url: receiver.url, description: 'ERP' });
    expect(list.body.records[0].params.secret).toBeUndefined();

    const edited = await panel.post(`/admin/api/resources/webhooks/records/${id}/edit`).field('description', 'ERP (prod)').field('events', '*');
    expect(edited.body.notice).toMatchObject({ type: 'success' });
    expect(await t.rt.services.webhooks.getWebhook(id)).toMatchObject({ description: 'ERP (prod)', events: ['*'] });
    const badEdit = await panel.post(`/admin/api/resources/webhooks/records/${id}/edit`).field('url', 'not a url');
    expect(badEdit.body.record.errors.url).toBeDefined();

    // Opening the disable action (GET) changes nothing; confirming (POST) disables.
    await panel.get(`/admin/api/resources/webhooks/records/${id}/disable`).expect(200);
    expect((await t.rt.services.webhooks.getWebhook(id)).enabled).toBe(true);
    const disabled = await panel.post(`/admin/api/resources/webhooks/records/${id}/disable`);
    expect(disabled.body.notice).toMatchObject({ message: 'Webhook disabled' });
    expect((await t.rt.services.webhooks.getWebhook(id)).enabled).toBe(false);
    await panel.post(`/admin/api/resources/webhooks/records/${id}/enable`);
    expect((await t.rt.services.webhooks.getWebhook(id)).enabled).toBe(true);

    const tested = await panel.post(`/admin/api/resources/webhooks/records/${id}/sendTest`);
    expect(tested.body.delivery).toMatchObject({ success: true, responseStatus: 200, responseBody: 'ok' });
    expect(new StandardWebhook(created.body.secret).verify(receiver.received.at(-1)!.body, receiver.received.at(-1)!.headers)).toMatchObject({
      type: 'webhook.test',
    });

    const rotated = await panel.post(`/admin/api/resources/webhooks/records/${id}/rotateSecret`);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const noRotate = await panel.get(`/admin/api/resources/webhooks/records/${id}/rotateSecret`);
    expect(noRotate.body.secret).toBeUndefined();
  });

  it('lists deliveries filtered by webhook and redelivers one on POST', async () => {
    const hook = await t.rt.services.webhooks.createWebhook({ url: receiver.url, events: ['product.updated'] });
    const p = await t.rt.services.products.createProduct({ sku: 'PANEL-1', name: 'x' });
    await t.rt.services.products.updateProduct(p.id, { name: 'y' });
    const rows = await eventually(async () => {
      const res = await panel.get(`/admin/api/resources/webhook_deliveries/actions/list?filters.webhook_id=${hook.id}`);
      return res.body.records?.length ? res.body.records : null;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0].params).toMatchObject({ event_type: 'product.updated', success: true, response_status: 200 });
    // The webhook's Deliveries screen reads the API with the panel's session.
    const viaApi = await panel.get(`/api/v1/webhooks/${hook.id}/deliveries?status=success&event=product.updated`);
    expect(viaApi.body.data.map((d: { id: number }) => d.id)).toEqual([Number(rows[0].params.id)]);

    const before = receiver.received.length;
    await panel.get(`/admin/api/resources/webhook_deliveries/records/${rows[0].params.id}/redeliver`).expect(200);
    const redone = await panel.post(`/admin/api/resources/webhook_deliveries/records/${rows[0].params.id}/redeliver`);
    expect(redone.body.notice).toMatchObject({ message: 'Redelivery queued' });
    const [again] = (await receiver.waitFor(before + 1)).slice(before);
    expect(again!.headers['webhook-id']).toBe(rows[0].params.message_id);
    expect(receiver.received.length).toBe(before + 1);
  });

  it('lists the mail outbox', async () => {
    await t.rt.services.notifications.queueMail('test', ['a@example.com'], { subject: 'Hello outbox', text: 'hi', html: '<p>hi</p>' });
    const list = await eventually(async () => {
      const res = await panel.get('/admin/api/resources/mail_outbox/actions/list?filters.status=stored');
      return res.body.records?.length ? res.body.records : null;
    });
    expect(list[0].params).toMatchObject({ subject: 'Hello outbox', to_address: 'a@example.com', status: 'stored' });
  });
});
