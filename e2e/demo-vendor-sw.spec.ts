import { expect, test } from '@playwright/test';

// SPEC §11: nothing on the demo reaches a real vendor. In an ordinary browser (not under automation, where the tests
// answer vendor URLs themselves) the demo's service worker answers the real vendor addresses with the local fakes.
// Regression (QA): on a first visit the scenario pages ran their pasted snippets before it controlled them, and
// hm.baidu.com and v1.cnzz.com were requested for real.

const LOCAL = /^(127\.0\.0\.1|localhost|[a-z]+\.ooopic\.test)$/;
// Known and left: the QQ share frame (a frame of another site is no request a service worker can answer), and the
// made-up live-stats service under .example, a name that never resolves.
const LEFT = /^(connect\.qq\.com|[a-z.]+\.example)$/;

test('regression: a first visit to a scenario page sends no request to a real vendor before the service worker answers it', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
  const reached: string[] = [];
  await context.route(url => !LOCAL.test(url.hostname), route => (reached.push(new URL(route.request().url()).hostname), route.abort()));
  const page = await context.newPage();
  await page.goto('/scenarios/guard-off.html');
  // The page stops, registers the worker and loads again under it.
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller).catch(() => false), { timeout: 10_000 }).toBe(true);
  await expect(page.locator('#consent-gate')).toBeAttached();
  await expect.poll(() => page.evaluate(() => (window as unknown as { telemetry?: unknown[] }).telemetry !== undefined).catch(() => false)).toBe(true);
  await page.waitForTimeout(1000);
  expect(reached.filter(host => !LEFT.test(host))).toEqual([]);
  await context.close();
});
