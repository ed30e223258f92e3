import supertest from 'supertest';
import { startTestApp, type TestApp } from '../../test/app.js';

/** Addresses of the panel that name nothing answer 404 (our page, or problem+json for its API), never 500. */
describe('panel addresses that name nothing', () => {
  let t: TestApp;
  let panel: ReturnType<typeof supertest.agent>;
  beforeAll(async () => {
    t = await startTestApp();
    await t.rt.services.adminUsers.createAdmin({ email: 'lost@acme.test', password: 'lost-password' });
    panel = supertest.agent(t.web.app);
    await panel.post('/admin/login').type('form').send({ email: 'lost@acme.test', password: 'lost-password' }).expect(302);
  });
  afterAll(() => t.close());

  it.each([
    ['/admin/resources/products/actions/nope', 'There is no page "nope" for Products', 'Back to Products'],
    ['/admin/resources/products/records/1/nope', 'There is no page "nope" for Products', 'Back to Products'],
    ['/admin/resources/products/records/1/list', 'There is no page "list" for Products', 'Back to Products'],
    ['/admin/resources/products/bulk/nope?recordIds=1', 'There is no page "nope" for Products', 'Back to Products'],
    ['/admin/resources/nope', 'There is no list "nope"', 'Go to the dashboard'],
    ['/admin/pages/nope', 'There is no page "nope"', 'Go to the dashboard'],
    ['/admin/nope', 'There is no such page', 'Go to the dashboard'],
  ])('GET %s answers 404 with our page', async (url, reason, link) => {
    const res = await panel.get(url);
    expect(res.status).toBe(404);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<title>Page not found · ACME Product Importer</title>');
    expect(res.text).toContain(reason.replaceAll('"', '&quot;'));
    expect(res.text).toContain(link);
  });

  it.each([
    ['get', '/admin/api/resources/products/actions/nope'],
    ['post', '/admin/api/resources/products/actions/nope'],
    ['get', '/admin/api/resources/products/records/1/nope'],
    ['get', '/admin/api/resources/nope/actions/list'],
    ['get', '/admin/api/pages/nope'],
  ] as const)('%s %s (the panel API) answers 404 as problem+json', async (method, url) => {
    const res = await panel[method](url);
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('still serves what exists', async () => {
    for (const url of [
      '/admin',
      '/admin/resources/products',
      '/admin/resources/products/actions/new',
      '/admin/resources/products/actions/deleteAll',
      '/admin/pages/jobs',
    ]) {
      expect([url, (await panel.get(url)).status]).toEqual([url, 200]);
    }
    expect((await panel.get('/admin/api/resources/products/actions/list')).status).toBe(200);
  });

  it('sends a visitor without a session to the login page, not to a 404 that tells what exists', async () => {
    const res = await supertest(t.web.app).get('/admin/resources/products/actions/nope');
    expect(res.status).toBe(302);
    expect(res.headers.location).toContain('/admin/login');
  });
});
