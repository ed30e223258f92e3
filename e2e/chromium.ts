import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Debian's chromium (E2E_CHROMIUM overrides the path), headless, with the flags from STACK-NOTES, on a
 * fresh profile directory: a persistent profile, not an incognito context, because chromium uses no
 * V8 code cache in incognito contexts and a user's browser does. The browser tests and bench:admin
 * both drive it; `close()` also removes the profile.
 */
export async function launchChromium(opts: {
  baseUrl: string;
  profilePrefix: string;
  acceptDownloads?: boolean;
  /** The browser's time zone (IANA name); the machine's when not given. */
  timezoneId?: string;
}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), opts.profilePrefix));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    baseURL: opts.baseUrl,
    viewport: { width: 1400, height: 900 },
    ...(opts.acceptDownloads === undefined ? {} : { acceptDownloads: opts.acceptDownloads }),
    ...(opts.timezoneId === undefined ? {} : { timezoneId: opts.timezoneId }),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
