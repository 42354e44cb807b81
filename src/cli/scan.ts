/**
 * `consent-gate scan <url>…` (SPEC §7.5, issue #14): loads pages in Chromium before a decision, after "reject all"
 * and after "accept all", and reports what leaves the site. Exit code 0 clean, 1 a leak, 2 a page that could not
 * be scanned or arguments that could not be used: a run that checked nothing never reads as clean.
 */
import { constants } from 'node:fs';
import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildReport } from './scan/build-report.js';
import { ansi, formatTable, safeText } from './scan/format-table.js';
import { BrowserLaunchError, launchChromium } from './scan/launch-chromium.js';
import { loadPlaywright, MissingPlaywrightError } from './scan/load-playwright.js';
import { parseScanArgs, parseUrlList, UsageError, type ScanArgs } from './scan/parse-scan-args.js';
import { PRESET_SPECS } from './scan/preset-specs.js';
import type { PageReport } from './scan/report.js';
import { ConfigError, parseScanConfig, type ScanConfig } from './scan/resolve-services.js';
import { scanPage, type StorageState } from './scan/scan-page.js';
import { siteOf } from './scan/site-of.js';
import { SCAN_USAGE } from './scan/usage.js';

const stdout = (text: string) => process.stdout.write(text);
const stderr = (text: string) => process.stderr.write(text);

async function readText(file: string, option: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${option} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}

async function readScanConfig(file: string): Promise<ScanConfig> {
  const text = await readText(file, '--config');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config ${file} is not valid JSON (${(error as Error).message})`);
  }
  try {
    return parseScanConfig(json, PRESET_SPECS);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--config ${file}: ${error.message}`);
    throw error;
  }
}

/**
 * `--storage-state <file>`: Playwright's storage state JSON, as `context.storageState({ path })` saves it. Read and
 * checked before any browser starts, like `--config`; Playwright checks the entries themselves (see `main`).
 */
async function readStorageState(file: string): Promise<StorageState> {
  const text = await readText(file, '--storage-state');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--storage-state ${file} is not valid JSON (${(error as Error).message})`);
  }
  const state = json as { cookies?: unknown; origins?: unknown } | null;
  if (typeof state !== 'object' || state === null || !Array.isArray(state.cookies) || !Array.isArray(state.origins ?? [])) {
    throw new UsageError(`--storage-state ${file}: not a Playwright storage state: { "cookies": [...], "origins": [...] }, as context.storageState({ path }) saves it`);
  }
  return { cookies: state.cookies as StorageState['cookies'], origins: (state.origins ?? []) as StorageState['origins'] };
}

async function packageVersion(): Promise<string> {
  try {
    // dist/node/cli/scan.js → the package's own package.json
    return JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Runs `task` over `items`, `limit` at a time, results in the items' order. */
async function pool<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function scanAll(browser: Browser, urls: string[], args: ScanArgs, scanConfig: ScanConfig, storageState?: StorageState): Promise<PageReport[]> {
  const width = String(urls.length).length;
  let done = 0;
  return pool(urls, args.concurrency, async (url, index) => {
    const prefix = `p${String(index + 1).padStart(width, '0')}`;
    const page = await scanPage(browser, url, {
      timeoutMs: args.timeoutMs,
      graceMs: args.graceMs,
      lang: args.lang,
      network: args.network,
      scanConfig,
      presets: PRESET_SPECS,
      ...(storageState ? { storageState } : {}),
      ...(args.html ? { screenshots: { dir: args.html, prefix } } : {}),
    });
    done++;
    // A progress line per page on long lists, on stderr so that stdout stays the report.
    if (urls.length > 1) {
      const word = { clean: 'clean', leak: 'LEAK ', unscannable: 'ERROR' }[page.verdict];
      stderr(`[${String(done).padStart(width)}/${urls.length}] ${word} ${safeText(url)} (${(page.durationMs / 1000).toFixed(1)} s)\n`);
    }
    return page;
  });
}

/**
 * `--vendors` that cannot be reached would answer no third-party request: the page would see each fail, and a scan
 * that looks clean would only show that nothing loaded. Any HTTP answer from the base will do (a folder may be 404).
 */
async function checkVendorsBase(base: string, timeoutMs: number) {
  try {
    await (await fetch(base, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })).body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } })?.cause?.code ?? (error as Error)?.name ?? String(error);
    throw new UsageError(`--vendors ${base}: cannot be reached (${cause}); start the server that holds the fake vendors (the demo's: npm start) or scan without --vendors`);
  }
}

/** `--json <file>`: a file that could not be written is said before the scan, not after it (a folder, no such folder). */
async function checkWritable(file: string) {
  const problem = await stat(file).then(
    found => (found.isDirectory() ? 'EISDIR' : access(file, constants.W_OK).then(() => undefined, error => error.code)),
    () => access(dirname(file), constants.W_OK).then(() => undefined, error => error.code),
  );
  if (problem) throw new UsageError(`--json ${file}: cannot write it (${problem})`);
}

export async function main(argv: string[]): Promise<number> {
  const startedAt = new Date();
  let args: ScanArgs;
  let urls: string[];
  let scanConfig: ScanConfig = { services: [] };
  let storageState: StorageState | undefined;
  try {
    args = parseScanArgs(argv);
    if (args.help) {
      stdout(SCAN_USAGE);
      return 0;
    }
    // A URL given twice (on the command line and in the file) is scanned once.
    urls = [...new Set([...args.urls, ...(args.urlsFile ? parseUrlList(await readText(args.urlsFile, '--urls'), args.urlsFile) : [])])];
    if (args.configFile) scanConfig = await readScanConfig(args.configFile);
    if (args.storageStateFile) storageState = await readStorageState(args.storageStateFile);
    if (args.network.mode === 'vendors') await checkVendorsBase(args.network.base, args.timeoutMs);
    // The report's folder first: a --json file may go in it.
    if (args.html) await mkdir(args.html, { recursive: true }).catch(error => {
      throw new UsageError(`--html ${args.html}: cannot create the folder (${error.code ?? error})`);
    });
    if (args.json && args.json !== '-') await checkWritable(args.json);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr(`consent-gate scan: ${error.message}\n(consent-gate scan --help for the options)\n`);
    return 2;
  }

  let browser: Browser;
  try {
    // --offline / --vendors: only the scanned sites (and the declared cookie domain) resolve; see hostResolverRules.
    const onlySites =
      args.network.mode === 'live' ? undefined : [...urls.map(url => siteOf(new URL(url).hostname)), ...(scanConfig.cookieDomain ? [scanConfig.cookieDomain] : [])];
    browser = await launchChromium(await loadPlaywright(), args.resolve, onlySites);
  } catch (error) {
    if (error instanceof MissingPlaywrightError) {
      stderr(error.message);
      return 2;
    }
    if (error instanceof BrowserLaunchError) {
      stderr(`consent-gate scan: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (storageState) {
    // Playwright checks each cookie and origin only when a profile is made: a bad entry is said once, before any
    // page, not as every page's failure.
    const refused = await browser.newContext({ storageState }).then(
      context => context.close().then(() => undefined),
      (error: Error) => error.message.split('\n')[0]!.replace(/^browser\.newContext: /, ''),
    );
    if (refused !== undefined) {
      await browser.close().catch(() => {});
      stderr(`consent-gate scan: --storage-state ${args.storageStateFile}: Playwright refused it (${refused})\n`);
      return 2;
    }
  }
  const browserName = `chromium ${browser.version()}`;
  let pages: PageReport[];
  try {
    pages = await scanAll(browser, urls, args, scanConfig, storageState);
  } finally {
    await browser.close().catch(() => {});
  }

  const report = buildReport(pages, {
    version: await packageVersion(),
    browser: browserName,
    startedAt,
    finishedAt: new Date(),
    options: {
      lang: args.lang,
      timeoutMs: args.timeoutMs,
      network: args.network.mode,
      ...(args.network.mode === 'vendors' ? { vendors: args.network.base } : {}),
      ...(args.configFile ? { config: args.configFile } : {}),
      ...(args.storageStateFile ? { storageState: args.storageStateFile } : {}),
    },
  });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const toStdout = args.json === '-';
  const out = toStdout ? stderr : stdout;
  const stream = toStdout ? process.stderr : process.stdout;
  out(formatTable(report, stream.isTTY && !process.env.NO_COLOR ? ansi : undefined));
  if (toStdout) stdout(json);
  else if (args.json) {
    await writeFile(args.json, json);
    stderr(`JSON report: ${args.json}\n`);
  }
  if (args.html) {
    const { renderHtmlReport } = await import('./scan/render-html-report.js');
    await writeFile(join(args.html, 'index.html'), renderHtmlReport(report));
    stderr(`HTML report: ${join(args.html, 'index.html')}\n`);
  }
  return report.exitCode;
}
