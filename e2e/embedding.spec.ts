import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { routeVendors } from './gate-fixtures.js';

// The SDK where a page embeds it in a frame of its own making (SPEC §4, §9). Pages are answered here on real subdomains
// (*.ooopic.test is mapped to this machine by CHROMIUM_ARGS); the SDK's files come from the test server.

const CONFIG = { cookie: { domain: 'auto' }, services: ['cnzz'], reloadOnRevoke: false };
const head = (origin: string) =>
  `<meta charset="utf-8"><script type="application/json" id="consent-gate-config">${JSON.stringify(CONFIG)}</script><script src="${origin}/dist/consent-gate.min.js"></script>`;
const page = (headHtml: string, body: string) => `<!doctype html><html lang="zh-CN"><head>${headHtml}</head><body>${body}</body></html>`;

interface Site {
  /** `www.`'s origin. */
  www: string;
  port: string;
}

/**
 * `www.` answers /embedding/top.html with `top` around a srcdoc frame holding the SDK (after `frameHead`), `m.` a page
 * of the SDK's own. Answered here, files included: a page fulfilled by the test counts as public, and Chromium's
 * Private Network Access then refuses it scripts from this machine.
 */
async function serve(context: BrowserContext, baseURL: string, topHead: string, frameHead = ''): Promise<Site> {
  await routeVendors(context);
  const port = new URL(baseURL).port;
  const www = `http://www.ooopic.test:${port}`;
  const frame = page(frameHead + head(www), '<p>预览</p>');
  await context.route(/ooopic\.test:\d+\/dist\//, route => route.fulfill({ path: `.${new URL(route.request().url()).pathname}`, contentType: 'text/javascript' }));
  await context.route(/ooopic\.test:\d+\/embedding\//, route =>
    route.fulfill({
      contentType: 'text/html',
      body: route.request().url().endsWith('/top.html')
        ? page(topHead, `<iframe srcdoc="${frame.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"></iframe>`)
        : page(head(''), '<p>手机版</p>'),
    }),
  );
  return { www, port };
}

/** The srcdoc frame of `tab`, once its SDK has started. */
async function srcdocOf(tab: Page) {
  const frame = tab.frames().find(f => f.url() == 'about:srcdoc')!;
  await frame.waitForFunction(() => window.ConsentGate && !Array.isArray(window.ConsentGate));
  return frame;
}

const domainsOf = async (context: BrowserContext, name: string) => (await context.cookies()).filter(c => c.name == name).map(c => c.domain);

/** Accepted on the top page, refused in its srcdoc frame: `m.` applies the refusal, and one record is on `.ooopic.test`. */
async function refusalReachesSibling(tab: Page, context: BrowserContext, site: Site) {
  await tab.goto(`${site.www}/embedding/top.html`);
  await tab.evaluate(() => window.ConsentGate.acceptAll());
  await expect.poll(() => domainsOf(context, 'cg_consent')).toEqual(['.ooopic.test']);
  const srcdoc = await srcdocOf(tab);
  await srcdoc.evaluate(() => window.ConsentGate.rejectAll());
  expect(await srcdoc.evaluate(() => window.ConsentGate.get().persisted)).not.toBe(false);
  const m = await context.newPage();
  await m.goto(`http://m.ooopic.test:${site.port}/embedding/m.html`);
  await m.waitForFunction(() => window.ConsentGate && !Array.isArray(window.ConsentGate));
  expect(await m.evaluate(() => [window.ConsentGate.get().decided, window.ConsentGate.get().categories.analytics])).toEqual([true, false]);
  // One record, on the domain the page's own decisions go to, and not `Secure` on this http site.
  expect((await context.cookies()).filter(c => c.name == 'cg_consent').map(c => [c.domain, c.secure])).toEqual([['.ooopic.test', false]]);
}

/** Accepted and refused in the srcdoc frame of a top page without an SDK of its own: CNZZ's cookie on `.ooopic.test` goes. */
async function withdrawalRemovesVendorCookie(tab: Page, context: BrowserContext, site: Site) {
  await tab.goto(`${site.www}/embedding/top.html`);
  const srcdoc = await srcdocOf(tab);
  await srcdoc.evaluate(() => window.ConsentGate.acceptAll());
  // The gate is in (it removes a refused vendor's cookies), then the vendor's cookie on the site's domain.
  await srcdoc.waitForFunction(() => (window as unknown as { __consentGate: { m: Record<string, unknown> } }).__consentGate.m.gate);
  await context.addCookies([{ name: 'UM_distinctid', value: 'v1', domain: '.ooopic.test', path: '/' }]);
  await srcdoc.evaluate(() => window.ConsentGate.rejectAll());
  await expect.poll(() => domainsOf(context, 'UM_distinctid')).toEqual([]);
}

// Regression: a frame with no URL of its own (`srcdoc`, or `about:blank` written into by its parent) has an empty
// `location.hostname`, though its cookies are its parent's. `cookie.domain: 'auto'` found no domain there and wrote
// the record host-only, and a refusal removed only host-only copies: the record on `.ooopic.test` kept its grants,
// and the sibling subdomain went on running the trackers the visitor had just refused (SPEC §4).
test('regression: a refusal in a srcdoc frame reaches the record on the parent domain: a sibling subdomain applies it', async ({ page: tab, context, baseURL }) => {
  await refusalReachesSibling(tab, context, await serve(context, baseURL!, head('')));
});

// Regression: the same frame's withdrawal removed a refused vendor's cookies host-only only (gate.js read the empty
// `location.hostname` too): CNZZ's `UM_distinctid` on `.ooopic.test` outlived the refusal (SPEC §6.3). The top page
// here has no SDK of its own, which would otherwise hear the refusal and remove them itself.
test('regression: a withdrawal in a srcdoc frame removes the refused vendor\'s cookies on the parent domain', async ({ page: tab, context, baseURL }) => {
  await withdrawalRemovesVendorCookie(tab, context, await serve(context, baseURL!, '<meta charset="utf-8">'));
});

// Regression: a srcdoc frame's base URL is its parent's (HTML "about base URL"), which a `<base href>` may point at
// another host (a CDN) or scheme, while its cookies stay its parent's, as its origin does (HTML: the origin is
// inherited; `self.origin`, not `document.baseURI`). Read off the base, the refusal was written for, and removed on,
// the CDN's domains: the record on `.ooopic.test` kept its grants, and the sibling subdomain ran what was refused (SPEC §4).
for (const base of ['http://static.ooopic-cdn.test/assets/', 'https://static.ooopic.test/']) {
  test(`regression: a refusal in a srcdoc frame under <base href="${base}"> reaches the record on the parent domain`, async ({ page: tab, context, baseURL }) => {
    const www = `http://www.ooopic.test:${new URL(baseURL!).port}`;
    await refusalReachesSibling(tab, context, await serve(context, baseURL!, `${head(www)}<base href="${base}">`));
  });
}

// Regression: the gate's withdrawal in the same frame removed the refused vendor's cookies on the CDN's domains, and
// CNZZ's `UM_distinctid` on `.ooopic.test` outlived the refusal (SPEC §6.3).
test('regression: a withdrawal in a srcdoc frame under a foreign <base href> removes the vendor\'s cookies on the parent domain', async ({ page: tab, context, baseURL }) => {
  await withdrawalRemovesVendorCookie(tab, context, await serve(context, baseURL!, '<meta charset="utf-8"><base href="http://static.ooopic-cdn.test/assets/">'));
});

// Regression: `self.origin` is [Replaceable] (HTML): a frame's legacy script saying `var origin = location.origin`
// (`"null"` in a srcdoc frame) replaced it, and the cookies' URL, resolved against `about:srcdoc`, threw: the refusal
// was kept in memory only and the grant on `.ooopic.test` survived it (SPEC §4, §9). A name that is no URL is now
// resolved against the base URL, the parent's where the page did not set a `<base href>`.
test('regression: a refusal in a srcdoc frame whose own script replaced the global `origin` reaches the record on the parent domain', async ({ page: tab, context, baseURL }) => {
  const site = await serve(context, baseURL!, head(''), '<script>var origin = location.origin;</script>');
  await refusalReachesSibling(tab, context, site);
  expect(await (await srcdocOf(tab)).evaluate(() => self.origin)).toBe('null');
});

// Regression: where the record could not be stored because `cookie.domain` does not cover the site, a srcdoc frame said
// the domain "does not cover " and nothing: it named `location.hostname`, empty there, not the host its cookies are for.
test('regression: in a srcdoc frame, a cookie domain that does not cover the site is said naming the site\'s host', async ({ page: tab, context, baseURL }) => {
  const elsewhere = `<script type="application/json" id="consent-gate-config">${JSON.stringify({ ...CONFIG, cookie: { domain: 'example.test' } })}</script>`;
  const site = await serve(context, baseURL!, '', elsewhere);
  const warnings: string[] = [];
  tab.on('console', message => message.type() == 'warning' && warnings.push(message.text()));
  await tab.goto(`${site.www}/embedding/top.html`);
  const srcdoc = await srcdocOf(tab);
  await srcdoc.evaluate(() => window.ConsentGate.acceptAll());
  await expect.poll(() => warnings).toContainEqual('consent-gate: the consent cookie was not stored: cookie.domain "example.test" does not cover www.ooopic.test (use "auto" on a test host); choices apply to this page only');
  expect(await srcdoc.evaluate(() => window.ConsentGate.get().persisted)).toBe(false);
});

// Regression: load() checked its src against the frame's own address, `about:srcdoc`, against which nothing relative
// resolves: a srcdoc frame's `load('analytics', '/vendor/…')` was refused as "no http(s) URL". The browser resolves it
// against the frame's base URL, its parent's.
test('regression: in a srcdoc frame, load() of a src relative to the page loads it', async ({ page: tab, context, baseURL }) => {
  const site = await serve(context, baseURL!, '<meta charset="utf-8">');
  await context.route(/ooopic\.test:\d+\/own\//, route => route.fulfill({ contentType: 'text/javascript', body: 'window.ownLoaded = true;' }));
  await tab.goto(`${site.www}/embedding/top.html`);
  const srcdoc = await srcdocOf(tab);
  await srcdoc.evaluate(() => window.ConsentGate.acceptAll());
  const loaded = await srcdoc.evaluate(() => window.ConsentGate.load('analytics', '/own/stats.js').then(script => script.src, (error: Error) => error.message));
  expect(loaded).toBe(`${site.www}/own/stats.js`);
  expect(await srcdoc.evaluate(() => (window as unknown as { ownLoaded?: boolean }).ownLoaded)).toBe(true);
});
