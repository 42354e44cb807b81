import { test as base, expect } from '@playwright/test';
import { call, routeVendors, state } from './gate-fixtures.js';

// data-consent-request with target="_blank" under Chromium's real popup blocker (Playwright turns it off by
// default). A share that waits for request() must still open: the replay runs inside the click on "allow".
const test = base.extend<object, object>({
  launchOptions: [
    async ({ launchOptions }, use) => use({ ...launchOptions, ignoreDefaultArgs: ['--disable-popup-blocking'] }),
    { scope: 'worker' },
  ],
});

test('the popup blocker is on: a window opened without a user gesture is blocked (control)', async ({ page, context }) => {
  await routeVendors(context);
  // Page code at load has no user activation (page.evaluate would lend one: Playwright evaluates as a gesture).
  await page.addInitScript(() =>
    addEventListener('load', () => {
      (window as unknown as { opened: unknown }).opened = window.open('https://service.weibo.com/share/share.php') === null ? 'blocked' : 'opened';
    }),
  );
  await page.goto('/gate/basic.html');
  await page.waitForFunction(() => (window as unknown as { opened?: string }).opened);
  expect(await page.evaluate(() => (window as unknown as { opened: string }).opened)).toBe('blocked');
});

test('asked in context, then allowed with a click: the share window opens despite the blocker', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/basic.html');
  await state(page);
  await page.click('#weibo');
  const popup = context.waitForEvent('page');
  await page.click('#stand-in-allow');
  expect((await popup).url()).toContain('service.weibo.com/share/share.php');
  await expect.poll(() => vendors.count('service.weibo.com')).toBe(1);
});
