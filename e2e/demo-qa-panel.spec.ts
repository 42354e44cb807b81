import { banner, events, expect, state, test, trackerCookies } from './demo-fixtures.js';

// The QA panel provokes what the scenarios prove (SPEC §11): each control here, clicked as QA would, does what it
// says. Emulation switches reload the page and survive reloads (sessionStorage `cg-demo`).

const qa = (name: string) => `#qa [data-qa="${name}"]`;

test('QA panel: the clock moves a decision past its expiry and back; reset and clear site data start over', async ({ page, context, ui }) => {
  await page.goto('/');
  await ui.getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => trackerCookies(context)).toContain('_ga');
  await expect(page.locator(qa('state'))).toContainText('同意有效 365 天');

  await page.locator(qa('clock-366')).click();
  await expect(banner(ui)).toBeVisible();
  await expect(page.locator('#qa')).toContainText('当前 +366 天');
  await expect(page.locator(qa('state'))).toContainText('（已过期）');
  expect((await state(page)).prompt).toBe('expired');
  await page.locator(qa('clock-0')).click();
  await expect(ui.getByRole('button', { name: 'Cookie 设置' })).toBeVisible();
  expect((await state(page)).prompt).toBeNull();
  // Let the trackers run again first: a withdrawal while one is still loading is its own scenario (demo-decisions).
  for (const tracker of ['百度统计', 'CNZZ', 'Google Analytics']) await expect(page.locator(qa('activity'))).toContainText(`${tracker} 已运行`);

  // reset() forgets the choice: a withdrawal like any other (the trackers' cookies go, a receipt is sent, the page
  // reloads once so that the running trackers stop).
  const reloaded = page.waitForEvent('load');
  await page.locator(qa('reset')).click();
  await reloaded;
  await expect(banner(ui)).toBeVisible();
  await expect.poll(() => context.cookies()).toEqual([]);
  await expect.poll(async () => (await events(page)).map(e => e.name)).toContain('revoked');
  // Clearing the site's data also empties the demo's own storage: a first visit in every respect.
  await page.evaluate(() => localStorage.setItem('ooopic_recent', '["国潮海报背景"]'));
  await page.locator(qa('clear')).click();
  await expect(banner(ui)).toBeVisible();
  await expect.poll(async () => (await events(page)).map(e => e.name)).toEqual(['ready', 'show']);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
});

test('QA panel: views, request dialog, language, DNT mode, age and guardian controls', async ({ page, ui }) => {
  await page.goto('/');
  await page.locator(qa('services')).click();
  const list = ui.getByRole('dialog', { name: '第三方SDK服务商清单' });
  await expect(list).toContainText('友盟同欣（北京）科技有限公司');
  await page.keyboard.press('Escape');
  await page.locator(qa('minors')).click();
  await expect(ui.getByRole('dialog', { name: '未成年人个人信息保护' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.locator(qa('request')).click();
  const ask = ui.getByRole('dialog', { name: '需要您的同意' });
  await expect(ask).toContainText('“微博分享”由第三方提供');
  await ask.getByRole('button', { name: '取消' }).click();
  await expect(page.locator(qa('request-result'))).toHaveText('request(share, weibo-share) → false');

  await page.locator(qa('age')).selectOption('minor');
  await expect.poll(async () => (await state(page)).forced).toEqual({ personalization: 'minor', pixel: 'minor' });
  await page.locator(qa('guardian-no')).click();
  await expect.poll(async () => (await events(page)).filter(e => e.name === 'child').map(e => e.detail)).toEqual(['guardianConsent false · guardian']);
  await expect(page.locator(qa('events'))).toContainText('child guardianConsent false · guardian');

  await page.locator(qa('lang')).selectOption('en');
  await expect(ui.getByRole('button', { name: 'Cookie settings' })).toBeVisible(); // the guardian decided: no banner
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  await page.locator(qa('dntMode')).selectOption('strict');
  await page.locator(qa('dnt')).check();
  await expect.poll(async () => (await state(page)).signals.dnt).toBe(true);
  await expect(page.locator(qa('dntMode'))).toHaveValue('strict');
  expect((await state(page)).forced).toMatchObject({ analytics: 'child' }); // a child's "off" outranks DNT's

  await page.locator(qa('collapse')).click();
  await expect(page.locator(qa('expand'))).toHaveAttribute('aria-expanded', 'false');
  await page.reload();
  await page.locator(qa('expand')).click();
  await expect(page.locator(qa('dnt'))).toBeChecked();
});

test('QA review: a view opened from the panel returns focus to its button; the panel ends above the banner', async ({ page, ui }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await expect(banner(ui)).toBeVisible();
  const open = page.locator(qa('prefs'));
  await open.click();
  await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(open).toBeFocused();
  const panel = (await page.locator('#qa').boundingBox())!;
  const bannerBox = (await banner(ui).boundingBox())!;
  expect(panel.y + panel.height).toBeLessThanOrEqual(bannerBox.y);
});

test('QA review: on a scenario page with its own config, the panel\'s policy bump and dnt mode apply', async ({ page }) => {
  await page.goto('/scenarios/dnt-strict.html?dnt=1');
  await expect(page.locator(qa('dntMode'))).toHaveValue('strict');
  expect((await state(page)).forced).toMatchObject({ analytics: 'dnt' });
  await page.locator(qa('bump')).click();
  await expect.poll(async () => (await state(page)).policyVersion).toBe('2026-12-01');
  await page.locator(qa('dntMode')).selectOption('ignore');
  await expect.poll(async () => (await state(page)).forced).toEqual({});
  await page.locator(qa('unbump')).click();
  await expect.poll(async () => (await state(page)).policyVersion).toBe('2024-04-23');
});
