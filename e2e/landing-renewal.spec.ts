import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';

// Safari (ITP 2.2, webkit.org/blog/8828) keeps a cookie a script writes for 24 hours only in a tab navigated to from a
// site it classifies as a tracker with a query or fragment in the URL (an ad click's landing page, `?bd_vid=…`), on every
// page of the site in that tab until it closes. A visitor who decided there was asked again the next day. The record
// written there is written again, the same value, by a page of the site in another tab, whose writes Safari does not
// cap so. Chromium caps nothing: what these tests show is the writes, each one and where it happens.

const CONFIG = JSON.stringify({ ui: false, reloadOnRevoke: false, services: ['baidu-tongji'] });

/** Serves `/shop.html` (any query) with the bundle; each page logs the `cg_consent` writes made through `document.cookie`. */
async function serve(page: Page) {
  await page.route('https://hm.baidu.com/**', route => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await page.route('**/shop.html*', route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body:
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>shop</title>' +
        `<script type="application/json" id="consent-gate-config">${CONFIG}</script>` +
        '<script src="/dist/consent-gate.min.js"></script></head>' +
        '<body><main><h1>我图网</h1><a href="/shop.html">next</a></main></body></html>',
    }),
  );
  // Before the SDK, as a scanner's wrapper would be: the SDK keeps and obeys it (jar.ts `pinCookie`).
  await page.addInitScript(() => {
    const own = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    const writes: string[] = ((window as unknown as { __writes: string[] }).__writes = []);
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      get() {
        return own.get!.call(this);
      },
      set(value: string) {
        if (value.startsWith('cg_consent=')) writes.push(value);
        own.set!.call(this, value);
      },
    });
  });
  const decideRequests: string[] = [];
  page.on('request', request => request.url().endsWith('/dist/decide.js') && decideRequests.push(request.url()));
  return decideRequests;
}

const writes = (page: Page) => page.evaluate(() => (window as unknown as { __writes: string[] }).__writes);
const acceptAll = (page: Page) => page.evaluate(() => (window as unknown as { ConsentGate: { acceptAll(): Promise<void> } }).ConsentGate.acceptAll());
/** The page has loaded and its idle work has run (the writer comes then, src/script.ts). */
const settled = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>(resolve => {
        const idle = () => requestIdleCallback(() => setTimeout(resolve, 300));
        document.readyState == 'complete' ? idle() : addEventListener('load', idle);
      }),
  );
const valueOf = (write: string) => write.slice('cg_consent='.length, write.indexOf(';'));

test('a decision on an ad landing page is written again, the same value, by a page in another tab; not by the same tab, nor again', async ({ page, context }) => {
  const decideRequests = await serve(page);
  await page.goto('/shop.html?bd_vid=1234', { referer: 'https://www.baidu.com/' });
  expect(await page.evaluate(() => document.referrer)).toBe('https://www.baidu.com/');
  await acceptAll(page);
  const [written] = (await writes(page)).filter(write => !write.includes('max-age=0'));
  expect(written).toMatch(/max-age=31536000/);
  const value = valueOf(written!);

  // The next page of the same tab: Safari caps its writes too (the tab was navigated to from the ad), so it writes
  // nothing and the note stays.
  await page.click('text=next');
  await page.waitForURL('**/shop.html');
  await settled(page);
  expect(await writes(page)).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('consent-gate:landed:cg_consent'))).toBe(value);

  // A page of the site in another tab: the same value, written again for its days.
  const other = await context.newPage();
  const otherDecide = await serve(other);
  await other.goto('/shop.html');
  await expect.poll(() => writes(other)).toEqual([`cg_consent=${value};path=/;max-age=31536000;samesite=lax`]);
  expect(otherDecide).toHaveLength(1);
  expect(await other.evaluate(() => (window as unknown as { ConsentGate: { get(): { prompt: string | null } } }).ConsentGate.get().prompt)).toBeNull();

  // Written once: the page after it neither writes nor loads the writer.
  otherDecide.length = 0;
  await other.reload();
  await settled(other);
  expect([await writes(other), otherDecide]).toEqual([[], []]);
  expect(decideRequests.length).toBeGreaterThan(0);
});

test('a decision on a page of the site (no landing) is not written again by the next page', async ({ page }) => {
  const decideRequests = await serve(page);
  await page.goto('/shop.html');
  await acceptAll(page);
  expect((await writes(page)).length).toBeGreaterThan(0);
  decideRequests.length = 0;
  await page.click('text=next');
  await page.waitForURL('**/shop.html');
  await settled(page);
  expect([await writes(page), decideRequests]).toEqual([[], []]);
});

test('regression: a landing that takes the click id out of its address, deciding on the next page of its tab, is noted', async ({ page, context }) => {
  await serve(page);
  await page.goto('/shop.html?bd_vid=1', { referer: 'https://www.baidu.com/' });
  // As ad landing pages do, before the visitor decides.
  await page.evaluate(() => history.replaceState(null, '', '/shop.html'));
  await settled(page);
  await page.click('text=next');
  await page.waitForURL('**/shop.html');
  await acceptAll(page);
  const value = valueOf((await writes(page)).find(write => !write.includes('max-age=0'))!);
  expect(await page.evaluate(() => localStorage.getItem('consent-gate:landed:cg_consent'))).toBe(value);
  const other = await context.newPage();
  await serve(other);
  await other.goto('/shop.html');
  await expect.poll(() => writes(other)).toEqual([`cg_consent=${value};path=/;max-age=31536000;samesite=lax`]);
});
