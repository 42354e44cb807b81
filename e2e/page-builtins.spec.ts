import { expect, test, type Page } from '@playwright/test';
import { routeVendors } from './gate-fixtures.js';

/*
 * The built script tag on a page whose script, right after the SDK's, replaces one built-in (SPEC §9: the page is not
 * trusted, and fails closed). Each case reached a vendor before its fix.
 */

/** A page of the demo's origin, served as `html`, with the SDK first and the page's `shim` right after it. */
async function open(page: Page, shim: string, body: string, services: unknown[]) {
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>页面</title>
<script type="application/json" id="consent-gate-config">${JSON.stringify({ services })}</script>
<script src="/dist/consent-gate.min.js"></script>
<script>${shim}</script>
</head><body>${body}<p><a href="#" data-consent-open>Cookie 设置</a></p></body></html>`;
  await page.route('**/builtins.html', route => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
  await page.goto('/builtins.html');
}

// The share link's click hook found the link with the page's `find`, `matches` and `composedPath`, told a click from a
// press with its `endsWith`, and spread its arguments through the array iterator: answering wrong, the click went to
// the vendor before any decision (SPEC §6.2). Its `getAttribute` and `trim` are not asked either (they held before).
const SHARE_LINK = '<p><a id="share" href="https://connect.qq.com/widget/shareqq/index.html?url=x" data-consent-request="share" data-service="qq-share">分享到QQ</a></p>';
for (const [name, shim, regressed] of [
  ['Array.prototype.find answering nothing', 'Array.prototype.find = function () {};'],
  ['Element.prototype.matches answering false', 'Element.prototype.matches = function () { return false; };'],
  ['Event.prototype.composedPath answering []', 'Event.prototype.composedPath = function () { return []; };'],
  ['String.prototype.endsWith answering false', 'String.prototype.endsWith = function () { return false; };'],
  ['String.prototype.endsWith throwing', 'String.prototype.endsWith = function () { throw new Error("shim"); };'],
  ['String.prototype.trim answering nothing', 'String.prototype.trim = function () {};', false],
  ['Element.prototype.getAttribute answering null', 'Element.prototype.getAttribute = function () { return null; };', false],
  ['the array iterator throwing', 'Array.prototype[Symbol.iterator] = function () { throw new Error("shim"); };'],
  ['Function.prototype.call answering nothing', 'Function.prototype.call = function () {};'],
] as Array<[string, string, boolean?]>) {
  test(`${regressed === false ? '' : 'regression: '}${name} after the SDK: a share link clicked before any decision stays on the page`, async ({ page, context }) => {
    const vendors = await routeVendors(context);
    await open(page, shim, SHARE_LINK, ['baidu-tongji', 'qq-share']);
    // The SDK has started and the page's script has run (asked of nothing in the page: its iterator may throw).
    await page.waitForLoadState('load');
    await page.locator('#share').click({ force: true });
    await page.waitForTimeout(500);
    expect([vendors.requests, new URL(page.url()).pathname]).toEqual([[], '/builtins.html']);
  });
}

// A withdrawal saved in the preferences: with the page's `split` answering nothing, every cookie read as none, so the
// withdrawal was kept for this page only (as for a page that hides its cookies) and the acceptance stayed stored: the
// reload it makes ran every tracker. With its `find` answering the first key, the save was refused as naming an
// unknown key. Either way the trackers the page inserts afterwards reached their vendors.
for (const [name, shim] of [
  ['String.prototype.split answering nothing', 'String.prototype.split = function () {};'],
  ['Array.prototype.find answering its list', 'Array.prototype.find = function () { return this; };'],
]) {
  test(`regression: ${name} after "accept all": every switch turned off and saved withdraws, also on the next page`, async ({ page, context }) => {
    const vendors = await routeVendors(context);
    await open(page, '', '<p>页面</p>', [{ id: 'baidu-tongji', siteId: '0123456789abcdef0123456789abcdef' }, 'cnzz']);
    const ui = page.locator('#consent-gate');
    await ui.locator('.b[role="dialog"]').getByRole('button', { name: '全部接受' }).click();
    await expect.poll(() => vendors.count('hm.baidu.com')).toBeGreaterThan(0);
    await page.evaluate(shim);
    await page.getByRole('link', { name: 'Cookie 设置' }).click();
    const on = ui.locator('[role="switch"][aria-checked="true"]:not([disabled])');
    await on.first().waitFor();
    while (await on.count()) await on.first().click();
    // The withdrawal reloads the page (SPEC §6.3); the reloaded page, without the shim, reads what was stored. Waited
    // for as a navigation: the URL stays the same, so waiting for it returned before the reload.
    const reloaded = page.waitForEvent('framenavigated', frame => frame === page.mainFrame());
    await ui.getByRole('button', { name: '保存设置' }).click();
    await reloaded;
    await page.waitForLoadState('load');
    const before = vendors.requests.length;
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.src = 'https://hm.baidu.com/hm.js?after';
      document.head.appendChild(script);
    });
    await page.waitForTimeout(500);
    const cookie = (await context.cookies()).find(c => c.name == 'cg_consent')?.value ?? '';
    expect([vendors.requests.slice(before), cookie.includes('a=A') || cookie.includes('accept-all')]).toEqual([[], false]);
    expect(await page.evaluate(() => (window as unknown as { ConsentGate: { granted(c: string): boolean } }).ConsentGate.granted('analytics'))).toBe(false);
  });
}
