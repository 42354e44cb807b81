import { expect, test, type Page } from '@playwright/test';
import { routeVendors } from './gate-fixtures.js';

// A page of ooopic's SPA stays open for hours: what the SDK lets go of must be collectable. Measured by weak references
// to the SDK's elements, after the browser's own garbage collection (DevTools protocol), against the built bundle.

/** How many of the elements `window.weak` refers to weakly are still alive after garbage collection. */
async function alive(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  // A WeakRef's target lives at least to the end of the task that made or read it: collected in a later one.
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
  return page.evaluate(() => (window as unknown as { weak: WeakRef<object>[] }).weak.filter(ref => ref.deref()).length);
}

const spa = (config: object, body = '') => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>spa</title>
<script type="application/json" id="consent-gate-config">${JSON.stringify(config)}</script>
<script src="/dist/consent-gate.min.js"></script><script>window.weak = [];</script></head>
<body><main><h1>ooopic</h1></main>${body}</body></html>`;

// Found by a long-lived-page probe: each banner drawn again while it showed (another language, age group, choices) was
// kept alive by the next one's click handlers, through the context V8 shares among one call's closures: 30 switches of
// <html lang> kept 30 detached banners, +24 nodes and +4 listeners each.
test('regression: a banner drawn again in another language lets the one before it go', async ({ page }) => {
  await routeVendors(page.context());
  await page.route('**/memory/banner.html', route => route.fulfill({ contentType: 'text/html; charset=utf-8', body: spa({ lang: 'auto' }) }));
  await page.goto('/memory/banner.html');
  const ui = page.locator('#consent-gate');
  const names = { 'zh-CN': '我们如何使用 Cookie', 'zh-TW': '我們如何使用 Cookie' } as const;
  await expect(ui.getByRole('dialog', { name: names['zh-CN'] })).toBeVisible();
  for (const lang of ['zh-TW', 'zh-CN', 'zh-TW', 'zh-CN', 'zh-TW'] as const) {
    await page.evaluate(lang => {
      const banner = document.querySelector('#consent-gate')!.shadowRoot!.querySelector('.b')!;
      (window as unknown as { weak: WeakRef<object>[] }).weak.push(new WeakRef(banner));
      document.documentElement.lang = lang;
    }, lang);
    await expect(ui.getByRole('dialog', { name: names[lang] })).toBeVisible();
  }
  await page.waitForTimeout(300);
  expect(await alive(page)).toBe(0);
});

// Found by the same probe: a tracker's `new Image()` pixels held for a service that is never granted (a refusal, no
// decision yet) were each kept for the page's life, one DOM node and ~300 B a beacon without end. At most 20 of a
// service now wait for its grant, and those load on it; one the page inserted and removed is let go.
test('regression: held pixels out of the page are kept at most 20 a service, and those load on the grant', async ({ page }) => {
  const vendors = await routeVendors(page.context());
  await page.route('**/memory/pixels.html', route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: spa({ services: ['baidu-tongji', 'cnzz'] }),
    }),
  );
  await page.goto('/memory/pixels.html');
  await expect(page.locator('#consent-gate').getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
  await page.evaluate(() => {
    const weak = (window as unknown as { weak: WeakRef<object>[] }).weak;
    for (let i = 0; i < 200; i++) {
      const pixel = new Image();
      pixel.src = `https://hm.baidu.com/hm.gif?n=${i}`;
      weak.push(new WeakRef(pixel));
    }
    // Another service's pixel after them still waits for its own grant.
    const other = new Image();
    other.src = 'https://c.cnzz.com/stat.gif?n=0';
    weak.push(new WeakRef(other));
    // Made, inserted and removed by the page: the gate's while in it, nobody's after.
    for (let i = 0; i < 50; i++) {
      const tile = document.createElement('img');
      tile.src = `https://hm.baidu.com/tile.gif?n=${i}`;
      document.body.append(tile);
      tile.remove();
      weak.push(new WeakRef(tile));
    }
  });
  await page.waitForTimeout(300);
  expect(await alive(page)).toBe(21);
  expect(vendors.requests).toEqual([]);

  await page.evaluate(() => (window as unknown as { ConsentGate: { acceptAll(): Promise<void> } }).ConsentGate.acceptAll());
  await expect.poll(() => vendors.requests.filter(url => url.includes('/hm.gif')).length).toBe(20);
  await expect.poll(() => vendors.count('c.cnzz.com/stat.gif')).toBe(1);
  expect(vendors.requests.filter(url => url.includes('/hm.gif')).map(url => Number(new URL(url).searchParams.get('n'))).sort((a, b) => a - b)).toEqual(
    Array.from({ length: 20 }, (_, i) => i),
  );
});
