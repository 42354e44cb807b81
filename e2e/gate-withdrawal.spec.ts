import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { call, hooks, routeVendors, state, separately } from './gate-fixtures.js';

// SPEC §6.3: withdrawing removes the services' first-party cookies wherever they could live (here: the host
// www.ooopic.test and the parent domain .ooopic.test, through Chromium's host resolver rules), reloads once,
// and the service does not load again. SPEC §4: a choice made on www. applies on m.

const PORT = process.env.E2E_PORT || 4317; // the port playwright.config.ts serves on
const WWW = `http://www.ooopic.test:${PORT}/gate/withdraw.html`;
const M = `http://m.ooopic.test:${PORT}/gate/withdraw.html`;
const TRACKER = /^(Hm_lvt_|Hm_lpvt_|CNZZDATA|UM_distinctid|_ga)/;
const EXPECTED = [
  'Hm_lpvt_0123456789abcdef0123456789abcdef @ .ooopic.test',
  'Hm_lvt_0123456789abcdef0123456789abcdef @ .ooopic.test',
  'Hm_lvt_0123456789abcdef0123456789abcdef @ www.ooopic.test',
  'CNZZDATA1281234567 @ .ooopic.test',
  'CNZZDATA1281234567 @ www.ooopic.test',
  'UM_distinctid @ .ooopic.test',
  'UM_distinctid @ www.ooopic.test',
  '_ga @ .ooopic.test',
  '_ga @ www.ooopic.test',
  '_ga_TEST123 @ www.ooopic.test',
].sort();

const trackerCookies = async (context: BrowserContext) =>
  (await context.cookies()).filter(c => TRACKER.test(c.name)).map(c => `${c.name} @ ${c.domain}`).sort();
const loads = (page: Page) => page.evaluate(() => Number(sessionStorage.getItem('loads')));

async function grantAndRun(page: Page, context: BrowserContext) {
  await page.goto(WWW);
  await state(page);
  await call(page, 'acceptAll');
  await separately(page, 'analytics', 'google-analytics');
  await expect.poll(() => trackerCookies(context)).toEqual(EXPECTED);
  expect(await page.evaluate(() => localStorage.getItem('Hm_unsent_0123456789abcdef0123456789abcdef'))).toBe('[]');
}

test('reject-all after accept-all: every tracker cookie goes from host and parent domain, one reload, nothing loads again', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await grantAndRun(page, context);
  expect(await loads(page)).toBe(1);
  const requested = vendors.requests.length;

  const reloaded = page.waitForEvent('load');
  await call(page, 'rejectAll');
  await reloaded;
  const after = await state(page);
  expect([after.decided, after.categories.analytics]).toEqual([true, false]);
  expect(await trackerCookies(context)).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('Hm_unsent_0123456789abcdef0123456789abcdef'))).toBeNull();
  expect(await loads(page)).toBe(2);
  expect((await hooks(page)).ran).toEqual([]);
  expect(vendors.requests.length).toBe(requested);
  expect((await context.cookies()).map(c => c.name)).toContain('cg_consent'); // the choice itself stays
});

test('one service switched off: only its cookies go, and the page reloads once', async ({ page, context }) => {
  await routeVendors(context);
  await grantAndRun(page, context);
  const reloaded = page.waitForEvent('load');
  await call(page, 'save', { services: { cnzz: false } });
  await reloaded;
  await state(page);
  expect(await trackerCookies(context)).toEqual(EXPECTED.filter(c => !/^(CNZZDATA|UM_distinctid)/.test(c)));
  expect(await loads(page)).toBe(2);
  expect((await hooks(page)).ran.sort()).toEqual(['hm.baidu.com/hm.js', 'www.googletagmanager.com/gtag/js']);
});

test('a child without guardian consent: all optional services’ cookies go and the page reloads', async ({ page, context }) => {
  await routeVendors(context);
  await grantAndRun(page, context);
  const reloaded = page.waitForEvent('load');
  await call(page, 'setAge', 'child');
  await reloaded;
  const after = await state(page);
  expect([after.categories.analytics, after.categories.share]).toEqual([false, false]);
  expect(await trackerCookies(context)).toEqual([]);
  expect((await hooks(page)).ran).toEqual([]);
});

test('a choice made on www. applies on m. of the same domain', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto(WWW);
  await state(page);
  await call(page, 'save', { categories: { analytics: true }, services: { cnzz: false, 'google-analytics': false } });
  await expect.poll(() => vendors.count('hm.baidu.com')).toBe(1);

  await page.goto(M);
  const mobile = await state(page);
  expect([mobile.decided, mobile.prompt, mobile.services['baidu-tongji'], mobile.services.cnzz]).toEqual([true, null, true, false]);
  await expect.poll(async () => (await hooks(page)).ran).toEqual(['hm.baidu.com/hm.js']);
  expect(vendors.count('hm.baidu.com')).toBe(2); // once per page
  expect(vendors.count('cnzz.com')).toBe(0);
});

// Regression: a vendor cookie set as a partitioned cookie (CHIPS: `Secure; Partitioned`, as an embedded vendor frame
// or a tag written for third-party contexts sets it) is a cookie of its own, removed only by a write that says
// `partitioned`: every withdrawal left it, with the unpartitioned copies gone. localhost is a secure context on http.
test('regression: a withdrawn service\'s partitioned cookies go too, on every path, and a service still granted keeps its own', async ({ page, context, baseURL }) => {
  await routeVendors(context);
  await page.goto(`http://localhost:${new URL(baseURL!).port}/gate/basic.html`);
  await state(page);
  await call(page, 'acceptAll');
  const HM = 'Hm_lvt_0123456789abcdef0123456789abcdef';
  const jar = () => page.evaluate(() => document.cookie.split('; ').filter(pair => /^(Hm_|CNZZ)/.test(pair)).sort());
  // Both trackers have run (their own cookies are set): one still in flight at the withdrawal would set its cookies
  // after the removal.
  await expect.poll(jar).toEqual(expect.arrayContaining([`${HM}=1`, 'CNZZDATA1281234567=1']));
  await page.evaluate(name => {
    for (const [cookie, path] of [[name, '/'], [name, '/gate'], ['CNZZDATA1281234567', '/']]) {
      document.cookie = `${cookie}=partitioned;path=${path};max-age=9999;secure;partitioned;samesite=none`;
    }
  }, HM);
  expect(await jar()).toEqual(expect.arrayContaining([`${HM}=partitioned`, 'CNZZDATA1281234567=partitioned']));
  // Baidu Tongji withdrawn, CNZZ (same category) still granted: only Baidu's copies go.
  await call(page, 'save', { categories: { analytics: true }, services: { 'baidu-tongji': false } });
  await expect.poll(jar).not.toContainEqual(expect.stringMatching(/^Hm_/));
  expect(await jar()).toContain('CNZZDATA1281234567=partitioned');
});
