// The returning visit's starting point: each library's own stored "accept all", exactly as that library writes it.
// Nothing is hand-crafted: a throwaway context (not throttled, not measured) opens the library's bench page, clicks
// its accept-all button, waits for the gated tracker to run and for the cookies and localStorage to stop
// changing, and keeps what the library stored. The fake tracker's own cookie (Hm_*) is left out: it belongs to the
// vendor, not to the consent decision. Captured once per bench run, before the first measured run, and put in
// place (Playwright `storageState`) before every returning-visit navigation.
import { CONTEXT_OPTIONS } from './measure.js';

const TRACKER_KEYS = /^Hm_/;
const SETTLE_MS = 1000; // unchanged this long = the library has finished writing (some write from an idle callback)
const MAX_WAIT_MS = 15_000;

/** Cookies and localStorage of the context, as one comparable string. */
async function snapshot(context) {
  const { cookies, origins } = await context.storageState();
  return JSON.stringify([cookies.map(c => [c.name, c.value]), origins.map(o => [o.origin, o.localStorage])]);
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @param {typeof import('./libs.js').LIBS[number]} lib
 * @returns {Promise<{ storageState: any, stored: string[] }>} `stored` names what was kept, for the report
 */
export async function captureDecision(browser, origin, lib) {
  if (lib.baseline) return { storageState: { cookies: [], origins: [] }, stored: [] };
  const context = await browser.newContext(CONTEXT_OPTIONS);
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/bench/pages/${lib.id}.html`);
    await page.locator(lib.accept).first().click({ timeout: 10_000 });
    await page.waitForFunction(() => /** @type {any} */ (window).__fakeTracker > 0, undefined, { timeout: 10_000 });
    const deadline = Date.now() + MAX_WAIT_MS;
    let last = await snapshot(context);
    let since = Date.now();
    while (Date.now() - since < SETTLE_MS) {
      if (Date.now() > deadline) throw new Error(`${lib.id}: its storage kept changing for ${MAX_WAIT_MS / 1000} s after accept-all`);
      await page.waitForTimeout(100);
      const now = await snapshot(context);
      if (now !== last) {
        last = now;
        since = Date.now();
      }
    }
    const state = await context.storageState();
    const cookies = state.cookies.filter(cookie => !TRACKER_KEYS.test(cookie.name));
    const origins = state.origins
      .map(entry => ({ ...entry, localStorage: entry.localStorage.filter(item => !TRACKER_KEYS.test(item.name)) }))
      .filter(entry => entry.localStorage.length);
    const stored = [
      ...cookies.map(cookie => `cookie \`${cookie.name}\` (${cookie.value.length} chars)`),
      ...origins.flatMap(entry => entry.localStorage.map(item => `localStorage \`${item.name}\` (${item.value.length} chars)`)),
    ];
    if (!stored.length) throw new Error(`${lib.id}: nothing stored after accept-all`);
    return { storageState: { cookies, origins }, stored };
  } finally {
    await context.close().catch(() => {});
  }
}
