import { Webhook as StandardWebhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildCsv, buildProduct, uploadCsv, waitForImport } from '../../test/imports.js';
import { waitFor } from '../../test/waitFor.js';
import { startReceiver, type TestReceiver } from './webhooks.testReceiver.js';

/** Which events reach a subscriber of everything, end to end through the API and the import engine. */
describe('events that reach webhooks', () => {
  let t: TestApp;
  let receiver: TestReceiver;
  let secret: string;
  const types = () => receiver.received.map((r) => (new StandardWebhook(secret).verify(r.body, r.headers) as { type: string }).type);
  /**
   * Waits until at least `n` requests arrived and every message the app queued (one per event,
   * queued before the emitting call returns) is delivered and received: an extra (wrong) event
   * would be among them.
   */
  const settled = async (n: number) => {
    await receiver.waitFor(n);
    await waitFor(
      async () => {
        const { rows } = await t.rt.db.raw<{ rows: { pending: number; delivered: number }[] }>(
          "SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'delivered')::int AS delivered FROM webhook_messages",
        );
        return rows[0]!.pending === 0 && rows[0]!.delivered === receiver.received.length;
      },
      { what: 'every queued webhook message to be delivered' },
    );
  };

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { IMPORT_CHUNK_SIZE: '100' } });
    receiver = await startReceiver();
    secret = (
      await t.http
        .post('/api/v1/webhooks')
        .set('Authorization', `Bearer ${t.token}`)
        .send({ url: receiver.url, events: ['*'] })
    ).body.secret;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  beforeEach(async () => {
    receiver.received.splice(0);
    await t.rt.db.raw('TRUNCATE webhook_deliveries, webhook_messages');
  });

  it('a product created, changed and deleted through the API: one event each', async () => {
    const auth = { Authorization: `Bearer ${t.token}` };
    const created = await t.http.post('/api/v1/products').set(auth).send({ sku: 'EV-1', name: 'Event' });
    await t.http.patch(`/api/v1/products/${created.body.id}`).set(auth).send({ name: 'Event 2' });
    await t.http.delete(`/api/v1/products/${created.body.id}`).set(auth);
    await settled(3);
    expect(types().sort()).toEqual(['product.created', 'product.deleted', 'product.updated']);
  });

  it('an import of 250 rows in 3 chunks: one import.completed with the counts, no per-row events', async () => {
    const res = await uploadCsv(t, buildCsv(Array.from({ length: 250 }, (_, i) => buildProduct(i))));
    await waitForImport(t, res.body.id);
    await settled(1);
    const [req] = receiver.received;
    expect(types()).toEqual(['import.completed']);
    expect(JSON.parse(req!.body).data).toMatchObject({ id: res.body.id, status: 'completed', totalRows: 250, insertedCount: 250 });
  });

  it('a refused import: one import.failed', async () => {
    await uploadCsv(t, 'code,name\nA,B\n');
    await settled(1);
    expect(types()).toEqual(['import.failed']);
  });
});
