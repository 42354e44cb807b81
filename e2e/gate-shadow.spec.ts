import { expect, test } from '@playwright/test';
import { call, hooks, routeVendors, state } from './gate-fixtures.js';

// Regression: the click hooks looked for the link from `event.target`, which a click inside a shadow root reaches
// the document listener as (the host element): a share link in a web component went to the vendor unasked.

test('a share link inside an open shadow root asks first, and continues once allowed', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/shadow-share.html');
  await state(page);
  await page.locator('share-bar').locator('#weibo').click();
  await expect.poll(async () => (await hooks(page)).shows.map(show => show.view)).toContain('request');
  expect(vendors.count('service.weibo.com')).toBe(0);
  await call(page, 'save', { services: { 'weibo-share': true } });
  await expect.poll(() => vendors.count('service.weibo.com')).toBe(1);
  await expect(page).toHaveURL(/url=shadow/);
});

test('the fail-closed controller of an invalid config stops it too', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/shadow-share.html?invalid');
  await state(page);
  await page.locator('share-bar').locator('#weibo').click();
  await page.locator('#light').click();
  await page.waitForTimeout(300);
  expect(vendors.count('service.weibo.com')).toBe(0);
});
