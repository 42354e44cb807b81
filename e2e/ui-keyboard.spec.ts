import { consentState, expect, focused, tabTo, test } from './ui-fixtures.js';

// SPEC §8, WCAG 2.2 AA: everything by keyboard, focus moved into modal views and kept there, Esc closes them,
// focus returns to where it was.

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
});

test('the guardian agrees by keyboard: confirm, 同意, then choose in the preferences', async ({ page, ui }) => {
  await page.goto('/ui/plain.html');
  await page.evaluate(() => (window as unknown as { ConsentGate: { show(view: string): void } }).ConsentGate.show('minor'));
  await tabTo(page, ui.getByRole('button', { name: '未满14周岁' }));
  await page.keyboard.press('Enter');
  await tabTo(page, ui.getByRole('checkbox', { name: '我是该未成年人的监护人' }));
  await page.keyboard.press('Space');
  await tabTo(page, ui.getByRole('button', { name: '同意' }));
  await page.keyboard.press('Enter');
  await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  expect(await consentState(page)).toMatchObject({ age: 'child', guardianConsent: true });
});

test('Esc on the contextual dialog resolves request() with false', async ({ page, ui }) => {
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
});
