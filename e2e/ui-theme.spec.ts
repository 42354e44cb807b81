import { consentState, expect, test } from './ui-fixtures.js';

// SPEC §8: themeable through CSS custom properties (config.ui.theme), dark mode, reduced motion, and the optional
// floating button that reopens the preferences.

test('config.ui.theme sets the --cg-* properties; the floating button reopens the preferences', async ({ page, ui }) => {
  await page.goto('/ui/floating.html');
  const accept = ui.getByRole('button', { name: '全部接受' });
  // floating.html themes --cg-accent: #b3261e.
  await expect(accept).toHaveCSS('background-color', 'rgb(179, 38, 30)');
  await expect(ui.locator('.f')).toHaveCount(0);
  await ui.getByRole('button', { name: '全部拒绝' }).click();
  const reopen = ui.getByRole('button', { name: 'Cookie 设置' });
  await expect(reopen).toBeVisible();
  await expect(reopen).toHaveAttribute('data-action', 'preferences');
  await reopen.click();
  await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  await ui.getByRole('switch', { name: '社交分享' }).click();
  await ui.getByRole('button', { name: '保存设置' }).click();
  expect((await consentState(page)).categories.share).toBe(true);
  await expect(reopen).toBeFocused();
});

test('dark mode follows prefers-color-scheme', async ({ page, ui }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/ui/plain.html');
  await expect(ui.locator('.b')).toHaveCSS('background-color', 'rgb(31, 35, 41)');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(ui.locator('.b')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
});

// Probes of the UI: a theme that set only the accent kept the dark scheme's dark text on it (2.46:1 on #b3261e); and
// that brand red, chosen for white, read at 2.41:1 on the dark background in links, text buttons and focus rings.
test('a theme that sets only the accent: white text on it in the light scheme; too dark for the dark one, the dark scheme\'s accent there', async ({ page, ui }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/ui/floating.html');
  const accept = ui.getByRole('button', { name: '全部接受' });
  await expect(accept).toHaveCSS('background-color', 'rgb(179, 38, 30)');
  await expect(accept).toHaveCSS('color', 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(accept).toHaveCSS('background-color', 'rgb(138, 180, 248)');
  await expect(accept).toHaveCSS('color', 'rgb(32, 33, 36)');
  await expect(ui.getByRole('button', { name: '设置', exact: true })).toHaveCSS('color', 'rgb(138, 180, 248)');
});

test('reduced motion stops the views’ animation and the switches’ transition', async ({ page, ui }) => {
  await page.goto('/ui/plain.html');
  await page.evaluate(() => (window as unknown as { ConsentGate: { show(view: string): void } }).ConsentGate.show('preferences'));
  const dialog = ui.locator('dialog');
  await expect(dialog).toHaveCSS('animation-name', 'cg');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect(dialog).toHaveCSS('animation-name', 'none');
  const knob = await ui.getByRole('switch', { name: '统计分析' }).evaluate(element => getComputedStyle(element, '::after').transitionDuration);
  expect(knob).toBe('0s');
});

// Regression (accessibility probe, WCAG 1.4.11): the floating button's focus ring stands on the page, and the dark
// scheme's light ring was 2.0:1 on a white page. A band of the button's own background now lies inside it.
test('regression: the floating button\'s focus ring has a band of its background inside it, in either scheme', async ({ page, ui }) => {
  for (const [scheme, band] of [['dark', 'rgb(31, 35, 41)'], ['light', 'rgb(255, 255, 255)']] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/ui/floating.html');
    await ui.getByRole('button', { name: '全部拒绝' }).focus();
    await page.keyboard.press('Enter');
    const reopen = ui.getByRole('button', { name: 'Cookie 设置' });
    await expect(reopen).toBeFocused();
    await expect(reopen).toHaveCSS('box-shadow', new RegExp(`^${band.replace(/[()]/g, '\\$&')} 0px 0px 0px 2px, `));
    await expect(reopen).toHaveCSS('outline-style', 'solid');
    await page.context().clearCookies();
  }
});
