import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Builds the admin component bundle and the server bundle once (as `npm start` does) and checks chromium is there. */
export default async function globalSetup() {
  const chromium = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(`${chromium} not found: install it with "apt-get update && apt-get install -y chromium"`);
  }
  execSync('npm run build --silent', { stdio: 'inherit' });
}
