// One run of one library on one visit: a fresh browser context, CPU throttled through CDP, the probe installed
// before the page's own scripts, then the figures of SPEC §10 for that page load. Returns a plain sample; never
// throws (a failed run is a sample with `error`).
//   measureFirst      no decision stored: banner, TBT and script until banner + 1 s, then the accept click;
//   measureReturning  the library's own stored "accept all" (bench/stored-decision.js) in place before navigation:
//                     no banner may show; TBT and script until the granted tag ran + 1 s, when that tag was
//                     requested and when it ran.
import { FAKE_TRACKER } from './libs.js';
import { probeSource } from './probe.js';

const WINDOW_MS = 1000; // the window ends 1 s after the banner (SPEC §10: "until the banner + 1 s")
const GIVE_UP_MS = 3000; // no banner (first visit) or no granted tag (returning visit) by load + 3 s
const CLICK_WAIT_MS = 5000; // no gated script run within 5 s of the accept click: n/a

/** The browser context every run uses: the same screen and language for every library and visit. */
export const CONTEXT_OPTIONS = { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, locale: 'zh-CN' };

/** Messages from the probe, awaitable in order. */
function createInbox() {
  const messages = [];
  let wake = () => {};
  return {
    get count() {
      return messages.length;
    },
    push(type, data) {
      messages.push({ type, data });
      wake();
    },
    /** The first message of one of `types` at or after `from`, or a timeout error. */
    async next(types, from, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = messages.findIndex((message, i) => i >= from && types.includes(message.type));
        if (index >= 0) return { ...messages[index], index };
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${types.join('/')} from the page within ${timeoutMs} ms`);
        await new Promise(resolve => {
          const timer = setTimeout(resolve, left);
          wake = () => { clearTimeout(timer); resolve(undefined); };
        });
      }
    },
  };
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}

/**
 * A context and page ready to navigate: throttled, probed, errors and the library's own requests recorded.
 * `stopCounting()` ends the byte count (requests after the window are not "what the visitor downloads" for it).
 */
async function open(browser, lib, sample, { cpuRate, mode, storageState }) {
  const context = await browser.newContext({ ...CONTEXT_OPTIONS, ...(storageState ? { storageState } : {}) });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  await cdp.send('Performance.enable');
  const inbox = createInbox();
  await page.exposeBinding('__benchSignal', (_source, type, data) => inbox.push(type, data));
  await page.addInitScript({
    content: probeSource({ banner: lib.banner, windowMs: WINDOW_MS, giveUpMs: GIVE_UP_MS, tracker: FAKE_TRACKER, mode, expectTracker: !lib.baseline }),
  });
  page.on('pageerror', error => sample.errors.push(`page error: ${error.message}`));
  page.on('console', message => {
    // Chromium's own "Failed to load resource" line duplicates the HTTP status recorded below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) sample.errors.push(`console: ${message.text()}`);
  });
  let counting = true;
  const sizes = [];
  page.on('requestfinished', request => {
    const { pathname } = new URL(request.url());
    if (!counting || !lib.prefix || !pathname.startsWith(lib.prefix)) return;
    sizes.push(request.sizes().then(({ responseBodySize }) => sample.requests.push({ path: pathname, bytes: responseBodySize })));
  });
  page.on('response', response => response.status() >= 400 && sample.errors.push(`HTTP ${response.status()}: ${new URL(response.url()).pathname}`));
  page.on('requestfailed', request => sample.errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  const stopCounting = async () => {
    counting = false;
    await Promise.all(sizes);
    sample.network = sample.requests.reduce((sum, { bytes }) => sum + bytes, 0);
  };
  return { context, page, cdp, inbox, stopCounting };
}

/**
 * The library's own script in long animation frames (≥ 50 ms) inside the window: its longest single script run and
 * the sum of its runs. Its own = its files (the URL prefix) and the inline code of its page fragment (config, init
 * calls: the host page has no script of its own). Long animation frames list each script run over 5 ms.
 */
function ownScript(lib, frames, end) {
  const own = script => (lib.prefix && script.url.includes(lib.prefix)) || script.url.endsWith(`/bench/pages/${lib.id}.html`);
  const runs = frames.filter(frame => frame.start < end).flatMap(frame => frame.scripts.filter(own));
  return {
    ownLongest: runs.reduce((max, run) => Math.max(max, run.duration), 0),
    ownInLongFrames: runs.reduce((sum, run) => sum + run.duration, 0),
    ownLongestAt: runs.sort((a, b) => b.duration - a.duration)[0]?.invoker,
  };
}

/** Retained heap: collect garbage first, so what is left is what the page (and its library) keeps. */
async function retainedHeap(cdp) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await metrics(cdp)).JSHeapUsedSize;
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @param {typeof import('./libs.js').LIBS[number]} lib
 * @param {{ cpuRate: number }} options
 */
export async function measureFirst(browser, origin, lib, { cpuRate }) {
  const sample = { visit: 'first', lib: lib.id, banner: null, load: null, windowEnd: null, errors: [], requests: [], network: 0 };
  let context;
  try {
    const run = await open(browser, lib, sample, { cpuRate, mode: 'first' });
    context = run.context;
    const { page, cdp, inbox } = run;
    const before = await metrics(cdp);
    await page.goto(`${origin}/bench/pages/${lib.id}.html`, { waitUntil: 'commit' });
    let message = await inbox.next(['window'], 0, 30_000);
    let after = await metrics(cdp);
    if (lib.banner && message.data.banner === null) {
      // Provisional window (load + 1 s): a banner that still shows up before load + 3 s gets its own window.
      const late = await inbox.next(['window', 'giveup'], message.index + 1, 30_000);
      if (late.type === 'window') {
        message = late;
        after = await metrics(cdp);
      }
    }
    await run.stopCounting();
    const state = await page.evaluate(() => /** @type {any} */ (window).__bench);
    Object.assign(sample, {
      banner: message.data.banner,
      windowEnd: message.data.windowEnd,
      load: state.load,
      longtasks: state.longtasks,
      frames: state.frames,
      shifts: state.shifts,
      // Performance.getMetrics: ScriptDuration is the renderer's main-thread script time (compile + run), seconds.
      scriptMs: (after.ScriptDuration - (before.ScriptDuration ?? 0)) * 1000,
    });
    Object.assign(sample, ownScript(lib, state.frames, sample.windowEnd));
    if (lib.prefix && sample.banner !== null) {
      // What the visitor fetched before seeing the banner (SPEC §10: "everything downloaded until the banner is
      // visible"): the library's requests that started before the banner's first visible frame, by resource timing
      // (same origin, so encodedBodySize is the gzip -9 body). A request started just before the banner counts whole.
      const before = await page.evaluate(({ prefix, until }) => performance.getEntriesByType('resource')
        .map(entry => ({ path: new URL(entry.name).pathname, start: entry.startTime, bytes: /** @type {PerformanceResourceTiming} */ (entry).encodedBodySize }))
        .filter(entry => entry.path.startsWith(prefix) && entry.start < until), { prefix: lib.prefix, until: sample.banner });
      sample.untilBanner = before.reduce((sum, entry) => sum + entry.bytes, 0);
      sample.untilBannerFiles = before.map(entry => entry.path);
    }
    sample.heap = await retainedHeap(cdp);

    // The tracker requested or run before any consent: a gating failure.
    sample.leak = state.gated.length > 0 || state.executed.length > 0;
    if (lib.accept && sample.banner !== null) {
      const from = inbox.count;
      await page.locator(lib.accept).first().click({ timeout: CLICK_WAIT_MS });
      try {
        await inbox.next(['executed'], from, CLICK_WAIT_MS);
        // Resource timing lands when the response ends, which is before the script runs; wait for it anyway.
        await inbox.next(['gated'], from, CLICK_WAIT_MS).catch(() => {});
        const { press, click, gated, executed } = await page.evaluate(() => /** @type {any} */ (window).__bench);
        if (press === null || click === null) throw new Error('the click never reached the page');
        if (gated.some(request => request.start < press) || executed.some(ran => ran < press)) sample.leak = true;
        // From the click's dispatch; from the press for a library that already acted on pointerdown.
        const since = at => at - (at >= click ? click : press);
        const request = gated.filter(entry => entry.start >= press).sort((a, b) => a.start - b.start)[0];
        if (request) sample.acceptToRequest = since(request.start);
        const ran = executed.filter(at => at >= press).sort((a, b) => a - b)[0];
        sample.acceptToExecuted = since(ran);
      } catch (error) {
        sample.acceptError = error instanceof Error && error.message.startsWith('the click')
          ? error.message
          : `the gated script did not run within ${CLICK_WAIT_MS / 1000} s of the click`;
      }
    }
  } catch (error) {
    sample.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  } finally {
    await context?.close().catch(() => {});
  }
  return sample;
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @param {typeof import('./libs.js').LIBS[number]} lib
 * @param {{ cpuRate: number, storageState: any }} options  storageState: the library's stored decision
 */
export async function measureReturning(browser, origin, lib, { cpuRate, storageState }) {
  const sample = { visit: 'returning', lib: lib.id, banner: null, load: null, windowEnd: null, errors: [], requests: [], network: 0 };
  let context;
  try {
    const run = await open(browser, lib, sample, { cpuRate, mode: 'returning', storageState });
    context = run.context;
    const { page, cdp, inbox } = run;
    const before = await metrics(cdp);
    await page.goto(`${origin}/bench/pages/${lib.id}.html`, { waitUntil: 'commit' });
    const message = await inbox.next(['window'], 0, 30_000);
    const after = await metrics(cdp);
    await run.stopCounting();
    const state = await page.evaluate(() => /** @type {any} */ (window).__bench);
    Object.assign(sample, {
      banner: state.banner,
      windowEnd: message.data.windowEnd,
      load: state.load,
      longtasks: state.longtasks,
      frames: state.frames,
      shifts: state.shifts,
      scriptMs: (after.ScriptDuration - (before.ScriptDuration ?? 0)) * 1000,
      tagRequested: state.gated.length ? Math.min(...state.gated.map(entry => entry.start)) : null,
      tagExecuted: state.executed.length ? Math.min(...state.executed) : null,
      // Whether our UI rendered anything (SPEC §10: nothing of the UI runs on a returning visit).
      uiElements: lib.ours ? await page.evaluate(() => document.getElementById('consent-gate')?.shadowRoot?.querySelectorAll('*').length ?? 0) : undefined,
    });
    Object.assign(sample, ownScript(lib, state.frames, sample.windowEnd));
    sample.heap = await retainedHeap(cdp);
    if (sample.banner !== null) sample.error = `a banner showed on a returning visit (at ${Math.round(sample.banner)} ms)`;
    else if (!lib.baseline && sample.tagExecuted === null) sample.error = `the granted tag did not run by load + ${GIVE_UP_MS / 1000} s`;
  } catch (error) {
    sample.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  } finally {
    await context?.close().catch(() => {});
  }
  return sample;
}

/**
 * A visit again, in a bare DevTools session (bench/bare.js): what the page's main thread spends on script without
 * Playwright's Runtime and Network domains, whose stack captures make V8 parse again each function on the stack of a
 * request, a cookie read or a caught exception. Same page, same stored decision (returning visit), same probe (its
 * signals go nowhere; its state is read after the window), same CPU throttling, same window as `measureFirst` /
 * `measureReturning`. No click: the accept figures are the Playwright runs' alone.
 * @param {Awaited<ReturnType<typeof import('./bare.js').launchBare>>} bare
 * @param {string} origin
 * @param {typeof import('./libs.js').LIBS[number]} lib
 * @param {{ cpuRate: number, mode: 'first' | 'returning', storageState?: any }} options
 */
export async function measureBare(bare, origin, lib, { cpuRate, mode, storageState = { cookies: [], origins: [] } }) {
  const returning = mode === 'returning';
  const sample = { visit: `${mode}-bare`, lib: lib.id, banner: null, load: null, windowEnd: null, errors: [] };
  let page;
  try {
    page = await bare.open({
      origin,
      cookies: storageState.cookies,
      localStorage: storageState.origins.flatMap(entry => (entry.origin === origin ? entry.localStorage : [])),
      initScript: probeSource({ banner: lib.banner, windowMs: WINDOW_MS, giveUpMs: GIVE_UP_MS, tracker: FAKE_TRACKER, mode, expectTracker: returning && !lib.baseline }),
      cpuRate,
      viewport: CONTEXT_OPTIONS.viewport,
    });
    const before = await page.scriptMs();
    await page.navigate(`${origin}/bench/pages/${lib.id}.html`);
    // No window ends sooner than 1 s after the load event: no poll (a few lines of script in the page) before it can.
    await new Promise(resolve => setTimeout(resolve, WINDOW_MS));
    // The first visit's window is provisional (load + 1 s) until a banner shows or the probe gives up at load + 3 s.
    const ended = returning
      ? 'window.__bench.windowEnd !== null'
      : `(b => b.windowEnd !== null && (b.banner !== null ? b.windowEnd >= b.banner : ${!lib.banner} || performance.now() > b.load + ${GIVE_UP_MS}))(window.__bench)`;
    await page.until(ended, GIVE_UP_MS + 30_000);
    const after = await page.scriptMs();
    const state = await page.evaluate('window.__bench');
    Object.assign(sample, {
      banner: state.banner,
      windowEnd: state.windowEnd,
      load: state.load,
      scriptMs: after - before,
      tagRequested: state.gated.length ? Math.min(...state.gated.map(entry => entry.start)) : null,
      tagExecuted: state.executed.length ? Math.min(...state.executed) : null,
    });
    Object.assign(sample, ownScript(lib, state.frames, sample.windowEnd));
    if (returning && sample.banner !== null) sample.error = `a banner showed on a returning visit (at ${Math.round(sample.banner)} ms)`;
    else if (returning && !lib.baseline && sample.tagExecuted === null) sample.error = `the granted tag did not run by load + ${GIVE_UP_MS / 1000} s`;
    else if (!returning && sample.tagRequested !== null) sample.error = 'the gated tracker was requested before any consent';
  } catch (error) {
    sample.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  } finally {
    await page?.close();
  }
  return sample;
}
