import type { Page } from '@playwright/test';
import { consentState, expect, test } from './ui-fixtures.js';

// SPEC §8 on a phone: the banner never blocks clicks, the floating button covers no page control (WCAG 2.4.11 Focus
// Not Obscured), and the page's own fixed bars, on-screen keyboard, late content, rotation, notch and modal dialogs
// change none of that. Each test names the regression it holds.

const PHONE = { viewport: { width: 390, height: 664 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Serves `body` at `path` as a phone page with the SDK first in <head>. */
const phonePage = (page: Page, path: string, body: string, { config = {}, head = '' }: { config?: object; head?: string } = {}) =>
  page.route(`**${path}`, route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body:
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1${head}"><title>phone</title>` +
        `<script type="application/json" id="consent-gate-config">${JSON.stringify({ services: ['baidu-tongji'], reloadOnRevoke: false, ...config })}</script>` +
        `<script src="/dist/consent-gate.min.js"></script><style>body{margin:0;font:16px sans-serif}</style></head><body>${body}</body></html>`,
    }),
  );

/** Where `selector` (in the page) stands against the banner: clear of it, partly or wholly under it. */
const against = (page: Page, selector: string, box = '.b') =>
  page.evaluate(
    ([selector, box]) => {
      const banner = document.getElementById('consent-gate')!.shadowRoot!.querySelector(box)!.getBoundingClientRect();
      const rect = document.querySelector(selector)!.getBoundingClientRect();
      const overlaps = rect.bottom > banner.top && rect.top < banner.bottom && rect.right > banner.left && rect.left < banner.right;
      return overlaps ? (rect.top >= banner.top && rect.bottom <= banner.bottom ? 'under' : 'partly') : 'clear';
    },
    [selector, box] as const,
  );

test.describe('a phone', () => {
  test.use(PHONE);

  // Regression: the floating button sat over the first item of the page's fixed bottom tab bar (首页), and a tap on it
  // opened the preferences instead of the home tab.
  test('the floating button rises above the page\'s fixed bottom tab bar, and a tap on 首页 reaches the page', async ({ page, ui }) => {
    const bar =
      '<main style="height:2000px">作品</main><nav style="position:fixed;left:0;right:0;bottom:0;height:56px;display:flex;background:#eee;z-index:10">' +
      '<a id="home" href="#home" style="flex:1;text-align:center">首页</a><a href="#cat" style="flex:1;text-align:center">分类</a><a href="#me" style="flex:1;text-align:center">我的</a></nav>';
    await phonePage(page, '/phone/tab-bar.html', bar, { config: { ui: { floatingButton: true } } });
    await page.goto('/phone/tab-bar.html');
    await ui.locator('.b [data-action="reject-all"]').tap();
    const floating = ui.locator('.f');
    await expect(floating).toBeVisible();
    await expect.poll(() => against(page, '#home', '.f')).toBe('clear');
    const [button, nav] = await Promise.all([floating.boundingBox(), page.locator('nav').boundingBox()]);
    expect(button!.y + button!.height).toBeLessThanOrEqual(nav!.y);
    await page.locator('#home').tap();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#home');
    expect((await consentState(page)).view).toBeFalsy();
    // Without the bar the button sits at the bottom again.
    await page.evaluate(() => document.querySelector('nav')!.remove());
    await page.setViewportSize({ width: 391, height: 664 });
    await expect.poll(async () => Math.round((await floating.boundingBox())!.y + (await floating.boundingBox())!.height)).toBe(664 - 8);
  });

  // Regression: the first-visit banner covered the page's fixed bottom tab bar: only each tab's lowest 8 px took a tap,
  // and the site's navigation was out of reach until the visitor decided (SPEC §8: the banner never blocks clicks).
  test('the banner rises above the page\'s fixed bottom tab bar: a tap on 分类 reaches the page while it asks', async ({ page, ui }) => {
    const bar =
      '<main style="height:2000px">作品</main><footer><a id="end" href="#end">关于我们</a></footer>' +
      '<nav style="position:fixed;left:0;right:0;bottom:0;height:56px;display:flex;background:#eee;z-index:10">' +
      '<a href="#home" style="flex:1;text-align:center">首页</a><a id="cat" href="#cat" style="flex:1;text-align:center;line-height:56px">分类</a><a href="#me" style="flex:1;text-align:center">我的</a></nav>';
    await phonePage(page, '/phone/tab-bar-banner.html', bar);
    await page.goto('/phone/tab-bar-banner.html');
    const banner = ui.locator('.b');
    await expect(banner).toBeVisible();
    await expect.poll(() => against(page, 'nav')).toBe('clear');
    const [box, nav] = await Promise.all([banner.boundingBox(), page.locator('nav').boundingBox()]);
    expect(box!.y + box!.height).toBeLessThanOrEqual(nav!.y);
    await page.locator('#cat').tap();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#cat');
    expect((await consentState(page)).banner).toBe(true);
    // The room kept at the page's end counts the bar too: the last link scrolls clear of the raised banner.
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => against(page, '#end')).toBe('clear');
    // The bar gone (a route without it), the banner comes down to the window's bottom.
    await page.evaluate(() => document.querySelector('nav')!.remove());
    await page.mouse.wheel(0, -300);
    await expect.poll(async () => Math.round((await banner.boundingBox())!.y + (await banner.boundingBox())!.height)).toBe(664 - 8);
  });

  // Regression (old-browser probe): the banner was lifted again only on `scrollend`, which Safari never fires and Chrome
  // fires from 114: a tab bar the page shows once the visitor has scrolled stayed under the banner, its tabs untappable.
  test('regression: without scrollend (Safari, Chrome before 114) a tab bar shown on scroll is not left under the banner', async ({ page, ui }) => {
    await page.addInitScript(() => {
      // A [Global] interface's attributes are the window's own (WebIDL).
      delete (window as unknown as Record<string, unknown>).onscrollend;
      addEventListener('scrollend', event => event.stopImmediatePropagation(), true);
    });
    const bar =
      '<main style="height:3000px">作品</main>' +
      '<nav style="position:fixed;left:0;right:0;bottom:0;height:56px;display:none;background:#eee;z-index:10">' +
      '<a id="home" href="#home" style="flex:1;text-align:center;line-height:56px">首页</a><a href="#me" style="flex:1;text-align:center">我的</a></nav>' +
      '<script>addEventListener("scroll", () => { document.querySelector("nav").style.display = scrollY > 300 ? "flex" : "none"; });</script>';
    await phonePage(page, '/phone/tab-bar-on-scroll.html', bar);
    await page.goto('/phone/tab-bar-on-scroll.html');
    const banner = ui.locator('.b');
    await expect(banner).toBeVisible();
    expect(await page.evaluate(() => 'onscrollend' in window)).toBe(false);
    await page.mouse.wheel(0, 600);
    await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(300);
    await expect.poll(() => against(page, 'nav')).toBe('clear');
    await page.locator('#home').tap();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#home');
    expect((await consentState(page)).banner).toBe(true);
  });

  // Regression: the floating button appears where the banner's buttons were, under the finger: the second tap of a
  // double tap on 全部接受 opened the preferences over the decision just made (and, passed through, followed the
  // page's link underneath).
  test('a double tap on 全部接受 neither opens the preferences nor reaches the page; the floating button takes taps a moment later', async ({ page, ui }) => {
    await phonePage(
      page,
      '/phone/double-tap.html',
      '<main style="height:1200px">作品</main><a id="under" href="#under" style="position:absolute;left:0;top:420px;width:100%;height:300px;display:block">作品详情</a>',
      { config: { ui: { floatingButton: true } } },
    );
    await page.goto('/phone/double-tap.html');
    const accept = ui.locator('.b [data-action="accept-all"]');
    await expect(accept).toBeVisible();
    await accept.tap();
    const floating = ui.locator('.f');
    await expect(floating).toBeVisible();
    // The second tap, where the floating button now is, right after the first.
    const box = (await floating.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(300);
    expect((await consentState(page)).view).toBeFalsy();
    expect(await page.evaluate(() => location.hash)).toBe('');
    await page.waitForTimeout(700);
    await floating.tap();
    await expect.poll(async () => (await consentState(page)).view).toBe('preferences');
  });

  // Regression: the double-tap guard counted the floating button's own tap: a tap on it, the preferences closed with
  // Esc and the button tapped again at once (within 0.6 s, at the same place) opened nothing.
  test('the floating button tapped, the preferences closed with Esc, and the button tapped again at once: they open again', async ({ page, ui }) => {
    await phonePage(page, '/phone/tap-again.html', '<main style="height:1200px">作品</main>', { config: { ui: { floatingButton: true } } });
    await page.goto('/phone/tap-again.html');
    await ui.locator('.b [data-action="reject-all"]').tap();
    const floating = ui.locator('.f');
    await expect(floating).toBeVisible();
    await page.waitForTimeout(700);
    await floating.tap();
    const close = ui.getByRole('dialog', { name: 'Cookie 设置' }).getByRole('button', { name: '关闭' });
    await expect(close).toBeFocused();
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await consentState(page)).view).toBeFalsy();
    await floating.tap();
    await expect.poll(async () => (await consentState(page)).view).toBe('preferences');
  });

  // Regression: a swipe past the end of the preferences' list went on to scroll the page behind the dialog.
  test('a swipe past the end of the preferences does not scroll the page behind', async ({ page, ui }) => {
    await phonePage(page, '/phone/overscroll.html', '<main style="height:4000px">作品</main>');
    await page.goto('/phone/overscroll.html');
    await ui.locator('.b [data-action="preferences"]').tap();
    const dialog = ui.getByRole('dialog', { name: 'Cookie 设置' });
    await expect(dialog).toBeVisible();
    const box = (await dialog.boundingBox())!;
    // Wheel events chain as touch scrolls do: to the dialog's end, then on.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 2000);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => scrollY)).toBe(0);
  });

  // Regression: on a 320 px phone in English the banner's text scrolls inside it, and its policy link and minors line
  // sat below the edge with no sign that there was more (phones hide scrollbars).
  test('320 px, English: the banner\'s text shows a shade at its lower edge while more is below, none at its end', async ({ page, ui }) => {
    await page.setViewportSize({ width: 320, height: 568 });
    await phonePage(page, '/phone/shade.html', '<main style="height:1200px">works</main>', { config: { lang: 'en' } });
    await page.goto('/phone/shade.html');
    const text = ui.locator('.b .t');
    await expect(text).toBeVisible();
    expect(await text.evaluate(t => t.scrollHeight > t.clientHeight + 20)).toBe(true);
    // The lightness of the text box's lower right corner, where no word reaches.
    const corner = async () => {
      const box = (await text.boundingBox())!;
      const shot = await page.screenshot({ clip: { x: box.x + box.width - 3, y: box.y + box.height - 3, width: 2, height: 2 } });
      return page.evaluate(async png => {
        const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
        return (r! + g! + b!) / 3;
      }, shot.toString('base64'));
    };
    expect(await corner()).toBeLessThan(245);
    await text.evaluate(t => (t.scrollTop = t.scrollHeight));
    await expect.poll(corner).toBeGreaterThan(250);
    await expect(ui.getByRole('button', { name: 'Protection of minors' })).toBeInViewport();
  });

  // Regression: the on-screen keyboard opening under the search field being typed in (the viewport halved, as in
  // WeChat's WebView) left the field under the banner; nothing answered the resize.
  test('the on-screen keyboard opening under a focused search field: the field scrolls clear of the banner', async ({ page, ui }) => {
    await phonePage(page, '/phone/keyboard.html', '<main style="height:900px">作品</main><input id="q" placeholder="搜索" style="display:block;width:90%;height:24px"><div style="height:400px"></div>');
    await page.goto('/phone/keyboard.html');
    await expect(ui.locator('.b')).toBeVisible();
    await page.locator('#q').scrollIntoViewIfNeeded();
    await page.locator('#q').tap();
    await page.setViewportSize({ width: 390, height: 332 });
    // The browser brings the focused field into view as the keyboard opens.
    await page.evaluate(() => document.activeElement!.scrollIntoView({ block: 'nearest' }));
    await page.setViewportSize({ width: 390, height: 331 });
    await expect.poll(() => against(page, '#q')).toBe('clear');
    await expect(page.locator('#q')).toBeFocused();
  });

  // Regression: the room at the page's end was measured once, as the banner showed: content that arrived later (a
  // feed, an SPA) left the footer's "Cookie 设置" wholly under the banner at the end of the page.
  test('content arriving after the banner: the footer at the page\'s end scrolls clear of the banner', async ({ page, ui }) => {
    await phonePage(
      page,
      '/phone/late.html',
      '<div id="app"><h1>加载中…</h1></div><footer style="padding:12px"><a href="#" data-consent-open id="settings">Cookie 设置</a> <a href="#x" id="last">联系我们</a></footer>' +
        '<script>addEventListener("load", () => setTimeout(() => { const d = document.createElement("div"); d.style.height = "1500px"; d.textContent = "作品列表"; document.getElementById("app").append(d); }, 300));</script>',
    );
    await page.goto('/phone/late.html');
    await expect(ui.locator('.b')).toBeVisible();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(1500);
    await expect
      .poll(async () => {
        await page.evaluate(() => scrollTo(0, 1e6));
        return [await against(page, '#settings'), await against(page, '#last')];
      })
      .toEqual(['clear', 'clear']);
  });

  // Regression: on a page that scrolls inside its own container (an app shell), a link the keyboard reached stayed
  // under the banner: only the window was scrolled, which does not move there.
  test('an app shell scrolling inside its own container: a link the keyboard reaches scrolls clear of the banner', async ({ page, ui }) => {
    const links = Array.from({ length: 40 }, (_, i) => `<p><a href="#l${i}" id="l${i}">作品 ${i}</a></p>`).join('');
    await phonePage(page, '/phone/shell.html', `<style>html,body{height:100%;overflow:hidden}#app{height:100%;overflow:auto;padding:0 16px;box-sizing:border-box}</style><div id="app">${links}<div style="height:600px"></div></div>`);
    await page.goto('/phone/shell.html');
    await expect(ui.locator('.b')).toBeVisible();
    await page.locator('#l0').focus();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.id);
      if (!id?.startsWith('l')) break;
      expect(await against(page, `#${id}`), id).not.toBe('under');
    }
  });

  // Regression: a phone turned from landscape to portrait kept the room measured for the lower banner of landscape.
  test('turned from landscape to portrait: the footer at the page\'s end scrolls clear of the taller banner', async ({ page, ui }) => {
    await page.setViewportSize({ width: 750, height: 342 });
    await phonePage(page, '/phone/turn.html', '<main style="height:1200px">作品</main><footer style="padding:12px"><a href="#" data-consent-open id="settings">Cookie 设置</a> <a href="#x" id="last">联系我们</a></footer>');
    await page.goto('/phone/turn.html');
    await expect(ui.locator('.b')).toBeVisible();
    await page.setViewportSize({ width: 390, height: 664 });
    await expect
      .poll(async () => {
        await page.evaluate(() => scrollTo(0, 1e6));
        return [await against(page, '#settings'), await against(page, '#last')];
      })
      .toEqual(['clear', 'clear']);
  });

  // Regression: a page's own modal dialog (a login) made the banner inert while it still looked active: a tap on 全部拒绝
  // landed on the page's dialog and nothing was recorded.
  for (const when of ['before', 'after'] as const) {
    test(`a page's modal dialog opened ${when} the banner hides it until the dialog closes; then a tap decides`, async ({ page, ui }) => {
      const open = 'document.getElementById("login").showModal()';
      await phonePage(
        page,
        `/phone/dialog-${when}.html`,
        '<main style="height:1200px">作品</main><dialog id="login"><p>登录</p><button id="close" onclick="this.closest(\'dialog\').close()">关闭</button></dialog>' +
          `<script>${when == 'before' ? open : `addEventListener("load", () => setTimeout(() => ${open}, 300))`}</script>`,
      );
      await page.goto(`/phone/dialog-${when}.html`);
      await expect(page.locator('#login')).toBeVisible();
      await expect(ui.locator('.b')).toBeHidden();
      expect((await consentState(page)).banner).toBe(true);
      await page.locator('#close').tap();
      await expect(ui.locator('.b')).toBeVisible();
      await ui.locator('.b [data-action="reject-all"]').tap();
      await expect.poll(async () => (await consentState(page)).decided).toBe(true);
    });
  }

  // Regression: a page's modal dialog an SPA takes out of the page while open fires no `close`: the banner stayed
  // hidden until some later focus move.
  test('a page\'s modal dialog removed without close(): the banner comes back', async ({ page, ui }) => {
    await phonePage(page, '/phone/dialog-removed.html', '<main style="height:1200px">作品</main><dialog id="login"><p>登录</p></dialog><script>document.getElementById("login").showModal()</script>');
    await page.goto('/phone/dialog-removed.html');
    await expect(ui.locator('.b')).toBeHidden();
    await page.evaluate(() => document.getElementById('login')!.remove());
    await expect(ui.locator('.b')).toBeVisible();
  });

  // Regression: a page in fullscreen (a reading mode) matched `:modal`, and the banner was hidden while the whole page
  // stayed usable.
  test('a page in fullscreen keeps the banner', async ({ page, ui }) => {
    await phonePage(page, '/phone/fullscreen.html', '<button id="full" onclick="document.documentElement.requestFullscreen()">全屏阅读</button><a href="#x" id="x">链接</a><main style="height:1200px">作品</main>');
    await page.goto('/phone/fullscreen.html');
    await expect(ui.locator('.b')).toBeVisible();
    await page.locator('#full').click();
    await expect.poll(() => page.evaluate(() => !!document.fullscreenElement)).toBe(true);
    await page.locator('#x').focus();
    await expect(ui.locator('.b')).toBeVisible();
  });

  // Regression: a section header that is `position: sticky` near the bottom lifted the floating button, and a bar the
  // page took away left its lift behind.
  test('the floating button rises only over a bar fixed to the window\'s bottom, and comes down when it goes', async ({ page, ui }) => {
    await phonePage(
      page,
      '/phone/sticky.html',
      '<main style="height:560px">作品</main><h2 style="position:sticky;top:0;margin:0;height:40px;background:#eee">分类</h2><main style="height:2000px">更多</main>' +
        '<nav style="position:fixed;left:0;right:0;bottom:0;height:56px;background:#ddd"><a href="#home">首页</a></nav>',
      { config: { ui: { floatingButton: true } } },
    );
    await page.goto('/phone/sticky.html');
    await ui.locator('.b [data-action="reject-all"]').tap();
    const floating = ui.locator('.f');
    const bottom = async () => Math.round((await floating.boundingBox())!.y + (await floating.boundingBox())!.height);
    await expect.poll(bottom).toBe(664 - 56 - 8);
    await page.evaluate(() => document.querySelector('nav')!.remove());
    await page.mouse.wheel(0, 300);
    await expect.poll(bottom).toBe(664 - 8);
  });

  // Regression: on a page that patches ResizeObserver's methods to throw, the banner never showed.
  test('a page whose ResizeObserver throws still gets its banner, and no error', async ({ page, ui, pageErrors }) => {
    await page.addInitScript(() => {
      ResizeObserver.prototype.observe = () => {
        throw new Error('observe patched');
      };
      ResizeObserver.prototype.disconnect = () => {
        throw new Error('disconnect patched');
      };
    });
    await phonePage(page, '/phone/patched.html', '<main id="m" style="height:1200px">作品</main>');
    await page.goto('/phone/patched.html');
    await expect(ui.locator('.b')).toBeVisible();
    await ui.locator('.b [data-action="reject-all"]').tap();
    await expect.poll(async () => (await consentState(page)).decided).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  // Regression: on a page drawn under the notch (`viewport-fit=cover`), the banner's buttons reached into the home
  // indicator's zone and the floating button sat under the notch in landscape.
  test('viewport-fit=cover: the banner and the floating button keep clear of the safe-area insets', async ({ page, ui }) => {
    await phonePage(page, '/phone/notch.html', '<main style="height:1200px">作品</main>', { head: ', viewport-fit=cover', config: { ui: { floatingButton: true } } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setSafeAreaInsetsOverride' as 'Emulation.setDeviceMetricsOverride', { insets: { top: 47, bottom: 34, left: 20, right: 20 } } as never);
    await page.goto('/phone/notch.html');
    const banner = ui.locator('.b');
    await expect(banner).toBeVisible();
    const box = (await banner.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(664 - 34);
    expect(box.x).toBeGreaterThanOrEqual(20);
    await ui.locator('.b [data-action="reject-all"]').tap();
    const floating = (await ui.locator('.f').boundingBox())!;
    expect(floating.y + floating.height).toBeLessThanOrEqual(664 - 34);
    expect(floating.x).toBeGreaterThanOrEqual(20);
  });

  // Regression: at 200 % text zoom a phone's window is 206×420 CSS px, just over the old 400 px line: the banner kept
  // to 39 % of it, and two rows of buttons left its text 38 px, half a heading.
  test('206×420 (a phone at 200 % zoom), en: the banner\'s text has room beside two rows of buttons', async ({ page, ui }) => {
    await page.setViewportSize({ width: 206, height: 420 });
    await page.goto('/ui/en.html');
    await expect(ui.locator('.b')).toBeVisible();
    const text = (await ui.locator('.b .t').boundingBox())!;
    expect(text.height).toBeGreaterThan(100);
  });
});

// Regression: a desktop window widened by a pixel scrolled the page to an element an SPA router had focused
// (`<main tabindex="-1">`), which the banner partly covered: only a field the on-screen keyboard pushes under the
// banner is scrolled clear on a resize.
test('a desktop window resized leaves the page where it was, whatever has the focus', async ({ page, ui }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await phonePage(page, '/desk/resize.html', '<main id="app" tabindex="-1" style="height:3000px">作品</main>');
  await page.goto('/desk/resize.html');
  await expect(ui.locator('.b')).toBeVisible();
  await page.evaluate(() => (scrollTo(0, 100), document.getElementById('app')!.focus()));
  await page.setViewportSize({ width: 1281, height: 800 });
  await page.setViewportSize({ width: 1281, height: 700 });
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => scrollY)).toBe(100);
});
