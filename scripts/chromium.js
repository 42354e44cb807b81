// Finds a Chromium for Playwright: $CHROMIUM_PATH, Debian's /usr/bin/chromium, or Playwright's own download.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The flags every e2e run starts Chromium with: no traffic of its own, and real subdomains on localhost
 * (www.ooopic.test and m.ooopic.test share one consent cookie, SPEC §4).
 */
export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--host-resolver-rules=MAP *.ooopic.test 127.0.0.1',
];

export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The executable to launch, or `undefined` when Playwright's bundled browser is installed and should be used. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv };
  const system = SYSTEM_CHROMIUMS.find(path => existsSync(path));
  if (system) return { path: system };
  try {
    if (existsSync(chromium.executablePath())) return { path: undefined };
  } catch {
    // executablePath() throws when the browser registry has no entry for this platform.
  }
  return undefined;
}
