import { PassThrough } from 'node:stream';
import express from 'express';
import supertest from 'supertest';
import { requestContext } from '../http/requestContext.js';
import { createDb } from './db.js';
import { createLogger } from './logger.js';

/** A logger writing into memory; `text()` is everything written so far. */
function capture(level: string, terminal: boolean) {
  const destination = new PassThrough();
  let written = '';
  destination.on('data', (d) => (written += d));
  return { logger: createLogger(level, 'acme', { terminal, destination }), text: () => written };
}

describe('log output', () => {
  it('writes one JSON object per line when not on a terminal, secrets redacted', () => {
    const out = capture('info', false);
    out.logger.info({ user: { email: 'a@b.c', password: 'hunter22' }, token: 'acme_abc' }, 'hello');
    const entry = JSON.parse(out.text().trim());
    expect(entry).toMatchObject({ level: 30, msg: 'hello', user: { email: 'a@b.c', password: '[redacted]' }, token: '[redacted]' });
  });

  it('writes readable lines on a terminal, secrets redacted', () => {
    const out = capture('info', true);
    out.logger.child({ role: 'all' }).warn({ password: 'hunter22', port: 5432 }, 'something to look at');
    const line = out.text().trim();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: something to look at \{"password":"\[redacted\]","port":5432\}$/);
  });

  it('logs requests at debug level only, and 5xx answers as warnings', async () => {
    const out = capture('info', false);
    const app = express();
    app.use(requestContext(out.logger));
    app.get('/ok', (_req, res) => res.send('ok'));
    app.get('/broken', (_req, res) => res.status(503).send('down'));
    await supertest(app).get('/ok').expect(200);
    await supertest(app).get('/broken').expect(503);
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'GET /broken', status: 503 })]);
  });

  it("reports knex's discarded connections in our words, not the driver's", async () => {
    const out = capture('info', false);
    const db = createDb('postgres://nobody@127.0.0.1:1/none', 2, out.logger);
    try {
      // What knex writes when it drops a connection a cut-off COPY left unusable.
      (db.client as { logger: { warn(message: string): void } }).logger.warn('Connection Error: upload aborted during COPY');
    } finally {
      await db.destroy();
    }
    const entry = JSON.parse(out.text().trim());
    expect(entry).toMatchObject({ level: 40, msg: 'database connection discarded', reason: 'upload aborted during COPY' });
  });
});
