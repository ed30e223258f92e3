import supertest from 'supertest';
import { startTestApp, type TestApp } from '../../test/app.js';

/** Retries `attempt` every 250 ms while it answers 429, for at most `ms`; answers the last response. */
async function whileThrottled(ms: number, attempt: () => Promise<supertest.Response>): Promise<supertest.Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await attempt();
    if (res.status !== 429 || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('panel login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.rt.services.adminUsers.createAdmin({ email: 'guarded@example.com', password: 'the right one' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.rt.db('login_attempts').delete());

  const login = (password: string, email = 'guarded@example.com') => t.http.post('/admin/login').type('form').send({ email, password });

  it('throttles 40 wrong passwords in a row, then lets the right one in once the wait is over', async () => {
    const answers: supertest.Response[] = [];
    for (let i = 0; i < 40; i++) answers.push(await login(`wrong ${i}`));

    // The first five are judged (wrong password, the form again); then locks that grow.
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0]!.text).not.toContain('Too many failed sign-in attempts');
    const throttled = answers.filter((a) => a.status === 429);
    expect(throttled.length).toBeGreaterThan(20);
    for (const a of throttled) {
      expect(Number(a.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(a.text).toContain('Too many failed sign-in attempts. Please wait');
      expect(a.headers['set-cookie']).toBeUndefined();
    }
    // Attempts refused while locked are not judged, so they do not lengthen the lock.
    const account = await t.rt.db('login_attempts').where({ key: 'account:guarded@example.com' }).first();
    expect(account.failures).toBe(40 - throttled.length);
    expect(account.failures).toBeLessThan(12);

    // Even the right password waits while the account is locked...
    const locked = await login('the right one');
    if (locked.status === 429) expect(locked.headers['retry-after']).toBeDefined();
    // ...and works once the wait is over: a session, and the panel behind it.
    const ok = await whileThrottled(30_000, () => login('the right one'));
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('/admin');
    expect(await t.rt.db('login_attempts').where({ key: 'account:guarded@example.com' }).first()).toBeUndefined();
  });

  it('throttles a client address that tries many accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await login('nope', `nobody-${i}@example.com`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toContain(429);
  });

  it('gives every login a new session id (a session known before login is worth nothing)', async () => {
    const agent = supertest.agent(t.web.app);
    const sid = (res: supertest.Response) => /acme\.sid=([^;]+)/.exec(res.headers['set-cookie']?.[0] ?? '')?.[1];
    const first = await agent.post('/admin/login').type('form').send({ email: 'GUARDED@example.com', password: 'the right one' });
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/admin');
    const second = await agent.post('/admin/login').type('form').send({ email: 'guarded@example.com', password: 'the right one' });
    expect(sid(first)).toBeDefined();
    expect(sid(second)).toBeDefined();
    expect(sid(second)).not.toBe(sid(first));
    expect((await agent.get('/admin/api/resources/products/actions/list')).status).toBe(200);
  });
});
