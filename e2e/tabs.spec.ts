import { expect, test, type BrowserContext, type Page } from '@playwright/test';
// @ts-ignore -- a plain ES module shared with scripts/ensure-chromium.js
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.js';
import { call, routeVendors, state } from './gate-fixtures.js';

// SPEC §7.4: a decision in one tab applies in the others without a reload; SPEC §6.3: a withdrawal stops what ran
// (one reload), a new one each time. Tabs of www. and m. share the cookie (SPEC §4), not the origin.

const PORT = process.env.E2E_PORT || 4317; // the port playwright.config.ts serves on
const WWW = `http://www.ooopic.test:${PORT}/gate/withdraw.html`;
const M = `http://m.ooopic.test:${PORT}/gate/withdraw.html`;

// The Cookie Store API is for secure contexts only: these plain-http subdomains stand in for https ones. The full
// browser, not the headless shell the other tests run in: in the shell another tab's cookie change never arrived.
const full = findChromium();
test.use({
  // Playwright's own download runs headless tests in its shell unless told the channel.
  ...(full?.path ? {} : { channel: 'chromium' }),
  launchOptions: {
    executablePath: full?.path,
    args: [...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=http://www.ooopic.test:${PORT},http://m.ooopic.test:${PORT}`],
  },
});

// Read while a tab may be reloading: a read that the navigation cut short is polled again.
const loads = (page: Page) => page.evaluate(() => Number(sessionStorage.getItem('loads'))).catch(() => undefined);
const analytics = (page: Page) => state(page).then(s => s.categories.analytics, () => undefined);
/** The action stored in the shared cookie. */
const storedAction = async (context: BrowserContext) => (await context.cookies()).find(c => c.name === 'cg_consent')?.value.match(/&a=([a-z-]+)/)?.[1];

test('regression: www. and m. open side by side — a refusal on m. reaches www. at once, and www.\'s next choice keeps it', async ({ context }) => {
  const vendors = await routeVendors(context);
  const www = await context.newPage();
  await www.goto(WWW);
  await call(www, 'acceptAll');
  await expect.poll(() => vendors.count('hm.baidu.com')).toBe(1);
  const m = await context.newPage();
  await m.goto(M);
  expect(await analytics(m)).toBe(true);
  await expect.poll(() => vendors.count('hm.baidu.com')).toBe(2);
  await call(m, 'rejectAll');
  // No visibility change, no focus: the cookie's change event alone. What ran on www. stops with one reload.
  await expect.poll(() => loads(www)).toBe(2);
  expect(await analytics(www)).toBe(false);
  // A choice made on www. afterwards starts from the refusal, not from the grants it read before.
  await call(www, 'save', { categories: { share: true } });
  expect(await storedAction(context)).toBe('api');
  const fresh = await context.newPage();
  await fresh.goto(M);
  expect((await state(fresh)).categories).toMatchObject({ analytics: false, share: true });
  expect(vendors.count('hm.baidu.com')).toBe(2);
});

test('each refusal made in another tab reloads this one, the same refusal again too', async ({ context }) => {
  const vendors = await routeVendors(context);
  const a = await context.newPage();
  await a.goto(WWW);
  // Tab b is watched, never evaluated in: Playwright's evaluate counts as the visitor's gesture there, and a tab the
  // visitor used always reloads. The loop guard is about tabs nobody touched.
  const b = await context.newPage();
  const heard: string[] = [];
  b.on('console', message => message.text().startsWith('analytics=') && heard.push(message.text()));
  await b.addInitScript(() => addEventListener('consentgate:change', event => console.log(`analytics=${(event as CustomEvent).detail.categories.analytics}`)));
  let loaded = 0;
  b.on('load', () => loaded++);
  await b.goto(WWW);
  for (const expected of [2, 3]) {
    const before = vendors.count('hm.baidu.com');
    await call(a, 'acceptAll');
    await expect.poll(() => heard.at(-1)).toBe('analytics=true');
    // Only what ran is stopped by a reload (SPEC §6.3): 百度统计 has run in both tabs.
    await expect.poll(() => vendors.count('hm.baidu.com')).toBe(before + 2);
    await call(a, 'rejectAll');
    await expect.poll(() => loaded).toBe(expected);
  }
});

// Review: decisions waiting for their code were compared by when their code stored them. Two tabs waiting for decide.js:
// www. accepted, then m. refused; www.'s code came first, and m.'s later refusal was dropped as outdated by it: the
// acceptance stood everywhere and hm.js ran in both.
test('regression: two tabs waiting for decide.js: the later refusal stands though the earlier acceptance\'s code came first', async ({ context }) => {
  const vendors = await routeVendors(context);
  const hold = async (page: Page) => {
    let release = () => {};
    const held = new Promise<void>(resolve => (release = resolve));
    await page.route('**/dist/decide.js', async route => (await held, route.continue().catch(() => {})));
    return release;
  };
  const www = await context.newPage();
  const releaseWww = await hold(www);
  await www.goto(WWW);
  const m = await context.newPage();
  const releaseM = await hold(m);
  await m.goto(M);
  await www.evaluate(() => void window.ConsentGate.acceptAll());
  await www.waitForTimeout(300);
  await m.evaluate(() => void window.ConsentGate.rejectAll());
  releaseWww();
  await expect.poll(() => storedAction(context)).toBe('api');
  expect(await analytics(www)).toBe(true);
  releaseM();
  await expect.poll(() => analytics(m)).toBe(false);
  await expect.poll(() => analytics(www)).toBe(false);
  const fresh = await context.newPage();
  await fresh.goto(WWW);
  expect((await state(fresh)).categories.analytics).toBe(false);
  expect(vendors.count('hm.baidu.com')).toBeLessThanOrEqual(1);
});
