import http from 'node:http';
import { PassThrough } from 'node:stream';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { waitForImport } from '../../test/imports.js';
import { tusClient } from '../../test/tusClient.js';

/**
 * The panel uploads through tus with its session cookie, not a token: express-session then wraps
 * each response's end (it touches the session first), and the tus server's answers must end
 * through it without an error (seen: one "unhandled error" logged per request of a panel upload).
 */
describe('resumable uploads with the panel session', () => {
  let t: TestApp;
  let server: http.Server;
  let cookie: string;
  const errors: string[] = [];
  beforeAll(async () => {
    const log = new PassThrough();
    log.on('data', (line: Buffer) => void (JSON.parse(line.toString()).level >= 50 && errors.push(line.toString())));
    t = await startTestApp({ role: 'all', env: { IMPORT_CHUNK_SIZE: '250', LOG_LEVEL: 'error' }, logTo: log });
    server = http.createServer(t.web.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    await t.rt.services.adminUsers.createAdmin({ email: 'up@acme.test', password: 'upload-password' });
    const login = await supertest(t.web.app).post('/admin/login').type('form').send({ email: 'up@acme.test', password: 'upload-password' }).expect(302);
    cookie = login.headers['set-cookie']![0]!.split(';')[0]!;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  it('answers every request of an upload cut off and continued (create, offset, patches), and imports the file', async () => {
    const file = Buffer.from(`sku,name\n${Array.from({ length: 8000 }, (_, i) => `SES-${i},Session product ${i}`).join('\n')}\n`);
    const tus = tusClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { cookie });
    const { url, id, answer } = await tus.create(file.length, { filename: 'session.csv' });
    expect(answer.status).toBe(201);
    // Cut past the first 64 KiB, which the server checks before it keeps anything.
    await tus.patch(url, file, 0, { breakAfter: 100_000 });
    const offset = await tus.offset(url);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(file.length);
    const rest = await tus.patch(url, file, offset);
    expect(rest).toMatchObject({ status: 204, headers: { 'upload-offset': String(file.length) } });
    expect(await waitForImport(t, id)).toMatchObject({ status: 'completed', insertedCount: 8000 });
    expect(errors).toEqual([]);
  });
});
