import { test as base, expect, type APIRequestContext, type BrowserContext, type Locator, type Page } from '@playwright/test';
import type { ConsentState } from '../src/core/types.js';

// The scenario suite runs on the QA demo (demo/index.html and demo/scenarios/*), through the built bundles.
// Its trackers are the demo's local fakes at /vendor/<real host>/<real path>: this file counts the requests to
// them per browser context (tests run in parallel, so the server's global /vendor-hits log is read only with a
// per-test marker, see `serverHits`).

/** Our own server; any other host would be a real vendor, and is cut off and reported. */
const LOCAL = /^(127\.0\.0\.1|localhost|[a-z]+\.ooopic\.test)$/;

/** Which category each fake vendor host belongs to on the demo page (its gated markup and page.js). */
const HOSTS: Record<string, string> = {
  'hm.baidu.com': 'analytics',
  'v1.cnzz.com': 'analytics',
  'c.cnzz.com': 'analytics',
  'www.googletagmanager.com': 'analytics',
  'www.google-analytics.com': 'analytics',
  'analytics.snssdk.com': 'pixel',
  'qzonestyle.gtimg.cn': 'pixel',
  'a.gdt.qq.com': 'pixel',
  'fxgate.baidu.com': 'pixel',
  recommendations: 'personalization',
  'res.wx.qq.com': 'share',
  'fe-static.xhscdn.com': 'share',
  'connect.qq.com': 'share',
  'sns.qzone.qq.com': 'share',
  'service.weibo.com': 'share',
};

export interface Trackers {
  /** Every tracker request of the context, as `host/path` (e.g. `hm.baidu.com/hm.js`), in order. */
  requests: string[];
  /** Hosts requested, sorted, optionally only those of one category. */
  hosts(category?: string): string[];
  /** Categories that made at least one request, sorted. */
  categories(): string[];
  /** Requests whose `host/path` contains `part`. */
  count(part: string): number;
}

export interface DemoFixtures {
  /** Uncaught page errors: nothing the SDK does may throw into the host page (SPEC §9). */
  pageErrors: string[];
  /** Tracker requests of this test's browser context (every page, popups included). */
  trackers: Trackers;
  /** The UI's host; Playwright's locators pierce its open shadow root. */
  ui: Locator;
}

export const test = base.extend<DemoFixtures>({
  pageErrors: async ({ context }, use) => {
    const errors: string[] = [];
    const escaped: string[] = [];
    const watch = (page: Page) => page.on('pageerror', error => errors.push(`${page.url()}: ${error.message}`));
    context.pages().forEach(watch);
    context.on('page', watch);
    await context.route(url => !LOCAL.test(url.hostname), route => (escaped.push(route.request().url()), route.abort()));
    await use(errors);
    expect(escaped, 'requests that would have reached a real vendor').toEqual([]);
  },
  trackers: async ({ context, pageErrors }, use) => {
    const requests: string[] = [];
    context.on('request', request => {
      const { pathname } = new URL(request.url());
      // `/vendor/<host>/…` is a fake vendor; `/vendor-404/<host>/…` (the QA panel's "CNZZ 脚本 404") is kept as is.
      if (pathname.startsWith('/vendor/')) requests.push(pathname.slice('/vendor/'.length));
      else if (pathname.startsWith('/vendor')) requests.push(pathname.slice(1));
      if (pathname === '/assets/recommendations.js') requests.push('recommendations');
    });
    const hostOf = (entry: string) => entry.split('/')[0]!;
    await use({
      requests,
      hosts: category => [...new Set(requests.map(hostOf))].filter(host => !category || HOSTS[host] === category).sort(),
      categories: () => [...new Set(requests.map(entry => HOSTS[hostOf(entry)] ?? `unknown:${entry}`))].sort(),
      count: part => requests.filter(entry => entry.includes(part)).length,
    });
    expect(pageErrors).toEqual([]);
  },
  ui: async ({ page, trackers }, use) => {
    void trackers; // every demo test counts tracker requests and checks for page errors
    await use(page.locator('#consent-gate'));
  },
});
export { expect };

const DAY = 86_400_000;
export const days = (n: number) => n * DAY;

/**
 * Every tracker host of the demo page, by category, as `trackers.hosts(category)` reports them after accept-all.
 * Google Analytics sends data abroad: accept-all does not load it, its own separate consent does (SPEC §5.4).
 */
export const ALL = {
  analytics: ['c.cnzz.com', 'hm.baidu.com', 'v1.cnzz.com'],
  abroad: ['www.google-analytics.com', 'www.googletagmanager.com'],
  pixel: ['a.gdt.qq.com', 'analytics.snssdk.com', 'fxgate.baidu.com', 'qzonestyle.gtimg.cn'],
  personalization: ['recommendations'],
};
/** Cookies the demo's fake analytics set after accept-all (the real vendors' names); the pixels set none on the site. */
export const ANALYTICS_COOKIES = ['CNZZDATA1281234567', 'Hm_lpvt_5f3b7c1d9e2a4b6c8d0e1f2a3b4c5d6e', 'Hm_lvt_5f3b7c1d9e2a4b6c8d0e1f2a3b4c5d6e', 'UM_distinctid'];
/** Google Analytics' cookies, once its separate consent was given. */
export const ABROAD_COOKIES = ['_ga', '_ga_DEMO123456'];
/** The gated node of Google Analytics, which stays inert after accept-all (SPEC §5.4). */
export const GA_NODE = 'analytics/google-analytics';

/** The banner (first visit or "updated"): the non-modal dialog at the bottom. */
export const banner = (ui: Locator) => ui.locator('.b[role="dialog"]');
export const preferences = (ui: Locator) => ui.getByRole('dialog', { name: 'Cookie 设置' });

/** The controller's state, once the script-tag bundle has replaced the queue. */
export async function state(page: Page): Promise<ConsentState> {
  await page.waitForFunction(() => {
    const cg = (window as unknown as { ConsentGate?: unknown }).ConsentGate;
    return cg && !Array.isArray(cg);
  });
  return page.evaluate(() => (window as unknown as { ConsentGate: { get(): ConsentState } }).ConsentGate.get());
}

/** Calls a controller method in the page (for set-up only; scenarios drive the UI as a visitor does). */
export const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(async ([name, rest]) => {
    const cg = (window as unknown as { ConsentGate: Record<string, (...a: unknown[]) => unknown> }).ConsentGate;
    // Decisions settle once applied (SPEC §7.2: in the script tag they may wait for decide.js).
    await cg[name as string]!(...(rest as unknown[]));
  }, [method, args] as const);

/** Names of the cookies other than the consent record, sorted, with the domain when `withDomain`. */
export const trackerCookies = async (context: BrowserContext, withDomain = false) =>
  (await context.cookies()).filter(c => c.name !== 'cg_consent').map(c => (withDomain ? `${c.name} @ ${c.domain}` : c.name)).sort();

/** The consent cookie's raw value (a query string), or undefined. */
export const consentCookie = async (context: BrowserContext) =>
  (await context.cookies()).find(c => c.name === 'cg_consent')?.value;

/**
 * Gated nodes still inert: not activated, no URL set. Read synchronously in the page, so "nothing loaded" is
 * proven by the markup, not by waiting for requests that might still come.
 */
export const inert = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-consent]')]
      .filter(el => el.localName === 'script' || el.localName === 'template' || !(el.hasAttribute('src') || el.hasAttribute('href')))
      .map(el => `${el.getAttribute('data-consent')}${el.getAttribute('data-service') ? `/${el.getAttribute('data-service')}` : ''}`)
      .sort(),
  );
/** Every gated node of demo/index.html, as `inert()` lists them. */
export const ALL_GATED = [
  'analytics/baidu-tongji', 'analytics/baidu-tongji', 'analytics/cnzz', 'analytics/google-analytics',
  'personalization', 'pixel/baidu-ocpc', 'pixel/ocean-engine', 'pixel/tencent-ads', 'pixel/tencent-ads', 'share/wechat-jssdk',
];

/** The SDK events the demo recorded (emulate.js keeps them in sessionStorage across reloads). */
export const events = (page: Page) =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('cg-demo-events') || '[]') as Array<{ name: string; detail: string; page: string }>);

/** Receipts the demo server received for these consent ids (other tests post theirs too). */
export async function receipts(request: APIRequestContext, ids: string[]) {
  type Receipt = Record<string, unknown> & { consentId: string; action: string; categories: Record<string, boolean>; services: Record<string, boolean> };
  const all = (await (await request.get('/receipts')).json()) as Receipt[];
  return all.filter(r => ids.includes(r.consentId));
}

/** Requests the demo server logged at /vendor-hits from pages whose URL carries `marker`. */
export async function serverHits(request: APIRequestContext, marker: string) {
  const hits = (await (await request.get('/vendor-hits')).json()) as Array<{ url: string; referer?: string }>;
  return hits.filter(hit => hit.referer?.includes(marker)).map(hit => hit.url);
}

/** Lets queued microtasks and one macrotask run. */
export const settle = (page: Page) => page.evaluate(() => new Promise(resolve => setTimeout(resolve, 0)));

/** The demo on another host of the same site (www. / m. share one consent cookie through `cookie.domain: 'auto'`). */
export const onHost = (sub: 'www' | 'm', path = '/') => `http://${sub}.ooopic.test:${process.env.E2E_PORT || 4317}${path}`;
