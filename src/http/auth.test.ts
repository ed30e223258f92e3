import { startTestApp, type TestApp } from '../../test/app.js';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses the API without credentials, as problem+json', async () => {
    const res = await t.http.get('/api/v1');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('accepts a valid token and records its use', async () => {
    const res = await t.http.get('/api/v1').set('Authorization', `Bearer ${t.token}`);
    expect(res.status).toBe(200);
    expect(res.body.principal).toEqual({ token: 'test' });
    const row = await t.rt.db('api_tokens').where({ name: 'test' }).first();
    expect(row.last_used_at).not.toBeNull();
    expect(row.token_hash).not.toContain(t.token);
  });

  it.each([
    ['an unknown token', 'Bearer acme_not-a-real-token'],
    ['a malformed header', 'Basic dXNlcjpwYXNz'],
    ['a token without the prefix', 'Bearer 123'],
  ])('refuses %s', async (_label, header) => {
    const res = await t.http.get('/api/v1').set('Authorization', header);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
  });

  it('refuses a revoked token', async () => {
    const created = await t.rt.services.apiTokens.createToken({ name: 'to revoke' });
    expect((await t.http.get('/api/v1').set('Authorization', `Bearer ${created.token}`)).status).toBe(200);
    await t.rt.services.apiTokens.revokeToken(created.id);
    expect((await t.http.get('/api/v1').set('Authorization', `Bearer ${created.token}`)).status).toBe(401);
  });

  it('sends the panel to its login page and lets an admin in with the right password only', async () => {
    await t.rt.services.adminUsers.createAdmin({ email: 'ops@example.com', password: 'correct horse' });
    const anonymous = await t.http.get('/admin/resources/products');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/admin/login');

    const wrong = await t.http.post('/admin/login').type('form').send({ email: 'ops@example.com', password: 'wrong' });
    expect(wrong.status).toBe(200);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const agent = (await import('supertest')).default.agent(t.web.app);
    const ok = await agent.post('/admin/login').type('form').send({ email: 'OPS@example.com', password: 'correct horse' });
    expect(ok.status).toBe(302);
    const cookie = ok.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect((await agent.get('/admin/api/resources/products/actions/list')).status).toBe(200);
    // The session also authenticates the API, for the panel's own pages.
    const api = await agent.get('/api/v1');
    expect(api.body.principal).toEqual({ admin: 'ops@example.com' });
    // Sessions live in PostgreSQL, so any web process can serve the next request.
    expect(Number((await t.rt.db('sessions').count({ n: '*' }).first())!.n)).toBeGreaterThan(0);
  });

  it('answers health checks without credentials', async () => {
    expect((await t.http.get('/healthz')).status).toBe(200);
  });
});
