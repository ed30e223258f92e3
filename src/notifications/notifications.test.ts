import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from '../../test/app.js';
import type { AppEventMap, AppEventName, ImportEventData } from '../events/events.map.js';
import { eventually } from '../webhooks/webhooks.testReceiver.js';

/** A real SMTP server on 127.0.0.1 that parses what it receives; `rejectNext` fails that many messages with 451. */
async function startSmtp() {
  const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
  const state = { rejectNext: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (state.rejectNext > 0) {
          state.rejectNext--;
          return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
        }
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail: await simpleParser(Buffer.concat(chunks)) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const importEvent = (over: Partial<ImportEventData> = {}): ImportEventData => ({
  id: '5a1c0e2e-0000-4000-8000-000000000001',
  filename: 'products.csv',
  status: 'completed',
  totalRows: 1000,
  insertedCount: 900,
  updatedCount: 95,
  unchangedCount: 0,
  changesUrl: null,
  rejectedCount: 5,
  durationMs: 4200,
  error: null,
  uploadedBy: 'uploader@example.com',
  ...over,
});

/** Records an event through the outbox, as a service does (here with no change of its own); it is dispatched before this resolves. */
const recordEvent = <E extends AppEventName>(t: TestApp, name: E, data: AppEventMap[E]) =>
  t.rt.services.outbox.transaction(async (_trx, emit) => emit(name, data));

describe('e-mail over SMTP', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      role: 'all',
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'Importer <importer@acme.test>',
        MAIL_RETRY_DELAYS_MS: '200,200',
        PUBLIC_URL: 'https://importer.acme.test',
      },
    });
    await t.rt.services.adminUsers.createAdmin({ email: 'boss@example.com', password: 'correct horse' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('tells the uploader an import completed, with counts and a link, in text and HTML', async () => {
    await recordEvent(t, 'import.completed', importEvent());
    const { envelopeTo, mail } = (await eventually(async () => smtp.received.find((m) => m.mail.subject?.includes('completed'))))!;
    expect(envelopeTo).toEqual(['uploader@example.com']);
    expect(mail.from?.value[0]).toMatchObject({ name: 'Importer', address: 'importer@acme.test' });
    expect(mail.subject).toBe('Import of products.csv completed');
    for (const part of [mail.text!, mail.html as string]) {
      expect(part).toContain('Inserted: 900');
      expect(part).toContain('Updated: 95');
      expect(part).toContain('Rejected: 5');
      expect(part).toContain('https://importer.acme.test/admin/resources/imports/records/5a1c0e2e-0000-4000-8000-000000000001/show');
    }
    const row = await eventually(() => t.rt.db('mail_outbox').where({ kind: 'import.completed', status: 'sent' }).first());
    expect(row.smtp_message_id).toBe(mail.messageId);
  });

  it('tells the uploader an import failed, with the reason; nobody when it came through an API token', async () => {
    await recordEvent(t, 'import.failed', importEvent({ status: 'failed', error: 'Missing column "sku"', uploadedBy: null }));
    await recordEvent(t, 'import.failed', importEvent({ status: 'failed', error: 'Missing column "sku"' }));
    const { mail } = (await eventually(async () => smtp.received.find((m) => m.mail.subject?.includes('failed'))))!;
    expect(mail.subject).toBe('Import of products.csv failed');
    expect(mail.text).toContain('failed: Missing column "sku"');
    expect(mail.html).toContain('Missing column &quot;sku&quot;');
    expect(await t.rt.db('mail_outbox').where({ kind: 'import.failed' })).toHaveLength(1);
  });

  it('retries when the SMTP server answers a temporary failure', async () => {
    smtp.state.rejectNext = 1;
    await t.rt.services.notifications.notifyWebhookDisabled({ id: 7, url: 'https://example.com/h', description: 'CRM' }, 'The receiver answered 410 Gone');
    const { envelopeTo, mail } = (await eventually(async () => smtp.received.find((m) => m.mail.subject?.startsWith('Webhook disabled'))))!;
    expect(envelopeTo).toEqual(['boss@example.com']);
    expect(mail.text).toContain('Reason: The receiver answered 410 Gone');
    const row = await eventually(() => t.rt.db('mail_outbox').where({ kind: 'webhook.disabled', status: 'sent' }).first());
    expect(row.attempts).toBe(2);
    expect(row.last_error).toBeNull();
  });

  it('marks a message failed when every retry is refused', async () => {
    smtp.state.rejectNext = 3;
    await t.rt.services.notifications.queueMail('test', ['x@example.com'], { subject: 'never', text: 'x', html: '<p>x</p>' });
    const row = await eventually(() => t.rt.db('mail_outbox').where({ kind: 'test', status: 'failed' }).first());
    expect(row.attempts).toBe(3);
    expect(row.last_error).toMatch(/451/);
    expect(smtp.received.find((m) => m.mail.subject === 'never')).toBeUndefined();
  });
});

describe('e-mail without SMTP_URL: the local outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
  });
  afterAll(() => t.close());

  it('stores the message, listed in the outbox, instead of losing it', async () => {
    await recordEvent(t, 'import.completed', importEvent());
    const row = await eventually(() => t.rt.db('mail_outbox').where({ status: 'stored' }).first());
    expect(row).toMatchObject({ kind: 'import.completed', to_address: 'uploader@example.com', subject: 'Import of products.csv completed' });
    expect(row.text_body).toContain('Inserted: 900');
    expect(row.html_body).toContain('<p>Inserted: 900</p>');
    expect((await t.rt.services.notifications.listOutbox()).map((m) => m.id)).toContain(row.id);
  });
});
