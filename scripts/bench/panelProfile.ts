import { median } from '../benchReport.js';
import { coldPanelBrowser, panelBrowser, type PanelScreen } from './panelLoads.js';
import type { PanelServer } from './panelBrowserBench.js';

/** Main-thread CPU of one traced load, in ms, from the start of navigation to the frame of the application's own rows (the screen works). */
export interface MainThreadCpu {
  /** Before the first panel script runs: the HTML, the page state's inline script. */
  page: number;
  /** The four scripts' evaluation (compiling them, or reading their cached compiled code, and running them). */
  scripts: number;
  /** After the scripts: React's renders of the screen, style, layout, paint, up to the rows' frame. */
  render: number;
  total: number;
  readyMs: number;
}

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { data?: Record<string, unknown> } };

// Timeline and script execution only: V8's compile categories add their own cost to every compilation.
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel', 'blink.user_timing'];

/**
 * Loads `screen` once under the DevTools protocol's tracing and adds up the renderer main thread's
 * CPU time (thread time, so other processes on a busy machine do not count) by phase.
 */
async function tracedLoad(page: import('playwright-core').Page, screen: PanelScreen): Promise<MainThreadCpu> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES } });
  await page.goto(screen.path, { waitUntil: 'commit' });
  // The application's own rows (panelLoads' watcher): on a list page, after it took over the server's first paint.
  const readyMs = (await page
    .waitForFunction((s) => (window as unknown as { __panelReady: Record<string, number | null> }).__panelReady?.[s] ?? false, screen.rows, { polling: 50 })
    .then((h) => h.jsonValue())) as number;
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  await page.goto('about:blank');

  const isBundle = (e: TraceEvent) => e.name === 'EvaluateScript' && String(e.args?.data?.url ?? '').includes('/frontend/assets/');
  const bundles = events.filter(isBundle).sort((a, b) => a.ts - b.ts);
  if (!bundles.length) throw new Error(`${screen.name}: no panel script in the trace`);
  const { pid, tid } = bundles[0]!;
  const nav = events.filter(
    (e) => e.name === 'navigationStart' && e.pid === pid && String(e.args?.data?.documentLoaderURL ?? '').includes(screen.path.split('?')[0]!),
  );
  const t0 = nav.at(-1)?.ts ?? bundles[0]!.ts;
  const at = (e: TraceEvent) => (e.ts - t0) / 1000;
  const cpu = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000;
  const tasks = events.filter(
    (e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && at(e) >= 0 && at(e) < readyMs,
  );
  const firstScript = at(bundles[0]!);
  const lastScript = at(bundles.at(-1)!);
  const sum = (xs: TraceEvent[]) => xs.reduce((n, e) => n + cpu(e), 0);
  const within = (t: TraceEvent) => sum(bundles.filter((b) => b.ts >= t.ts && b.ts <= t.ts + (t.dur ?? 0)));
  return {
    page: tasks.filter((t) => at(t) < firstScript).reduce((n, t) => n + cpu(t) - within(t), 0),
    scripts: sum(bundles),
    render: sum(tasks.filter((t) => at(t) > lastScript)),
    total: sum(tasks),
    readyMs,
  };
}

/**
 * Median main-thread CPU of `n` cold loads (each in a fresh profile of a running browser: coldPanelBrowser) and `n` warm loads (a profile that
 * loaded the screen three times first) of one screen on each server, loads alternating between servers.
 */
export async function profilePanelScreen(opts: {
  servers: PanelServer[];
  screen: PanelScreen;
  cookie: { name: string; value: string };
  n: number;
}): Promise<{ server: PanelServer; cold: MainThreadCpu; warm: MainThreadCpu }[]> {
  const { servers, screen, cookie, n } = opts;
  const runs = servers.map(() => ({ cold: [] as MainThreadCpu[], warm: [] as MainThreadCpu[] }));
  for (let i = 0; i < n; i++) {
    for (const [s, server] of servers.entries()) {
      const b = await coldPanelBrowser(server.baseUrl, cookie, [screen]);
      try {
        runs[s]!.cold.push(await tracedLoad(b.page, screen));
      } finally {
        await b.close();
      }
    }
  }
  const warm = [];
  try {
    for (const server of servers) warm.push(await panelBrowser(server.baseUrl, cookie, [screen]));
    for (const b of warm) for (let i = 0; i < 3; i++) await tracedLoad(b.page, screen);
    for (let i = 0; i < n; i++) for (const [s, b] of warm.entries()) runs[s]!.warm.push(await tracedLoad(b.page, screen));
  } finally {
    for (const b of warm) await b.close();
  }
  const med = (xs: MainThreadCpu[]): MainThreadCpu => {
    const keys = ['page', 'scripts', 'render', 'total', 'readyMs'] as const;
    return Object.fromEntries(keys.map((k) => [k, median(xs.map((x) => x[k]))])) as unknown as MainThreadCpu;
  };
  return servers.map((server, s) => ({ server, cold: med(runs[s]!.cold), warm: med(runs[s]!.warm) }));
}

/** The profile as a Markdown table. */
export function panelProfileMarkdown(screen: PanelScreen, rows: { server: PanelServer; cold: MainThreadCpu; warm: MainThreadCpu }[], n: number): string {
  const ms = (v: number) => `${Math.round(v).toLocaleString('en')} ms`;
  const line = (label: string, c: MainThreadCpu) => `| ${label} | ${ms(c.page)} | ${ms(c.scripts)} | ${ms(c.render)} | **${ms(c.total)}** | ${ms(c.readyMs)} |`;
  return `Main-thread CPU of the ${screen.name} in chromium (DevTools trace, thread time: what the page itself costs, whatever else the
machine runs), medians of ${n} traced loads each, from the start of navigation to the frame of the application's own rows (when
the screen works; on a list page, after it took over the server's first paint): the page (HTML, its first paint, the page state's
inline script) · the four scripts' evaluation (compiling or reading their cached code, running their top level) · after the scripts
(React's renders, style, layout, paint) · total. Tracing (timeline and V8 execution events only) slows a load, so its time is shown
only to relate the two.

| build, cache | page | scripts | after the scripts: render | main thread, total | the screen works (traced) |
|---|---|---|---|---|---|
${rows.flatMap((r) => [line(`${r.server.label}, cold`, r.cold), line(`${r.server.label}, warm`, r.warm)]).join('\n')}`;
}
