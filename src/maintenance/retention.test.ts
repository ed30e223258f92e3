import supertest from 'supertest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { waitFor } from '../../test/waitFor.js';
import type { Db } from '../lib/db.js';
import { createRetentionRepo, type RetentionRepo } from './retention.repo.js';
import { createRetention } from './retention.service.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const settings = (days: Partial<Record<'deliveries' | 'messages' | 'mail' | 'importErrors' | 'events', number>> = {}) => ({
  RETENTION_DAYS_WEBHOOK_DELIVERIES: days.deliveries ?? 30,
  RETENTION_DAYS_WEBHOOK_MESSAGES: days.messages ?? 30,
  RETENTION_DAYS_MAIL_OUTBOX: days.mail ?? 30,
  RETENTION_DAYS_IMPORT_ERRORS: days.importErrors ?? 30,
  RETENTION_DAYS_DOMAIN_EVENTS: days.events ?? 7,
});

/** Factories: rows as the app writes them, with the times a test needs. */
function factories(db: Db) {
  let seq = 0;
  return {
    webhook: async () => (await db('webhooks').insert({ url: 'https://example.com/hook', secret: 'whsec_test' }).returning('id'))[0].id as number,
    message: async (webhookId: number, o: { status?: string; finishedDaysAgo?: number | null; createdDaysAgo?: number } = {}) => {
      const id = `msg_${++seq}`;
      const finished = o.finishedDaysAgo ?? null;
      await db('webhook_messages').insert({
        id,
        webhook_id: webhookId,
        event_type: 'product.updated',
        body: '{}',
        status: o.status ?? 'delivered',
        created_at: daysAgo(o.createdDaysAgo ?? finished ?? 0),
        finished_at: finished === null ? null : daysAgo(finished),
      });
      return id;
    },
    attempt: (webhookId: number, messageId: string, daysOld: number) =>
      db('webhook_deliveries').insert({
        webhook_id: webhookId,
        message_id: messageId,
        attempt: 1,
        event_type: 'product.updated',
        url: 'https://example.com/hook',
        request_headers: {},
        request_body: '{}',
        success: true,
        response_status: 200,
        duration_ms: 5,
        created_at: daysAgo(daysOld),
      }),
    mail: (status: string, daysOld: number) =>
      db('mail_outbox').insert({
        kind: 'test',
        to_address: 'a@example.com',
        subject: `mail ${++seq}`,
        text_body: 'x',
        html_body: 'x',
        status,
        created_at: daysAgo(daysOld),
      }),
    importWithErrors: async (finishedDaysAgo: number | null, rejected: number) => {
      const [{ id }] = await db('imports')
        .insert({
          filename: 'x.csv',
          chunk_size: 1000,
          rejected_count: rejected,
          status: finishedDaysAgo === null ? 'processing' : 'completed',
          finished_at: finishedDaysAgo === null ? null : daysAgo(finishedDaysAgo),
        })
        .returning('id');
      const rows = Array.from({ length: rejected }, (_, i) => ({ import_id: id, record_no: i + 1, line_no: i + 2, reason: 'bad price' }));
      if (rows.length) await db('import_errors').insert(rows);
      return id as string;
    },
    /** An outbox event as events.outbox.ts records it; `dispatchedDaysAgo` null: not dispatched yet. */
    event: async (createdDaysAgo: number, dispatchedDaysAgo: number | null) =>
      Number(
        (
          await db('domain_events')
            .insert({
              name: 'product.updated',
              data: JSON.stringify({ id: ++seq }),
              created_at: daysAgo(createdDaysAgo),
              dispatched_at: dispatchedDaysAgo === null ? null : daysAgo(dispatchedDaysAgo),
            })
            .returning('id')
        )[0].id,
      ),
  };
}

/** The repo, recording how many rows each statement deleted. */
function countingRepo(repo: RetentionRepo, batches: Record<string, number[]>): RetentionRepo {
  const counted =
    <A extends unknown[]>(name: string, fn: (...a: A) => Promise<number>) =>
    async (...a: A) => {
      const n = await fn(...a);
      (batches[name] ??= []).push(n);
      return n;
    };
  return {
    deleteWebhookDeliveries: counted('deliveries', repo.deleteWebhookDeliveries),
    deleteWebhookMessages: counted('messages', repo.deleteWebhookMessages),
    deleteMail: counted('mail', repo.deleteMail),
    deleteImportErrors: counted('importErrors', repo.deleteImportErrors),
    deleteDomainEvents: counted('events', repo.deleteDomainEvents),
  };
}

describe('retention (real database)', () => {
  let t: TestApp;
  let db: Db;
  let make: ReturnType<typeof factories>;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    db = t.rt.db;
    make = factories(db);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await db('webhooks').delete(); // cascades to messages and attempts
    await db('mail_outbox').delete();
    await db('imports').delete(); // cascades to import_errors
    await db('domain_events').delete();
  });

  it('deletes rows older than their window in batches, and keeps newer ones and unfinished work', async () => {
    const hook = await make.webhook();
    const old = [];
    for (let i = 0; i < 7; i++) {
      const m = await make.message(hook, { finishedDaysAgo: 40 + i });
      await make.attempt(hook, m, 40 + i);
      old.push(m);
    }
    const recent = await make.message(hook, { finishedDaysAgo: 29 });
    await make.attempt(hook, recent, 29);
    const retrying = await make.message(hook, { status: 'pending', createdDaysAgo: 45 }); // still being retried: kept
    await make.attempt(hook, retrying, 45); // its old attempt goes, by the attempts' window
    for (let i = 0; i < 5; i++) await make.mail(i % 2 ? 'sent' : 'stored', 31 + i);
    await make.mail('failed', 10);
    await make.mail('queued', 60); // still waiting to be sent: kept
    const ended = await make.importWithErrors(31, 8);
    const endedRecently = await make.importWithErrors(5, 2);
    const running = await make.importWithErrors(null, 3);

    const batches: Record<string, number[]> = {};
    const retention = createRetention({ repo: countingRepo(createRetentionRepo(db), batches), config: settings(), batchSize: 3 });
    const run = await retention.apply({ now: NOW });

    expect(run).toEqual({ complete: true, deleted: { webhookDeliveries: 8, webhookMessages: 7, mailOutbox: 5, importErrors: 8, domainEvents: 0 } });
    expect(batches).toEqual({ deliveries: [3, 3, 2], messages: [3, 3, 1], mail: [3, 2], importErrors: [3, 3, 2], events: [0] });
    expect(await db('webhook_messages').orderBy('id').pluck('id')).toEqual([recent, retrying].sort());
    expect(await db('webhook_deliveries').pluck('message_id')).toEqual([recent]);
    expect(await db('mail_outbox').orderBy('status').pluck('status')).toEqual(['failed', 'queued']);
    const errors = await db('import_errors').select('import_id').count('* as n').groupBy('import_id');
    expect(Object.fromEntries(errors.map((r) => [r.import_id, Number(r.n)]))).toEqual({ [endedRecently]: 2, [running]: 3 });
    expect(await db('imports').where({ id: ended }).first()).toMatchObject({ rejected_count: 8, filename: 'x.csv' }); // the import and its counts stay

    expect(await retention.apply({ now: NOW })).toEqual({
      complete: true,
      deleted: { webhookDeliveries: 0, webhookMessages: 0, mailOutbox: 0, importErrors: 0, domainEvents: 0 },
    });
  });

  it('keeps a message while any of its attempts is kept, and a kind set to 0 forever', async () => {
    const hook = await make.webhook();
    const withKeptAttempt = await make.message(hook, { finishedDaysAgo: 40 });
    await make.attempt(hook, withKeptAttempt, 40);
    await make.message(hook, { finishedDaysAgo: 40 }); // no attempt at all: deleted
    await make.mail('sent', 400);
    const ended = await make.importWithErrors(400, 4);

    const longerAttempts = createRetention({ repo: createRetentionRepo(db), config: settings({ deliveries: 60, mail: 0, importErrors: 0 }) });
    expect((await longerAttempts.apply({ now: NOW })).deleted).toEqual({
      webhookDeliveries: 0,
      webhookMessages: 1,
      mailOutbox: 0,
      importErrors: 0,
      domainEvents: 0,
    });
    expect(await db('webhook_messages').pluck('id')).toEqual([withKeptAttempt]);

    const attemptsForever = createRetention({ repo: createRetentionRepo(db), config: settings({ deliveries: 0 }) });
    expect((await attemptsForever.apply({ now: NOW })).deleted).toEqual({
      webhookDeliveries: 0,
      webhookMessages: 0,
      mailOutbox: 1,
      importErrors: 4,
      domainEvents: 0,
    });
    expect(await db('webhook_messages').pluck('id')).toEqual([withKeptAttempt]);
    expect(await db('import_errors').where({ import_id: ended }).count('* as n').first()).toEqual({ n: 0 });
  });

  it('stops between batches when the process shuts down', async () => {
    for (let i = 0; i < 5; i++) await make.mail('sent', 40);
    const stop = new AbortController();
    const retention = createRetention({ repo: createRetentionRepo(db), config: settings(), batchSize: 2 });
    const mailLeft = async () => Number((await db('mail_outbox').count('* as n').first())!.n);
    const run = await retention.apply({ now: NOW, signal: stop.signal, afterBatch: async () => (await mailLeft()) < 5 && stop.abort() });
    expect(run).toEqual({ complete: false, deleted: { webhookDeliveries: 0, webhookMessages: 0, mailOutbox: 2, importErrors: 0, domainEvents: 0 } });
    expect(await mailLeft()).toBe(3);
  });

  it('deletes outbox events dispatched before their window, never an undispatched one, and none when kept forever', async () => {
    const old = [];
    for (let i = 0; i < 5; i++) old.push(await make.event(10 + i, 8 + i));
    const recent = await make.event(10, 6); // recorded long ago, dispatched within the window: kept
    const undispatched = await make.event(60, null); // left by a process that died after its commit: kept until dispatched

    const batches: Record<string, number[]> = {};
    const retention = createRetention({ repo: countingRepo(createRetentionRepo(db), batches), config: settings(), batchSize: 2 });
    expect((await retention.apply({ now: NOW })).deleted).toEqual({
      webhookDeliveries: 0,
      webhookMessages: 0,
      mailOutbox: 0,
      importErrors: 0,
      domainEvents: 5,
    });
    expect(batches.events).toEqual([2, 2, 1]);
    expect((await db('domain_events').orderBy('id').pluck('id')).map(Number)).toEqual([recent, undispatched]);

    const forever = createRetention({ repo: createRetentionRepo(db), config: settings({ events: 0 }) });
    await make.event(400, 400);
    expect((await forever.apply({ now: NOW })).deleted.domainEvents).toBe(0);
    expect(await db('domain_events').count('* as n').first()).toEqual({ n: 3 });
  });

  it('tells API clients how long delivery attempts are kept, with the delivery log', async () => {
    const hook = await make.webhook();
    const res = await t.http.get(`/api/v1/webhooks/${hook}/deliveries`).set('Authorization', `Bearer ${t.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], nextBefore: null, retentionDays: 30 });
  });

  it('shows in the panel how long each kind is kept where it is listed', async () => {
    await t.rt.services.adminUsers.createAdmin({ email: 'keeper@example.com', password: 'retention!' });
    const panel = supertest.agent(t.web.app);
    await panel.post('/admin/login').type('form').send({ email: 'keeper@example.com', password: 'retention!' }).expect(302);
    const page = await panel.get('/admin/resources/webhook_deliveries').expect(200);
    for (const line of [
      'Delivery attempts are kept for 30 days',
      'Sent, stored and failed e-mails are kept for 30 days',
      'Rejected rows are kept for 30 days after the import ends',
    ]) {
      expect(page.text).toContain(line);
    }
  });

  it('runs as the recurring maintenance.applyRetention job', async () => {
    expect(await t.rt.agenda.queryJobs({ name: 'maintenance.applyRetention' })).toMatchObject({ total: 1 }); // scheduled by the worker
    await make.mail('sent', 31);
    await make.mail('sent', 1);
    await t.rt.services.jobs.enqueue('maintenance.applyRetention', {});
    await waitFor(async () => Number((await db('mail_outbox').count('* as n').first())!.n) === 1, { what: 'the 31-day-old mail to be deleted by the job' });
  });
});
