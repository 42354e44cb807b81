import { expect, test } from '@playwright/test';
import { call, hooks, inert, routeVendors, settle, state, separately } from './gate-fixtures.js';

// SPEC §6.1: nothing gated is fetched or executed before its grant. Each test counts every request to a vendor
// host (all fulfilled locally by page.route) and checks that every gated node on the page is still inert.

const ALL_GATED = [
  'script[analytics]', 'script[analytics]', 'script[analytics]', 'script[analytics]', 'script[analytics](cnzz)',
  'script[analytics](not-configured)', 'img[pixel](ocean-engine)', 'iframe[share]', 'template[share]',
];
const TRACKING_HOSTS = ['hm.baidu.com', 'cnzz.com', 'googletagmanager.com', 'snssdk.com', 'static.vendor-lib.test'];

test('first visit: zero vendor requests, every gated node inert', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/basic.html');
  expect((await state(page)).decided).toBe(false);
  await settle(page);
  expect(await inert(page)).toEqual(ALL_GATED);
  expect((await hooks(page)).ran).toEqual([]);
  expect(vendors.requests).toEqual([]);
});

test('after reject-all, and after a reload: zero vendor requests', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/basic.html');
  await state(page);
  await call(page, 'rejectAll');
  await settle(page);
  expect(await inert(page)).toEqual(ALL_GATED);
  await page.reload();
  const after = await state(page);
  expect([after.decided, after.prompt]).toEqual([true, null]);
  await settle(page);
  expect(await inert(page)).toEqual(ALL_GATED);
  expect((await hooks(page)).ran).toEqual([]);
  expect(vendors.requests).toEqual([]);
});

test('accept-all with Do Not Track on (respect): no tracking vendor is requested; share, not tracking, is', async ({ page, context }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }));
  const vendors = await routeVendors(context);
  await page.goto('/gate/basic.html');
  await state(page);
  await call(page, 'acceptAll');
  await settle(page);
  const { categories } = await state(page);
  expect(categories).toMatchObject({ analytics: false, pixel: false, personalization: false, share: true });
  // The counter does see granted requests: the share frame and the template's script.
  await expect.poll(() => vendors.count('share.test') + vendors.count('share-widget.test')).toBe(2);
  for (const host of TRACKING_HOSTS) expect(vendors.count(host), host).toBe(0);
  expect(await inert(page)).toEqual(ALL_GATED.filter(node => !node.includes('[share]')));
});

test('a child without guardian consent: accept-all grants nothing, zero vendor requests', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/basic.html');
  await state(page);
  await call(page, 'setAge', 'child');
  await call(page, 'acceptAll');
  await settle(page);
  const { categories } = await state(page);
  expect(categories).toMatchObject({ analytics: false, pixel: false, personalization: false, share: false });
  expect(await inert(page)).toEqual(ALL_GATED);
  expect(vendors.requests).toEqual([]);
});

test('an invalid config: gates stay closed even with a stored grant, which is left untouched', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/basic.html');
  await state(page);
  await call(page, 'acceptAll');
  await separately(page, 'analytics', 'google-analytics');
  // Everything granted has run. The markup naming the whole analytics category waits for Google Analytics' own
  // consent, so its queue (b.js last) runs after the separate consent, not with "accept all": a request of it
  // arriving after the count below was taken for one from the invalid page.
  await expect.poll(async () => (await hooks(page)).ran).toContain('template:after-c:boolean');
  await expect.poll(async () => (await hooks(page)).ran).toContain('www.googletagmanager.com/gtag/js');
  await expect.poll(async () => (await hooks(page)).ran).toContain('static.vendor-lib.test/b.js');
  const record = (await context.cookies()).find(c => c.name === 'cg_consent')!.value;
  const before = vendors.requests.length;

  const logged: string[] = [];
  page.on('console', message => message.type() === 'error' && logged.push(message.text()));
  await page.goto('/gate/invalid.html');
  await state(page);
  await settle(page);
  expect(await inert(page)).toEqual(ALL_GATED);
  expect((await hooks(page)).ran).toEqual([]);
  expect(vendors.requests.slice(before)).toEqual([]);
  await expect.poll(() => logged).toEqual([expect.stringContaining('config.cookie.acceptDays must be a number of days from 1 to 400')]);
  expect((await context.cookies()).find(c => c.name === 'cg_consent')!.value).toBe(record);
});
