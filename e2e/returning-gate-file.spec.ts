import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';

// A server that reads the consent cookie (ooopic's back end does) may include gate.js before the bundle for a
// returning visitor, so that it downloads in parallel with the bundle instead of after it (README, Speed). The
// loader uses the included file: it is not asked for twice, and on a first visit it changes nothing.

const STATS = { id: 'stats', category: 'analytics', name: '统计', provider: '统计公司', purpose: '访问统计', data: '访问记录', hosts: ['stats.example'] };
const configWith = (service: object) => JSON.stringify({ ui: false, reloadOnRevoke: false, services: [service] });
const CONFIG = configWith(STATS);
const SDK = '<script src="/dist/consent-gate.min.js"></script>';
const TAG = '<script type="text/plain" data-consent="analytics" data-service="stats" data-src="https://stats.example/t.js"></script>';

/** Serves `/<name>.html` with `config` and what `parts()` gives at each request, and the stats vendor's script. */
async function servePage(page: Page, name: string, config: string, parts: () => { head: string; body: string }) {
  await page.route('https://stats.example/**', route => route.fulfill({ contentType: 'text/javascript', body: 'window.__statsRan = true;' }));
  await page.route(`**/${name}.html`, route => {
    const { head, body } = parts();
    return route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body:
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${name}</title>` +
        `<script type="application/json" id="consent-gate-config">${config}</script>${head}</head>` +
        `<body><main><h1>我图网</h1></main>${body}</body></html>`,
    });
  });
}

/** Serves a page whose head holds `head` before the bundle, and counts the requests for gate.js. */
async function returningPage(page: Page, head: string) {
  const gateRequests: string[] = [];
  page.on('request', request => request.url().endsWith('/dist/gate.js') && gateRequests.push(request.url()));
  await servePage(page, 'returning', CONFIG, () => ({ head: head + SDK + TAG, body: '' }));
  return gateRequests;
}

test('gate.js included before the bundle for a returning visitor: the granted tags run, gate.js is requested once', async ({ page }) => {
  const gateRequests = await returningPage(page, '<script src="/dist/gate.js"></script>');
  await page.goto('/returning.html');
  await page.evaluate(() => (window as unknown as { ConsentGate: { acceptAll(): Promise<void> } }).ConsentGate.acceptAll());
  await expect.poll(() => page.evaluate(() => (window as unknown as { __statsRan?: boolean }).__statsRan)).toBe(true);

  gateRequests.length = 0;
  await page.reload();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __statsRan?: boolean }).__statsRan)).toBe(true);
  expect(gateRequests).toHaveLength(1);
});

test('gate.js included on a first visit changes nothing: nothing runs before the decision', async ({ page }) => {
  const stats: string[] = [];
  page.on('request', request => request.url().startsWith('https://stats.example/') && stats.push(request.url()));
  await returningPage(page, '<script src="/dist/gate.js"></script>');
  await page.goto('/returning.html');
  await page.waitForLoadState('load');
  expect(stats).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __statsRan?: boolean }).__statsRan)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { ConsentGate: { get(): { prompt: string | null } } }).ConsentGate.get().prompt)).toBe('first-visit');
});

// The granted tags are fetched while gate.js loads (src/gate/preload.ts). A page that refuses for the visitor (an
// account's refusal, say) as it loads must see nothing requested for it on the visit that refuses: queued in
// window.ConsentGate before the SDK, or with the SDK first in <head> as documented, by any script of the page.
// The service also names its script in the config (`src`), which the SDK loads itself once granted.
const WITH_SRC = configWith({ ...STATS, src: 'https://stats.example/t.js' });
for (const [name, page1, page2] of [
  [
    'queued in window.ConsentGate before the SDK (the SDK at the end of <body>, after the tag)',
    { head: '', body: TAG + SDK },
    { head: '<script>window.ConsentGate = [gate => gate.rejectAll()];</script>', body: TAG + SDK },
  ],
  [
    'made by a later script of the page (the SDK first in <head>)',
    { head: SDK, body: TAG },
    { head: SDK, body: TAG + '<script>ConsentGate.rejectAll();</script>' },
  ],
] as const) {
  test(`regression: a refusal ${name} is in force before any tag is fetched ahead`, async ({ page }) => {
    const stats: string[] = [];
    page.on('request', request => request.url().startsWith('https://stats.example/') && stats.push(request.url()));
    let current: { head: string; body: string } = page1;
    await servePage(page, 'refused', WITH_SRC, () => current);
    await page.goto('/refused.html');
    await page.evaluate(() => (window as unknown as { ConsentGate: { acceptAll(): Promise<void> } }).ConsentGate.acceptAll());
    await expect.poll(() => page.evaluate(() => (window as unknown as { __statsRan?: boolean }).__statsRan)).toBe(true);

    // The same visitor comes back with a stored grant, and the page refuses for them as it loads.
    current = page2;
    stats.length = 0;
    await page.reload();
    await page.waitForLoadState('load');
    await expect.poll(() => page.evaluate(() => (window as unknown as { ConsentGate: { get(): { categories: Record<string, boolean> } } }).ConsentGate.get().categories.analytics)).toBe(false);
    await page.waitForTimeout(300);
    expect(stats).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __statsRan?: boolean }).__statsRan)).toBeUndefined();
  });
}
