import { existsSync } from 'node:fs';
import type { Browser, BrowserType } from 'playwright-core';
import { NOT_AUTOMATED } from './browse.js';

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

type ResolveRule = { host: string; address: string };

/** Whether two host patterns (an exact name, or `*.domain`: any subdomain) name a host in common. */
function overlaps(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  const wild = (pattern: string) => pattern.startsWith('*.');
  if (!wild(x) && !wild(y)) return x === y;
  if (wild(x) && wild(y)) return x === y || x.endsWith(y.slice(1)) || y.endsWith(x.slice(1));
  const [pattern, host] = wild(x) ? [x, y] : [y, x];
  return host.endsWith(pattern.slice(1));
}

/**
 * Chromium's `--host-resolver-rules`. `resolve` maps hosts (curl's `--resolve`, for a staging IP). With `onlySites`
 * (`--offline`, `--vendors`), every other host is not found: some requests are never shown to Playwright's routing —
 * a `sendBeacon` or `keepalive` fetch on `pagehide`, a shared worker's, a `<link rel=preconnect>`, an HTTP redirect
 * after the first URL — and would reach the vendor the report says was never contacted. So only the scanned sites
 * resolve (and their subdomains, `*.site`), and of the `--resolve` rules only those naming a host of them (a rule for a
 * vendor's host would let exactly those requests through). Chromium checks every EXCLUDE before any MAP
 * (net/base/host_mapping_rules.cc), so a site's EXCLUDE that would also cancel a kept `--resolve` rule is left out:
 * those hosts are mapped by the rule instead.
 */
export function hostResolverRules(resolve: ResolveRule[], onlySites?: string[]): string | undefined {
  const sites = onlySites?.map(site => site.toLowerCase().replace(/^\./, '').replace(/\.$/, ''));
  // A site is its name and its subdomains; an address or a one-label host (localhost) only itself.
  const patterns = [...new Set((sites ?? []).flatMap(site => (/^[\d.]+$/.test(site) || !site.includes('.') ? [site] : [site, `*.${site}`])))];
  const kept = sites ? resolve.filter(rule => patterns.some(pattern => overlaps(rule.host, pattern))) : resolve;
  const rules = kept.map(rule => `MAP ${rule.host} ${rule.address}`);
  if (sites) {
    rules.push('MAP * ~NOTFOUND');
    for (const pattern of patterns) if (!kept.some(rule => overlaps(rule.host, pattern))) rules.push(`EXCLUDE ${pattern}`);
  }
  return rules.length ? rules.join(', ') : undefined;
}

/**
 * A headless Chromium quiet enough that every request it makes comes from the pages: no background updates,
 * sync or QUIC probing; host resolver rules as `hostResolverRules` makes them; `navigator.webdriver` false, as a page
 * may keep its trackers from an automated browser. Frames in the page's own process (`--disable-site-isolation-trials`):
 * Chromium 150 puts a sandboxed frame (`<iframe sandbox srcdoc>`, an ad slot's) in a process of its own, whose requests
 * Playwright neither routes nor reports, and a pixel in one before consent was read clean. Not through
 * `--disable-features`: Chromium takes the last one, and it would drop Playwright's (`HttpsUpgrades` among them).
 */
export async function launchChromium(chromium: BrowserType, resolve: ResolveRule[], onlySites?: string[]): Promise<Browser> {
  const executablePath = findChromium(chromium);
  const args = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--disable-site-isolation-trials', NOT_AUTOMATED];
  const rules = hostResolverRules(resolve, onlySites);
  if (rules) args.push(`--host-resolver-rules=${rules}`);
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
