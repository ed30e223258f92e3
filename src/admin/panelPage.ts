/**
 * How a panel page's HTML is made cheaper for the browser before it is sent (panelAssets.ts applies it).
 * Measured in chromium on the Products list (scripts/bench-admin.ts; docs/BENCHMARKS.md).
 */

/**
 * AdminJS writes its page state (`window.REDUX_STATE`, about 215 KB on a list page: every resource's
 * properties and actions) and the theme as JavaScript object literals in an inline script, which the
 * browser compiles with the full JavaScript parser on every load (inline scripts get no code cache).
 * The same data as a string given to `JSON.parse` is scanned as one string literal and parsed by the
 * much faster JSON parser: the same object, a fraction of the main thread's time. A state the pattern
 * does not recognise is left as it was.
 */
export function stateAsJson(html: string): string {
  return html.replace(/(window\.(?:REDUX_STATE|THEME) = )(\{[^\n]*\});(?=\n)/g, (whole, assign: string, literal: string) => {
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
