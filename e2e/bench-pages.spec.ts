import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { GUARD_VARIANTS } from '../bench/guard.js';
import { BASELINE, FAKE_TRACKER, LIBS } from '../bench/libs.js';
import { pagePath, renderPages } from '../bench/make-pages.js';
import { startServer } from '../bench/server.js';
import { captureDecision } from '../bench/stored-decision.js';

// Smoke test of the `npm run bench` pages: each loads, shows its banner, keeps its gated tracker off until
// accept-all, then loads it; with the library's own stored accept-all it shows no banner and runs the tracker; the
// guard scenario's pages run their loops with the guard installed exactly where they say. Without this, a peer
// upgrade or a config typo would make the bench time a banner that never shows (or one that should not).
// The pages are served by the bench's own server (bench/server.js), as in a bench run.

let server: Awaited<ReturnType<typeof startServer>>;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.close();
});

test('bench pages are the shared host page plus each library fragment (not edited by hand)', () => {
  for (const [id, html] of Object.entries(renderPages())) {
    expect(readFileSync(pagePath(id), 'utf8'), `bench/pages/${id}.html is stale: run node bench/make-pages.js`).toBe(html);
  }
});

for (const lib of LIBS) {
  test(`${lib.id}: banner shows, the tracker waits for accept-all, then loads`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    const trackerRequests: string[] = [];
    page.on('request', request => {
      if (request.url().includes(FAKE_TRACKER)) trackerRequests.push(request.url());
    });
    await page.goto(`${server.origin}/bench/pages/${lib.id}.html`);
    const accept = page.locator(lib.accept!).first();
    await expect(accept).toBeVisible();
    expect(trackerRequests).toEqual([]);
    const tracker = page.waitForRequest(request => request.url().includes(FAKE_TRACKER));
    await accept.click();
    await tracker;
    expect(errors).toEqual([]);
  });
}

for (const lib of LIBS) {
  test(`${lib.id}: returning visit — its own stored accept-all shows no banner and runs the tracker`, async ({ browser }) => {
    const { storageState, stored } = await captureDecision(browser, server.origin, lib);
    expect(stored.length).toBeGreaterThan(0);
    const context = await browser.newContext({ storageState });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', error => errors.push(error.message));
      await page.goto(`${server.origin}/bench/pages/${lib.id}.html`);
      await page.waitForFunction(() => (window as unknown as { __fakeTracker?: number }).__fakeTracker === 1);
      // Long enough for any library to have shown its banner (the bench gives up at load + 3 s; none takes 1 s).
      await page.waitForTimeout(1000);
      await expect(page.locator(lib.accept!).first()).toBeHidden();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
}

for (const variant of GUARD_VARIANTS) {
  test(`guard scenario, ${variant.id}: the loops run, first-party fetches answered, the guard ${variant.guard ? 'installed' : 'absent'}`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    await page.goto(`${server.origin}/bench/pages/${variant.id}.html`);
    const installed = await page.evaluate(() => typeof (window as unknown as Record<symbol, unknown>)[Symbol.for('consent-gate.guard')] == 'function');
    expect(installed).toBe(variant.guard);
    type Bench = {
      dom(pairs: number): Promise<{ loop: number; microtasks: number }>;
      fetch(calls: number): Promise<{ calls: number; settled: number; failed: number }>;
      html(writes: number): Promise<number>;
    };
    const dom = await page.evaluate(() => (window as unknown as { __guardBench: Bench }).__guardBench.dom(100));
    expect(dom.loop).toBeGreaterThanOrEqual(0);
    expect(dom.microtasks).toBeGreaterThanOrEqual(dom.loop);
    expect(await page.locator('#bench-guard-host > *').count()).toBe(0);
    const fetched = await page.evaluate(() => (window as unknown as { __guardBench: Bench }).__guardBench.fetch(20));
    expect(fetched.failed).toBe(0);
    expect(fetched.settled).toBeGreaterThanOrEqual(fetched.calls);
    expect(await page.evaluate(() => (window as unknown as { __guardBench: Bench }).__guardBench.html(2))).toBeGreaterThan(0);
    expect(await page.locator('#bench-guard-host > *').count()).toBe(0);
    expect(errors).toEqual([]);
  });
}

test('baseline: the host page alone loads without errors and requests no tracker', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  const trackerRequests: string[] = [];
  page.on('request', request => {
    if (request.url().includes(FAKE_TRACKER)) trackerRequests.push(request.url());
  });
  await page.goto(`${server.origin}/bench/pages/${BASELINE.id}.html`);
  await expect(page.getByRole('search')).toBeVisible();
  expect(trackerRequests).toEqual([]);
  expect(errors).toEqual([]);
});
