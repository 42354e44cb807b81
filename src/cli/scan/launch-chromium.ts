import { existsSync } from 'node:fs';
import type { Browser, BrowserType } from 'playwright-core';

/**
 * Where distributions put Chromium or Chrome, tried when Playwright's own download is not installed. Debian's
 * headless shell first: a scan is headless, and the shell is what Playwright launches headless from its own download.
 */
export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Thrown when no browser can be started; the message says which one was tried and how to get one. */
export class BrowserLaunchError extends Error {
  override name = 'BrowserLaunchError';
}

/** `$CHROMIUM_PATH`, else Playwright's downloaded Chromium, else a system one; `undefined` lets Playwright decide. */
export function findChromium(chromium: BrowserType, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new BrowserLaunchError(`CHROMIUM_PATH is "${fromEnv}", which does not exist`);
    return fromEnv;
  }
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // executablePath() throws when Playwright has no browser build for this platform.
  }
  return SYSTEM_CHROMIUMS.find(path => existsSync(path));
}

/**
 * A headless Chromium quiet enough that every request it makes comes from the pages: no background updates,
 * sync or QUIC probing. `resolve` becomes Chromium's host resolver rules (curl's `--resolve`, for a staging IP).
 */
export async function launchChromium(
  chromium: BrowserType,
  resolve: Array<{ host: string; address: string }>,
): Promise<Browser> {
  const executablePath = findChromium(chromium);
  const args = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
  if (resolve.length) args.push(`--host-resolver-rules=${resolve.map(rule => `MAP ${rule.host} ${rule.address}`).join(', ')}`);
  try {
    return await chromium.launch({ ...(executablePath ? { executablePath } : {}), args, timeout: 60_000 });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n').find(line => line.trim()) ?? '';
    throw new BrowserLaunchError(
      `could not start Chromium${executablePath ? ` (${executablePath})` : ''}: ${first.replace(/^browserType\.launch: /, '')}\n` +
        'Install one with `npx playwright-core install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome.',
    );
  }
}
