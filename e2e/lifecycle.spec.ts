import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type BrowserType, type Page } from '@playwright/test';
// @ts-ignore -- a plain ES module shared with playwright.config.ts
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.js';
import { routeVendors as routeGateVendors, writeOver } from './gate-fixtures.js';

// The page's life beyond one load (SPEC §6.3, §9): restored from the back/forward cache, its document replaced by
// `document.open()`, reloaded by a withdrawal. The demo server sends `no-store`, which keeps pages out of the
// back/forward cache: these pages come from a server of their own, cacheable, on real subdomains (*.ooopic.test is
// mapped to this machine by CHROMIUM_ARGS).

/** A fake Baidu tracker: says it ran, and sends a page view now and each time the page comes back. */
const TRACKER = `(function () {
  (window.__ran = window.__ran || []).push(document.currentScript && document.currentScript.src);
  function view(tag) { new Image().src = 'https://hm.baidu.com/hm.gif?ev=' + tag; navigator.sendBeacon('https://hm.baidu.com/beacon?ev=' + tag); }
  view('load');
  addEventListener('pageshow', function (e) { if (e.persisted) view('pageshow'); });
  document.addEventListener('resume', function () { view('resume'); });
  addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') view('visible'); }, true);
})();`;

const CONFIG = `<script type="application/json" id="consent-gate-config">${JSON.stringify({
  cookie: { domain: 'auto' },
  services: [{ id: 'baidu-tongji', siteId: '0123456789abcdef0123456789abcdef' }],
})}</script><script src="/dist/consent-gate.min.js"></script>`;

/** The pages (`PORT` in them is this server's port), and the SDK's files from `dist/`. */
function serve(pages: Record<string, string>): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url!, 'http://x').pathname;
    if (path.startsWith('/dist/')) {
      try {
        const body = await readFile(normalize(join(process.cwd(), path)));
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body);
      } catch {
        response.writeHead(404).end();
      }
      return;
    }
    const page = pages[path];
    // Cacheable, unlike the demo server's pages: the back/forward cache keeps no page served `no-store`.
    const port = (server.address() as AddressInfo).port;
    if (page) response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, max-age=0' }).end(page.replaceAll('PORT', String(port)));
    else response.writeHead(request.method == 'POST' ? 204 : 404).end();
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Every request to a vendor host, answered here: the tracker for a script, an empty answer otherwise. */
async function routeVendors(context: BrowserContext) {
  const seen: string[] = [];
  await context.route(url => !/^(127\.0\.0\.1|[a-z]+\.ooopic\.test)$/.test(url.hostname), route => {
    seen.push(route.request().url());
    const script = route.request().resourceType() == 'script';
    return route.fulfill(script ? { body: TRACKER, contentType: 'text/javascript' } : { body: '', contentType: 'text/plain' });
  });
  return seen;
}

/** A tab on `url` whose visitor accepted all, once `ran` scripts of the page's tags have run. */
async function acceptedTab(context: BrowserContext, url: string, ran: number): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(url);
  await tab.evaluate(() => window.ConsentGate.acceptAll());
  await expect.poll(() => tab.evaluate(() => (window as { __ran?: unknown[] }).__ran?.length)).toBe(ran);
  return tab;
}

/** What Chromium says of the back/forward cache: whether a page was restored from it, and why one was not. */
interface Restores {
  restored: boolean;
  notRestored: string[];
}

/** Listens to Chromium's account of the cache for `page`: a restore of a page whose URL ends in `path` counts. */
async function watchCache(context: BrowserContext, page: Page, path = ''): Promise<Restores> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.enable');
  const seen: Restores = { restored: false, notRestored: [] };
  cdp.on('Page.backForwardCacheNotUsed', event => seen.notRestored.push(...event.notRestoredExplanations.map(each => each.reason)));
  cdp.on('Page.frameNavigated', event => (seen.restored ||= event.type === 'BackForwardCacheRestore' && event.frame.url.endsWith(path)));
  return seen;
}

/**
 * Runs `visit` (each in a context of its own) in the full browser with the back/forward cache on, and expects the page
 * it is about restored: the headless shell keeps no page in the cache ("BackForwardCacheDisabledForDelegate"), and
 * Playwright turns the cache off unless told not to. Under load Chromium sometimes navigates without the cache and gives
 * no reason (about 1 visit in 10 on two busy cores): such a visit proves nothing about a restore, so another is made, up
 * to three in all. A reason given is a failure at once: the page was not fit for the cache. Closes `server` at the end.
 */
async function withCache(playwright: { chromium: BrowserType }, server: Server, visit: (browser: Browser) => Promise<Restores>) {
  const full = findChromium();
  const browser = await playwright.chromium.launch({
    ...(full?.path ? { executablePath: full.path } : { channel: 'chromium' }),
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
  try {
    let outcome = await visit(browser);
    for (let again = 0; again < 2 && !outcome.restored && outcome.notRestored.length == 0; again++) {
      test.info().annotations.push({ type: 'visited again', description: 'Chromium navigated without the cache and gave no reason' });
      outcome = await visit(browser);
    }
    expect(outcome.notRestored).toEqual([]);
    expect(outcome.restored).toBe(true);
  } finally {
    await browser.close();
    server.close();
  }
}

// Regression: a refusal on a sibling subdomain reaches a page in the back/forward cache by
// no channel, and the restored page's tracker sent its `resume` and `visibilitychange` page views (the guard still
// took it for granted) before the SDK read the cookie again on `visibilitychange`.
test('regression: a page restored from the back/forward cache after a refusal on a sibling subdomain sends nothing', async ({ playwright }) => {
  const server = await serve({
    '/a.html': `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${CONFIG}</head>
<body><a id="next" href="http://m.ooopic.test:PORT/b.html">手机版</a></body></html>`,
    '/b.html': `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${CONFIG}</head><body><p>手机版</p></body></html>`,
  });
  const port = (server.address() as AddressInfo).port;
  /** One visit to a.html, m. and Back: whether Chromium restored a.html, or why not. */
  await withCache(playwright, server, async browser => {
    const context = await browser.newContext();
    try {
      const vendors = await routeVendors(context);
      const page = await context.newPage();
      const cache = await watchCache(context, page);
      await page.goto(`http://www.ooopic.test:${port}/a.html`);
      await page.evaluate(() => window.ConsentGate.acceptAll());
      await expect.poll(() => page.evaluate(() => (window as { __ran?: unknown[] }).__ran?.length)).toBe(1);
      await page.click('#next');
      await page.waitForURL(/m\.ooopic\.test/);
      await page.waitForFunction(() => !Array.isArray(window.ConsentGate));
      await page.evaluate(() => window.ConsentGate.rejectAll());
      const before = vendors.length;
      // The restored page reloads itself on the refusal it reads (a restore fires no `load`: the reload's does), which
      // cuts short the navigation Back started.
      const reloaded = page.waitForEvent('load');
      await page.goBack({ waitUntil: 'commit' }).catch(() => {});
      await reloaded;
      // Restored or loaded afresh, the page reads the refusal and sends nothing.
      expect(await page.evaluate(() => window.ConsentGate.get().categories.analytics)).toBe(false);
      await page.waitForTimeout(500);
      expect(vendors.slice(before)).toEqual([]);
      return cache;
    } finally {
      await context.close();
    }
  });
});

// Regression (navigation probe, blocker): a first visit's 全部接受 answered before decide.js arrived, Back at once, a
// refusal on the page Back restored, then Forward: the page restored from the back/forward cache applied its waiting
// acceptance as its code arrived, over the refusal and dated after it, and the trackers ran on both pages.
test('regression: a decision waiting in a page left for the back/forward cache gives way to the refusal made since on another page', async ({ playwright }) => {
  const page = (body: string) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${CONFIG}</head><body>${body}</body></html>`;
  const server = await serve({ '/c.html': page('<a id="next" href="/a.html">下一页</a>'), '/a.html': page('<p>第二页</p>') });
  const port = (server.address() as AddressInfo).port;
  await withCache(playwright, server, async browser => {
    const context = await browser.newContext();
    try {
      const vendors = await routeVendors(context);
      const tab = await context.newPage();
      const cache = await watchCache(context, tab, '/a.html');
      await tab.goto(`http://www.ooopic.test:${port}/c.html`);
      // a.html's decide.js is slow: its 全部接受 waits for it, and Back leaves the page meanwhile.
      await context.route('**/dist/decide.js', async route => {
        let slow = false;
        try {
          slow = route.request().frame().url().endsWith('/a.html');
        } catch {}
        if (slow) await new Promise(resolve => setTimeout(resolve, 3_000));
        return route.continue().catch(() => {});
      });
      await tab.click('#next');
      await tab.locator('#consent-gate [data-action="accept-all"]').click();
      expect(await tab.evaluate(() => window.ConsentGate.get().decided)).toBe(false);
      await tab.goBack({ waitUntil: 'commit' });
      await tab.waitForURL(/c\.html/, { waitUntil: 'commit' });
      await tab.waitForFunction(() => !Array.isArray(window.ConsentGate));
      await tab.locator('#consent-gate [data-action="reject-all"]').click();
      await expect.poll(async () => (await context.cookies()).find(c => c.name == 'cg_consent')?.value).toMatch(/&a=reject-all/);
      const refused = (await context.cookies()).find(c => c.name == 'cg_consent')?.value;
      await tab.goForward({ waitUntil: 'commit' });
      await tab.waitForURL(/a\.html/, { waitUntil: 'commit' });
      await tab.waitForFunction(() => !Array.isArray(window.ConsentGate));
      // Long enough for a.html's decide.js to arrive and its waiting decision to be applied.
      await tab.waitForTimeout(3_500);
      const s = await tab.evaluate(() => window.ConsentGate.get());
      expect([s.decision?.action, s.categories.analytics]).toEqual(['reject-all', false]);
      expect((await context.cookies()).find(c => c.name == 'cg_consent')?.value).toBe(refused);
      expect(vendors).toEqual([]);
      return cache;
    } finally {
      await context.close();
    }
  });
});

// Regression (navigation probe, major): a page prerendered by Speculation Rules (`document.prerendering`) ran a
// returning visitor's tags and preloaded them: hm.js counted a view and set its cookies for a page nobody saw, in
// prerenders never shown too. Chromium prerenders nothing while DevTools is attached (Playwright's), so the prerender is
// played: `document.prerendering` true until the page fires `prerenderingchange`.
test('regression: a prerendered page runs and preloads no tag until it is shown', async ({ browser }) => {
  const server = await serve({
    '/a.html': `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${CONFIG}</head><body><p>首页</p>
<script type="text/plain" data-consent="analytics">(window.__ran = window.__ran || []).push('inline')</script></body></html>`,
  });
  const port = (server.address() as AddressInfo).port;
  const context = await browser.newContext();
  try {
    const vendors = await routeVendors(context);
    const tab = await acceptedTab(context, `http://www.ooopic.test:${port}/a.html`, 2);
    const before = vendors.length;
    await tab.addInitScript(() => {
      let prerendering = true;
      Object.defineProperty(Document.prototype, 'prerendering', { configurable: true, get: () => prerendering });
      (window as unknown as { show(): void }).show = () => {
        prerendering = false;
        document.dispatchEvent(new Event('prerenderingchange'));
      };
    });
    await tab.reload();
    await tab.waitForFunction(() => !Array.isArray(window.ConsentGate));
    await tab.waitForTimeout(1_000);
    expect([await tab.evaluate(() => (window as { __ran?: unknown[] }).__ran), vendors.slice(before)]).toEqual([undefined, []]);
    expect(await tab.evaluate(() => window.ConsentGate.granted('analytics'))).toBe(true);
    await tab.evaluate(() => (window as unknown as { show(): void }).show());
    await expect.poll(() => tab.evaluate(() => (window as { __ran?: unknown[] }).__ran?.length)).toBe(2);
    expect(vendors.slice(before).filter(url => url.includes('hm.js'))).toHaveLength(1);
  } finally {
    await context.close();
    server.close();
  }
});

// Regression: a withdrawal whose code could not load held on its own page only, and a sibling
// subdomain went on applying the old grant from the shared cookie. The record is now kept there without its decision.
test('regression: a withdrawal whose code cannot load holds on a sibling subdomain too: nothing starts there, the banner asks again', async ({ browser }) => {
  const page = (body: string) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${CONFIG}</head><body>${body}</body></html>`;
  const server = await serve({ '/a.html': page('<p>主站</p>'), '/b.html': page('<p>手机版</p>') });
  const port = (server.address() as AddressInfo).port;
  const context = await browser.newContext();
  try {
    const vendors = await routeVendors(context);
    const tab = await acceptedTab(context, `http://www.ooopic.test:${port}/a.html`, 1);
    const { consentId } = await tab.evaluate(() => window.ConsentGate.get());
    await context.route('**/dist/decide.js', route => route.fulfill({ status: 404, body: 'not found' }));
    await tab.reload();
    await tab.waitForFunction(() => !Array.isArray(window.ConsentGate));
    await tab.evaluate(() => window.ConsentGate.rejectAll());
    const cookies = (await context.cookies()).filter(c => c.name == 'cg_consent');
    // One cookie, on the domain the record was written to (cookie.domain "auto": the broadest the browser keeps).
    expect(cookies.map(c => [c.domain, /&a=/.test(c.value), c.value.includes(`i=${consentId}&`)])).toEqual([['.ooopic.test', false, true]]);
    const before = vendors.length;
    await tab.goto(`http://m.ooopic.test:${port}/b.html`);
    await tab.waitForFunction(() => !Array.isArray(window.ConsentGate));
    const s = await tab.evaluate(() => window.ConsentGate.get());
    expect([s.decided, s.consentId, s.banner, s.categories.analytics]).toEqual([false, consentId, true, false]);
    await tab.waitForTimeout(500);
    expect(vendors.slice(before)).toEqual([]);
  } finally {
    await context.close();
    server.close();
  }
});

// Regression: `document.open()` (a `document.write()` after load, legacy ad code) drops
// every listener of the document and the window and every node. A share link written into the new document reached
// weibo.com on its click with nothing granted, the banner was gone with its host (the visitor could neither decide
// nor withdraw), tabs of sibling subdomains were heard no more, and gated markup written there never ran.
test('regression: after document.open() a share link still waits for its grant, the banner stays and gated markup runs on it', async ({ page, context }) => {
  const vendors = await routeGateVendors(context);
  await page.route('**/lifecycle/document-open.html', route =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<script>window.consentGateConfig = { services: ['weibo-share', 'cnzz'] };</script>
<script src="/dist/consent-gate.min.js"></script></head><body><p>原来的页面</p></body></html>`,
    }),
  );
  // The SDK's own files are still on their way when the page calls document.open(), which aborts them.
  let release!: () => void;
  const held = new Promise<void>(resolve => (release = resolve));
  await page.route(/\/dist\/(gate|decide|cookie)\.js$/, async route => (await held, route.continue()));
  await page.goto('/lifecycle/document-open.html');
  const banner = page.locator('#consent-gate .b[role="dialog"]');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some(entry => /\/dist\/decide\.js$/.test(entry.name)) || [...document.scripts].some(script => /decide\.js$/.test(script.src)));
  await expect(banner).toBeVisible();
  await writeOver(page, `<!doctype html><html lang="zh-CN"><body><p>广告代码写出的页面</p>
<a id="share" href="https://service.weibo.com/share/share.php?url=x" data-consent-request="share" data-service="weibo-share">分享到微博</a>
<script type="text/plain" data-consent="analytics" data-service="cnzz" data-src="https://v1.cnzz.com/z.js?id=1281234567&amp;async=1"></script></body></html>`);
  release();
  await expect(banner).toBeVisible();
  await page.click('#share');
  // The click asks for the grant instead of leaving for weibo.com.
  await expect.poll(() => page.evaluate(() => window.ConsentGate.get().view)).toBe('request');
  expect(vendors.count('weibo.com')).toBe(0);
  await page.locator('#consent-gate [data-action="cancel"]').click();
  await banner.getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => vendors.count('v1.cnzz.com')).toBe(1);
  // Markup inserted after the grant is seen by the gate's observer, which outlived the old root.
  await page.evaluate(() =>
    document.body.insertAdjacentHTML('beforeend', '<img data-consent="analytics" data-service="cnzz" data-src="https://c.cnzz.com/core.php?web_id=1281234567" alt="">'),
  );
  await expect.poll(() => vendors.count('c.cnzz.com')).toBe(1);
});

// Regression: the gate waits for `DOMContentLoaded` before it takes the last node of a page being parsed (the network
// may have split it); `document.open()` parses again and dropped that listener, so with the grant already given the
// gated script written last into the new document never ran.
test('regression: a returning visit: gated markup written last after document.open() runs once the document is closed', async ({ page, context }) => {
  const vendors = await routeGateVendors(context);
  await page.route('**/lifecycle/document-open-granted.html', route =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<script>window.consentGateConfig = { services: ['cnzz'] };</script>
<script src="/dist/consent-gate.min.js"></script></head><body><p>原来的页面</p></body></html>`,
    }),
  );
  await page.goto('/lifecycle/document-open-granted.html');
  await page.locator('#consent-gate .b[role="dialog"]').getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => page.evaluate(() => document.cookie)).toContain('cg_consent');
  await page.reload();
  // The gate is there (it came at once: the grant is stored).
  await page.waitForFunction(() => [...document.scripts].some(script => /\/dist\/gate\.js$/.test(script.src)) && window.ConsentGate.get().decided);
  await page.evaluate(() => new Promise(resolve => setTimeout(resolve, 300)));
  await page.evaluate(() => {
    document.open();
    document.write('<!doctype html><html lang="zh-CN"><body><p>广告代码写出的页面</p>');
    document.write('<script type="text/plain" data-consent="analytics" data-service="cnzz" data-src="https://v1.cnzz.com/z.js?id=1281234567&amp;async=1"></' + 'script>');
    // Closed in a later task, as ad code that writes in pieces does: the gate has seen the node while parsing.
    setTimeout(() => document.close(), 200);
  });
  await expect.poll(() => vendors.count('v1.cnzz.com')).toBe(1);
});

// Every node loses its listeners too, the UI's shadow tree included: an open view and the floating button are made
// again in the new document, and work.
test('regression: after document.open() an open view closes and the floating button opens the preferences', async ({ page, context }) => {
  await routeGateVendors(context);
  await page.route('**/lifecycle/document-open-ui.html', route =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<script>window.consentGateConfig = { services: ['cnzz'], ui: { floatingButton: true } };</script>
<script src="/dist/consent-gate.min.js"></script></head><body><p>原来的页面</p></body></html>`,
    }),
  );
  await page.goto('/lifecycle/document-open-ui.html');
  await page.locator('#consent-gate .b[role="dialog"]').getByRole('button', { name: '全部接受' }).click();
  const floating = page.locator('#consent-gate button.f[data-action="preferences"]');
  await expect(floating).toBeVisible();
  await floating.click();
  const close = page.locator('#consent-gate dialog [data-action="close"]');
  await expect(close).toBeVisible();
  await writeOver(page);
  await expect(close).toBeVisible();
  await close.click();
  await expect.poll(() => page.evaluate(() => window.ConsentGate.get().view)).toBeFalsy();
  await expect(floating).toBeVisible();
  await floating.click();
  await expect.poll(() => page.evaluate(() => window.ConsentGate.get().view)).toBe('preferences');
  await expect(close).toBeVisible();
});

// The fail-closed controller of a config the SDK refuses stops share links the same way, after `document.open()` too.
test('regression: after document.open() a share link still waits on a page whose config is refused', async ({ page, context }) => {
  const vendors = await routeGateVendors(context);
  await page.route('**/lifecycle/document-open-closed.html', route =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<script>window.consentGateConfig = { services: ['weibo-share'], cookie: { acceptDays: 'abc' } };</script>
<script src="/dist/consent-gate.min.js"></script></head><body><p>原来的页面</p></body></html>`,
    }),
  );
  await page.goto('/lifecycle/document-open-closed.html');
  await expect.poll(() => page.evaluate(() => typeof window.ConsentGate?.get)).toBe('function');
  await writeOver(page, '<!doctype html><html lang="zh-CN"><body><a id="share" href="https://service.weibo.com/share/share.php?url=x" data-consent-request="share" data-service="weibo-share">分享到微博</a></body></html>');
  await page.click('#share');
  await page.waitForTimeout(500);
  expect(vendors.count('weibo.com')).toBe(0);
  expect(page.url()).toContain('/lifecycle/document-open-closed.html');
});

// The same for the network guard: it arms a frame made from script in the capture of the frame's first `load` (fired
// inside the insertion, before the insertion's wrapper could), which `document.open()` dropped with every listener.
test('regression: after document.open() a frame made from script is armed in its first load', async ({ page, context }) => {
  const vendors = await routeGateVendors(context);
  await page.route('**/lifecycle/document-open-frame.html', route =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<script>window.consentGateConfig = { services: [{ id: 'baidu-tongji', siteId: '0123456789abcdef0123456789abcdef' }] };</script>
<script src="/dist/consent-gate.min.js"></script></head><body><p>原来的页面</p></body></html>`,
    }),
  );
  await page.goto('/lifecycle/document-open-frame.html');
  const out = await page.evaluate(async () => {
    document.open();
    document.write('<!doctype html><html lang="zh-CN"><body><p>广告代码写出的页面</p></body></html>');
    document.close();
    await new Promise(resolve => setTimeout(resolve, 50));
    const out: string[] = [];
    const frame = document.createElement('iframe');
    frame.name = 'friendly';
    frame.onload = () => {
      const win = (window as unknown as Record<string, Window & typeof globalThis>)['friendly']!;
      win.fetch('https://hm.baidu.com/hm.gif?from=frame').then(() => out.push('reached'), (error: Error) => out.push(`held ${error.name}`));
    };
    document.body.appendChild(frame);
    await new Promise(resolve => setTimeout(resolve, 300));
    return out;
  });
  expect(out).toEqual(['held TypeError']);
  expect(vendors.count('hm.baidu.com')).toBe(0);
});

// Regression: `document.open()` erases the window's listeners and the shadow root's with the document's, and the UI
// added back only those of its room: the window's guard that keeps a swipe on a view the view's own (the WeChat "no
// bounce" trick the written page installs) was gone, and the preferences no longer scrolled by touch (SPEC §8).
test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 664 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  test('regression: after document.open() the preferences still scroll by touch on a page that cancels touchmove', async ({ page, context }) => {
    await routeGateVendors(context);
    await page.route('**/lifecycle/document-open-touch.html', route =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<script>window.consentGateConfig = { services: ['baidu-tongji', 'weibo-share'], reloadOnRevoke: false };</script>
<script src="/dist/consent-gate.min.js"></script></head><body><p>原来的页面</p></body></html>`,
      }),
    );
    await page.goto('/lifecycle/document-open-touch.html');
    const banner = page.locator('#consent-gate .b[role="dialog"]');
    await expect(banner).toBeVisible();
    await page.evaluate(() => {
      document.open();
      document.write('<!doctype html><html lang="zh-CN"><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main style="height:1500px">广告代码写出的页面</main>');
      document.write(`<script>document.addEventListener('touchmove', function (event) { event.preventDefault(); }, { passive: false });</` + 'script></body></html>');
      document.close();
    });
    const settings = banner.getByRole('button', { name: '设置' });
    const at = (await settings.boundingBox())!;
    await page.touchscreen.tap(at.x + at.width / 2, at.y + at.height / 2);
    const dialog = page.locator('#consent-gate dialog');
    await expect(dialog).toBeVisible();
    const scrolled = () => dialog.evaluate(dialog => Math.max(dialog.scrollTop, ...[...dialog.querySelectorAll('*')].map(element => element.scrollTop)));
    expect(await scrolled()).toBe(0);
    const box = (await dialog.boundingBox())!;
    const x = box.x + box.width / 2;
    const [from, to] = [box.y + box.height * 0.8, box.y + box.height * 0.2];
    const cdp = await context.newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: from }] });
    for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: from + ((to - from) * i) / 10 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(scrolled).toBeGreaterThan(0);
  });
});
