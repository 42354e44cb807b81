import { expect, test, type Page } from '@playwright/test';

// SPEC §2, §6.2, §6.6, §9 on an untidy page, against the built script tag: a page that rewrites its <body>, a form whose
// controls take the names of the DOM methods the SDK calls (a form's controls are its properties), and a share link
// whose page handles presses itself. Each test fails on the build before its fix.

const banner = (page: Page) => page.locator('#consent-gate .b[role="dialog"]');

/** A page with one analytics service on stats.example (answered here), its gated tag, and `tail` at the end of <body>. */
async function open(page: Page, path: string, tail = '', head = '') {
  const config = JSON.stringify({
    reloadOnRevoke: false,
    services: [{ id: 'stats', category: 'analytics', name: '统计', provider: '统计公司', purpose: '访问统计', data: '访问记录', hosts: ['stats.example'] }],
  });
  const vendor: string[] = [];
  page.on('request', request => request.url().includes('stats.example') && vendor.push(request.url()));
  await page.route('https://stats.example/**', route =>
    route.request().resourceType() == 'script'
      ? route.fulfill({ contentType: 'text/javascript', body: 'window.__statsRan = (window.__statsRan || 0) + 1;' })
      : route.fulfill({ contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64') }),
  );
  await page.route(`**${path}`, route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body:
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${path}</title>` +
        `<script type="application/json" id="consent-gate-config">${config}</script><script src="/dist/consent-gate.min.js"></script>${head}</head>` +
        `<body><main><h1>我图网</h1><a href="#" data-consent-open>Cookie 设置</a></main>` +
        `<script type="text/plain" data-consent="analytics" data-service="stats" data-src="https://stats.example/t.js"></script>${tail}</body></html>`,
    }),
  );
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto(path);
  return { vendor, errors, ran: () => page.evaluate(() => (window as unknown as { __statsRan?: number }).__statsRan ?? 0) };
}

// Regression: `body.innerHTML += '<div class="toast">…'` took the UI's host out of the page (the parser's copy of it has
// no shadow root): the banner vanished while get().banner said true, and neither a decision nor 设置 could be made.
test('regression: a page that rewrites its body after load keeps the consent UI: the banner comes back, and accepting works', async ({ page }) => {
  const { errors, ran, vendor } = await open(page, '/untidy/body-rewrite.html',
    `<script>addEventListener('load', () => setTimeout(() => { document.body.innerHTML += '<div class="toast">欢迎回来</div>'; }, 200));</script>`);
  await page.locator('.toast').waitFor();
  await expect(banner(page)).toBeVisible();
  // One element has the id: the parser's copy gave it back to the SDK's host.
  expect(await page.evaluate(() => [document.querySelectorAll('#consent-gate').length, !!document.getElementById('consent-gate')!.shadowRoot])).toEqual([1, true]);
  expect(vendor).toEqual([]);
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect.poll(ran).toBe(1);
  await expect(banner(page)).toBeHidden();
  // And the way back to the choices still opens.
  await page.getByRole('link', { name: 'Cookie 设置' }).click();
  await expect(page.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('regression: a page that replaces its body as it starts (DOMContentLoaded) still shows the banner', async ({ page }) => {
  const { errors } = await open(page, '/untidy/body-replaced.html',
    `<script>document.addEventListener('DOMContentLoaded', () => { document.body.innerHTML = document.body.innerHTML; });</script>`);
  await expect(banner(page)).toBeVisible();
  await banner(page).getByRole('button', { name: '全部拒绝' }).click();
  await expect(banner(page)).toBeHidden();
  expect(await page.evaluate(() => (window as unknown as { ConsentGate: { get(): { decided: boolean } } }).ConsentGate.get().decided)).toBe(true);
  expect(errors).toEqual([]);
});

// Regression: a form's controls are its properties: `<input name="matches">` made `form.matches` that input, and the
// SDK's click hook threw into the page on every click in the form.
test('regression: clicks in a form with a field named matches throw nothing into the page', async ({ page }) => {
  const { errors } = await open(page, '/untidy/form-matches.html', '<form id="search"><input name="matches" aria-label="关键词"><button type="button">搜索</button></form>');
  await page.getByRole('textbox', { name: '关键词' }).click();
  await page.getByRole('button', { name: '搜索' }).click();
  expect(errors).toEqual([]);
});

// Regression: the same form inserted by an SPA route made the gate's observer throw, and a granted tag inserted with it
// never ran.
test('regression: an SPA route inserting a form with a field named matches still runs its granted tag', async ({ page }) => {
  const { errors } = await open(page, '/untidy/form-route.html', '<div id="app"></div>');
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect(banner(page)).toBeHidden();
  await page.evaluate(() => {
    document.getElementById('app')!.innerHTML =
      '<form><input name="matches"><input name="querySelectorAll"></form><script type="text/plain" data-consent="analytics">window.__routeTagRan = 1</script>';
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __routeTagRan?: number }).__routeTagRan)).toBe(1);
  expect(errors).toEqual([]);
});

// Regression: the network guard read `nodeType` and `querySelectorAll` from the inserted node: a form with a field
// named nodeType was not searched (its pixel reached the vendor before consent), one named querySelectorAll made the
// insertion throw.
test('regression: a form whose fields are named nodeType or querySelectorAll neither lets its pixel through nor breaks the insertion', async ({ page }) => {
  const { errors, vendor } = await open(page, '/untidy/form-guard.html');
  await expect(banner(page)).toBeVisible();
  const inserted = await page.evaluate(() =>
    ['nodeType', 'querySelectorAll'].map(name => {
      const doc = new DOMParser().parseFromString(`<form id="f-${name}"><input name="${name}"><img src="https://stats.example/p.gif?${name}"></form>`, 'text/html');
      try {
        document.body.appendChild(doc.getElementById(`f-${name}`)!);
        return !!document.getElementById(`f-${name}`);
      } catch (error) {
        return String(error);
      }
    }),
  );
  expect(inserted).toEqual([true, true]);
  await page.waitForTimeout(300);
  expect(vendor, 'nothing reaches the vendor before consent').toEqual([]);
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => vendor.filter(url => url.includes('p.gif')).sort()).toEqual(['https://stats.example/p.gif?nodeType', 'https://stats.example/p.gif?querySelectorAll']);
  expect(errors).toEqual([]);
});

// Regression: only the click waited for the grant; a page handling the press itself (Zepto's `tap` from `touchend`, a
// `pointerup` opening the share window) reached the vendor while the dialog still asked.
test('regression: a share link waiting for its grant: the page\'s own press handlers do not run; once allowed they do', async ({ page }) => {
  await open(page, '/untidy/share-press.html',
    '<a id="share" href="#" data-consent-request="analytics" data-service="stats">分享</a>' +
    `<script>window.__pressed = []; for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'touchend']) document.getElementById('share').addEventListener(type, () => window.__pressed.push(type));</script>`);
  const pressed = () => page.evaluate(() => (window as unknown as { __pressed: string[] }).__pressed);
  await banner(page).getByRole('button', { name: '全部拒绝' }).click();
  await page.locator('#share').click();
  await page.locator('#share').dispatchEvent('touchend');
  const dialog = page.getByRole('dialog').filter({ hasText: '统计' }).last();
  await expect(dialog).toBeVisible();
  expect(await pressed()).toEqual([]);
  await dialog.getByRole('button', { name: /允许/ }).click();
  await expect(dialog).toBeHidden();
  await page.locator('#share').click();
  expect(await pressed()).toEqual(['pointerdown', 'mousedown', 'pointerup', 'mouseup']);
});

// Regression: a page whose <base href> names its image CDN had the receipt of a decision posted to the CDN — a relative
// receipt.url was resolved by fetch against the base, and the proof of consent went to another site (SPEC §7.4).
test('regression: a relative receipt.url goes to the page\'s own site even under a <base href> naming a CDN', async ({ page, baseURL }) => {
  const config = JSON.stringify({ reloadOnRevoke: false, receipt: { url: '/consent/receipt' }, services: [] });
  const posted: string[] = [];
  await page.route('**/consent/receipt', route => (posted.push(route.request().url()), route.fulfill({ status: 204 })));
  await page.route('https://cdn.example/**', route => (posted.push(route.request().url()), route.fulfill({ status: 204 })));
  await page.route('**/base-cdn.html', route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body:
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>base</title>` +
        `<script type="application/json" id="consent-gate-config">${config}</script><script src="/dist/consent-gate.min.js"></script>` +
        `<base href="https://cdn.example/assets/"></head><body><main><h1>我图网</h1></main></body></html>`,
    }),
  );
  await page.goto('/base-cdn.html');
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => posted).toEqual([new URL('/consent/receipt', baseURL).href]);
});

// Regression: an old library on the page wraps appendChild / insertBefore and forgets to return the node (the DOM
// inserts it all the same). The UI kept what the call returned as its banner and views: the banner never showed, and a
// page that wrapped them after it had shown could not close it (SPEC §9: the page's prototypes are not trusted).
test('regression: wrappers of appendChild / insertBefore that return nothing neither hide the banner nor keep it open', async ({ page }) => {
  const wrap =
    '<script>for (const name of ["appendChild", "insertBefore"]) { const own = Node.prototype[name];' +
    ' Node.prototype[name] = function () { own.apply(this, arguments); }; }</script>';
  const { errors, ran } = await open(page, '/wrapped-insert.html', '', wrap);
  await expect(banner(page)).toBeVisible();
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect(banner(page)).toHaveCount(0);
  await expect.poll(ran).toBe(1);
  await page.getByRole('link', { name: 'Cookie 设置' }).click();
  await expect(page.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Cookie 设置' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

// Regression: HTML written where the page's parser reads it otherwise than a template does reached the vendor before
// consent (SPEC §6.6): `document.write` from an SVG <script> writes SVG (an <image href> loads), and a MathML
// <annotation-xml encoding="text/html"> reads HTML (an <image src> is an <img>), which the guard parsed as MathML.
test('regression: a tracker written by document.write inside an <svg>, or into a MathML annotation-xml that reads HTML, waits for consent', async ({ page }) => {
  const tail =
    // "\x3c": in an SVG <script> the parser reads a "<" as markup, not as the script's text.
    `<svg width="10" height="10"><script>document.write('\\x3cimage id="svg-write" href="https://stats.example/svg-write.gif" width="1" height="1"/>')</script></svg>` +
    '<math><annotation-xml id="ax" encoding="text/html"></annotation-xml></math>';
  const { vendor, errors } = await open(page, '/parse-contexts.html', tail);
  await expect(banner(page)).toBeVisible();
  await page.evaluate(() => (document.getElementById('ax')!.innerHTML = '<image id="ax-img" src="https://stats.example/annotation.gif">'));
  await page.waitForTimeout(300);
  expect(vendor).toEqual([]);
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => vendor.filter(url => url.endsWith('.gif')).sort()).toEqual(['https://stats.example/annotation.gif', 'https://stats.example/svg-write.gif']);
  expect(await page.evaluate(() => [document.getElementById('svg-write')?.namespaceURI, document.getElementById('ax-img')?.localName])).toEqual([
    'http://www.w3.org/2000/svg',
    'img',
  ]);
  expect(errors).toEqual([]);
});

// Regression: a frame's `srcdoc` is HTML its own parser reads, fetching its trackers out of any wrapper's reach: a frame
// made from script with a pixel or a script in its srcdoc reached the vendor before consent (SPEC §6.6).
test('regression: a frame made from script whose srcdoc carries a tracker waits for consent, then shows it', async ({ page }) => {
  const { vendor, errors } = await open(page, '/srcdoc.html');
  await expect(banner(page)).toBeVisible();
  await page.evaluate(() => {
    const made = (how: (frame: HTMLIFrameElement) => void) => {
      const frame = document.createElement('iframe');
      how(frame);
      return frame;
    };
    document.body.append(made(frame => (frame.srcdoc = '<img src="https://stats.example/srcdoc-property.gif">')));
    document.body.append(made(frame => frame.setAttribute('srcdoc', '<script src="https://stats.example/srcdoc-attribute.js"></script>')));
    document.body.insertAdjacentHTML('beforeend', '<iframe srcdoc="&lt;img src=&quot;https://stats.example/srcdoc-html.gif&quot;&gt;"></iframe>');
    const late = document.body.appendChild(document.createElement('iframe'));
    late.srcdoc = '<img src="https://stats.example/srcdoc-late.gif">';
    // A frame whose HTML names no tracker is left alone.
    document.body.append(made(frame => (frame.srcdoc = '<p id="own">自己的内容</p>')));
  });
  await page.waitForTimeout(500);
  expect(vendor).toEqual([]);
  expect(await page.frameLocator('iframe >> nth=4').locator('#own').textContent()).toBe('自己的内容');
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect
    .poll(() => vendor.filter(url => url.includes('srcdoc-')).sort())
    .toEqual(['attribute.js', 'html.gif', 'late.gif', 'property.gif'].map(name => `https://stats.example/srcdoc-${name}`));
  // A frame a script made is given back in the page's origin: ad code's "friendly" frames are written into by their
  // parent. One in HTML (markup, or HTML a script inserts, which may carry user content an SPA renders) runs sandboxed.
  expect(await page.evaluate(() => [...document.querySelectorAll('iframe')].map(frame => frame.getAttribute('sandbox')))).toEqual([null, null, 'allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox', null, null]);
  expect(errors).toEqual([]);
});

// Regression: user content a sanitiser kept (an <iframe> for video embeds, with its data-*)
// carried data-consent="necessary" data-srcdoc="<script>…", which the gate made live as the page: the script reached
// `parent` and the page's cookies on every visit, before any decision.
test('regression: a frame\'s HTML written in markup runs in an origin of its own, out of the page\'s reach', async ({ page }) => {
  const { errors } = await open(page, '/srcdoc-ugc.html');
  await page.evaluate(() =>
    document.body.insertAdjacentHTML(
      'beforeend',
      '<div class="comment"><iframe data-consent="necessary" data-srcdoc="&lt;script&gt;try { parent.stolen = 1 } catch (e) { document.title = e.name }&lt;/script&gt;"></iframe></div>',
    ),
  );
  const frame = page.frameLocator('.comment iframe');
  await expect.poll(() => frame.locator('title').evaluate(title => title.textContent).catch(() => '')).toBe('SecurityError');
  expect(await page.evaluate(() => (window as unknown as { stolen?: number }).stolen)).toBeUndefined();
  expect(errors).toEqual([]);
});

// Regression: globals the page declares after the SDK replace the browser's own (SPEC §9): `var URL = "/api/"` (a base
// address), a linked list's `function Node(value)`, MooTools' `Event`. Read at each use, a clobbered URL made the
// network guard take every address for no vendor's (the page's untagged pixel and script reached the vendor before
// consent) and made the page's own `fetch`, `innerHTML` and image addresses throw; the banner's buttons did nothing.
test('regression: a page declaring URL, Node and Event globals after the SDK neither gets its trackers through nor breaks', async ({ page }) => {
  const globals =
    '<script>var URL = "https://www.ooopic.com/api/"; function Node(value) { this.value = value; this.next = null; }' +
    ' var Event = function (event) { this.event = event; };</script>';
  const untagged =
    '<script>new Image().src = "https://stats.example/pixel.gif"; var s = document.createElement("script");' +
    ' s.src = "https://stats.example/untagged.js"; document.head.appendChild(s);' +
    ' document.querySelector("main").insertAdjacentHTML("beforeend", "<p>热门</p>");' +
    ' var xhr = new XMLHttpRequest(); xhr.open("GET", "https://stats.example/xhr"); xhr.onerror = function () { window.__xhr = "error"; }; xhr.send();</script>';
  const { vendor, errors, ran } = await open(page, '/own-globals.html', untagged, globals);
  await expect(banner(page)).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __xhr?: string }).__xhr)).toBe('error');
  await page.waitForTimeout(300);
  expect(vendor).toEqual([]);
  expect(errors).toEqual([]);
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect(banner(page)).toHaveCount(0);
  await expect.poll(ran).toBeGreaterThan(0);
  await expect.poll(() => vendor.some(url => url.endsWith('/pixel.gif'))).toBe(true);
  await page.reload();
  await expect.poll(ran).toBeGreaterThan(0);
  await expect(banner(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});

// Regression: a consent UI that could not be built (the page's `attachShadow` throws, or was removed) left an empty
// host and said so only as an `error` event: a developer who listens to none saw nothing (SPEC §9).
test('regression: a banner that cannot be built is said in the console; nothing untagged passes meanwhile', async ({ page }) => {
  const logged: string[] = [];
  page.on('console', message => message.type() == 'error' && logged.push(message.text()));
  const broken = '<script>Element.prototype.attachShadow = function () { throw new Error("shadow roots are off here"); };</script>';
  const { vendor, ran } = await open(page, '/no-shadow.html', '<script>new Image().src = "https://stats.example/pixel.gif";</script>', broken);
  await expect.poll(() => logged).toEqual([expect.stringMatching(/^consent-gate: consent UI: Error: shadow roots are off here$/)]);
  await page.waitForTimeout(300);
  expect(vendor).toEqual([]);
  expect(await ran()).toBe(0);
});

// Regression: markup hiding a document method the UI calls (`<img name="createTextNode">` in user content) kept every
// other reason the UI could not be built out of the console: a throwing `attachShadow` was said by no line at all.
test('regression: markup hiding a document method does not keep another reason the banner cannot be built out of the console', async ({ page }) => {
  const logged: string[] = [];
  page.on('console', message => message.type() == 'error' && logged.push(message.text()));
  const broken = '<script>Element.prototype.attachShadow = function () { throw new Error("shadow roots are off here"); };</script>';
  const { vendor } = await open(page, '/no-shadow-named.html', '<div class="comment"><img name="createTextNode" src="data:,"></div>', broken);
  await expect.poll(() => [...logged].sort()).toEqual([
    expect.stringMatching(/^consent-gate: an element named "createTextNode" hides document\.createTextNode/),
    expect.stringMatching(/^consent-gate: consent UI: Error: shadow roots are off here$/),
  ]);
  await page.waitForTimeout(300);
  expect(vendor).toEqual([]);
});

// Regression: the files the bundle loads later (gate.js, cookie.js, views.js) read `URL`, `Set`, `Map`, `Promise`,
// `Symbol` from the window as they ran, after the page had replaced them (a map page's `var Map = {}` namespace, an old
// `Set` shim, a base address in `URL`): "全部接受" ran no tag, 设置 did not open, and gated markup's `javascript:` URL,
// which gate.js refuses by parsing it, went live (SPEC §6.4, §9: the page is not trusted).
// Read through locators: they run in Playwright's own world, where the page's globals are not.
test('regression: a page declaring URL, Map, Set, Symbol and Promise globals after the SDK still runs its tags on the grant, refuses a javascript: URL and opens 设置', async ({ page }) => {
  const globals =
    '<script>var Map = { version: "1.0", init: function () {} }; var Set = function (items) { this.items = items || []; };' +
    ' Set.prototype.add = function (item) { this.items.push(item); return this; }; Set.prototype.has = function (item) { return this.items.indexOf(item) >= 0; };' +
    ' var Symbol = function (name) { return "@@" + name; }; var Promise = function () {}; var URL = "https://www.ooopic.com/api/";</script>';
  // What user content may carry past a sanitiser that keeps data-* attributes.
  const content = '<iframe data-consent="analytics" data-service="stats" data-src="javascript:parent.document.documentElement.setAttribute(\'data-xss\', \'1\')"></iframe>';
  const root = page.locator('html');
  const warned: string[] = [];
  page.on('console', message => message.type() == 'warning' && warned.push(message.text()));
  const { errors, vendor } = await open(page, '/own-globals-files.html', content, globals);
  // Registered after open()'s routes, so answered first: the tag marks the page where a locator reads it.
  await page.route('https://stats.example/t.js', route =>
    route.fulfill({ contentType: 'text/javascript', body: 'document.documentElement.setAttribute("data-ran", "yes");' }));
  await expect(banner(page)).toBeVisible();
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect(banner(page)).toHaveCount(0);
  await expect(root).toHaveAttribute('data-ran', 'yes');
  await expect.poll(() => warned).toContainEqual(expect.stringContaining('data-src that runs script: it stays closed.'));
  await expect(root).not.toHaveAttribute('data-xss');
  await page.getByRole('link', { name: 'Cookie 设置' }).click();
  await expect(page.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  await page.reload();
  await expect(root).toHaveAttribute('data-ran', 'yes');
  await expect(banner(page)).toHaveCount(0);
  expect(vendor.filter(url => url.endsWith('/t.js'))).toHaveLength(2);
  await expect(root).not.toHaveAttribute('data-xss');
  expect(errors).toEqual([]);
});

// Regression: gate.js read `Element`, `HTMLTemplateElement`, `HTMLMediaElement` and `Document` from the window as it
// ran: a page's `var Element = { show: … }` after the SDK made every gated node inserted after the grant (an AJAX
// list, a template) throw `Right-hand side of 'instanceof' is not callable` into the page, and none of them ran.
test('regression: a page declaring Element, HTMLTemplateElement and HTMLMediaElement globals after the SDK still activates gated nodes inserted after the grant', async ({ page }) => {
  const globals =
    '<script>var Element = { show: function (id) { document.getElementById(id).style.display = ""; } };' +
    ' var HTMLTemplateElement = {}; var HTMLMediaElement = {}; var Document = {};</script>';
  const { errors, vendor, ran } = await open(page, '/own-dom-globals.html', '', globals);
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect.poll(ran).toBe(1);
  await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend',
    '<img id="late" data-consent="analytics" data-service="stats" data-src="https://stats.example/late.gif">' +
    '<template data-consent="analytics"><img id="inside" src="https://stats.example/inside.gif"></template>'));
  await expect.poll(() => vendor.filter(url => /\/(late|inside)\.gif$/.test(url)).sort()).toEqual(['https://stats.example/inside.gif', 'https://stats.example/late.gif']);
  await expect(page.locator('#inside')).toHaveCount(1);
  expect(errors).toEqual([]);
});

// Regression: a script of the page before the SDK's (a template that put the SDK second) declaring `var URL = "…"`, the
// "js实现Map" helper `function Map() { this.put = … }` or `var Reflect = {}` replaced the browser's own before the SDK
// read them: the banner showed with buttons that did nothing (or no banner), the page got uncaught
// `e is not a constructor`, untagged trackers passed, and the console said nothing an author could act on.
for (const [declared, names] of [
  ['var URL = "/api/search.php?kw=";', 'URL'],
  ['function Map() { this.elements = []; this.put = function (k, v) { this.elements.push({ key: k, value: v }); }; }', 'Map'],
  // A DOM interface the page replaced is taken from the objects the document makes: the linked list's Node is no matter.
  ['function Node(value) { this.value = value; this.next = null; } var Reflect = {};', 'Reflect'],
] as const) {
  test(`regression: ${names} declared by a script before the SDK's is said, naming it; nothing throws into the page and nothing gated runs`, async ({ page }) => {
    const logged: string[] = [];
    page.on('console', message => message.type() == 'error' && logged.push(message.text()));
    const config = JSON.stringify({ services: [{ id: 'stats', category: 'analytics', name: '统计', provider: '统计公司', purpose: '访问统计', data: '访问记录', hosts: ['stats.example'] }] });
    const vendor: string[] = [];
    page.on('request', request => request.url().includes('stats.example') && vendor.push(request.url()));
    await page.route('https://stats.example/**', route => route.fulfill({ contentType: 'text/javascript', body: '' }));
    await page.route('**/untidy/declared-before.html', route =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body:
          `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>before</title><script>${declared}</script>` +
          `<script type="application/json" id="consent-gate-config">${config}</script><script src="/dist/consent-gate.min.js"></script></head>` +
          `<body><main><h1>我图网</h1><img src="/assets/favicon.svg" alt=""><a href="#" data-consent-open>Cookie 设置</a></main>` +
          `<script type="text/plain" data-consent="analytics" data-service="stats" data-src="https://stats.example/t.js"></script></body></html>`,
      }));
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    await page.goto('/untidy/declared-before.html');
    await page.waitForLoadState('load');
    await expect.poll(() => logged).toEqual([`consent-gate: a script before it replaced ${names}: put its <script> first in <head> (until then it does nothing)`]);
    await page.getByRole('link', { name: 'Cookie 设置' }).click();
    await page.waitForTimeout(300);
    await expect(banner(page)).toHaveCount(0);
    expect(vendor).toEqual([]);
    expect(errors).toEqual([]);
  });
}

// Regression: MooTools (1.2–1.6) before the SDK's script makes `Document`, `Element` and `Event` functions of its own
// (`new Type('Document', function () {})`), whose prototypes have none of the browser's: the network guard's load
// listener threw `L is not a function` into the page on every image, script and frame load, and the shape check took
// the page for one that replaced `Document`. The DOM's interfaces come from the objects the document makes.
test('regression: MooTools-style Document, Element and Event declared before the SDK: the SDK works and throws nothing', async ({ page }) => {
  const mootools =
    '<script>(function (global) { function Type(name, fn) { fn.prototype.$family = function () { return name.toLowerCase(); }; return fn; }' +
    ' global.Document = new Type("Document", function () {}); global.Element = new Type("Element", function (tag) { return document.createElement(tag); });' +
    ' global.Event = new Type("Event", function (event, win) { this.event = event; }); })(this);</script>';
  const logged: string[] = [];
  page.on('console', message => message.type() == 'error' && logged.push(message.text()));
  const config = JSON.stringify({ services: [{ id: 'stats', category: 'analytics', name: '统计', provider: '统计公司', purpose: '访问统计', data: '访问记录', hosts: ['stats.example'] }] });
  await page.route('https://stats.example/**', route => route.fulfill({ contentType: 'text/javascript', body: 'window.__statsRan = (window.__statsRan || 0) + 1;' }));
  await page.route('**/untidy/mootools.html', route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body:
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>mootools</title>${mootools}` +
        `<script type="application/json" id="consent-gate-config">${config}</script><script src="/dist/consent-gate.min.js"></script></head>` +
        '<body><main><h1>我图网</h1><img src="/assets/favicon.svg" alt=""><img src="/assets/favicon.svg?2" alt=""></main>' +
        '<script type="text/plain" data-consent="analytics" data-service="stats" data-src="https://stats.example/t.js"></script></body></html>',
    }));
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto('/untidy/mootools.html');
  await page.waitForLoadState('load');
  await expect(banner(page)).toBeVisible();
  await page.evaluate(() => new Promise(resolve => { const image = new Image(); image.onload = resolve; image.src = '/assets/favicon.svg?3'; document.body.append(image); }));
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __statsRan?: number }).__statsRan ?? 0)).toBe(1);
  expect(logged).toEqual([]);
  expect(errors).toEqual([]);
});

// Regression: a script of the page after the SDK that takes cookie writes over on `Document.prototype` (another
// consent tool's cookie blocker left on a template, letting through only the cookies it knows) kept the choice from
// being stored: the banner came back on every page (SPEC §4, §9: the page is not trusted). The SDK reads and writes its
// cookie through the accessor it found as it started, first in `<head>`.
test('regression: a cookie blocker the page installs after the SDK keeps no choice from being stored', async ({ page, context }) => {
  const blocker =
    '<script>(function () { var own = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");' +
    ' Object.defineProperty(Document.prototype, "cookie", { configurable: true,' +
    '  get: function () { return own.get.call(this).split("; ").filter(function (c) { return c.indexOf("cg_") != 0; }).join("; "); },' +
    '  set: function (value) { if (!/^\\s*cg_/.test(value)) own.set.call(this, value); } }); })();</script>';
  const { errors, ran } = await open(page, '/untidy/cookie-blocker.html', '', blocker);
  const stored = async () => (await context.cookies()).find(cookie => cookie.name == 'cg_consent')?.value ?? '';
  await banner(page).getByRole('button', { name: '全部接受' }).click();
  await expect.poll(ran).toBe(1);
  await expect.poll(stored).not.toBe('');
  await page.reload();
  await expect(page.getByRole('link', { name: 'Cookie 设置' })).toBeVisible();
  await expect.poll(ran).toBe(1);
  await expect(banner(page)).toHaveCount(0);
  // A refusal replaces the grant there too.
  const granted = await stored();
  await page.getByRole('link', { name: 'Cookie 设置' }).click();
  await page.getByRole('dialog', { name: 'Cookie 设置' }).getByRole('button', { name: '全部拒绝' }).click();
  await expect.poll(stored).not.toBe(granted);
  await page.reload();
  await expect(page.getByRole('link', { name: 'Cookie 设置' })).toBeVisible();
  await page.waitForTimeout(300);
  expect(await ran()).toBe(0);
  await expect(banner(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});

// Regression: gate.js read and removed cookies through whatever accessor `Document.prototype.cookie` had as it ran, not
// the one the SDK kept as it started: behind a cookie blocker the page installs after the SDK (one that shows and writes
// only the cookies it knows), a refused service's cookies were never seen, so never removed (SPEC §6.3, §9).
test('regression: behind a cookie blocker the page installs after the SDK, a refused service\'s cookies are still removed', async ({ page, context, baseURL }) => {
  const config = JSON.stringify({
    reloadOnRevoke: false,
    services: [{ id: 'stats', category: 'analytics', name: '统计', provider: '统计公司', purpose: '访问统计', data: '访问记录', hosts: ['stats.example'], cookies: ['^_st_'] }],
  });
  const blocker =
    '<script>(function () { var own = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");' +
    ' Object.defineProperty(Document.prototype, "cookie", { configurable: true,' +
    '  get: function () { return own.get.call(this).split("; ").filter(function (c) { return c.indexOf("session=") == 0; }).join("; "); },' +
    '  set: function (value) { if (/^\\s*session=/.test(value)) own.set.call(this, value); } }); })();</script>';
  await page.route('**/blocked-cookies.html', route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body:
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>素材详情</title>` +
        `<script type="application/json" id="consent-gate-config">${config}</script><script src="/dist/consent-gate.min.js"></script>${blocker}</head>` +
        `<body><main><h1>我图网</h1><a href="#" data-consent-open>Cookie 设置</a></main></body></html>`,
    }),
  );
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  const names = async () => (await context.cookies()).map(cookie => cookie.name);
  await page.goto('/blocked-cookies.html');
  await banner(page).getByRole('button', { name: '全部拒绝' }).click();
  await expect.poll(names).toContain('cg_consent');
  // What the service left from before the refusal (a visit on another page of the site).
  await context.addCookies([{ name: '_st_id', value: '1', url: baseURL! }]);
  await page.reload();
  await expect(banner(page)).toHaveCount(0);
  await expect.poll(names).not.toContain('_st_id');
  expect(errors).toEqual([]);
});

test('the demo\'s cookie-blocker page: a choice made there is kept on the next page', async ({ page }) => {
  await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, route => route.abort());
  await page.goto('/untidy/cookie-blocker.html');
  await banner(page).getByRole('button', { name: '全部拒绝' }).click();
  await expect(banner(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('link', { name: 'Cookie 设置' })).toBeVisible();
  await expect(banner(page)).toHaveCount(0);
  expect(await page.evaluate(() => window.ConsentGate.get().decision?.action)).toBe('reject-all');
});
