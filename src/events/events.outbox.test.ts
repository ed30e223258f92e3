import { Webhook as StandardWebhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../../test/app.js';
import { waitFor } from '../../test/waitFor.js';
import { AppError } from '../lib/errors.js';
import { createProductsRepo } from '../products/products.repo.js';
import type { Product } from '../products/products.schemas.js';
import { startReceiver, type TestReceiver } from '../webhooks/webhooks.testReceiver.js';
import type { NewEvent } from './events.map.js';
import { createEventsRepo } from './events.repo.js';

const countRows = async (t: TestApp, table: string, where: Record<string, unknown> = {}) =>
  Number(((await t.rt.db(table).where(where).count({ n: '*' }).first()) as { n: string }).n);

describe('recording events with the change (outbox)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A web process runs no jobs: what is recorded and fanned out stays in the tables to inspect.
    t = await startTestApp({ role: 'web' });
    await t.rt.services.webhooks.createWebhook({ url: 'http://127.0.0.1:9/hook', events: ['*'] });
  });
  afterAll(() => t.close());

  it('records the event in the change’s transaction and fans it out before the call returns', async () => {
    const product = await t.rt.services.products.createProduct({ sku: 'OUT-1', name: 'Recorded' });
    const [event] = await t.rt.db('domain_events').where({ name: 'product.created' }).whereRaw("data->>'sku' = ?", ['OUT-1']);
    expect(event.data).toEqual(product);
    expect(event.dispatched_at).not.toBeNull();
    const [message] = await t.rt.db('webhook_messages').where({ event_id: event.id });
    expect(JSON.parse(message.body)).toEqual({ type: 'product.created', timestamp: event.created_at.toISOString(), data: product });
  });

  it('a change that rolls back records nothing: a SKU conflict, a unique violation between concurrent creates, a failing transaction', async () => {
    await t.rt.services.products.createProduct({ sku: 'Roll-1', name: 'First' });
    const before = await countRows(t, 'domain_events');
    const messagesBefore = await countRows(t, 'webhook_messages');

    await expect(t.rt.services.products.createProduct({ sku: 'ROLL-1', name: 'Second' })).rejects.toMatchObject({ status: 409 });
    expect(await countRows(t, 'domain_events')).toBe(before);

    // Concurrent creates of one SKU: some pass the check and lose at the unique index, inside the transaction.
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => t.rt.services.products.createProduct({ sku: 'RACE-1', name: `Racer ${i}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect(await countRows(t, 'domain_events')).toBe(before + 1);

    const repo = createProductsRepo(t.rt.db);
    const failing = t.rt.services.outbox.transaction(async (trx, emit) => {
      const row = await repo.insert({ sku: 'ROLL-2', name: 'Never' }, trx);
      emit('product.created', { ...row, id: Number(row.id) } as unknown as Product);
      throw new Error('the change fails after its event');
    });
    await expect(failing).rejects.toThrow('the change fails after its event');
    expect(await repo.findBySku('ROLL-2')).toBeUndefined();
    expect(await countRows(t, 'domain_events')).toBe(before + 1);
    expect(await countRows(t, 'webhook_messages')).toBe(messagesBefore + 1);
  });

  it('refuses an event emitted after its transaction ended', async () => {
    let late: ((name: 'products.deleted_all', data: { count: number }) => void) | undefined;
    await t.rt.services.outbox.transaction(async (_trx, emit) => void (late = emit));
    expect(() => late!('products.deleted_all', { count: 0 })).toThrow(/after its transaction ended/);
  });

  it('deleting a selection of N products records its N events with one statement', async () => {
    const repo = createProductsRepo(t.rt.db);
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(Number((await repo.insert({ sku: `BULK-${i}`, name: `Bulk ${i}` })).id));
    const inserts: string[] = [];
    const onQuery = (q: { sql: string }) => void (/insert into "?domain_events/i.test(q.sql) && inserts.push(q.sql));
    t.rt.db.on('query', onQuery);
    try {
      const deleted = await t.rt.services.products.deleteProducts(ids);
      expect(deleted).toHaveLength(40);
    } finally {
      t.rt.db.off('query', onQuery);
    }
    expect(inserts).toHaveLength(1);
    const events = await t.rt.db('domain_events').where({ name: 'product.deleted' }).whereRaw("(data->>'id')::bigint = ANY(?)", [ids]).orderBy('id');
    expect(events.map((e) => e.data.id).sort((a, b) => a - b)).toEqual(ids);
    expect(events.every((e) => e.dispatched_at !== null)).toBe(true);
    expect(await countRows(t, 'webhook_messages', { event_type: 'product.deleted' })).toBeGreaterThanOrEqual(40);
  });

  it('delete all records products.deleted_all in the TRUNCATE’s transaction', async () => {
    const count = await t.rt.services.products.count();
    const { deleted } = await t.rt.services.products.deleteAllProducts();
    expect(deleted).toBe(count);
    const [event] = await t.rt.db('domain_events').where({ name: 'products.deleted_all' }).orderBy('id', 'desc').limit(1);
    expect(event.data).toEqual({ count });
  });
});

describe('dispatching recorded events', () => {
  let t: TestApp;
  const receivers: TestReceiver[] = [];
  const secrets: string[] = [];
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    for (let i = 0; i < 2; i++) {
      const r = await startReceiver();
      receivers.push(r);
      secrets.push((await t.rt.services.webhooks.createWebhook({ url: r.url, events: ['product.updated'] })).secret);
    }
  });
  afterAll(async () => {
    await t.close();
    for (const r of receivers) await r.close();
  });

  it('two dispatchers at once fan each leftover event out once per webhook, and each is delivered once', async () => {
    const product = (i: number): Product => ({
      id: i,
      sku: `LEFT-${i}`,
      name: `Left ${i}`,
      description: null,
      active: true,
      createdAt: new Date(0).toISOString(),
      updatedAt: new Date(0).toISOString(),
    });
    const events: NewEvent[] = Array.from({ length: 30 }, (_, i) => ({ name: 'product.updated', data: product(i + 1) }));
    // Recorded as a process that died right after its commit leaves them: not dispatched.
    await t.rt.db.transaction((trx) => createEventsRepo(t.rt.db).insertMany(events, trx));

    const counts = await Promise.all([t.rt.services.outbox.dispatchPending(), t.rt.services.outbox.dispatchPending()]);
    expect(counts[0]! + counts[1]!).toBeLessThanOrEqual(30); // the start-up sweep or the recurring job may take some too
    expect(await countRows(t, 'domain_events', { dispatched_at: null })).toBe(0);
    const perPair = await t.rt.db('webhook_messages').select('event_id', 'webhook_id').count({ n: '*' }).groupBy('event_id', 'webhook_id');
    expect(perPair).toHaveLength(60);
    expect(perPair.every((p) => Number(p.n) === 1)).toBe(true);

    for (const [i, r] of receivers.entries()) {
      await r.waitFor(30);
      const skus = r.received.map((req) => (new StandardWebhook(secrets[i]!).verify(req.body, req.headers) as { data: Product }).data.sku);
      expect(new Set(skus).size).toBe(30);
    }
    await waitFor(async () => (await countRows(t, 'webhook_messages', { status: 'delivered' })) === 60, { what: 'all 60 messages to be recorded delivered' });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // grace period: no second delivery arrives
    expect(receivers.map((r) => r.received.length)).toEqual([30, 30]);
  });
});
