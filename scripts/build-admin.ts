import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_BUNDLE_DIR } from '../config/adminjs.js';
import { projectRoot } from '../config/env.js';

/**
 * Prebuilds the AdminJS component bundle for production (`npm run build`), so no process bundles
 * at request time, with the same `env` the panel gets (src/admin/admin.ts). Skipped when neither
 * admin-components/ nor that env has changed since the last build.
 */
const componentsDir = path.join(projectRoot, 'admin-components');
const hash = createHash('sha256');
for (const f of readdirSync(componentsDir).sort()) hash.update(f).update(readFileSync(path.join(componentsDir, f)));
const adminjsVersion = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules/adminjs/package.json'), 'utf8')).version;
// AdminJS writes its `env` (our vocabulary: src/admin/vocabulary.ts) into the bundle: a change there rebuilds it too.
const { panelEnv } = await import('../src/admin/vocabulary.js');
const env = panelEnv();
const digest = hash.update(adminjsVersion).update(JSON.stringify(env)).digest('hex');
const stamp = path.join(ADMIN_BUNDLE_DIR, 'bundle.sha256');
if (existsSync(path.join(ADMIN_BUNDLE_DIR, 'bundle.js')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
  process.stdout.write('Admin components bundle is up to date.\n');
} else {
  const { default: AdminJS } = await import('adminjs');
  const { componentLoader } = await import('../src/admin/componentLoader.js');
  process.stdout.write('Bundling admin components…\n');
  await new AdminJS({ componentLoader, env }).initialize();
  writeFileSync(stamp, digest);
  process.stdout.write(`Admin components bundled into ${path.relative(projectRoot, ADMIN_BUNDLE_DIR)}/bundle.js\n`);
}
// The shared libraries' bundle, served in place of AdminJS's global bundle (admin-components/panelGlobals.entry.js says why).
const { writeCompressedPanelScripts, COMPRESSED_DIR, GLOBALS_ENTRY, OWN_GLOBAL_BUNDLE } = await import('../src/admin/panelAssets.js');
await build({
  entryPoints: [GLOBALS_ENTRY],
  outfile: OWN_GLOBAL_BUNDLE,
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'globals',
  define: { 'process.env.NODE_ENV': '"production"' },
  target: ['chrome100', 'edge100', 'firefox100', 'safari15'],
  logLevel: 'warning',
});
process.stdout.write(`Shared libraries bundled into ${path.relative(projectRoot, OWN_GLOBAL_BUNDLE)}\n`);
// The panel's scripts (AdminJS's and ours) compressed once here, served as they are (src/admin/panelAssets.ts).
const written = writeCompressedPanelScripts();
if (written.length) process.stdout.write(`Compressed the panel scripts into ${path.relative(projectRoot, COMPRESSED_DIR)}/ (${written.length} files)\n`);
