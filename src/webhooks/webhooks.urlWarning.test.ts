import supertest from 'supertest';
import { startTestApp, type TestApp } from '../../test/app.js';
import { refusedWebhookUrlWarning } from './webhooks.ssrf.js';

/** The webhook forms warn as the URL is typed when deliveries to it would be refused (the same rule as delivery). */
describe('warning for a webhook URL whose deliveries would be refused', () => {
  const resolver = (table: Record<string, string[]>) => async (host: string) => table[host] ?? [];

  it.each([
    ['http://127.0.0.1:9000/hook', '127.0.0.1 is a loopback address (this machine)'],
    ['http://[::1]/hook', '::1 is a loopback address (this machine)'],
    ['https://10.1.2.3/hook', '10.1.2.3 is a private-network address'],
    ['https://192.168.0.20/hook', '192.168.0.20 is a private-network address'],
    ['http://localhost:3000/hook', 'localhost resolves to 127.0.0.1, a loopback address (this machine)'],
    ['https://erp.internal/hook', 'erp.internal resolves to 172.16.4.2, a private-network address'],
  ])('%s: refused while private networks are not allowed, naming the setting', async (url, where) => {
    const warning = await refusedWebhookUrlWarning(url, false, resolver({ localhost: ['127.0.0.1'], 'erp.internal': ['172.16.4.2'] }));
    expect(warning).toBe(
      `${where}: deliveries to it are refused while WEBHOOK_ALLOW_PRIVATE_NETWORKS is false. To deliver inside your own network, set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true on the server.`,
    );
    expect(await refusedWebhookUrlWarning(url, true, resolver({ localhost: ['127.0.0.1'], 'erp.internal': ['172.16.4.2'] }))).toBeNull();
  });

  it('a cloud metadata address is always refused, whatever the setting', async () => {
    for (const allow of [false, true]) {
      expect(await refusedWebhookUrlWarning('http://169.254.169.254/latest', allow)).toBe(
        '169.254.169.254 is a cloud metadata address: deliveries to it are always refused, whatever WEBHOOK_ALLOW_PRIVATE_NETWORKS says.',
      );
    }
  });

  it('says nothing for public addresses, unresolvable hosts or what is not yet a URL', async () => {
    const lookup = resolver({ 'hooks.example.com': ['93.184.216.34'] });
    for (const url of ['https://hooks.example.com/acme', 'https://nowhere.invalid/x', 'http://', 'not a url', 'ftp://127.0.0.1/']) {
      expect([url, await refusedWebhookUrlWarning(url, false, lookup)]).toEqual([url, null]);
    }
  });

  describe('in the panel (its forms ask the webhooks resource)', () => {
    let t: TestApp;
    let panel: ReturnType<typeof supertest.agent>;
    beforeAll(async () => {
      t = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' } });
      await t.rt.services.adminUsers.createAdmin({ email: 'hooks@acme.test', password: 'hooks-password' });
      panel = supertest.agent(t.web.app);
      await panel.post('/admin/login').type('form').send({ email: 'hooks@acme.test', password: 'hooks-password' }).expect(302);
    });
    afterAll(() => t.close());
    const check = async (url: string) => (await panel.post('/admin/api/resources/webhooks/actions/checkUrl').send({ url }).expect(200)).body.warning;

    it("warns for a loopback URL with the server's own setting, and not for a public one", async () => {
      expect(await check('http://127.0.0.1:8080/hook')).toContain('refused while WEBHOOK_ALLOW_PRIVATE_NETWORKS is false');
      expect(await check('https://93.184.216.34/hook')).toBeNull();
    });

    it('is not reachable without the panel session', async () => {
      const res = await supertest(t.web.app).post('/admin/api/resources/webhooks/actions/checkUrl').send({ url: 'http://127.0.0.1/' });
      expect(res.status).toBe(302);
    });
  });
});
