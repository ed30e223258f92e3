import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import * as DesignSystem from '@adminjs/design-system';
import * as styled from '@adminjs/design-system/styled-components';
import * as AdminJSExports from 'adminjs';
import React from 'react';
import { renderToString } from 'react-dom/server';
import * as ReactRedux from 'react-redux';
import * as ReactRouter from 'react-router';
import { StaticRouter } from 'react-router-dom/server.js';

/** A panel page as the browser would start it: AdminJS's page state and theme, its address, the answer its rows wait for. */
export interface PanelPageState {
  state: Record<string, unknown>;
  theme: unknown;
  /** The page's path and query (`/admin/resources/products?page=2`). */
  url: string;
  /** The early answer the page carries (panelPrefetch.ts): the screen's first render takes it, here as in the browser. */
  prefetch: { url: string; data: unknown };
  /** The browser's time zone (IANA name), in which dates are written (admin-components/format.ts). */
  timeZone: string;
}

/** The panel's first paint, rendered on the server: the markup that goes in `#app` and the styles it needs. */
export interface ServerRendered {
  markup: string;
  styles: string;
}

export type PanelRenderer = (page: PanelPageState) => ServerRendered;

const { ServerStyleSheet, ThemeProvider } = styled as unknown as {
  ServerStyleSheet: new () => { collectStyles(el: React.ReactElement): React.ReactElement; getStyleTags(): string; seal(): void };
  ThemeProvider: React.ComponentType<{ theme: unknown; children?: React.ReactNode }>;
};

/** A localStorage that forgets: what AdminJS's sidebar reads during a render (nothing is kept on the server). */
const emptyStorage = () => {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
};

/** The browser globals AdminJS's components read while they render: `window`, its page state, `location`, `localStorage`. */
function browserGlobals(
  page: Pick<PanelPageState, 'state' | 'theme' | 'url'> & Partial<Pick<PanelPageState, 'prefetch' | 'timeZone'>>,
  AdminJS: unknown,
): Record<string, unknown> {
  return {
    __panelTimeZone: page.timeZone,
    window: globalThis,
    AdminJS,
    REDUX_STATE: page.state,
    THEME: page.theme,
    location: new URL(page.url, 'http://panel.invalid'),
    localStorage: emptyStorage(),
    __panelPrefetch: page.prefetch && { url: page.prefetch.url, data: page.prefetch.data, done: true, answer: Promise.resolve(page.prefetch.data) },
  };
}

/**
 * Runs `work` with `globals` set, then removes them: a render is synchronous, so no other request's
 * code runs while they are set, and nothing else in the process ever sees them.
 */
function withGlobals<T>(globals: Record<string, unknown>, work: () => T): T {
  const g = globalThis as Record<string, unknown>;
  const taken = Object.keys(globals).filter((k) => k in g);
  if (taken.length) throw new Error(`The panel's server render would overwrite the globals ${taken.join(', ')}`);
  Object.assign(g, globals);
  try {
    return work();
  } finally {
    for (const k of Object.keys(globals)) delete g[k];
  }
}

/**
 * The panel's renderer on the server, from the components bundle `npm run build` made for the browser
 * (AdminJS's bundler: our components registered in `AdminJS.UserComponents`): AdminJS's own React
 * application, rendered to HTML with its styles for one page.
 */
export async function loadPanelRenderer(bundleFile: string): Promise<PanelRenderer> {
  // AdminJS's translations set-up is not among its package's exports; it is in its lib/, beside its entry point.
  const adminjsDir = path.dirname(createRequire(import.meta.url).resolve('adminjs'));
  const i18nModule = (await import(pathToFileURL(path.join(adminjsDir, 'lib', 'frontend', 'utils', 'adminjs.i18n.js')).href)) as {
    default: (locale: unknown) => { i18n: unknown };
  };
  // As AdminJS's browser entry builds it: its exports, the components' registry, the environment the bundle extends.
  const AdminJS = { ...AdminJSExports, UserComponents: {} as Record<string, unknown>, env: { NODE_ENV: process.env.NODE_ENV ?? 'development' } };
  // The bundle is a browser script that takes its libraries from globals: given here as its parameters.
  const bundle = vm.runInThisContext(
    `(function (React, AdminJSDesignSystem, AdminJS, styled, ReactRouter, ReactRedux) {\n${readFileSync(bundleFile, 'utf8')}\n})`,
    {
      filename: bundleFile,
    },
  ) as (...libs: unknown[]) => void;
  withGlobals(browserGlobals({ state: { locale: null, paths: { rootPath: '/admin' } }, theme: null, url: '/admin' }, AdminJS), () =>
    bundle(React, DesignSystem, AdminJS, styled, ReactRouter, ReactRedux),
  );
  const App = AdminJSExports.App as unknown as React.ComponentType;
  let translated: unknown = null;

  return (page) => {
    if (!translated) translated = i18nModule.default(page.state.locale); // one set of translations: the panel has one locale
    const store = AdminJSExports.createStore(page.state as never);
    const sheet = new ServerStyleSheet();
    try {
      const markup = withGlobals(browserGlobals(page, AdminJS), () =>
        renderToString(
          sheet.collectStyles(
            React.createElement(
              ReactRedux.Provider,
              { store } as never,
              React.createElement(ThemeProvider, { theme: page.theme }, React.createElement(StaticRouter, { location: page.url }, React.createElement(App))),
            ),
          ),
        ),
      );
      return { markup, styles: sheet.getStyleTags() };
    } finally {
      sheet.seal();
    }
  };
}
