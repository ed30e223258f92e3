import vm from 'node:vm';
import { preloadHeader, stateAsJson } from './panelPage.js';

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
});
