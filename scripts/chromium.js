// Finds a Chromium for Playwright: $CHROMIUM_PATH, Debian's /usr/bin/chromium (or its headless shell, for the
// tests), or Playwright's own download.
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
  // Chromium 150 puts a sandboxed frame (`<iframe sandbox srcdoc>`) in a process of its own, whose requests Playwright
  // neither routes nor reports: a test could not see what such a frame fetched, nor stub it. Not through
  // `--disable-features=IsolateSandboxedIframes`: Chromium takes the last `--disable-features`, and that one dropped
  // Playwright's own (`HttpsUpgrades` among them: http://hm.baidu.com became https).
  '--disable-site-isolation-trials',
];

export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Chromium's headless shell (Debian's `chromium-headless-shell`): the engine without the browser's own layers, what
 * Playwright itself runs headless tests in when it has its own download. The e2e suite is CPU-bound on CI's two
 * cores, and the same 39 tests took 44 s in it against 64 s in the full browser there.
 */
export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/**
 * The executable to launch, or `undefined` when Playwright's bundled browser is installed and should be used.
 * `headlessShell`: a headless run (the tests) takes the headless shell when it is there. Without it, a full browser:
 * the bench compares its figures over time, and the two-tab tests need it.
 */
export function findChromium({ headlessShell = false } = {}) {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv };
  const system = [...(headlessShell ? [HEADLESS_SHELL] : []), ...SYSTEM_CHROMIUMS].find(path => existsSync(path));
  if (system) return { path: system };
  try {
    if (existsSync(chromium.executablePath())) return { path: undefined };
  } catch {
    // executablePath() throws when the browser registry has no entry for this platform.
  }
  return undefined;
}

/**
 * The Chromium of an e2e run: the headless shell when there is one, the full browser for a run with windows
 * (`--headed`, `--ui`, `--debug`, `PWDEBUG`). Playwright's workers load the config again without the runner's
 * arguments, so the runner notes a headed run in the environment they inherit.
 */
export function e2eChromium() {
  if (process.argv.some(arg => ['--headed', '--ui', '--debug'].includes(arg))) process.env.E2E_HEADED = '1';
  return findChromium({ headlessShell: !process.env.E2E_HEADED && !process.env.PWDEBUG });
}
