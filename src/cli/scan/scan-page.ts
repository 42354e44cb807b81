import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';

/** Playwright's storage state: what `context.storageState()` saves and `newContext({ storageState })` takes. */
export type StorageState = Exclude<NonNullable<Parameters<Browser['newContext']>[0]>['storageState'], string | undefined>;
import { answerThirdParties } from './answer-third-parties.js';
import { clickAction, isBannerVisible, waitForBanner } from './banner.js';
import { browse, passAsVisitor, visitorUserAgent } from './browse.js';
import { describeFailure, ScanStepError, sdkFileError } from './describe-failure.js';
import { buildPhaseReport, createPhaseRecord, type PhaseRecord } from './build-phase-report.js';
import type { NetworkMode } from './parse-scan-args.js';
import { pickSecondPage, type PageLink } from './pick-second-page.js';
import { readPageConfig, type PageConfig } from './read-page-config.js';
import type { PageReport, PhaseId, ScanFailure, StepId } from './report.js';
import type { ScanConfig } from './resolve-services.js';
import { CONSENT_GATE, createServiceCatalogue, type ServiceSpec } from './service-catalogue.js';
import { isFirstParty, siteOf } from './site-of.js';
import { watchInitiators, type InitiatorWatch } from './watch-initiators.js';
import { describeBusy, isReceiptRequest, OPEN_MS, QUIET_MS, watchNetwork, type NetworkWatch } from './watch-network.js';
import { watchSdkFiles, whatHappened, type SdkFileFailure } from './watch-sdk-files.js';
import { describeTimers, TIMER_MS, watchTimers, type PendingTimer } from './watch-timers.js';
import { watchWrites, type WriteWatch } from './watch-writes.js';

export interface PageScanOptions {
  timeoutMs: number;
  graceMs: number;
  lang: string;
  network: NetworkMode;
  scanConfig: ScanConfig;
  presets: Record<string, ServiceSpec>;
  /** `--storage-state`: the profiles start from this session (Playwright's `storageState` shape) instead of empty. */
  storageState?: StorageState;
  /** The `--html` folder and this page's file-name prefix, when screenshots are wanted. */
  screenshots?: { dir: string; prefix: string };
}

/** A URL or a console message in a note: long ones cut, with an ellipsis. */
const shorten = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** However busy a page stays (a heartbeat beacon), a step stops waiting for quiet after this long. */
const SETTLE_CAP_MS = 15_000;
/**
 * How long the banner is left unanswered at least, before a decision: a page may start its trackers when a visitor has
 * not decided within a few seconds (consent read from silence, which PIPL Art. 14 does not allow), on a clock no timer
 * shows — an animation frame loop, a worker's timer, `animationend`. Watched on the network quiet or not.
 */
export const UNANSWERED_MS = 5_000;

/** Resource types whose end a document's `load` event waits for (HTML, "the end": the document's delaying loads). */
const LOAD_BLOCKING = ['document', 'image', 'stylesheet', 'script', 'font'];

/** The first profile sees the page before a decision and refuses; the second accepts. */
type Profile = 'first' | 'second';

/** Which phase a step of a profile belongs to: the second profile's load is not judged (see `scanPage`). */
const PHASE_OF: Record<Profile, Partial<Record<StepId, PhaseId>>> = {
  first: { load: 'before', 'reject-all': 'reject', reload: 'reject', 'second-page': 'reject' },
  second: { 'accept-all': 'accept' },
};

/** Keys of the main frame's localStorage and sessionStorage; a page that forbids storage has none to leak. */
function readStorageInPage() {
  const keys = (area: 'localStorage' | 'sessionStorage') => {
    try {
      return Object.keys(window[area]);
    } catch {
      return [];
    }
  };
  return { origin: location.origin, local: keys('localStorage'), session: keys('sessionStorage') };
}

function readLinksInPage(): PageLink[] {
  return Array.from(document.querySelectorAll('a[href]'), a => ({
    href: (a as HTMLAnchorElement).href,
    download: a.hasAttribute('download'),
    consentHook: a.hasAttribute('data-consent-request') || a.hasAttribute('data-consent-open'),
  })).slice(0, 500);
}

/**
 * How long a step waits for a busy network: `--timeout` (15 s at most), or `--grace` where that is longer — a grace
 * above the limit was cut to it, and a quiet page was then said to be still busy.
 */
export const settleCapOf = (graceMs: number, timeoutMs: number) => Math.max(graceMs, Math.min(timeoutMs, SETTLE_CAP_MS));

/**
 * A page's limit: ten times `--timeout`, and on top the four waits of the refusing profile (load, reject-all, reload,
 * second page) where `--grace` makes each longer than `--timeout` — without it every page ran out of time.
 */
export const deadlineOf = (graceMs: number, timeoutMs: number) => timeoutMs * 10 + 4 * Math.max(0, settleCapOf(graceMs, timeoutMs) - timeoutMs);

/**
 * Whether the first load ended on another host or path than asked: a member page that sends a visitor without a
 * session to the login page was reported clean, and the report was the login page's. A new query or fragment (a
 * tracking parameter, `?lang=`), the scheme (http → https) or a trailing slash is the same page.
 */
export function isRedirectedAway(asked: string, landed: string): boolean {
  try {
    const [a, b] = [new URL(asked), new URL(landed)];
    const path = (url: URL) => url.pathname.replace(/\/$/, '');
    return a.host !== b.host || path(a) !== path(b);
  } catch {
    return false;
  }
}

/**
 * One URL, in two fresh browser profiles (SPEC §7.5): the first sees the page before any decision, then refuses
 * with the banner's "reject all" and is checked after the click, after a reload and on a second page of the site;
 * the second, side by side, accepts with "accept all". Every step is bounded by `timeoutMs`, the page as a whole
 * by ten times that, and both profiles are closed whatever happens.
 */
export async function scanPage(browser: Browser, url: string, options: PageScanOptions): Promise<PageReport> {
  const started = Date.now();
  const { timeoutMs, graceMs } = options;
  // Where each profile's page is: the site moves with a redirect or a navigation to another domain, in that profile
  // only (one profile's move made the other's requests to the new site first-party: unrecorded, and let through to
  // the network under --offline).
  const pageHost: Record<Profile, string> = { first: new URL(url).hostname, second: new URL(url).hostname };
  let finalUrl = url;
  let redirected: string | undefined;
  const firstPartyOf = (profile: Profile) => (host: string) => isFirstParty(host, pageHost[profile], options.scanConfig.cookieDomain);
  const phases: Record<PhaseId, PhaseRecord> = {
    before: createPhaseRecord('before'),
    reject: createPhaseRecord('reject'),
    accept: createPhaseRecord('accept'),
  };
  let pageConfig: PageConfig = { report: { source: null, services: [], problems: [] }, services: [] };
  // Where each profile is: the step its requests and writes are filed under, and where a failure happened.
  const at: Record<Profile, { phase: PhaseRecord; step: StepId }> = {
    first: { phase: phases.before, step: 'load' },
    second: { phase: phases.accept, step: 'load' },
  };
  let error: ScanFailure | undefined;
  const contexts = new Set<BrowserContext>();
  // One network record per profile, read when the report is built, whether or not the phases ran to their end.
  const watches: Partial<
    Record<
      Profile,
      {
        network: NetworkWatch;
        initiators: InitiatorWatch;
        writes: WriteWatch;
        sdkFiles: SdkFileFailure[];
        isSdkFile(url: string): boolean;
        isSdk(url: string): boolean;
        timers: Awaited<ReturnType<typeof watchTimers>>;
      }
    >
  > = {};
  const sdkFilesOf = (profile: Profile) => () => watches[profile]?.sdkFiles ?? [];

  const ensureLoaded = (response: Response | null, what: string) => {
    const status = response?.status() ?? 0;
    if (status >= 400) throw new ScanStepError('http-status', `${what} answered HTTP ${status} ${response!.statusText()}`.trim(), status);
  };

  /** A new profile: its own cookies and storage, the scan's language, third parties answered as asked. */
  async function inContext(profile: Profile, run: (context: BrowserContext, page: Page, watch: NetworkWatch) => Promise<void>) {
    const context = await browser.newContext({
      locale: options.lang,
      // A visitor's Chrome, not "HeadlessChrome": a page may start its trackers only where no scanner looks.
      userAgent: visitorUserAgent(browser.version()),
      viewport: { width: 1280, height: 800 },
      acceptDownloads: false,
      ...(options.storageState ? { storageState: options.storageState } : {}),
    });
    contexts.add(context);
    try {
      context.setDefaultTimeout(timeoutMs);
      context.setDefaultNavigationTimeout(timeoutMs);
      let page: Page | undefined;
      const firstParty = firstPartyOf(profile);
      const writes = await watchWrites(context, () => at[profile].step, (url, document) => watch.connection(url, document), (url, document, how) => watch.left(url, document, how));
      const watch = watchNetwork(context, {
        isFirstParty: firstParty,
        step: () => at[profile].step,
        page: () => page,
        cookies: writes.cookies,
        isReceipt: request =>
          isReceiptRequest({ method: request.method(), url: request.url() }, options.scanConfig.receiptUrl ?? pageConfig.receiptUrl, page?.url() ?? url),
      });
      // A file of the SDK that did not come is why a banner never shows or a choice is not kept: said in the phase
      // it failed in, once a file, with its status (the SDK's own console message has no status).
      const failedFiles = new Set<string>();
      const sdkFiles = watchSdkFiles(
        context,
        () => at[profile].step,
        file => {
          const { phase, step } = at[profile];
          if (failedFiles.has(`${phase.id} ${file.url}`) || !contexts.has(context)) return;
          failedFiles.add(`${phase.id} ${file.url}`);
          phase.notes.push(`${step}: the SDK's file ${file.url} ${whatHappened(file)}`);
        },
      );
      const timers = await watchTimers(context);
      const initiators = watchInitiators(context, sdkFiles.isSdk);
      watches[profile] = { network: watch, initiators, writes, sdkFiles: sdkFiles.failures, isSdkFile: sdkFiles.isOwn, isSdk: sdkFiles.isSdk, timers };
      const unanswered = new Set<PhaseRecord>();
      await answerThirdParties(context, options.network, {
        isFirstParty: firstParty,
        page: () => page,
        timeoutMs,
        socket: url => watch.socket(url, 'route'),
        isSdkFile: sdkFiles.isSdk,
        fetched(url, sdk) {
          // Once per phase and file: the report says the network was not contacted, and this is the exception.
          const { phase, step } = at[profile];
          const key = `${phase.id} fetched ${url}`;
          if (noted.has(key)) return;
          noted.add(key);
          phase.notes.push(
            `${step}: ${url} was fetched from the network to tell whether it is the SDK (a third party's file named like its bundle)${sdk ? '' : ': it is not, and the page got the empty answer'}`,
          );
        },
        unanswered(url, reason) {
          // Once per phase: a base that is down fails every request after the first the same way. A request cut off
          // by the profile closing after its last step is no failure of the base.
          const { phase, step } = at[profile];
          if (unanswered.has(phase) || !contexts.has(context) || options.network.mode !== 'vendors') return;
          unanswered.add(phase);
          phase.notes.push(`${step}: --vendors ${options.network.base} did not answer ${url} (${reason}); the page saw it fail, and what it would have done next is not in this report`);
        },
      });
      // Each page once, the one opened here and any the page opens (a popup on the first click): a visitor's browser,
      // its storage watched. The context announces the first before `newPage` returns it.
      const ready = new Map<Page, Promise<unknown>>();
      const prepare = (opened: Page) => {
        if (!ready.has(opened)) ready.set(opened, Promise.all([passAsVisitor(context, opened, browser.version()), writes.attach(opened)]));
        return ready.get(opened)!;
      };
      context.on('page', opened => void prepare(opened));
      page = await context.newPage();
      await prepare(page);
      // Before the page navigates: its markup's first requests name their line too.
      await initiators.attach(page);
      const opened = page;
      // What the SDK says in the console (a cookie domain that does not cover the page, a config it refused, a file of
      // it missing) is often why a phase leaks or the banner comes back: noted in the phase it was said in, once.
      const said = new Set<string>();
      opened.on('console', message => {
        const text = message.text();
        if (!text.startsWith('consent-gate:') || (message.type() != 'error' && message.type() != 'warning')) return;
        const { phase, step } = at[profile];
        if (said.has(`${phase.id} ${text}`)) return;
        said.add(`${phase.id} ${text}`);
        phase.notes.push(`${step}: the SDK said (console ${message.type()}): ${shorten(text, 400)}`);
      });
      // The site is the page's where it lands: a redirect to another domain moves the first party with it.
      opened.on('framenavigated', frame => {
        if (frame === opened.mainFrame() && /^https?:/.test(frame.url())) pageHost[profile] = new URL(frame.url()).hostname;
      });
      await run(context, opened, watch);
    } finally {
      contexts.delete(context);
      await context.close().catch(() => {});
    }
  }

  /**
   * Why a page that sent itself to another site while loading could not be scanned under --offline: the hop is
   * answered with a 204 (answer-third-parties.ts), and a navigation begun while the document was parsed aborts that
   * document (HTML, "abort a Document": no load event, the rest of it never parsed), so only the vendor's answer (its
   * redirect back) would have brought the page.
   */
  const bounced = (watch: NetworkWatch) => {
    const hop = options.network.mode === 'offline' ? watch.requests.find(r => r.step === 'load' && r.type === 'document' && r.status === 204) : undefined;
    return hop
      ? new ScanStepError(
          'navigation',
          `the page sent itself to ${hop.url} while loading (a top-level hop through another site, recorded); --offline answers it empty, so the page never came back: scan it with --vendors to follow the vendor's redirect`,
        )
      : undefined;
  };

  /**
   * Why a page whose server redirects it to another site could not be scanned under --offline / --vendors: the browser
   * follows a redirect itself, past the scan's answers, and no other site resolves there, so the hop failed as "the host
   * name did not resolve (DNS)", the page's own address.
   */
  const redirectedElsewhere = (watch: NetworkWatch) => {
    const hop = options.network.mode !== 'live' ? watch.requests.find(r => r.step === 'load' && r.type === 'document' && /NAME_NOT_RESOLVED/.test(r.failure ?? '')) : undefined;
    if (!hop) return undefined;
    // A tracker's address is no page to scan: the redirect itself went through a vendor before any consent.
    const at = new URL(hop.url);
    const vendor = createServiceCatalogue({ presets: Object.values(options.presets), configured: [] }).byHost(at.hostname, at.pathname);
    const why = `which --${options.network.mode} does not answer (the browser follows a redirect itself)`;
    return new ScanStepError(
      'navigation',
      vendor && vendor.category !== 'necessary'
        ? `the page's server redirected it to ${hop.url}, an address of ${vendor.id} (${vendor.category}), ${why}: a hop through a tracker before any consent, which the findings list; the page behind it could not be scanned`
        : `the page redirected to ${hop.url}, on another site, ${why}: scan that address instead`,
    );
  };

  /**
   * A profile's first load of the page. Under --offline a page that sent itself through a vendor while loading never
   * comes back (`bounced`): Chromium stops parsing it, its `readyState` turns "complete" with no DOMContentLoaded, and
   * `goto` would wait the whole --timeout (30 s by default) to fail. Said as soon as that is seen twice in a row.
   */
  function load(page: Page, watch: NetworkWatch, target: string): Promise<Response | null> {
    let done = false;
    const going = page.goto(target, { waitUntil: 'domcontentloaded' }).finally(() => (done = true));
    const abandoned = (async () => {
      for (let seen = 0; !done; ) {
        await new Promise(resolve => setTimeout(resolve, 250));
        const bounce = !done && bounced(watch);
        const state = bounce ? await page.evaluate(() => document.readyState).catch(() => undefined) : undefined;
        seen = state === 'complete' ? seen + 1 : 0;
        if (seen == 2 && !done) throw bounce;
      }
      return going;
    })();
    return Promise.race([going, abandoned]).catch(failure => Promise.reject(bounced(watch) ?? redirectedElsewhere(watch) ?? failure));
  }

  const settleCap = settleCapOf(graceMs, timeoutMs);
  /**
   * Watches a step until the network is quiet and at least `least` has passed (--grace; the first load longer, with the
   * banner unanswered: `UNANSWERED_MS`), then as long as the page has timers set for up to `TIMER_MS` (or --grace, where
   * longer) that have not fired, until they did and the network went quiet again: a tracker started on a timer after
   * `load` was not seen. All within `settleCap`. The SDK's own timers (its idle fallbacks, its time limit for a gated
   * script) are not waited for: they start no request of their own, and what they wait for is on the network. Returns
   * how long it watched; what it stopped watching is noted.
   */
  async function settle(profile: Profile, page: Page, phase: PhaseRecord, step: StepId, least = graceMs): Promise<number> {
    const { network, timers, isSdkFile } = watches[profile]!;
    const start = Date.now();
    const waited = Math.max(TIMER_MS, graceMs);
    let until = Math.min(least, settleCap);
    let later: PendingTimer[] = [];
    let repeating: PendingTimer[] = [];
    for (;;) {
      const elapsed = Date.now() - start;
      const busy = await network.settle(Math.max(0, until - elapsed), settleCap - elapsed);
      if (busy) {
        phase.notes.push(`${step}: ${describeBusy(busy, settleCap)}`);
        break;
      }
      const all = (await timers.pending(page)).filter(timer => !isSdkFile(timer.by));
      repeating = all.filter(timer => timer.repeating);
      const pending = all.filter(timer => !timer.repeating);
      const due = pending.filter(timer => timer.delayMs <= waited);
      later = pending.filter(timer => timer.delayMs > waited);
      if (!due.length) break;
      const now = Date.now() - start;
      if (now >= settleCap) {
        phase.notes.push(`${step}: timers the page set were still pending after ${settleCap} ms (${describeTimers(due)}); what they do is not in this report`);
        break;
      }
      // Until the last of them is due, then the network quiet again after it (a timer may set the next one).
      until = now + Math.min(Math.max(100, ...due.map(timer => timer.dueInMs + 50)), settleCap - now);
    }
    // A request of the page's scripts still without an answer (a slow API whose answer starts a tracker): what the
    // answer starts is not seen, and the next step's navigation cancels it. Past `OPEN_MS` it no longer holds the step.
    // Once a phase for each address without its query: a long poll asks again with a new `?since=` at every step.
    const keyOf = (url: string) => `${phase.id} open ${url.split(/[?#]/)[0]}`;
    const waiting = network.open().filter(r => (r.type == 'fetch' || r.type == 'xhr') && !r.answered && r.openMs >= OPEN_MS && !noted.has(keyOf(r.url)));
    for (const r of waiting) noted.add(keyOf(r.url));
    if (waiting.length) {
      const named = waiting.slice(0, 3).map(r => `${r.url} (${r.type}, ${(r.openMs / 1000).toFixed(1)} s)`);
      phase.notes.push(
        `${step}: ${waiting.length == 1 ? 'a request' : `${waiting.length} requests`} of the page had no answer yet when the step ended: ${named.join(', ')}${waiting.length > 3 ? ` and ${waiting.length - 3} more` : ''}; what an answer starts is not in this report (--grace watches longer)`,
      );
    }
    // A poll loop or an interval still running: what its later rounds do (a tracker on the fourth tick) is not seen.
    for (const timer of repeating) {
      const key = `${phase.id} repeating ${timer.delayMs} ${timer.by}`;
      if (noted.has(key)) continue;
      noted.add(key);
      phase.notes.push(
        `${step}: a timer the page keeps setting again (every ${timer.delayMs} ms${timer.by ? `, ${timer.by}` : ''}) was still running when the step ended; what its later rounds do is not in this report (--grace watches longer)`,
      );
    }
    for (const timer of later) {
      const key = `${phase.id} ${timer.delayMs} ${timer.by}`;
      if (noted.has(key)) continue;
      noted.add(key);
      phase.notes.push(
        `${step}: a timer of ${timer.delayMs} ms the page set${timer.by ? ` (${timer.by})` : ''} had not fired when the step ended; what it does is not in this report (--grace ${Math.ceil(timer.delayMs / 1000) * 1000} waits for it)`,
      );
    }
    return Date.now() - start;
  }
  /** What a phase has been told once: a timer it did not wait for, a file it fetched (keys start with the phase). */
  const noted = new Set<string>();

  /**
   * Navigates (`go`, up to the document's DOMContentLoaded) and waits for the page's `load` event, or for the network
   * to go quiet without it: a request that stays open holds `load` back for good (a document streamed into an iframe,
   * an image that never ends), and a page waited for until `load` ran into --timeout and could not be scanned. A
   * script still arriving is waited for, up to --timeout: it runs when it arrives, and a slow one (6 s) that loaded a
   * tracker then was read as a stream and the page reported clean. One still loading after that stops the scan.
   */
  async function arrive(page: Page, watch: NetworkWatch, go: () => Promise<Response | null>): Promise<Response | null> {
    const response = await go();
    let loaded = false;
    const load = page.waitForLoadState('load', { timeout: timeoutMs }).then(
      () => void (loaded = true),
      () => {},
    );
    // The document's own `<script src>` elements still arriving (a worker's script is no element of it: a shared
    // worker's stays in flight as long as the worker lives).
    const scripts = async () => {
      const open = watch.open().filter(request => request.type == 'script');
      if (!open.length) return open;
      const sources = await page.evaluate(() => [...document.scripts].map(script => script.src)).catch(() => [] as string[]);
      return open.filter(request => sources.includes(request.url));
    };
    const started = Date.now();
    const quiet = (async () => {
      while (!loaded && !(Date.now() - started >= QUIET_MS && watch.isQuiet() && !(await scripts()).length) && Date.now() - started < timeoutMs) {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    })();
    await Promise.race([load, quiet]);
    const slow = loaded ? undefined : (await scripts())[0];
    if (slow) {
      throw new ScanStepError(
        'timeout',
        `the page's script ${shorten(slow.url)} was still loading after ${Date.now() - started} ms (--timeout ${timeoutMs}): what it runs when it arrives cannot be seen`,
      );
    }
    return response;
  }

  /** After a step settled on a page whose `load` never came: what held it back, since what the page does on load was not seen. */
  async function noteUnloaded(page: Page, watch: NetworkWatch, phase: PhaseRecord, step: StepId) {
    if ((await page.evaluate(() => document.readyState).catch(() => 'complete')) == 'complete') return;
    // What can hold `load` back, frames first (a fetch, an XHR or a worker's request cannot).
    const open = watch
      .open()
      .filter(request => LOAD_BLOCKING.includes(request.type))
      .sort((a, b) => LOAD_BLOCKING.indexOf(a.type) - LOAD_BLOCKING.indexOf(b.type));
    const named = open.slice(0, 3).map(({ url, type, openMs }) => `${shorten(url)} (${type}, open ${(openMs / 1000).toFixed(1)} s)`);
    const more = open.length > 3 ? ` and ${open.length - 3} more` : '';
    phase.notes.push(
      `${step}: the page's load event never came${named.length ? ` (still loading: ${named.join(', ')}${more})` : ''}; the step went on once the network was quiet, and what the page does on load is not in this report`,
    );
  }

  /** What the step left behind: the banner, every cookie of the profile, the page's storage keys. */
  async function observe(context: BrowserContext, page: Page, watch: NetworkWatch, phase: PhaseRecord, step: StepId, watchedMs: number) {
    // A navigation the step started: its page, once it loads (a page whose `load` never comes was noted).
    if (!watch.isQuiet()) await page.waitForLoadState('load', { timeout: OPEN_MS }).catch(() => {});
    phase.steps.push({ step, url: page.url(), banner: await isBannerVisible(page), watchedMs });
    for (const cookie of await context.cookies()) {
      phase.cookies.push({ name: cookie.name, domain: cookie.domain, path: cookie.path, value: cookie.value.slice(0, 80), step });
    }
    // A navigation the step started may replace the document while we read: one retry on the new one.
    const storage = await page.evaluate(readStorageInPage).catch(() => page.evaluate(readStorageInPage)).catch(() => undefined);
    for (const area of ['local', 'session'] as const) {
      for (const key of storage?.[area] ?? []) phase.storage.push({ area, origin: storage!.origin, key, step });
    }
  }

  /**
   * After a click on "reject all" / "accept all": the choice was made, or the phase would judge a page that was never
   * told one (a deploy missing `decide.js` kept the banner and stored nothing, and the scan read "clean", exit 0). The
   * SDK's controller says so where the page has it on `window` (`get().decided`); elsewhere (an SPA's own controller)
   * the banner still up says it.
   */
  async function ensureDecided(profile: Profile, page: Page, phase: PhaseRecord, action: 'reject-all' | 'accept-all') {
    // Waited for while the SDK says undecided: a click made before `decide.js` arrived is queued and applied when it
    // does (SPEC §7.2), which on a loaded machine came after one look and ended a clean page `no-decision`.
    const decided = await page
      .waitForFunction(
        () => {
          const controller = (window as unknown as { ConsentGate?: { get?: () => { decided?: unknown } } }).ConsentGate;
          try {
            return typeof controller?.get == 'function' ? controller.get().decided === true : 'none';
          } catch {
            return 'none';
          }
        },
        undefined,
        // Not long where one of the SDK's files failed already (its writer, decide.js): nothing will decide then.
        { timeout: sdkFilesOf(profile)().length ? 500 : Math.min(timeoutMs, 10_000) },
      )
      .then(
        answer => answer.jsonValue(),
        // A page that went away meanwhile is judged by its banner, as one without the SDK.
        (failure: Error) => (failure.name == 'TimeoutError' ? false : 'none'),
      )
      .then(answer => (answer === 'none' ? undefined : (answer as boolean)));
    if (decided ?? !phase.steps.at(-1)?.banner) return;
    const what = `"${action.replace('-', ' ')}" made no choice (the banner is still up${decided === false ? ', the SDK says undecided' : ''}), so this phase saw nothing to judge`;
    const files = sdkFilesOf(profile)();
    throw files.length ? sdkFileError(files, what) : new ScanStepError('no-decision', `${what}: is something over the banner, or a script error on the click?`);
  }

  async function screenshot(page: Page, phase: PhaseRecord) {
    if (!options.screenshots || phase.screenshot) return;
    const file = `${options.screenshots.prefix}-${phase.id}.jpg`;
    try {
      await page.screenshot({ path: join(options.screenshots.dir, file), type: 'jpeg', quality: 70, timeout: timeoutMs });
      phase.screenshot = file;
    } catch (failure) {
      phase.notes.push(`no screenshot: ${describeFailure(failure, timeoutMs).message}`);
    }
  }

  /**
   * Reads the first profile's page as a visitor would (`browse`) and watches it `UNANSWERED_MS` at least since it
   * arrived: before the decision with the banner unanswered, and again on the reload and the second page after the
   * refusal (another template: one loading CNZZ as the reader scrolls, unseen when the second page was only waited
   * on). Where something
   * left the site while it was read, a note says what the scan did: none of it is consent (PIPL Art. 14), and a refusal
   * holds as the visitor reads on. Returns how long the step watched.
   */
  async function readAsVisitor(page: Page, watch: NetworkWatch, phase: PhaseRecord, id: 'load' | 'reload' | 'second-page'): Promise<number> {
    const arrived = Date.now();
    const seen = watch.requests.length;
    const browsed = await browse(page);
    await settle('first', page, phase, id, Math.max(graceMs, UNANSWERED_MS - (Date.now() - arrived)));
    // The watch records only what leaves the site. A page that goes elsewhere by itself (a `<meta http-equiv=refresh>`
    // through a vendor's redirect) leaves the reader behind: what starts from that hop on is the refresh's, not the
    // reading's.
    const all = watch.requests.slice(seen).filter(request => request.step == id);
    const { initiators } = watches.first!;
    const at = all.findIndex(request => request.type == 'document' && initiators.refreshed(request.url) == 'page');
    const state = id == 'load' ? 'the banner unanswered' : 'after the refusal';
    if (at >= 0) {
      const refresh = all[at]!;
      phase.notes.push(
        `${id}: the page went to ${shorten(refresh.url)} by itself, ${state}, from ${initiators.of(refresh.url)}: a visit to another site that no reading or click started${all.length - at > 1 ? ` (${all.length - at} requests to other sites from there on)` : ''}`,
      );
    }
    // A frame's own refresh (an ad slot's) is no more the reading's than the page's is.
    const read = at < 0 ? all : all.slice(0, at);
    const framed = read.filter(request => request.type == 'document' && initiators.refreshed(request.url) == 'frame');
    for (const refresh of framed) phase.notes.push(`${id}: a frame of the page went to ${shorten(refresh.url)} by itself, ${state}: its refresh, not the reading`);
    const later = read.filter(request => !framed.includes(request));
    // Said whatever was found: a leak further down would be missed, and a clean result must not claim the whole page.
    if (browsed.unreadPx) {
      phase.notes.push(`${id}: the page grew as it was read (an endless feed?): read ${browsed.scrolledPx} px down, ${browsed.unreadPx} px more were not read`);
    }
    if (later.length) {
      const scrolled = browsed.jumpedPx ? `scrolled ${browsed.scrolledPx} px down (the last ${browsed.jumpedPx} px at once, to its end) and back` : `scrolled ${browsed.scrolledPx} px down and back`;
      const how = [
        browsed.scrolledPx ? scrolled : 'not scrolled: it has no room to',
        browsed.clicked ? `clicked at ${browsed.clicked.x},${browsed.clicked.y} on an empty ${browsed.clicked.what}${id == 'load' ? ' beside the banner' : ''}` : `not clicked (no empty spot${id == 'load' ? ' beside the banner' : ''})`,
        browsed.pressed ? `pressed ${browsed.pressed.join(' and ')}` : 'no key pressed (a control had the focus)',
      ];
      phase.notes.push(
        `${id}: while the page was read as a visitor would, ${state} (${how.join(', ')}), ${later.length} request${later.length > 1 ? 's' : ''} to other sites started (the first: ${shorten(later[0]!.url)}): reading a page is no consent`,
      );
    }
    return Date.now() - arrived;
  }

  async function step(profile: Profile, phase: PhaseRecord, id: StepId, page: Page, run: () => Promise<void>) {
    at[profile] = { phase, step: id };
    try {
      await run();
    } catch (failure) {
      // The page as it failed; not when another profile's failure closed this one (that screenshot would fail too).
      if (!error) await screenshot(page, phase);
      throw failure;
    }
  }

  const first = () =>
    inContext('first', async (context, page, watch) => {
      const { before, reject } = phases;
      await step('first', before, 'load', page, async () => {
        const response = await arrive(page, watch, () => load(page, watch, url));
        ensureLoaded(response, 'the page');
        const watched = await readAsVisitor(page, watch, before, 'load');
        await noteUnloaded(page, watch, before, 'load');
        await observe(context, page, watch, before, 'load', watched);
        // Where the page is once it settled and a navigation it started has loaded (`observe`): a script or a
        // `<meta http-equiv=refresh>` may have taken it elsewhere after its load. Read before that wait, a late
        // refresh was missed about half the time, and the new page's findings were filed under the old address.
        finalUrl = before.steps[0]!.url;
        if (isRedirectedAway(url, finalUrl)) {
          redirected = finalUrl;
          before.notes.push(
            `load: the page went to ${finalUrl}, which is what this report checked, not the page asked for (a login page? --storage-state gives the scan a logged-in session)`,
          );
        }
        pageConfig = await readPageConfig(page, options.presets);
        // A banner that shows after the network went quiet still showed before the decision.
        if (!before.steps[0]!.banner) {
          await waitForBanner(page, 'reject-all', timeoutMs, sdkFilesOf('first'));
          before.steps[0]!.banner = true;
        }
        await screenshot(page, before);
      });
      before.completed = true;
      loaded(true);

      await step('first', reject, 'reject-all', page, async () => {
        await clickAction(page, 'reject-all', timeoutMs, sdkFilesOf('first'));
        const watched = await settle('first', page, reject, 'reject-all');
        await observe(context, page, watch, reject, 'reject-all', watched);
        await ensureDecided('first', page, reject, 'reject-all');
      });
      await step('first', reject, 'reload', page, async () => {
        ensureLoaded(await arrive(page, watch, () => page.reload({ waitUntil: 'domcontentloaded' })), 'the page');
        // Read as the first load was: a page may start a tracker for one who refused as they read it, or a few
        // seconds in (a `<meta http-equiv=refresh>`, an animation-frame loop), where no timer shows.
        const watched = await readAsVisitor(page, watch, reject, 'reload');
        await noteUnloaded(page, watch, reject, 'reload');
        await observe(context, page, watch, reject, 'reload', watched);
        // Withdrawing must be as easy as giving (PIPL Art. 15): after a decision the page needs a way back to the
        // choices. The SDK's own are a `data-consent-open` element and its floating button; a page's own button
        // calling `ConsentGate.show()` cannot be seen from here, so this is a note, not a verdict.
        const ways = await page
          .locator('[data-consent-open], #consent-gate [data-action="preferences"]')
          .count()
          .catch(() => 1);
        if (!ways) {
          reject.notes.push(
            'reload: no way back to the choices found after a decision: no [data-consent-open] element and no floating button (ui.floatingButton); a visitor must be able to withdraw as easily as they gave consent (PIPL Art. 15)',
          );
        }
      });
      await step('first', reject, 'second-page', page, async () => {
        const links = await page.evaluate(readLinksInPage).catch(() => []);
        const second = pickSecondPage(links, page.url(), firstPartyOf('first'));
        if (!second) {
          reject.notes.push('second-page: the page is the site root and links to no other page of the site; only the reload was checked');
          return;
        }
        const response = await arrive(page, watch, () => page.goto(second, { waitUntil: 'domcontentloaded' }));
        if ((response?.status() ?? 0) >= 400) reject.notes.push(`second-page: ${second} answered HTTP ${response!.status()}; checked as it loaded`);
        const watched = await readAsVisitor(page, watch, reject, 'second-page');
        await noteUnloaded(page, watch, reject, 'second-page');
        await observe(context, page, watch, reject, 'second-page', watched);
      });
      await screenshot(page, reject);
      reject.completed = true;
    });

  // The accepting profile starts once the page has loaded and shown its banner in the first one: a page that
  // cannot be scanned fails once, in the first phase, and a dead server is not asked twice.
  let loaded: (ok: boolean) => void = () => {};
  const firstLoaded = new Promise<boolean>(resolve => (loaded = resolve));
  const second = async () =>
    (await firstLoaded) &&
    inContext('second', async (context, page, watch) => {
      const { accept } = phases;
      // The load is a second "before" of its own, already judged in the first profile: only what follows the click counts.
      await step('second', accept, 'load', page, async () => {
        ensureLoaded(await arrive(page, watch, () => load(page, watch, url)), 'the page');
        await waitForBanner(page, 'accept-all', timeoutMs, sdkFilesOf('second'));
      });
      await step('second', accept, 'accept-all', page, async () => {
        await clickAction(page, 'accept-all', timeoutMs, sdkFilesOf('second'));
        const watched = await settle('second', page, accept, 'accept-all');
        await observe(context, page, watch, accept, 'accept-all', watched);
        await ensureDecided('second', page, accept, 'accept-all');
      });
      await screenshot(page, accept);
      accept.completed = true;
    });

  // The first failure is the page's; closing every profile then makes the other one's pending calls throw, and
  // those later errors are only echoes of the first.
  const fail = (profile: Profile) => (failure: unknown) => {
    error ??= { phase: at[profile].phase.id, step: at[profile].step, ...describeFailure(failure, timeoutMs, sdkFilesOf(profile)()) };
    // Out of the set first: a request these closings cut off is no failure of a --vendors base.
    for (const context of [...contexts]) {
      contexts.delete(context);
      void context.close().catch(() => {});
    }
  };
  // The last line of defence against a page that blocks the browser's main thread (an evaluate never returns).
  const deadlineMs = deadlineOf(graceMs, timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>(resolve => {
    timer = setTimeout(() => {
      const late: Profile = phases.reject.completed ? 'second' : 'first';
      fail(late)(new ScanStepError('timeout', `the page did not finish within ${deadlineMs} ms (10 × --timeout${deadlineMs > timeoutMs * 10 ? ', and --grace' : ''})`));
      loaded(false);
      resolve();
    }, deadlineMs);
  });
  try {
    // The two profiles are independent (their own cookies and storage): run side by side, a page takes the time
    // of the longer one, not of both.
    const refusing = first()
      .catch(fail('first'))
      .finally(() => loaded(false));
    await Promise.race([Promise.all([refusing, second().catch(fail('second'))]), deadline]);
  } finally {
    clearTimeout(timer);
    const left = [...contexts];
    contexts.clear();
    await Promise.all(left.map(context => context.close().catch(() => {})));
  }
  return buildReport();

  function buildReport(): PageReport {
    for (const profile of ['first', 'second'] as const) {
      const watch = watches[profile];
      const phaseOf = (step: StepId) => PHASE_OF[profile][step];
      for (const request of watch?.network.requests ?? []) {
        const from = watch!.initiators.of(request.url);
        if (from) request.from = from;
        const id = phaseOf(request.step);
        if (id) phases[id].requests.push(request);
      }
      for (const id of Object.values(PHASE_OF[profile])) {
        const phase = phases[id];
        const written = (watch?.writes.cookies ?? []).filter(write => phaseOf(write.step) === id);
        phase.cookies = [...written.map(({ deletion: _, ...cookie }) => cookie), ...phase.cookies];
        phase.storage = [...(watch?.writes.storage ?? []).filter(write => phaseOf(write.step) === id), ...phase.storage];
      }
    }
    const configuredSpecs = [...pageConfig.services, ...options.scanConfig.services];
    const configured = new Set([CONSENT_GATE, ...configuredSpecs.map(spec => spec.id)]);
    const catalogue = createServiceCatalogue({
      presets: Object.values(options.presets),
      configured: configuredSpecs,
      consentCookie: options.scanConfig.cookieName ?? pageConfig.cookieName,
      receiptUrl: options.scanConfig.receiptUrl ?? pageConfig.receiptUrl,
    });
    // Each phase judged against its own profile's site (the accepting profile's for "after accept all"), and the
    // scanned URL's: a page that moved to another site leaves its first site's cookies, which are no third party's.
    const scanned = new URL(url).hostname;
    const reports = Object.values(phases).map(phase => {
      const current = firstPartyOf(phase.id === 'accept' ? 'second' : 'first');
      const firstParty = (host: string) => current(host) || isFirstParty(host, scanned, options.scanConfig.cookieDomain);
      const isSdkFile = (url: string) => !!(watches.first?.isSdk(url) || watches.second?.isSdk(url));
      return buildPhaseReport(phase, { catalogue, configured, isFirstParty: firstParty, isSdkFile });
    });
    const leaks = reports.some(phase => phase.findings.length);
    return {
      url,
      finalUrl,
      ...(redirected ? { redirected } : {}),
      site: siteOf(new URL(finalUrl).hostname),
      verdict: error ? 'unscannable' : leaks ? 'leak' : 'clean',
      ...(error ? { error } : {}),
      pageConfig: pageConfig.report,
      phases: reports,
      durationMs: Date.now() - started,
    };
  }
}
