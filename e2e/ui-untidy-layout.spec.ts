import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { devices, type Page } from '@playwright/test';
import { expect, test } from './ui-fixtures.js';

// Real templates' layout and touch handling around the UI (SPEC §8: every view operable by touch, no layout shift;
// WCAG 2.4.11 Focus Not Obscured): FastClick, the WeChat "no bounce" trick, a page's own #consent-gate placeholder,
// a flex <body> the page orders, a <body> that scrolls itself.

const FASTCLICK = readFileSync(createRequire(import.meta.url).resolve('fastclick/lib/fastclick.js'), 'utf8');
const CONFIG = `<script type="application/json" id="consent-gate-config">{"services":["baidu-tongji","weibo-share"],"reloadOnRevoke":false}</script>
<script src="/dist/consent-gate.min.js"></script>`;

/** Serves `html` (a page with the built script tag) at /ui/untidy.html, and FastClick 1.0.6 beside it. */
async function open(page: Page, head: string, body: string) {
  await page.route('**/ui/fastclick.js', route => route.fulfill({ body: FASTCLICK, contentType: 'text/javascript' }));
  await page.route('**/ui/untidy.html', route =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>untidy</title>${head}${CONFIG}</head><body>${body}</body></html>`,
    }),
  );
  // Every layout shift of the page, with or without input.
  await page.addInitScript(() => {
    (window as any).shifted = 0;
    new PerformanceObserver(list => list.getEntries().forEach(entry => ((window as any).shifted += (entry as any).value))).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto('/ui/untidy.html');
}

const LONG = '<main><h1>我图网 H5</h1><div style="height:1500px">素材</div></main>';
const { defaultBrowserType: _, ...iPhone } = devices['iPhone 13'];

test.describe('on a phone', () => {
  test.use(iPhone);

  /** Taps the middle of what `locator` finds. */
  const tap = async (page: Page, locator: ReturnType<Page['locator']>) => {
    const box = (await locator.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  };

  // Regression: FastClick cancels a tap's click and sends its own to the event's target, which outside the shadow root
  // is the host: no button of the banner or the views took a tap, and the preferences a page link opened made the page
  // inert with no way out on a phone.
  test('regression: on a page with FastClick, the banner and the preferences take taps', async ({ page, ui }) => {
    await open(page, `<script src="/ui/fastclick.js"></script><script>document.addEventListener('DOMContentLoaded', () => FastClick.attach(document.body))</script>`, `${LONG}<button id="own" onclick="this.textContent='已点'">页面按钮</button>`);
    const own = page.locator('#own');
    await own.scrollIntoViewIfNeeded();
    await tap(page, own);
    // FastClick is at work on this page: its own click reached the page's button.
    await expect(own).toHaveText('已点');
    const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
    await tap(page, banner.getByRole('button', { name: '设置' }));
    const preferences = ui.getByRole('dialog', { name: 'Cookie 设置' });
    await expect(preferences).toBeVisible();
    const analytics = preferences.getByRole('switch', { name: '统计分析' });
    await tap(page, analytics);
    await expect(analytics).toHaveAttribute('aria-checked', 'true');
    await tap(page, preferences.getByRole('button', { name: '全部拒绝' }));
    await expect(preferences).toHaveCount(0);
    expect(await page.evaluate(() => (window as any).ConsentGate.get().decision?.action)).toBe('reject-all');
  });

  // Regression: a page that cancels `touchmove` on the document (WeChat's "no bounce" trick) kept the views from
  // scrolling by touch: the preferences' last switches and a guardian's checkbox stayed out of reach.
  for (const phase of ['bubble', 'capture'])
  test(`regression: the preferences scroll by touch where the page cancels touchmove on the document (${phase})`, async ({ page, ui }) => {
    await open(page, `<script>document.addEventListener('touchmove', event => event.preventDefault(), { passive: false, capture: ${phase == 'capture'} })</script>`, LONG);
    await tap(page, ui.getByRole('dialog', { name: '我们如何使用 Cookie' }).getByRole('button', { name: '设置' }));
    const dialog = ui.getByRole('dialog', { name: 'Cookie 设置' });
    await expect(dialog).toBeVisible();
    // The element of the dialog that scrolls: the dialog itself or a box inside it.
    const scrolled = () =>
      dialog.evaluate(dialog => Math.max(dialog.scrollTop, ...[...dialog.querySelectorAll('*')].map(element => element.scrollTop)));
    expect(await scrolled()).toBe(0);
    const box = (await dialog.boundingBox())!;
    const x = box.x + box.width / 2;
    const cdp = await page.context().newCDPSession(page);
    const [from, to] = [box.y + box.height * 0.8, box.y + box.height * 0.2];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: from }] });
    for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: from + ((to - from) * i) / 10 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(scrolled).toBeGreaterThan(0);
  });
});

test.describe('the room kept for the banner', () => {
  test.use({ viewport: { width: 375, height: 667 } });
  const room = (page: Page) => page.evaluate(() => document.getElementById('consent-gate')!.getBoundingClientRect().height);

  // Regression: a page's own `<div id="consent-gate">` at the end of its header grew there by the banner's height
  // after the first paint, and pushed the whole page down (a layout shift of 0.29 with no input).
  test('regression: a placeholder at the end of the header keeps no room there, and nothing shifts', async ({ page, ui }) => {
    await open(page, '', `<header><h1>我图网</h1><nav><a href="/">首页</a></nav><div id="consent-gate"></div></header>${LONG}<footer><a href="/about">关于我们</a></footer>`);
    await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
    await page.waitForTimeout(500);
    expect(await room(page)).toBe(0);
    expect(await page.evaluate(() => (window as any).shifted)).toBe(0);
  });

  // Regression: `all: initial` on the host reset its `order` to 0, so in a flex <body> whose children have `order: 1`
  // the room was drawn first and pushed the page down; in a `column-reverse` body the host is drawn first too.
  test('regression: in a flex <body> the page orders, the room is kept at the end as drawn, or not at all', async ({ page, ui }) => {
    await open(page, '<style>body{display:flex;flex-direction:column;margin:0} header,main,footer{order:1}</style>', `<header><h1>我图网</h1></header>${LONG}<footer><a href="/about">关于我们</a></footer>`);
    await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
    await expect.poll(() => room(page)).toBeGreaterThan(0);
    const [footer, host] = await page.evaluate(() => [document.querySelector('footer')!.getBoundingClientRect().bottom, document.getElementById('consent-gate')!.getBoundingClientRect().top]);
    expect(host).toBeGreaterThanOrEqual(footer);
    expect(await page.evaluate(() => (window as any).shifted)).toBe(0);

    // A script at the body's end, as most pages have, is drawn nowhere: the host is drawn first all the same.
    await open(page, '<style>body{display:flex;flex-direction:column-reverse;margin:0}</style>', `<footer><a href="/about">关于我们</a></footer>${LONG}<header><h1>我图网</h1></header><script>var late = 1</script>`);
    await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
    await page.waitForTimeout(500);
    expect(await room(page)).toBe(0);
    expect(await page.evaluate(() => (window as any).shifted)).toBe(0);
  });

  // What follows the host and is drawn nowhere in the flow: an app's bundle after its root, a share sheet the page keeps
  // fixed below the window, a tab bar fixed to its bottom. The room is kept, and given back once the banner closes.
  for (const [what, body] of [
    ['an app root followed by its script', `<div id="app">${LONG}<footer><a href="/about">关于我们</a></footer><div id="consent-gate"></div></div><script>var app = 1</script>`],
    ['a fixed share sheet before the host', `${LONG}<footer><a href="/about">关于我们</a></footer><div style="position:fixed;left:0;right:0;bottom:0;height:300px;transform:translateY(100%)">分享到</div>`],
    ['a tab bar fixed to the window\'s bottom', `${LONG}<footer><a href="/about">关于我们</a></footer><nav style="position:fixed;left:0;right:0;bottom:0;height:50px;background:#eee">首页 分类 我的</nav>`],
  ])
    test(`regression: ${what}: the room is kept at the page's end, and given back after the decision`, async ({ page, ui }) => {
      await open(page, '', body);
      const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
      await expect(banner).toBeVisible();
      await expect.poll(() => room(page)).toBeGreaterThan(0);
      await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
      await banner.getByRole('button', { name: '全部拒绝' }).click();
      await expect(banner).toHaveCount(0);
      await expect.poll(() => room(page)).toBe(0);
      expect(await page.evaluate(() => (window as any).shifted)).toBe(0);
    });

  // Regression: `html, body { height: 100%; overflow-x: hidden }` (a common template line) makes <body> the page's
  // scroller; the room was kept only where the document scrolls, and the footer's links stayed under the banner.
  test('regression: on a page whose <body> scrolls itself, the footer links the keyboard reaches are not under the banner', async ({ page, ui }) => {
    await open(page, '<style>html,body{height:100%;overflow-x:hidden} body{margin:0}</style>', `${LONG}<footer><a href="/about">关于我们</a> <a href="/privacy">隐私政策</a></footer>`);
    const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
    await expect(banner).toBeVisible();
    await expect.poll(() => room(page)).toBeGreaterThan(0);
    for (const name of ['关于我们', '隐私政策']) {
      await page.getByRole('link', { name, exact: true }).focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const [link, box] = await Promise.all([page.getByRole('link', { name, exact: true }).boundingBox(), banner.boundingBox()]);
      expect(link!.y + link!.height <= box!.y || link!.y >= box!.y + box!.height, `${name} is clear of the banner`).toBe(true);
    }
    expect(await page.evaluate(() => (window as any).shifted)).toBe(0);
  });
});

// Regression: a page's own `#consent-gate` in a footer its CSS hides on narrow windows (`.pc-only`) took the banner and
// every view with it once the window narrowed after the UI mounted on it, and nothing was said (SPEC §8).
test('regression: a page\'s own #consent-gate hidden after the UI mounted moves to the end of <body>, and the console says so', async ({ page, ui }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const said: string[] = [];
  page.on('console', message => said.push(message.text()));
  await open(page, '<style>@media (max-width: 767px) { .pc-only { display: none } }</style>', `${LONG}<div class="pc-only"><footer>PC 页脚<div id="consent-gate"></div></footer></div><p><a href="#" data-consent-open>Cookie 设置</a></p>`);
  const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
  await expect(banner).toBeVisible();
  await page.setViewportSize({ width: 390, height: 700 });
  await expect(banner).toBeVisible();
  expect(await page.evaluate(() => document.getElementById('consent-gate')!.parentElement == document.body)).toBe(true);
  expect(said).toContainEqual(expect.stringContaining('the page hid #consent-gate (or an element around it): the UI moved to the end of <body>'));
  await page.getByRole('link', { name: 'Cookie 设置' }).click();
  await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
});
