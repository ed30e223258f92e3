import type { Request } from 'express';
import type { Logger } from '../lib/logger.js';
import { reportedTimeZone, serverRendered, type PanelFirstPaint } from './panelFirstPaint.js';
import type { PanelPageState } from './panelRender.js';

describe("a list page's first paint on the server", () => {
  it("takes the browser's time zone from its cookie, when it is a zone", () => {
    expect(reportedTimeZone('connect.sid=abc; acme_time_zone=Pacific%2FAuckland')).toBe('Pacific/Auckland');
    expect(reportedTimeZone('acme_time_zone=UTC; other=1')).toBe('UTC');
    expect(reportedTimeZone('acme_time_zone=Not%2FA_Zone')).toBeNull();
    expect(reportedTimeZone('my_acme_time_zone=UTC')).toBeNull();
    expect(reportedTimeZone(undefined)).toBeNull();
  });

  // The page as AdminJS wrote it and as it is about to go (its tail is what withServerRendered expects).
  const body = `<!DOCTYPE html><html><head><script>\n        window.REDUX_STATE = {"locale":{"language":"en"}};\n        window.THEME = {"colors":{}};\n</script></head><body>
      <div id="app" />
      <script>
        var app = document.getElementById('app');
        var root = createRoot(app)
        root.render(AdminJS.Application);
      </script></body></html>`;
  const answer = { records: [{ id: '1', params: { sku: 'OAK-1' } }], meta: { total: 1, page: 1, perPage: 10 } };
  const setup = (over: Partial<PanelFirstPaint> = {}, cookie = 'acme_time_zone=Europe%2FParis') => {
    const warnings: unknown[] = [];
    const rendered: PanelPageState[] = [];
    const firstPaint: PanelFirstPaint = {
      renderer: async () => (page) => (rendered.push(page), { markup: '<table><tr data-id="1"></tr></table>', styles: '<style>.x{}</style>' }),
      listAnswer: async () => answer,
      logger: { warn: (...args: unknown[]) => void warnings.push(args) } as unknown as Logger,
      ...over,
    };
    const url = new URL('http://panel/admin/resources/products?page=1');
    const run = () =>
      serverRendered(firstPaint, {
        req: { headers: { cookie } } as Request,
        body,
        page: body,
        url,
        first: '/admin/api/resources/products/actions/list?page=1',
        resourceId: 'products',
        nonce: 'n1',
      });
    return { run, warnings, rendered };
  };

  it("renders the page with the list's answer in the browser's zone, and hands the browser that answer", async () => {
    const { run, rendered } = setup();
    const html = (await run())!;
    expect(html).toContain('<div data-server-rendered style="display: contents"><table><tr data-id="1"></tr></table></div>');
    expect(html).toContain('<script nonce="n1">window.__panelPrefetch=');
    expect(rendered).toEqual([
      {
        state: { locale: { language: 'en' } },
        theme: { colors: {} },
        url: '/admin/resources/products?page=1',
        prefetch: { url: '/admin/api/resources/products/actions/list?page=1', data: answer },
        timeZone: 'Europe/Paris',
      },
    ]);
  });

  it('leaves the page to the browser when it has not reported its zone, when the answer is not rows, or when rendering fails (logged)', async () => {
    expect(await setup({}, 'connect.sid=abc').run()).toBeNull();
    expect(await setup({ listAnswer: async () => ({ notice: { message: 'x' }, records: [], meta: {} }) }).run()).toBeNull();
    const failing = setup({
      renderer: async () => () => {
        throw new Error('window is not defined');
      },
    });
    expect(await failing.run()).toBeNull();
    expect(failing.warnings).toHaveLength(1);
  });
});
