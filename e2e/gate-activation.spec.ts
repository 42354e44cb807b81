import { expect, test } from '@playwright/test';
import { call, hooks, inert, routeVendors, separately, settle, state } from './gate-fixtures.js';

// SPEC §6.1–6.2: after a grant exactly the granted services load, in document order, once each.

const HM = 'https://hm.baidu.com/hm.js?0123456789abcdef0123456789abcdef';
const CNZZ = 'https://v1.cnzz.com/z.js?id=1281234567&async=1';
const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-TEST123';
const A = 'https://static.vendor-lib.test/a.js';
const B = 'https://static.vendor-lib.test/b.js';
const C = 'https://static.share-widget.test/c.js';
const PIXEL = 'https://analytics.snssdk.com/pixel.gif?id=1';
const FRAME = 'https://widget.share.test/frame.html';

/** The markup's dependent chain; preset scripts (hm.js, z.js, gtag) load on their own, in parallel. */
const chain = (ran: string[]) => ran.filter(entry => entry.startsWith('inline:') || entry.startsWith('static.vendor-lib'));

test('accept-all: every granted service loads once, scripts in document order, inline ones after their dependencies', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  const releaseA = vendors.hold('vendor-lib.test/a.js');
  await page.goto('/gate/basic.html');
  await state(page);
  await call(page, 'acceptAll');
  // Google Analytics sends data abroad: markup naming only "analytics" could be its snippet, so the whole category
  // waits for its own separate consent too (SPEC §5.4).
  await settle(page);
  expect(vendors.count(A)).toBe(0);
  expect(await separately(page, 'analytics', 'google-analytics')).toBe(true);
  await expect.poll(() => vendors.count(A)).toBe(1);
  await settle(page);
  // a.js is in flight: the inline script after it, and b.js after that, wait. (The script naming cnzz ran first:
  // its grant came with accept-all, the category-wide ones' with Google Analytics' separate consent.)
  expect(chain((await hooks(page)).ran)).toEqual(['inline:cnzz-only', 'inline:first']);
  expect(vendors.count(B)).toBe(0);
  releaseA();
  await expect.poll(async () => (await hooks(page)).ran).toContain('static.vendor-lib.test/b.js');
  const { ran, errors } = await hooks(page);
  expect(chain(ran)).toEqual(['inline:cnzz-only', 'inline:first', 'static.vendor-lib.test/a.js', 'inline:after-a:boolean', 'static.vendor-lib.test/b.js']);
  await expect.poll(async () => (await hooks(page)).ran).toContain('template:after-c:boolean');
  expect((await hooks(page)).ran).not.toContain('inline:unknown-service');
  expect(errors).toEqual([{ kind: 'gate', service: 'not-configured' }]);

  // Repeated changes activate nothing twice.
  await call(page, 'save', { categories: { share: false } });
  await call(page, 'acceptAll');
  await call(page, 'save', { services: { cnzz: true } });
  await call(page, 'acceptAll');
  await settle(page);
  await expect.poll(() => vendors.count(GTAG)).toBe(1);
  expect([...vendors.requests].sort()).toEqual([A, B, C, CNZZ, FRAME, GTAG, HM, PIXEL].sort());
  expect(await inert(page)).toEqual(['script[analytics](not-configured)']);
});

test('data-service grants are respected: only the services granted load', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/basic.html');
  await state(page);
  await call(page, 'save', { categories: { analytics: true }, services: { 'baidu-tongji': true, cnzz: false, 'google-analytics': false } });
  await expect.poll(() => vendors.count(HM)).toBe(1);
  await settle(page);
  expect((await hooks(page)).ran).not.toContain('inline:cnzz-only');
  // Markup naming no service could be any analytics vendor, cnzz included: it waits for the whole category, and
  // runs, in order, once the refused services are granted too.
  expect(vendors.requests.sort()).toEqual([HM]);
  expect(await inert(page)).toEqual([
    'script[analytics]', 'script[analytics]', 'script[analytics]', 'script[analytics]', 'script[analytics](cnzz)',
    'script[analytics](not-configured)', 'img[pixel](ocean-engine)', 'iframe[share]', 'template[share]',
  ]);
  await call(page, 'save', { services: { cnzz: true } });
  await separately(page, 'analytics', 'google-analytics');
  await expect.poll(async () => (await hooks(page)).ran).toContain('static.vendor-lib.test/b.js');
  const ordered = (await hooks(page)).ran.filter(entry => /^inline:(first|after-a)|vendor-lib/.test(entry));
  expect(ordered).toEqual(['inline:first', 'static.vendor-lib.test/a.js', 'inline:after-a:boolean', 'static.vendor-lib.test/b.js']);
});

// The gate's observer queries only inserted elements with elements inside (a list rendered at once cost a page 100 ms
// at 4× CPU when it queried every row): tracker markup inserted beside such a list is found all the same.
for (const [how, rows] of [['in one insertion', 0], ['after a list of 200 rows rendered at once', 200]] as const) {
  test(`late-inserted gated nodes activate when granted and stay inert when not (${how})`, async ({ page, context }) => {
    const vendors = await routeVendors(context);
    await page.goto('/gate/basic.html');
    await state(page);
    await call(page, 'save', { categories: { analytics: true } });
    await separately(page, 'analytics', 'google-analytics');
    await page.evaluate(rows => {
      const list = document.body.appendChild(document.createElement('ul'));
      for (let i = 0; i < rows; i++) list.appendChild(document.createElement('li')).textContent = `素材 ${i}`;
      const route = document.createElement('section'); // an SPA route rendering tracker markup
      route.innerHTML = `<img id="late-pixel" data-consent="pixel" data-service="ocean-engine" data-src="https://analytics.snssdk.com/late.gif">
        <iframe id="late-frame" data-consent="analytics" data-src="https://widget.stats.test/late.html"></iframe>`;
      const script = document.createElement('script');
      script.type = 'text/plain';
      script.dataset.consent = 'analytics';
      script.dataset.src = 'https://static.vendor-lib.test/late.js';
      route.append(script);
      document.body.append(route);
    }, rows);
    await expect.poll(async () => (await hooks(page)).ran).toContain('static.vendor-lib.test/late.js');
    await expect.poll(() => vendors.count('widget.stats.test/late.html')).toBe(1);
    expect(await page.locator('#late-pixel').getAttribute('src')).toBeNull();
    expect(vendors.count('late.gif')).toBe(0);
    await call(page, 'save', { categories: { pixel: true } });
    await expect.poll(() => vendors.count('late.gif')).toBe(1);
  });
}

test('placeholder and data-consent-allow: the click asks in context, naming the recipients; allowed, the widget loads', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/basic.html');
  await state(page);
  await expect(page.locator('#placeholder')).toBeVisible();
  await page.click('#allow-share');
  // SPEC §6.4: no attribute alone grants anything; the dialog names who receives what first (this page has no UI:
  // the request is seen, and a stand-in button plays the dialog's "allow").
  await expect.poll(async () => (await hooks(page)).shows).toContainEqual({ view: 'request', category: 'share' });
  expect((await state(page)).categories.share).toBe(false);
  await page.click('#stand-in-allow');
  await expect(page.locator('#placeholder')).toBeHidden();
  await expect(page.locator('#share-widget')).toBeVisible();
  await expect.poll(() => vendors.count(FRAME)).toBe(1);
  const { categories } = await state(page);
  expect([categories.share, categories.analytics]).toEqual([true, false]);
  expect(vendors.count('hm.baidu.com')).toBe(0);
});

test('data-consent-open opens the preferences', async ({ page }) => {
  await page.goto('/gate/basic.html');
  await state(page);
  await page.click('#prefs');
  await expect.poll(async () => (await hooks(page)).shows).toContainEqual({ view: 'preferences' });
  expect(page.url()).not.toContain('#'); // the href="#" did not navigate
});

test('data-consent-request: no grant, no navigation; allowed in context, the target=_blank share opens', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/basic.html');
  await state(page);
  const popups: string[] = [];
  context.on('page', popup => popups.push(popup.url()));
  await page.click('#weibo');
  await expect.poll(async () => (await hooks(page)).shows).toContainEqual({ view: 'request', category: 'share', service: 'weibo-share' });
  await settle(page);
  expect([popups, vendors.count('service.weibo.com')]).toEqual([[], 0]);

  // "Allow" in the contextual dialog (a stand-in button until the UI exists): the share opens in a new window.
  const popup = context.waitForEvent('page');
  await page.click('#stand-in-allow');
  await (await popup).waitForLoadState();
  expect(vendors.count('service.weibo.com/share/share.php')).toBe(1);
  const { services } = await state(page);
  expect([services['weibo-share'], services['baidu-tongji']]).toEqual([true, false]);

  // Granted now: the click goes straight through, inside the user's click (no popup blocker).
  const again = context.waitForEvent('page');
  await page.click('#weibo');
  await (await again).waitForLoadState();
  expect(vendors.count('service.weibo.com/share/share.php')).toBe(2);
});

// The presets' loaders (the `_hmt` queue before hm.js, `_czc`, gtag) come in loaders.js, asked for beside gate.js where
// the config has a preset service with a `src` (SPEC §10: gate.js within 4 KB). Held back, they delay only those
// services; failing, those services stay unloaded (fail closed), the file is named and gated markup still runs.
test('loaders.js slow: the presets\' services load once it arrives, markup does not wait; failing: they stay unloaded and it is named', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  let release!: () => void;
  const arrived = new Promise<void>(resolve => (release = resolve));
  let how: 'slow' | 'fail' = 'slow';
  await page.route('**/dist/loaders.js', async route => {
    if (how == 'fail') return route.fulfill({ status: 404, body: 'not found' });
    await arrived;
    return route.continue();
  });
  await page.goto('/gate/basic.html');
  await state(page);
  await call(page, 'acceptAll');
  await expect.poll(async () => (await hooks(page)).ran).toContain('inline:cnzz-only');
  await settle(page);
  expect(vendors.count(HM) + vendors.count(CNZZ)).toBe(0);
  release();
  await expect.poll(() => vendors.count(HM)).toBe(1);
  await expect.poll(() => vendors.count(CNZZ)).toBe(1);
  // hm.js came after its loader's queue: the site's commands were waiting in `_hmt`.
  expect(await page.evaluate(() => Array.isArray((window as unknown as { _hmt?: unknown[] })._hmt))).toBe(true);

  how = 'fail';
  const logged: string[] = [];
  page.on('console', message => message.type() === 'error' && logged.push(message.text()));
  await page.reload();
  await state(page);
  await expect.poll(async () => (await hooks(page)).ran).toContain('inline:cnzz-only');
  await settle(page);
  // The stored grants may fetch hm.js ahead (gate/preload.ts); without its loader it never runs.
  expect((await hooks(page)).ran.filter(entry => /hm\.baidu\.com|v1\.cnzz\.com/.test(entry))).toEqual([]);
  expect(logged).toEqual(expect.arrayContaining([expect.stringMatching(/\/dist\/loaders\.js could not be loaded/)]));
  expect((await hooks(page)).errors).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'loaders' })]));
});

// Regression: `Object.prototype.get` or `.set` (an old query parser reading `?__proto__[get]=1`) made the gate's
// stand-in for `document.write` an invalid property descriptor (ECMA-262 ToPropertyDescriptor reads inherited
// fields), so a granted inline script threw before it was put in place: the grant silently ran nothing.
for (const key of ['get', 'set'] as const) {
  test(`regression: Object.prototype.${key} set by the page keeps granted inline scripts running`, async ({ page, context }) => {
    await routeVendors(context);
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    await page.addInitScript(name => ((Object.prototype as Record<string, unknown>)[name] = '1'), key);
    await page.goto('/gate/basic.html');
    await state(page);
    await call(page, 'acceptAll');
    await expect.poll(async () => (await hooks(page)).ran).toContain('inline:cnzz-only');
    await expect.poll(async () => (await hooks(page)).ran).toContain('template:after-c:boolean');
    expect(errors).toEqual([]);
  });
}
