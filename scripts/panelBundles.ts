import { build, type BuildOptions, type Plugin } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/env.js';
import { DESIGN_SYSTEM_ENTRY, GLOBALS_ENTRY, OWN_DESIGN_SYSTEM_BUNDLE, OWN_GLOBAL_BUNDLE } from '../src/admin/panelAssets.js';
import { ADMIN_BUNDLE_DIR } from '../config/adminjs.js';

/**
 * Build time (`npm run build`): the panel's shared libraries and design system, built with esbuild
 * from node_modules and served in place of AdminJS's published bundles (src/admin/panelAssets.ts).
 * Each keeps, of the feather icons and the design system's illustrations, only those some code of
 * the panel names (AdminJS's app bundle and its actions, the design system, our components, our
 * resource options): an icon or illustration is only ever asked for by a name written in one of them.
 */

const packageDir = (name: string) => path.join(projectRoot, 'node_modules', name);

const filesUnder = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), ext) : ext.test(e.name) ? [path.join(dir, e.name)] : [],
  );

/** Every text that can name an icon or an illustration. Our components' bundle must be built first. */
function panelSources(): string[] {
  const adminjs = packageDir('adminjs');
  const designSystem = packageDir('@adminjs/design-system');
  return [
    path.join(adminjs, 'lib/frontend/assets/scripts/app-bundle.production.js'),
    // Its actions' icons are named on the server and reach the page in its state.
    ...filesUnder(path.join(adminjs, 'lib/backend'), /\.js$/),
    ...filesUnder(path.join(designSystem, 'build'), /\.js$/).filter((f) => !f.endsWith('.stories.js')),
    path.join(ADMIN_BUNDLE_DIR, 'bundle.js'),
    ...filesUnder(path.join(projectRoot, 'src'), /\.tsx?$/),
    ...filesUnder(path.join(projectRoot, 'config'), /\.ts$/),
  ].map((f) => readFileSync(f, 'utf8'));
}

/**
 * The candidates some source names as a string literal ('Name', "Name" or `Name`), or, with `keys`,
 * only as the value of one of those properties or attributes (`variant: "Name"`, `illustration="Name"`).
 */
export function namedIn(sources: string[], candidates: Iterable<string>, keys?: string[]): Set<string> {
  const named = new Set<string>();
  for (const name of candidates) {
    const literal = new RegExp(`${keys ? `\\b(?:${keys.join('|')})\\s*[:=]\\s*` : ''}["'\`]${name}["'\`]`);
    if (sources.some((s) => literal.test(s))) named.add(name);
  }
  return named;
}

const FEATHER_ICONS_MODULE = 'panel-feather-icons';

/** The globals entry's `react-feather` becomes the named icons only, and Slash: the design system's Icon falls back to it for an unknown name. */
function featherIconsNamed(icons: Set<string>): Plugin {
  return {
    name: 'feather-icons-named',
    setup(b) {
      b.onResolve({ filter: /^react-feather$/ }, (args) =>
        args.importer === GLOBALS_ENTRY ? { path: FEATHER_ICONS_MODULE, namespace: FEATHER_ICONS_MODULE } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: FEATHER_ICONS_MODULE }, () => ({
        contents: `export { ${[...new Set([...icons, 'Slash'])].sort().join(', ')} } from 'react-feather';`,
        resolveDir: projectRoot,
        loader: 'js',
      }));
    },
  };
}

/** The design system's imports of libraries the global bundle already sets, read from those globals, as its published bundle does. */
const FROM_GLOBALS: Record<string, string> = {
  react: 'React',
  'react-dom': 'ReactDOM',
  'react-router': 'ReactRouter',
  'react-router-dom': 'ReactRouterDOM',
  'react-feather': 'FeatherIcons',
};

function libraryGlobals(): Plugin {
  const names = new RegExp(`^(${Object.keys(FROM_GLOBALS).join('|')})$`);
  return {
    name: 'library-globals',
    setup(b) {
      b.onResolve({ filter: names }, (args) => ({ path: args.path, namespace: 'library-global' }));
      b.onLoad({ filter: /.*/, namespace: 'library-global' }, (args) => ({ contents: `module.exports = window.${FROM_GLOBALS[args.path]};`, loader: 'js' }));
    },
  };
}

/** An illustration that no code names is an empty component of the same name. */
function illustrationsNamed(illustrations: Set<string>): Plugin {
  return {
    name: 'illustrations-named',
    setup(b) {
      b.onLoad({ filter: /[\\/]atoms[\\/]illustrations[\\/][a-z-]+\.js$/ }, (args) => {
        const name = /export const (\w+) =/.exec(readFileSync(args.path, 'utf8'))?.[1];
        if (!name || illustrations.has(name)) return undefined;
        return { contents: `export const ${name} = () => null;\nexport default ${name};\n`, loader: 'js' };
      });
    },
  };
}

/** The illustrations the design system offers, by the name its Illustration component takes. */
function designSystemIllustrations(): string[] {
  const index = readFileSync(path.join(packageDir('@adminjs/design-system'), 'build/atoms/illustrations/index.js'), 'utf8');
  return [...index.matchAll(/default as (\w+) \}/g)].map((m) => m[1]!);
}

const common: BuildOptions = {
  bundle: true,
  minify: true,
  format: 'iife',
  define: { 'process.env.NODE_ENV': '"production"', 'process.env.IS_BROWSER': 'true' },
  target: ['chrome100', 'edge100', 'firefox100', 'safari15'],
  logLevel: 'warning',
};

/** Builds both bundles into build/adminjs/ and says what each kept. */
export async function buildPanelBundles(log: (line: string) => void): Promise<void> {
  const sources = panelSources();
  const featherIcons = Object.keys(await import('react-feather')).filter((n) => /^[A-Z]/.test(n));
  const icons = namedIn(sources, featherIcons);
  await build({ ...common, entryPoints: [GLOBALS_ENTRY], outfile: OWN_GLOBAL_BUNDLE, globalName: 'globals', plugins: [featherIconsNamed(icons)] });
  log(`Shared libraries bundled into ${path.relative(projectRoot, OWN_GLOBAL_BUNDLE)} (${icons.size} of ${featherIcons.length} feather icons are named)`);

  const offered = designSystemIllustrations();
  const illustrations = namedIn(sources, offered, ['variant', 'illustration']);
  await build({
    ...common,
    entryPoints: [DESIGN_SYSTEM_ENTRY],
    outfile: OWN_DESIGN_SYSTEM_BUNDLE,
    globalName: 'AdminJSDesignSystem',
    plugins: [libraryGlobals(), illustrationsNamed(illustrations)],
  });
  log(
    `Design system bundled into ${path.relative(projectRoot, OWN_DESIGN_SYSTEM_BUNDLE)} (illustrations named: ${[...illustrations].join(', ')}; ${offered.length - illustrations.size} left out)`,
  );
}
