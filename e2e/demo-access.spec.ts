import type { Page } from '@playwright/test';
import { ALL, banner, expect, preferences, state, test } from './demo-fixtures.js';
import { axe as runAxe } from './axe.js';
import { focused, tabTo } from './ui-fixtures.js';

// The demo by keyboard only, under axe in zh-CN and en, and on a 320 px wide screen (SPEC §8, WCAG 2.2 AA).


test('keyboard only: decide in the banner, reopen from the footer link, share with the keyboard', async ({ page, context, ui, trackers }) => {
  await page.goto('/');
  const b = banner(ui);
  await expect(b).toBeVisible();
  // Nothing in the page had focus, so focus moved into the banner: its first control is one Tab away.
  await expect.poll(() => b.evaluate(element => element.contains((element.getRootNode() as ShadowRoot).activeElement))).toBe(true);
  await tabTo(page, b.getByRole('button', { name: '设置', exact: true }));
  await page.keyboard.press('Enter');
  const prefs = preferences(ui);
  await expect(prefs).toBeVisible();
  expect((await focused(page)).dialog).toBe('Cookie 设置');
  const analytics = prefs.getByRole('switch', { name: '统计分析' });
  await tabTo(page, analytics);
  await page.keyboard.press('Space');
  await expect(analytics).toHaveAttribute('aria-checked', 'true');
  await tabTo(page, prefs.getByRole('button', { name: '保存设置' }));
  await page.keyboard.press('Enter');
  await expect(prefs).toBeHidden();
  await expect.poll(() => trackers.hosts()).toEqual(ALL.analytics);

  // The footer's "Cookie 设置" link, from the keyboard; Esc closes and focus returns to the link.
  const footerLink = page.getByRole('contentinfo').getByRole('link', { name: 'Cookie 设置' });
  await tabTo(page, footerLink, 60);
  await page.keyboard.press('Enter');
  await expect(prefs).toBeVisible();
  await expect(prefs.getByRole('switch', { name: '统计分析' })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');
  await expect(prefs).toBeHidden();
  await expect(footerLink).toBeFocused();

  // A share from the keyboard: Shift+Tab back to 微博, Enter asks, 允许 opens the share window.
  const weibo = page.getByRole('link', { name: '微博' });
  for (let i = 0; i < 40 && !(await weibo.evaluate(element => document.activeElement === element)); i++) await page.keyboard.press('Shift+Tab');
  await expect(weibo).toBeFocused();
  await page.keyboard.press('Enter');
  const ask = ui.getByRole('dialog', { name: '需要您的同意' });
  await expect(ask).toBeVisible();
  expect((await focused(page)).dialog).toBe('需要您的同意');
  await tabTo(page, ask.getByRole('button', { name: '允许' }));
  const popup = context.waitForEvent('page');
  await page.keyboard.press('Enter');
  expect((await popup).url()).toContain('/vendor/service.weibo.com/share/share.php?url=');
  expect((await state(page)).services['weibo-share']).toBe(true);
});

/**
 * Axe over the whole demo page (the UI in its shadow root and the QA panel included), or only over the UI once a
 * view opened over the unchanged page.
 */
const axe = async (page: Page, only?: string) => {
  const results = await runAxe(page, only);
  return results.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
};

for (const [lang, query, names] of [
  ['zh-CN', '/', { banner: '我们如何使用 Cookie', prefs: 'Cookie 设置', open: 'Cookie 设置', ask: '需要您的同意' }],
  ['en', '/?lang=en', { banner: 'How we use cookies', prefs: 'Cookie settings', open: 'Cookie 设置', ask: 'Your consent is needed' }],
] as const) {
  test(`axe (${lang}): the demo with its banner, preferences and request dialog has no WCAG 2.2 AA violation`, async ({ page, ui }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(query);
    await expect(ui.getByRole('dialog', { name: names.banner })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('contentinfo').getByRole('link', { name: names.open }).click();
    await expect(ui.getByRole('dialog', { name: names.prefs })).toBeVisible();
    expect(await axe(page, '#consent-gate')).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '小红书' }).click();
    await expect(ui.getByRole('dialog', { name: names.ask })).toBeVisible();
    expect(await axe(page, '#consent-gate')).toEqual([]);
  });
}

// A withdrawal reloads the page (SPEC §6.3) before the status region said "saved", and the reload put the focus at the
// top of the page the visitor had left from the preferences: nothing said why it reloaded, and the control they came
// from was gone (WCAG 4.1.3, 2.4.3). After the reload it is said, and the focus goes to what opens the choices again:
// the floating button here (always in view), else the page's own control (e2e/ui-keyboard).
test('regression: after a withdrawal\'s reload, the choice is said and the focus is on the floating button', async ({ page, ui }) => {
  await page.goto('/');
  await banner(ui).getByRole('button', { name: '全部接受' }).click();
  await expect(banner(ui)).toBeHidden();
  const footerLink = page.getByRole('contentinfo').getByRole('link', { name: 'Cookie 设置' });
  await footerLink.focus();
  await page.keyboard.press('Enter');
  const prefs = preferences(ui);
  await tabTo(page, prefs.getByRole('switch', { name: '统计分析' }));
  await page.keyboard.press('Space');
  await tabTo(page, prefs.getByRole('button', { name: '保存设置' }));
  const reloaded = page.waitForEvent('load');
  await page.keyboard.press('Enter');
  await reloaded;
  await expect(ui.getByRole('status')).toHaveText('已保存您的选择。页面已重新载入，以停止您撤回同意的服务。');
  await expect(ui.getByRole('button', { name: 'Cookie 设置' })).toBeFocused();
  // Once: a reload of the visitor's own says nothing.
  await page.reload();
  await page.waitForTimeout(300);
  await expect(ui.getByRole('status')).toHaveText('');
  expect(await page.evaluate(() => document.activeElement == document.body)).toBe(true);
});

test('320 px viewport: the page and the banner fit without horizontal scrolling; every control is reachable', async ({ page, ui }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto('/');
  const b = banner(ui);
  await expect(b).toBeVisible();
  const box = (await b.boundingBox())!;
  expect([box.x >= 0, box.x + box.width <= 320, box.height < 640 * 0.4]).toEqual([true, true, true]);
  for (const action of ['accept-all', 'reject-all', 'preferences', 'minor']) await expect(ui.locator(`.b [data-action="${action}"]`)).toBeInViewport({ ratio: 1 });
  const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  expect(await scrollWidth()).toBeLessThanOrEqual(320);

  await b.getByRole('button', { name: '设置', exact: true }).click();
  const prefs = preferences(ui);
  await expect(prefs).toBeInViewport();
  const dialog = (await prefs.boundingBox())!;
  expect([dialog.x >= 0, dialog.x + dialog.width <= 320]).toEqual([true, true]);
  await prefs.getByRole('switch', { name: '社交分享' }).click();
  await prefs.getByRole('button', { name: '保存设置' }).click();
  await expect(prefs).toBeHidden();
  await expect(ui.getByRole('button', { name: 'Cookie 设置' })).toBeInViewport({ ratio: 1 });
  // The page's own controls stay usable on the small screen.
  await page.getByRole('button', { name: '微信' }).click();
  await expect(page.locator('#share-status')).toHaveText('微信分享已就绪：请用微信“扫一扫”分享本页（演示）。');
  expect(await scrollWidth()).toBeLessThanOrEqual(320);
});
