import type { Locator, Page } from '@playwright/test';
import { axe } from './axe.js';
import { consentState, expect, focused, tabTo, test } from './ui-fixtures.js';

// SPEC §8, WCAG 2.2 AA: everything by keyboard, focus moved into modal views and kept there, Esc closes them,
// focus returns to where it was.

/** In the minors view: 未满14周岁, then the guardian confirms and agrees, by keyboard. */
async function guardianAgrees(page: Page, ui: Locator) {
  await tabTo(page, ui.getByRole('button', { name: '未满14周岁' }));
  await page.keyboard.press('Enter');
  await tabTo(page, ui.getByRole('checkbox', { name: '我是该未成年人的监护人' }));
  await page.keyboard.press('Space');
  await tabTo(page, ui.getByRole('button', { name: '同意' }));
  await page.keyboard.press('Enter');
}

test('keyboard only: banner → preferences → switch analytics on → save', async ({ page, ui }) => {
  await page.goto('/ui/plain.html');
  const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
  await expect(banner).toBeVisible();
  // Nothing in the page had focus, so it moved into the banner: the next Tab is inside it.
  await page.keyboard.press('Tab');
  expect(await banner.evaluate(b => b.contains((b.getRootNode() as ShadowRoot).activeElement))).toBe(true);
  await tabTo(page, ui.getByRole('button', { name: '设置', exact: true }));
  await page.keyboard.press('Enter');
  const preferences = ui.getByRole('dialog', { name: 'Cookie 设置' });
  await expect(preferences).toBeVisible();
  expect(await focused(page)).toMatchObject({ action: 'close', dialog: 'Cookie 设置' });
  const analytics = ui.getByRole('switch', { name: '统计分析' });
  await tabTo(page, analytics);
  await page.keyboard.press('Space');
  await expect(analytics).toHaveAttribute('aria-checked', 'true');
  await tabTo(page, ui.getByRole('button', { name: '保存设置' }));
  await page.keyboard.press('Enter');
  await expect(preferences).toBeHidden();
  await expect(banner).toBeHidden();
  const state = await consentState(page);
  expect(state.decision?.action).toBe('save');
  expect(state.categories).toMatchObject({ analytics: true, personalization: false, pixel: false, share: false });
});

test('a modal view keeps Tab inside, Esc closes it, and focus returns to the button that opened it', async ({ page, ui }) => {
  await page.goto('/ui/plain.html');
  const opener = ui.getByRole('button', { name: '设置', exact: true });
  await tabTo(page, opener);
  await page.keyboard.press('Enter');
  const preferences = ui.getByRole('dialog', { name: 'Cookie 设置' });
  await expect(preferences).toBeVisible();
  const count = await preferences.locator('a[href], button:not([disabled]), input').count();
  for (let i = 0; i < count + 3; i++) {
    await page.keyboard.press('Tab');
    expect((await focused(page)).dialog).toBe('Cookie 设置');
  }
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).dialog).toBe('Cookie 设置');
  // From the first control (close), Shift+Tab wraps to the last (save).
  await tabTo(page, ui.getByRole('button', { name: '关闭' }));
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toMatchObject({ action: 'save' });
  await page.keyboard.press('Escape');
  await expect(preferences).toBeHidden();
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
  await expect(opener).toBeFocused();
});

test('the page behind a modal view is inert; focus returns to a page control that opened it', async ({ page, ui }) => {
  await page.goto('/ui/plain.html');
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
  const pageButton = page.getByRole('button', { name: 'Cookie 设置' });
  await pageButton.focus();
  await page.keyboard.press('Enter');
  await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  const link = (await page.locator('#page-link').boundingBox())!;
  await page.mouse.click(link.x + 2, link.y + 2);
  expect(await page.evaluate(() => location.hash)).toBe('');
  expect(await page.locator('#search').evaluate(input => ((input as HTMLElement).focus(), document.activeElement === input))).toBe(false);
  await page.keyboard.press('Escape');
  await expect(pageButton).toBeFocused();
});

test('destroyed with a view open (an SPA route change), focus returns to the page control that opened it', async ({ page, ui }) => {
  // Regression: the UI went before the view closed, and focus fell to <body>.
  await page.goto('/ui/plain.html');
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
  const pageButton = page.getByRole('button', { name: 'Cookie 设置' });
  await pageButton.focus();
  await page.keyboard.press('Enter');
  await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  await page.evaluate(() => (window as unknown as { ConsentGate: { destroy(): void } }).ConsentGate.destroy());
  await expect(pageButton).toBeFocused();
});

test('Esc closes the minors view and the guardian view back to the banner', async ({ page, ui }) => {
  await page.goto('/ui/plain.html');
  const minorsLine = ui.getByRole('button', { name: '未成年人保护说明' });
  await tabTo(page, minorsLine);
  await page.keyboard.press('Enter');
  await expect(ui.getByRole('dialog', { name: '未成年人个人信息保护' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ui.getByRole('dialog', { name: '未成年人个人信息保护' })).toBeHidden();
  await expect(minorsLine).toBeFocused();

  await page.keyboard.press('Enter');
  await tabTo(page, ui.getByRole('button', { name: '未满14周岁' }));
  await page.keyboard.press('Enter');
  const guardian = ui.getByRole('dialog', { name: '致监护人：儿童个人信息保护告知' });
  await expect(guardian).toBeVisible();
  expect((await focused(page)).dialog).toBe('致监护人：儿童个人信息保护告知');
  await page.keyboard.press('Escape');
  await expect(guardian).toBeHidden();
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
  // Regression: the banner rebuilt for a child has no minors line; the focus went to the banner's box, where a screen
  // reader said its name again and Tab had to find a control. 请监护人确认 took the line's place, and the focus.
  await expect(ui.getByRole('button', { name: '请监护人确认' })).toBeFocused();
});

test('the guardian agrees by keyboard: confirm, 同意, then choose in the preferences', async ({ page, ui }) => {
  await page.goto('/ui/plain.html');
  await page.evaluate(() => (window as unknown as { ConsentGate: { show(view: string): void } }).ConsentGate.show('minor'));
  await guardianAgrees(page, ui);
  await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  expect(await consentState(page)).toMatchObject({ age: 'child', guardianConsent: true });
});

// The SDK focuses a new banner itself when nothing of the page holds the focus: a decision closing it gave that focus
// back to nothing, so it fell to <body> at the page's end, and the next Tab left the page (WCAG 2.4.3 Focus Order). On a
// page without the floating button it goes where a keyboard starts on the page: the first control of <main>, else of
// the page.
test('regression: a decision in the banner the SDK focused leaves the focus at the start of the page, not on <body>', async ({ page, ui }) => {
  await page.goto('/ui/plain.html');
  const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
  await expect.poll(() => banner.evaluate(b => b.contains((b.getRootNode() as ShadowRoot).activeElement))).toBe(true);
  await tabTo(page, ui.getByRole('button', { name: '全部拒绝' }));
  await page.keyboard.press('Enter');
  await expect(banner).toBeHidden();
  await expect(page.locator('#page-link')).toBeFocused();

  // A <main> is where it starts: its first control, past the header's.
  await page.context().clearCookies();
  await page.reload();
  await page.evaluate(() => {
    const main = document.createElement('main');
    main.innerHTML = '<button type="button" disabled>不可用</button><a href="#hidden" hidden>隐藏</a><a href="#work" id="work">作品</a>';
    document.body.prepend(main);
  });
  await expect.poll(() => banner.evaluate(b => b.contains((b.getRootNode() as ShadowRoot).activeElement))).toBe(true);
  // The guardian's flow: the banner's minors line, a child, the guardian agrees, then chooses in the preferences.
  await tabTo(page, ui.getByRole('button', { name: '未成年人保护说明' }));
  await page.keyboard.press('Enter');
  await guardianAgrees(page, ui);
  await tabTo(page, ui.getByRole('button', { name: '保存设置' }));
  await page.keyboard.press('Enter');
  await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeHidden();
  await expect(page.locator('#work')).toBeFocused();
  expect(await page.evaluate(() => scrollY)).toBe(0);
});

// Found by the old-browser probe: Safari before 15 ignores focus()'s `preventScroll`, so the focus given back to the start
// of the page scrolled a visitor who decided far down it back to the top. Emulated here by a focus() that drops its options.
test('regression: where preventScroll is ignored (Safari before 15), a decision far down the page leaves it where it was', async ({ page, ui }) => {
  await page.addInitScript(() => {
    const focus = HTMLElement.prototype.focus;
    HTMLElement.prototype.focus = function (this: HTMLElement) {
      focus.call(this);
    };
  });
  await page.route('**/ui/plain.html', async route => {
    const html = (await (await route.fetch()).text()).replace('<body>', '<body><main><a href="#work" id="work">作品</a><div style="height:5000px"></div></main>');
    await route.fulfill({ body: html, contentType: 'text/html' });
  });
  await page.goto('/ui/plain.html');
  const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
  await expect.poll(() => banner.evaluate(b => b.contains((b.getRootNode() as ShadowRoot).activeElement))).toBe(true);
  await page.mouse.wheel(0, 2500);
  await expect.poll(() => page.evaluate(() => scrollY)).toBe(2500);
  await ui.getByRole('button', { name: '全部接受' }).click();
  await expect(banner).toBeHidden();
  await expect(page.locator('#work')).toBeFocused();
  expect(await page.evaluate(() => scrollY)).toBe(2500);
});

// Found by a review of the fix above: putting the window back after every focus undid the scroll that keeps a
// keyboard's control clear of the banner (WCAG 2.4.11), where the browser reads preventScroll and scrolls on focusin.
test('regression: the control a keyboard lands on after a placeholder\'s 允许 is scrolled clear of the banner', async ({ page, ui }) => {
  await page.route('**/ui/placeholder.html', async route => {
    const html = (await (await route.fetch()).text())
      .replace('<div data-consent-placeholder', '<div style="height:480px"></div><div data-consent-placeholder')
      .replace('<body>', '<body style="padding-left:400px">')
      .replace('</body>', '<div style="height:3000px"></div></body>');
    await route.fulfill({ body: html, contentType: 'text/html' });
  });
  await page.goto('/ui/placeholder.html');
  const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
  await expect(banner).toBeVisible();
  await page.locator('#allow-share').focus();
  await page.keyboard.press('Enter');
  await tabTo(page, ui.getByRole('button', { name: '允许' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('#placeholder')).toBeHidden();
  const share = page.locator('#share-weibo');
  await expect(share).toBeFocused();
  await expect.poll(async () => {
    const [control, box] = [await share.boundingBox(), await banner.boundingBox()];
    return control!.y + control!.height <= box!.y;
  }).toBe(true);
});

// The reload a withdrawal makes (SPEC §6.3) took the "saved" and the focus the closing preferences were to give back to
// the page's control (WCAG 4.1.3, 2.4.3): after it, both come back, once.
test('regression: after a withdrawal\'s reload, the choice is said and the page\'s data-consent-open control has the focus', async ({ page, ui }) => {
  await page.route('**/ui/plain.html', async route => {
    const html = (await (await route.fetch()).text()).replace('"reloadOnRevoke": false', '"reloadOnRevoke": true').replace('data-demo-show="preferences"', 'data-consent-open')
      .replace('</body>', '<script type="text/plain" data-consent="analytics">window.counted = true</script></body>');
    await route.fulfill({ body: html, contentType: 'text/html' });
  });
  await page.goto('/ui/plain.html');
  await ui.getByRole('button', { name: '全部接受' }).click();
  const pageButton = page.getByRole('button', { name: 'Cookie 设置' });
  await pageButton.focus();
  await page.keyboard.press('Enter');
  const preferences = ui.getByRole('dialog', { name: 'Cookie 设置' });
  await tabTo(page, preferences.getByRole('switch', { name: '统计分析' }));
  await page.keyboard.press('Space');
  await tabTo(page, preferences.getByRole('button', { name: '保存设置' }));
  const reloaded = page.waitForEvent('load');
  await page.keyboard.press('Enter');
  await reloaded;
  await expect(ui.getByRole('status')).toHaveText('已保存您的选择。页面已重新载入，以停止您撤回同意的服务。');
  await expect(pageButton).toBeFocused();
  await page.reload();
  await page.waitForTimeout(300);
  await expect(ui.getByText('页面已重新载入', { exact: false })).toHaveCount(0);
  await expect(pageButton).not.toBeFocused();
});

// An age chosen from the preferences' 修改 is said where the focus comes back to, 修改, described by the age now. It
// was said again once the preferences closed, where "saved" overwrote it in the same moment (WCAG 4.1.3: one message,
// the one that holds).
test('regression: an age chosen from the preferences is said on 修改 as the focus returns; their closing says only "saved"', async ({ page, ui }) => {
  await page.goto('/ui/plain.html');
  await tabTo(page, ui.getByRole('button', { name: '设置', exact: true }));
  await page.keyboard.press('Enter');
  const preferences = ui.getByRole('dialog', { name: 'Cookie 设置' });
  await tabTo(page, preferences.getByRole('button', { name: '修改' }));
  await page.keyboard.press('Enter');
  await tabTo(page, ui.getByRole('button', { name: '14至17周岁' }));
  await page.keyboard.press('Enter');
  const change = preferences.getByRole('button', { name: '修改' });
  await expect(change).toBeFocused();
  await expect(change).toHaveAccessibleDescription('年龄：14至17周岁');
  // Every text the status region shows from here on.
  await page.evaluate(() => {
    const status = document.getElementById('consent-gate')!.shadowRoot!.querySelector('p.s[role="status"]')!;
    const said: string[] = ((window as unknown as { said: string[] }).said = []);
    new MutationObserver(() => status.textContent && said.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await tabTo(page, preferences.getByRole('button', { name: '保存设置' }));
  await page.keyboard.press('Enter');
  await expect(ui.getByRole('status')).toHaveText('已保存您的选择。');
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { said: string[] }).said)).toEqual(['已保存您的选择。']);
});

// A placeholder's 允许 (SPEC §6.1) is hidden with its placeholder once the grant holds: the focus it was to get back
// fell to <body>, and the next Tab started over at the top of the page (WCAG 2.4.3). It goes to what follows it.
test('regression: allowed from a placeholder, focus goes to the control after it, not to the top of the page', async ({ page, ui }) => {
  await page.goto('/ui/placeholder.html');
  await ui.getByRole('button', { name: '全部拒绝' }).click();
  await page.locator('#allow-share').focus();
  await page.keyboard.press('Enter');
  await tabTo(page, ui.getByRole('button', { name: '允许' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('#placeholder')).toBeHidden();
  await expect(page.locator('#share-weibo')).toBeFocused();
});

test('Esc on the contextual dialog resolves request() with false; a consent given there is said', async ({ page, ui }) => {
  await page.goto('/ui/plain.html');
  await page.getByRole('button', { name: '分享到微博' }).click();
  const dialog = ui.getByRole('dialog', { name: '需要您的同意' });
  await expect(dialog).toBeVisible();
  expect((await focused(page)).dialog).toBe('需要您的同意');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('#request-result')).toHaveText('request: false');
  await page.getByRole('button', { name: '分享到微博' }).click();
  await tabTo(page, ui.getByRole('button', { name: '允许' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('#request-result')).toHaveText('request: true');
  expect((await consentState(page)).services['weibo-share']).toBe(true);
  // Regression: a consent given in the dialog while the banner still asks was said nowhere (WCAG 4.1.3): the focus
  // went back to 分享到微博, which says nothing of it.
  await expect(ui.getByRole('status')).toHaveText('已保存您的选择。');
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
  await expect(page.getByRole('button', { name: '分享到微博' })).toBeFocused();
});

// The banner a decision closes stays in the page, inert, until the browser is idle (its removal is a layout the
// granted scripts would wait behind, SPEC §10): meanwhile it is out of the focus order and of the accessibility tree.
test('Enter on 全部接受: the closed banner holds no focus and fails no axe check while it waits to leave; focus then goes to the floating button', async ({ page, ui }) => {
  const warnings: string[] = [];
  page.on('console', message => /aria-hidden|inert/i.test(message.text()) && warnings.push(message.text()));
  await page.goto('/ui/floating.html');
  const accept = ui.getByRole('button', { name: '全部接受' });
  await tabTo(page, accept);
  // From here the page's idle callbacks never come and its 300 ms timers wait for `release()`: the closed banner
  // cannot leave before the checks below (in a browser it leaves at the first idle moment, often within a frame).
  await page.evaluate(() => {
    const held: Array<() => void> = [];
    const native = window.setTimeout;
    Object.assign(window, {
      release: () => held.splice(0).forEach(fn => fn()),
      requestIdleCallback: () => 0,
      setTimeout: (fn: () => void, ms?: number, ...rest: unknown[]) => (ms === 300 ? (held.push(fn), 0) : native(fn, ms, ...rest)),
    });
  });
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await consentState(page)).decision?.action).toBe('accept-all');
  expect(await page.evaluate(() => document.getElementById('consent-gate')!.shadowRoot!.querySelectorAll('.b[inert]').length)).toBe(1);
  await expect(ui.getByRole('dialog')).toHaveCount(0);
  expect(await focused(page)).not.toMatchObject({ action: 'accept-all' });
  const results = await axe(page, '#consent-gate');
  expect(results.violations.map(v => v.id)).toEqual([]);
  await page.evaluate(() => (window as unknown as { release(): void }).release());
  await expect.poll(() => page.evaluate(() => document.getElementById('consent-gate')!.shadowRoot!.querySelectorAll('.b').length)).toBe(0);
  await expect(ui.getByRole('status')).toHaveText('已保存您的选择。');
  await expect.poll(() => focused(page)).toMatchObject({ action: 'preferences' });
  expect(warnings).toEqual([]);
});

// Regression (UI probe): without a floating button, a decision left the focus on <body> at the page's end: the next
// Tab went to the browser's own controls, the one after to the top of the page (WCAG 2.4.3 Focus Order).
for (const [how, path] of [['全部接受 in the banner', ['全部接受']], ['保存设置 in the preferences the banner opened', ['设置', '保存设置']]] as const) {
  test(`regression: a decision by keyboard (${how}) gives the focus back to the page control it came from`, async ({ page, ui }) => {
    await page.goto('/ui/plain.html');
    await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
    // The page's last control before the banner: Tab from it goes into the banner.
    const last = await page.evaluate(() => {
      const controls = [...document.querySelectorAll<HTMLElement>('a[href], button, input')].filter(e => !e.closest('#consent-gate'));
      const control = controls[controls.length - 1]!;
      control.id ||= 'last-control';
      control.focus();
      return control.id;
    });
    for (const name of path) {
      await tabTo(page, ui.getByRole('button', { name, exact: true }));
      await page.keyboard.press('Enter');
    }
    await expect.poll(async () => (await consentState(page)).decision).toBeTruthy();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(last);
  });
}
