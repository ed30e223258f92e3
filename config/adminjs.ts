import path from 'node:path';
import { projectRoot } from './env.js';

/**
 * AdminJS reads these from process.env when it is first imported, so this module is imported
 * before adminjs. The component bundle lives in a non-dot folder (Express 5 will not serve
 * dot-folders) and, in production, is prebuilt by `npm run build` instead of at request time.
 */
export const ADMIN_BUNDLE_DIR = path.join(projectRoot, 'build', 'adminjs');
process.env.ADMIN_JS_TMP_DIR = ADMIN_BUNDLE_DIR;
if (process.env.NODE_ENV === 'production' && process.env.ACME_BUILDING_ADMIN !== 'true') {
  process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
}
