// One run of one library: a fresh browser context, CPU throttled through CDP, the probe installed before the
// page's own scripts, then the figures of SPEC §10 for that page load. Returns a plain sample; never throws
// (a failed run is a sample with `error`).
import { FAKE_TRACKER } from './libs.js';
import { probeSource } from './probe.js';

const WINDOW_MS = 1000; // the window ends 1 s after the banner (SPEC §10: "until the banner + 1 s")
const GIVE_UP_MS = 3000; // no banner by load + 3 s: "banner not rendered"
const CLICK_WAIT_MS = 5000; // no gated request within 5 s of the accept click: n/a

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
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @param {typeof import('./libs.js').LIBS[number]} lib
 * @param {{ cpuRate: number }} options
 */
export async function measureOnce(browser, origin, lib, { cpuRate }) {
  const sample = { lib: lib.id, banner: null, load: null, windowEnd: null, errors: [], requests: [], network: 0 };
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    await cdp.send('Performance.enable');
    const inbox = createInbox();
    await page.exposeBinding('__benchSignal', (_source, type, data) => inbox.push(type, data));
    await page.addInitScript({ content: probeSource({ banner: lib.banner, windowMs: WINDOW_MS, giveUpMs: GIVE_UP_MS, tracker: FAKE_TRACKER }) });
    page.on('pageerror', error => sample.errors.push(`page error: ${error.message}`));
    page.on('console', message => {
      // Chromium's own "Failed to load resource" line duplicates the HTTP status recorded below.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) sample.errors.push(`console: ${message.text()}`);
    });

    // Bytes of the library's own requests until the window ends (later requests, e.g. after the click, are
    // not part of "what the visitor downloads until the banner").
    let counting = true;
    const sizes = [];
    page.on('requestfinished', request => {
      const { pathname } = new URL(request.url());
      if (!counting || !lib.prefix || !pathname.startsWith(lib.prefix)) return;
      sizes.push(request.sizes().then(({ responseBodySize }) => sample.requests.push({ path: pathname, bytes: responseBodySize })));
    });
    page.on('response', response => response.status() >= 400 && sample.errors.push(`HTTP ${response.status()}: ${new URL(response.url()).pathname}`));
    page.on('requestfailed', request => sample.errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));

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
    counting = false;
    await Promise.all(sizes);
    sample.network = sample.requests.reduce((sum, { bytes }) => sum + bytes, 0);
    const state = await page.evaluate(() => /** @type {any} */ (window).__bench);
    Object.assign(sample, {
      banner: message.data.banner,
      windowEnd: message.data.windowEnd,
      load: state.load,
      longtasks: state.longtasks,
      shifts: state.shifts,
      // Performance.getMetrics: ScriptDuration is the renderer's main-thread script time (compile + run), seconds.
      scriptMs: (after.ScriptDuration - (before.ScriptDuration ?? 0)) * 1000,
    });
    // Retained heap: collect garbage first, so what is left is what the page (and its library) keeps.
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    sample.heap = (await metrics(cdp)).JSHeapUsedSize;

    sample.leak = state.gated.length > 0; // the tracker was requested before any consent: a gating failure
    if (lib.accept && sample.banner !== null) {
      const from = inbox.count;
      await page.locator(lib.accept).first().click({ timeout: CLICK_WAIT_MS });
      try {
        await inbox.next(['gated'], from, CLICK_WAIT_MS);
        const { press, click, gated } = await page.evaluate(() => /** @type {any} */ (window).__bench);
        if (press === null || click === null) throw new Error('the click never reached the page');
        if (gated.some(request => request.start < press)) sample.leak = true;
        const first = gated.filter(request => request.start >= press).sort((a, b) => a.start - b.start)[0];
        // From the click's dispatch; from the press for a library that already acted on pointerdown.
        sample.acceptToRequest = first.start - (first.start >= click ? click : press);
      } catch (error) {
        sample.acceptError = error instanceof Error && error.message.startsWith('the click')
          ? error.message
          : `no gated request within ${CLICK_WAIT_MS / 1000} s of the click`;
      }
    }
  } catch (error) {
    sample.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  } finally {
    await context.close().catch(() => {});
  }
  return sample;
}
