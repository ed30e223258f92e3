/**
 * How a panel page's HTML is made cheaper for the browser before it is sent (panelAssets.ts applies it).
 * Measured in chromium on the Products list (scripts/bench-admin.ts; docs/BENCHMARKS.md).
 */

/** AdminJS's layout writes its page state and theme each as one line: `window.REDUX_STATE = {…};`. */
const PAGE_STATE = /(window\.(REDUX_STATE|THEME) = )(\{[^\n]*\});(?=\n)/g;

/**
 * AdminJS writes its page state (`window.REDUX_STATE`, about 215 KB on a list page: every resource's
 * properties and actions) and the theme as JavaScript object literals in an inline script, which the
 * browser compiles with the full JavaScript parser on every load (inline scripts get no code cache).
 * The same data as a string given to `JSON.parse` is scanned as one string literal and parsed by the
 * much faster JSON parser: the same object, a fraction of the main thread's time. A state the pattern
 * does not recognise is left as it was.
 */
export function stateAsJson(html: string): string {
  return html.replace(PAGE_STATE, (whole, assign: string, _name: string, literal: string) => {
    try {
      JSON.parse(literal);
    } catch {
      return whole; // not plain JSON: keep AdminJS's literal
    }
    // A JavaScript string holding the JSON; '<' escaped so no '</script>' can end the inline script.
    return `${assign}JSON.parse(${JSON.stringify(literal).replaceAll('<', '\\u003c')});`;
  });
}

/**
 * A `Link` header that asks the browser to start (or take from its cache) every panel script at once,
 * as soon as the answer's headers arrive, instead of when the HTML parser, held up by the page state's
 * inline script, reaches the script tags.
 */
export function preloadHeader(scriptUrls: string[]): string {
  return scriptUrls.map((url) => `<${url}>; rel=preload; as=script`).join(', ');
}

/** The page state and theme AdminJS wrote into a page (as its layout writes them), or null when it has not both. */
export function pageStateOf(html: string): { state: Record<string, unknown>; theme: unknown } | null {
  const found = new Map([...html.matchAll(PAGE_STATE)].map((m) => [m[2]!, m[3]!]));
  try {
    const state = JSON.parse(found.get('REDUX_STATE') ?? 'null') as Record<string, unknown> | null;
    const theme = JSON.parse(found.get('THEME') ?? 'null') as unknown;
    return state && theme ? { state, theme } : null;
  } catch {
    return null;
  }
}

/** AdminJS's layout starts the application in an inline script at the end of its body, right after the `#app` element. */
const START_APP =
  /(<div id="app" \/>\s*<script(?: nonce="[^"]*")?>)(\s*var app = document\.getElementById\('app'\);\s*var root = createRoot\(app\)\s*root\.render\(AdminJS\.Application\);\s*)(<\/script>)/;
const HEAD_SCRIPT = /<script src="([^"]+\/frontend\/assets\/[^"]+)"><\/script>/g;

/**
 * The page with its first paint rendered on the server (panelRender.ts): the markup in `#app` (in an
 * element that takes no box of its own, marked `data-server-rendered`) and its styles in the head, so
 * the browser shows the screen as soon as the HTML is in. The panel's scripts are deferred (still
 * fetched at once, run in order once the page is parsed) and the application starts when they have
 * run; its first render replaces the markup. Null when the page is not AdminJS's layout as expected.
 */
export function withServerRendered(html: string, rendered: { markup: string; styles: string }): string | null {
  if (!START_APP.test(html) || !html.includes('</head>')) return null;
  return html
    .replace(HEAD_SCRIPT, '<script defer src="$1"></script>')
    .replace('</head>', `${rendered.styles}</head>`)
    .replace(
      START_APP,
      (_whole, open: string, start: string, close: string) =>
        `${open.replace('<div id="app" />', `<div id="app"><div data-server-rendered style="display: contents">${rendered.markup}</div>`)}document.addEventListener('DOMContentLoaded', function () {${start}});${close}`,
    );
}
