import { median } from '../benchReport.js';
import { firstRequestOf } from '../../src/admin/panelPrefetch.js';
import {
  coldPanelBrowser,
  loadScreen,
  panelBrowser,
  timeRequest,
  timeZoneCookie,
  type LoadFrom,
  type PageLoad,
  type PanelBrowser,
  type PanelScreen,
} from './panelLoads.js';

/** A running panel to measure (the same database behind each, so the same data and the same session). */
export interface PanelServer {
  label: string;
  baseUrl: string;
}

export interface ScreenResult {
  screen: PanelScreen;
  server: PanelServer;
  cold: PageLoad[];
  /** Warm cache, from another screen of the panel in the same tab. */
  warm: PageLoad[];
  /** Warm cache, from about:blank (a new renderer process, as arriving from another site). */
  arriving: PageLoad[];
  /** Median answer time of the screen's API request alone (what the rows wait for), and of its HTML page alone. */
  floorApiMs: number;
  floorHtmlMs: number;
}

/**
 * Loads every screen on every server in Debian's chromium: `cold` times each in a fresh browser
 * profile (empty cache, logged in by cookie) of a browser already running (coldPanelBrowser); then,
 * in one browser per server that has loaded every screen twice, `warm` times each coming from the
 * panel's previous screen and `arriving` from about:blank. Servers and screens are interleaved load
 * by load, so a busy moment hits them alike.
 */
export async function benchPanelScreens(opts: {
  servers: PanelServer[];
  screens: PanelScreen[];
  cookie: { name: string; value: string };
  cold: number;
  warm: number;
  floorRequests: number;
  log: (m: string) => void;
}): Promise<ScreenResult[]> {
  const { servers, screens, cookie } = opts;
  const results = new Map<string, ScreenResult>();
  const of = (screen: PanelScreen, server: PanelServer) => {
    const key = `${server.label}\u0000${screen.name}`;
    if (!results.has(key)) results.set(key, { screen, server, cold: [], warm: [], arriving: [], floorApiMs: NaN, floorHtmlMs: NaN });
    return results.get(key)!;
  };
  for (let i = 0; i < opts.cold; i++) {
    for (const screen of screens) {
      for (const server of servers) {
        const browser = await coldPanelBrowser(server.baseUrl, cookie, screens);
        try {
          const load = await loadScreen(browser.page, screen);
          of(screen, server).cold.push(load);
          opts.log(`  cold ${i + 1}/${opts.cold} ${server.label} ${screen.name}: rows ${load.rowsMs.toFixed(0)} ms, ${(load.bytes / 1024).toFixed(0)} KiB`);
        } finally {
          await browser.close();
        }
      }
    }
  }
  const warm: PanelBrowser[] = [];
  try {
    for (const server of servers) warm.push(await panelBrowser(server.baseUrl, cookie, screens));
    // Every screen twice first: chromium keeps a script's compiled code from its second load on.
    for (let round = 0; round < 2; round++) for (const [s] of servers.entries()) for (const screen of screens) await loadScreen(warm[s]!.page, screen);
    // Each round: every screen from the panel (the tab on the screen before it), then every screen from elsewhere.
    const modes: [LoadFrom, 'warm' | 'arriving'][] = [
      ['panel', 'warm'],
      ['elsewhere', 'arriving'],
    ];
    for (let i = 0; i < opts.warm; i++) {
      for (const [from, list] of modes) {
        for (const screen of screens) {
          for (const [s, server] of servers.entries()) {
            const load = await loadScreen(warm[s]!.page, screen, from);
            of(screen, server)[list].push(load);
            opts.log(
              `  warm from ${from} ${i + 1}/${opts.warm} ${server.label} ${screen.name}: rows ${load.rowsMs.toFixed(0)} ms, ${(load.bytes / 1024).toFixed(0)} KiB`,
            );
          }
        }
      }
    }
  } finally {
    for (const b of warm) await b.close();
  }
  // As the browsers send it: the session and the time zone (so list pages are drawn on the server, as for them).
  const zone = timeZoneCookie();
  const cookieHeader = `${cookie.name}=${cookie.value}; ${zone.name}=${zone.value}`;
  for (const r of results.values()) {
    // A list page drawn on the server sends no request for its rows: the one it would send (panelPrefetch.ts names it).
    const path = new URL(r.screen.path, 'http://panel');
    const apiUrl = r.cold.find((l) => l.apiUrl)?.apiUrl ?? firstRequestOf(path.pathname, path.search);
    if (!apiUrl?.startsWith(r.screen.api)) throw new Error(`${r.screen.name}: no request to ${r.screen.api} to time (${apiUrl ?? 'none'})`);
    r.floorApiMs = await timeRequest(r.server.baseUrl, apiUrl, cookieHeader, opts.floorRequests);
    r.floorHtmlMs = await timeRequest(r.server.baseUrl, r.screen.path, cookieHeader, opts.floorRequests);
  }
  return [...results.values()];
}

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en')} ms` : '—');
const kib = (v: number) => `${Math.round(v / 1024).toLocaleString('en')} KiB`;
const med = (loads: PageLoad[], f: (l: PageLoad) => number) => median(loads.map(f));

/** The Markdown tables for a run: rows visible against the floors, then where the time went and what travelled. */
export function panelScreensMarkdown(results: ScreenResult[], servers: PanelServer[]): string {
  const compare = servers.length > 1;
  const header = compare
    ? `| screen | ${servers.map((s) => `${s.label}: cold`).join(' | ')} | ${servers.map((s) => `${s.label}: warm, from elsewhere`).join(' | ')} | ${servers.map((s) => `${s.label}: warm, within the panel`).join(' | ')} | floor: its API request alone | target |\n|---|${servers.map(() => '---|---|---|').join('')}---|---|`
    : '| screen | rows visible, cold cache | warm cache, arriving from elsewhere | warm cache, within the panel | floor: its API request alone | target |\n|---|---|---|---|---|---|';
  const screens = [...new Set(results.map((r) => r.screen.name))];
  const find = (screen: string, server: PanelServer) => results.find((r) => r.screen.name === screen && r.server === server)!;
  const last = servers.at(-1)!;
  const rows = (loads: PageLoad[]) => ms(med(loads, (l) => l.rowsMs));
  const main = screens.map((name) => {
    const rs = servers.map((s) => find(name, s));
    const floor = find(name, last).floorApiMs;
    const cells = [...rs.map((r) => rows(r.cold)), ...rs.map((r) => `**${rows(r.arriving)}**`), ...rs.map((r) => `**${rows(r.warm)}**`)];
    return `| ${name} | ${cells.join(' | ')} | ${ms(floor)} | < 1,000 ms |`;
  });
  const ready = (loads: PageLoad[]) => ms(med(loads, (l) => l.readyMs));
  const working = screens.map((name) => {
    const rs = servers.map((s) => find(name, s));
    return `| ${name} | ${[...rs.map((r) => ready(r.cold)), ...rs.map((r) => ready(r.arriving)), ...rs.map((r) => ready(r.warm))].join(' | ')} |`;
  });
  const detail = results.map((r) => {
    const cell = (loads: PageLoad[]) =>
      `${ms(med(loads, (l) => l.htmlMs))} · ${ms(med(loads, (l) => l.scriptsMs))} · ${ms(med(loads, (l) => l.apiStartMs))}–${ms(med(loads, (l) => l.apiEndMs))} · ${ms(med(loads, (l) => l.rowsMs))} · ${ms(med(loads, (l) => l.readyMs))}`;
    const traffic = (loads: PageLoad[]) =>
      `${kib(med(loads, (l) => l.bytes))}, ${med(loads, (l) => l.requests)} requests (${med(loads, (l) => l.fromCache)} from cache)`;
    return `| ${compare ? `${r.server.label}: ` : ''}${r.screen.name} | ${cell(r.cold)} | ${cell(r.arriving)} | ${cell(r.warm)} | ${traffic(r.cold)} | ${traffic(r.warm)} | ${ms(r.floorHtmlMs)} |`;
  });
  const problems = [
    ...new Set(results.flatMap((r) => [...r.cold, ...r.arriving, ...r.warm].flatMap((l) => [...l.failed, ...l.external.map((u) => `${u} (another origin)`)]))),
  ];
  const csp = results.reduce((n, r) => n + [...r.cold, ...r.arriving, ...r.warm].reduce((m, l) => m + l.cspViolations, 0), 0);
  return `${header}
${main.join('\n')}

When the screen works: the first row the panel's application rendered itself (on a list page, the rows above are the server's
first paint, which the application takes over once its scripts have run; elsewhere the two are the same), medians:

| screen | ${compare ? servers.map((sv) => `${sv.label}: cold`).join(' | ') : 'cold'} | ${compare ? servers.map((sv) => `${sv.label}: from elsewhere`).join(' | ') : 'from elsewhere'} | ${compare ? servers.map((sv) => `${sv.label}: within the panel`).join(' | ') : 'within the panel'} |
|---|${servers.map(() => '---|---|---|').join('')}
${working.join('\n')}

Where the time goes (medians, ms from the start of navigation): HTML received · last script received · the API request sent–answered (— where the page brings its rows) · rows visible · the screen works.

| ${compare ? 'server: ' : ''}screen | cold | warm, from elsewhere | warm, within the panel | transferred, cold | transferred, warm | HTML page alone (server) |
|---|---|---|---|---|---|---|
${detail.join('\n')}

Requests that failed, hung or left the origin: ${problems.length ? problems.map((p) => `\`${p}\``).join(', ') : 'none'}. CSP violations reported in the console: ${csp}.`;
}
