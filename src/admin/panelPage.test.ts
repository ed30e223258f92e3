import vm from 'node:vm';
import { pageStateOf, preloadHeader, stateAsJson, withServerRendered } from './panelPage.js';

/** Runs a page's inline script (the part between the tags) and returns the window it filled. */
const run = (html: string) => {
  const window: Record<string, unknown> = {};
  vm.runInNewContext(/<script[^>]*>([\s\S]*?)<\/script>/.exec(html)![1]!, { window, JSON });
  return window;
};

/** AdminJS's layout head, as its template writes it (layout-template.js). */
const layout = (state: unknown, theme: unknown) => `
    <!DOCTYPE html>
    <html lang=en>
    <head>
      <script nonce="abc">
        window.REDUX_STATE = ${JSON.stringify(state)};
        window.THEME = ${JSON.stringify(theme)};
        window.THEME_COMPONENTS = {};
      </script>`;

describe("a panel page's state for the browser", () => {
  const state = {
    resources: [{ id: 'products', name: 'Products', href: '/admin/resources/products', properties: [{ label: 'Name "quoted" \\ back' }] }],
    branding: { companyName: 'ACME </script><script>alert(1)</script>', unicode: 'café ✓ \u2028' },
    session: null,
    n: [1, 2.5, -3e-7, true, false],
  };
  const theme = { colors: { primary100: '#3040d6' } };

  it('gives the page the same state through JSON.parse', () => {
    const html = stateAsJson(layout(state, theme));
    expect(html).toContain('window.REDUX_STATE = JSON.parse("');
    expect(html).toContain('window.THEME = JSON.parse("');
    expect(run(html)).toEqual({ REDUX_STATE: state, THEME: theme, THEME_COMPONENTS: {} });
  });

  it('writes no tag into the script (a value holding </script> cannot end it)', () => {
    const html = stateAsJson(layout(state, theme));
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('leaves a page without such a state, or a state that is not plain JSON, as it was', () => {
    const other = '<!DOCTYPE html><html><head><script>window.X = {};</script>';
    expect(stateAsJson(other)).toBe(other);
    const notJson = layout(state, theme).replace(/window\.THEME = .*;/, 'window.THEME = {a: undefined};');
    expect(stateAsJson(notJson)).toContain('window.THEME = {a: undefined};');
  });

  it('preloads the scripts in their order', () => {
    expect(preloadHeader(['/admin/frontend/assets/a.1.js', '/admin/frontend/assets/b.2.js'])).toBe(
      '</admin/frontend/assets/a.1.js>; rel=preload; as=script, </admin/frontend/assets/b.2.js>; rel=preload; as=script',
    );
  });

  it('reads the state and theme back from the page as AdminJS wrote it', () => {
    expect(pageStateOf(layout(state, theme))).toEqual({ state, theme });
    expect(pageStateOf('<!DOCTYPE html><html><head></head>')).toBeNull();
  });
});

/** The end of AdminJS's layout (layout-template.js), scripts named as panelAssets rewrites them, nonces as the CSP adds them. */
const page = `<!DOCTYPE html>
    <html lang=en>
    <head>
      <script nonce="n1">
        window.REDUX_STATE = {};
      </script>
      <script src="/admin/frontend/assets/global.bundle.0123456789abcdef.js"></script>
      <script src="/admin/frontend/assets/app.bundle.fedcba9876543210.js"></script>
      <style>html { margin: 0 }</style>
    </head>
    <body>
      <div id="app" />
      <script nonce="n2">
        var app = document.getElementById('app');
        var root = createRoot(app)
        root.render(AdminJS.Application);
      </script>
    </body>
    </html>`;

describe('a page with its first paint from the server', () => {
  const rendered = {
    markup: '<section data-css="app"><table><tbody><tr data-id="1"><td>Oak chair</td></tr></tbody></table></section>',
    styles: '<style data-styled="active">.a{color:red}</style>',
  };
  const html = withServerRendered(page, rendered)!;

  it('puts the markup in #app, marked, and its styles in the head', () => {
    expect(html).toContain(`<div id="app"><div data-server-rendered style="display: contents">${rendered.markup}</div>`);
    expect(html.indexOf(rendered.styles)).toBeLessThan(html.indexOf('</head>'));
  });

  it('defers the panel scripts, so the paint shows before they run, and starts the application once they have', () => {
    expect(html.match(/<script defer src="\/admin\/frontend\/assets\/[^"]+"><\/script>/g)).toHaveLength(2);
    expect(html).not.toMatch(/<script src=/);
    const start = /<script nonce="n2">([\s\S]*?)<\/script>/.exec(html)![1]!;
    // Run the start script: nothing happens until the document is parsed (deferred scripts have run by then).
    const listeners: Record<string, () => void> = {};
    const rendering: unknown[] = [];
    const context = {
      document: { addEventListener: (event: string, fn: () => void) => (listeners[event] = fn), getElementById: () => 'app-element' },
      createRoot: () => ({ render: (app: unknown) => rendering.push(app) }),
      AdminJS: { Application: 'the application' },
    };
    vm.runInNewContext(start, context);
    expect(rendering).toEqual([]);
    listeners.DOMContentLoaded!();
    expect(rendering).toEqual(['the application']);
  });

  it('leaves a page that is not the layout it expects alone', () => {
    expect(withServerRendered(page.replace('var root = createRoot(app)', 'var root = other(app)'), rendered)).toBeNull();
    expect(withServerRendered('<!DOCTYPE html><html><body></body></html>', rendered)).toBeNull();
  });
});
