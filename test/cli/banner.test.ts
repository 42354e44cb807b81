import { afterEach, describe, expect, it } from 'vitest';
import { waitForBanner } from '../../src/cli/scan/banner.js';
import { createClosedGate } from '../../src/core/closed.js';

/** A page whose scripts are this document's: `evaluate` runs here, the button is never found. */
const page = {
  evaluate: async (fn: () => unknown) => fn(),
  locator: () => ({ filter: () => ({ first: () => ({ waitFor: async () => Promise.reject(Object.assign(new Error('timeout'), { name: 'TimeoutError' })) }) }) }),
} as unknown as Parameters<typeof waitForBanner>[0];
const global = window as unknown as { ConsentGate?: unknown };

afterEach(() => {
  delete global.ConsentGate;
  document.body.innerHTML = '';
});

describe('waitForBanner: why a page shows no banner', () => {
  // Regression (QA): a page whose config the SDK refused waited out the whole --timeout, then said only "no
  // visible [data-action=…]", though its fail-closed controller was there from the start.
  it.each<[string, () => void, string]>([
    ['no SDK at all, at once', () => {}, 'the page has no #consent-gate element and no window.ConsentGate (is the SDK on it?)'],
    // The real fail-closed controller: a hand-made shape without `config` passed here while the built one, whose
    // `config` is undefined, still waited out the timeout (scan probe).
    ['a config the SDK refused, at once', () => void (global.ConsentGate = createClosedGate(new TypeError('consent-gate: config.services must be an array'))), "the SDK refused the page's config and runs fail closed"],
    ['an SDK whose banner never shows, after the timeout', () => void (global.ConsentGate = { config: {}, granted: () => false }), 'no visible [data-action="reject-all"] in #consent-gate within 50 ms'],
    ['a queue only (the SDK not yet run), after the timeout', () => void ((global.ConsentGate = []), (document.body.innerHTML = '<div id="consent-gate"></div>')), 'no visible [data-action="reject-all"]'],
    // Regression (scan probe): a page loading its SDK late was "no SDK" at once, its queue or config notwithstanding.
    ['a queue, no element yet (the SDK loads late), after the timeout', () => void (global.ConsentGate = []), 'no visible [data-action="reject-all"]'],
    ['the config element only (the SDK loads late), after the timeout', () => void (document.body.innerHTML = '<script type="application/json" id="consent-gate-config">{}</script>'), 'no visible [data-action="reject-all"]'],
  ])('%s', async (_, arrange, message) => {
    arrange();
    await expect(waitForBanner(page, 'reject-all', 50)).rejects.toThrow(message);
  });
});
