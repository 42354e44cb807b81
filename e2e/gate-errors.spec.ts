import { expect, test } from '@playwright/test';
import { call, hooks, routeVendors, separately, state } from './gate-fixtures.js';

// SPEC §9: a third-party script that fails to load does not stop the others, and an `error` event names it.

test('a vendor answering 404 and one timing out: the others load, each failure is an error naming its service', async ({ page, context }) => {
  await routeVendors(context, { 'v1.cnzz.com': '404', 'www.googletagmanager.com': 'timedout' });
  await page.goto('/gate/basic.html');
  await state(page);
  await call(page, 'acceptAll');
  await separately(page, 'analytics', 'google-analytics');
  await expect.poll(async () => (await hooks(page)).errors.filter(e => e.kind === 'load').map(e => e.service).sort()).toEqual(['cnzz', 'google-analytics']);
  await expect.poll(async () => (await hooks(page)).ran).toContain('template:after-c:boolean');
  await expect.poll(async () => (await hooks(page)).ran).toContain('static.vendor-lib.test/b.js');
  const { ran, errors } = await hooks(page);
  expect(ran).toEqual(expect.arrayContaining(['hm.baidu.com/hm.js', 'static.vendor-lib.test/a.js', 'static.vendor-lib.test/b.js', 'inline:cnzz-only']));
  expect(errors).toContainEqual({ kind: 'load', service: 'cnzz', src: 'https://v1.cnzz.com/z.js?id=1281234567&async=1' });
});

test('a vendor that never answers is reported after the timeout and the scripts queued behind it run', async ({ page, context }) => {
  // The gate waits 10 s for a hanging vendor before it moves on: the page's clock is moved past them.
  await page.clock.install();
  await routeVendors(context, { 'vendor-lib.test/a.js': 'hang', 'www.googletagmanager.com': 'hang' });
  await page.goto('/gate/basic.html');
  await state(page);
  await call(page, 'acceptAll');
  // What "accept all" granted runs before Google Analytics' separate consent grants the rest (the order asserted
  // below): under the installed clock its activation may wait on a timer, so the clock is moved on a little at a time
  // (CI once saw the chain run first).
  await expect.poll(async () => (await page.clock.runFor(50), (await hooks(page)).ran)).toContain('inline:cnzz-only');
  await separately(page, 'analytics', 'google-analytics');
  await expect.poll(async () => (await hooks(page)).ran).toContain('hm.baidu.com/hm.js');
  expect((await hooks(page)).ran).not.toContain('inline:after-a:undefined');
  await page.clock.fastForward(9_000);
  expect((await hooks(page)).ran).not.toContain('inline:after-a:undefined');
  await page.clock.fastForward(2_000);
  await page.waitForFunction(() => (window as unknown as { __ran: string[] }).__ran.includes('static.vendor-lib.test/b.js'));
  const { ran, errors } = await hooks(page);
  // The script naming cnzz came with accept-all; the category-wide chain with Google Analytics' separate consent.
  expect(ran.filter(entry => entry.startsWith('inline:') || entry.startsWith('static.vendor-lib'))).toEqual([
    'inline:cnzz-only', 'inline:first', 'inline:after-a:undefined', 'static.vendor-lib.test/b.js',
  ]);
  expect(errors.filter(e => e.kind === 'load')).toEqual(expect.arrayContaining([
    { kind: 'load', service: 'google-analytics', src: 'https://www.googletagmanager.com/gtag/js?id=G-TEST123' },
    { kind: 'load', src: 'https://static.vendor-lib.test/a.js' },
  ]));
});
