import { Webhook as StandardWebhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildCsv, buildProduct, uploadCsv, waitForImport } from '../../test/imports.js';
import { startReceiver, type TestReceiver } from './webhooks.testReceiver.js';

/** Which events reach a subscriber of everything, end to end through the API and the import engine. */
describe('events that reach webhooks', () => {
  let t: TestApp;
  let receiver: TestReceiver;
  let secret: string;
  const types = () => receiver.received.map((r) => (new StandardWebhook(secret).verify(r.body, r.headers) as { type: string }).type);
  const settle = () => new Promise((r) => setTimeout(r, 800)); // time for any extra (wrong) delivery to arrive

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { IMPORT_CHUNK_SIZE: '100' } });
    receiver = await startReceiver();
    secret = (await t.http.post('/api/v1/webhooks').set('Authorization', `Bearer ${t.token}`).send({ url: receiver.url, events: ['*'] })).body.secret;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  beforeEach(() => receiver.received.splice(0));

  it('a product created, changed and deleted through the API: one event each', async () => {
    const auth = { Authorization: `Bearer ${t.token}` };
    const created = await t.http.post('/api/v1/products').set(auth).send({ sku: 'EV-1', name: 'Event' });
    await t.http.patch(`/api/v1/products/${created.body.id}`).set(auth).send({ name: 'Event 2' });
    await t.http.delete(`/api/v1/products/${created.body.id}`).set(auth);
    await receiver.waitFor(3);
    await settle();
    expect(types().sort()).toEqual(['product.created', 'product.deleted', 'product.updated']);
  });

  it('an import of 250 rows in 3 chunks: one import.completed with the counts, no per-row events', async () => {
    const res = await uploadCsv(t, buildCsv(Array.from({ length: 250 }, (_, i) => buildProduct(i))));
    await waitForImport(t, res.body.id);
    const [req] = await receiver.waitFor(1);
    await settle();
    expect(types()).toEqual(['import.completed']);
    expect(JSON.parse(req!.body).data).toMatchObject({ id: res.body.id, status: 'completed', totalRows: 250, insertedCount: 250 });
  });

  it('a refused import: one import.failed', async () => {
    await uploadCsv(t, 'code,name\nA,B\n');
    await receiver.waitFor(1);
    await settle();
    expect(types()).toEqual(['import.failed']);
  });
});
