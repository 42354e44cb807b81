import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';

// Safari (ITP 2.2, webkit.org/blog/8828) keeps a cookie a script writes for 24 hours only on a page reached from a site
// it classifies as a tracker with a query or fragment in the URL: an ad click's landing page (`?bd_vid=…`). A visitor
// who decided there was asked again the next day. The record written there is written again, the same value, by the
// next page of the site, whose writes Safari keeps for their days. Chromium caps nothing: what these tests show is the
// writes, each one and where it happens.

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

test('a decision on an ad landing page is written again, the same value, by the next page; not by the one after', async ({ page }) => {
  const decideRequests = await serve(page);
  await page.goto('/shop.html?bd_vid=1234', { referer: 'https://www.baidu.com/' });
  expect(await page.evaluate(() => document.referrer)).toBe('https://www.baidu.com/');
  await acceptAll(page);
  const [written] = (await writes(page)).filter(write => !write.includes('max-age=0'));
  expect(written).toMatch(/max-age=31536000/);
  const value = valueOf(written!);

  // The next page, by a link of the site: the same value, written again for its days.
  decideRequests.length = 0;
  await page.click('text=next');
  await page.waitForURL('**/shop.html');
  await expect.poll(() => writes(page)).toEqual([`cg_consent=${value};path=/;max-age=31536000;samesite=lax`]);
  expect(decideRequests).toHaveLength(1);
  expect(await page.evaluate(() => (window as unknown as { ConsentGate: { get(): { prompt: string | null } } }).ConsentGate.get().prompt)).toBeNull();

  // Written once: the page after it neither writes nor loads the writer.
  decideRequests.length = 0;
  await page.reload();
  await settled(page);
  expect([await writes(page), decideRequests]).toEqual([[], []]);
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

test('another landing page writes nothing again (its writes are capped too); the next page of the site does', async ({ page }) => {
  await serve(page);
  await page.goto('/shop.html?bd_vid=1', { referer: 'https://www.baidu.com/' });
  await acceptAll(page);
  const value = valueOf((await writes(page)).find(write => !write.includes('max-age=0'))!);
  await page.goto('/shop.html?bd_vid=2', { referer: 'https://www.baidu.com/' });
  await settled(page);
  expect(await writes(page)).toEqual([]);
  await page.goto('/shop.html');
  await expect.poll(() => writes(page)).toEqual([`cg_consent=${value};path=/;max-age=31536000;samesite=lax`]);
});
