import type { Page } from '@playwright/test';
import { ALL_GATED, banner, consentCookie, days, expect, inert, preferences, state, test, trackerCookies } from './demo-fixtures.js';

// The stored choice on the QA demo (SPEC §4, §5.1): a new policy version asks again with the "updated" banner,
// a choice expires (365 days after a grant, 180 after a refusal, not asked again before then), a damaged
// cookie counts as no choice, and without cookies the choice lasts for the page.

/** The floating "Cookie 设置" button shows when the UI rendered and had nothing to ask. */
const settled = (page: Page) => expect(page.locator('#consent-gate').getByRole('button', { name: 'Cookie 设置' })).toBeVisible();

test('policy-version bump: the "updated" banner gives the dates and the change summary; trackers stay suspended until the visitor decides again', async ({ page, context, ui, trackers }) => {
  await page.goto('/');
  await ui.getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => trackerCookies(context)).toContain('UM_distinctid');
  await expect.poll(() => trackers.count('res.wx.qq.com')).toBe(1);
  const before = trackers.requests.length;

  await page.locator('#qa [data-qa="bump"]').click(); // the QA panel reloads with policy.version 2026-12-01
  const updated = banner(ui);
  await expect(updated.getByRole('heading')).toHaveText('我图网隐私政策已更新');
  await expect(updated).toContainText('更新日期：2026年11月29日；生效日期：2026年12月1日。');
  await expect(updated).toContainText('新增“小红书分享”第三方SDK；明确个性化推荐的关闭方式。');
  const s = await state(page);
  expect([s.prompt, s.policyVersion, s.decided]).toEqual(['policy', '2026-12-01', false]);
  expect(Object.keys(s.categories).filter(c => s.categories[c])).toEqual(['necessary']);
  expect(await inert(page)).toEqual(ALL_GATED);
  expect(trackers.requests.length).toBe(before);
  expect(await consentCookie(context)).toContain('p=2024-04-23'); // the old choice is kept, not applied
  // Regression: the QA panel's state line gave the old record's days left and nothing else, as if it still applied.
  await expect(page.locator('#qa [data-qa="state"]')).toContainText('· 隐私政策已更新，需重新确认');

  await updated.getByRole('button', { name: '全部接受' }).click();
  await expect(updated).toBeHidden();
  await expect.poll(() => trackers.count('hm.baidu.com/hm.js')).toBe(2);
  expect(await consentCookie(context)).toContain('p=2026-12-01');
});

test('expiry after accept: the grant applies for 365 days, then the banner asks again and the trackers wait', async ({ page, ui, trackers }) => {
  await page.clock.install();
  await page.goto('/');
  await ui.getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => trackers.count('hm.baidu.com/hm.js')).toBe(1);
  const decided = (await state(page)).decision!.at;

  await page.clock.setSystemTime(decided + days(364));
  await page.reload();
  await settled(page);
  expect((await state(page)).prompt).toBeNull();
  await expect.poll(() => trackers.count('hm.baidu.com/hm.js')).toBe(2);
  await expect(page.locator('#qa [data-qa="state"]')).toContainText('同意有效 365 天');

  await page.clock.setSystemTime(decided + days(366));
  await page.reload();
  await expect(banner(ui).getByRole('heading')).toHaveText('我们如何使用 Cookie');
  const s = await state(page);
  expect([s.prompt, s.categories.analytics, s.categories.pixel]).toEqual(['expired', false, false]);
  expect(await inert(page)).toEqual(ALL_GATED);
  expect(trackers.count('hm.baidu.com/hm.js')).toBe(2);
});

test('expiry after refuse: no nagging for 180 days, then the banner asks again', async ({ page, ui, trackers }) => {
  await page.clock.install();
  await page.goto('/');
  await ui.getByRole('button', { name: '全部拒绝' }).click();
  await expect(banner(ui)).toBeHidden();
  const decided = (await state(page)).decision!.at;

  await page.clock.setSystemTime(decided + days(179));
  await page.reload();
  await settled(page);
  await expect(banner(ui)).toHaveCount(0);
  expect((await state(page)).prompt).toBeNull();
  await expect(page.locator('#qa [data-qa="state"]')).toContainText('拒绝有效 180 天');

  await page.clock.setSystemTime(decided + days(181));
  await page.reload();
  await expect(banner(ui)).toBeVisible();
  expect((await state(page)).prompt).toBe('expired');
  expect(trackers.requests).toEqual([]);
});

test('garbage or forged consent cookie: treated as no choice (banner, nothing loads, nothing thrown), replaced by the next decision', async ({ page, context, ui, trackers, baseURL }) => {
  // A real refusal, then the same cookie with its grants edited by hand (the checksum no longer matches).
  await page.goto('/');
  await ui.getByRole('button', { name: '全部拒绝' }).click();
  await expect(banner(ui)).toBeHidden();
  const refused = (await consentCookie(context))!;
  const forged = refused.replace(/&a=[^&]*/, '&a=accept-all&c=analytics.personalization.pixel.share');
  for (const value of [forged, 'garbage', '%E0%A4%A', 'v=1&__proto__=x&constructor=1&h=0', 'v=1&i=' + 'x'.repeat(3000)]) {
    await context.clearCookies();
    await context.addCookies([{ name: 'cg_consent', value, url: baseURL! }]);
    await page.reload();
    await expect(banner(ui), value).toBeVisible();
    const s = await state(page);
    expect([s.prompt, s.decided, s.categories.analytics], value).toEqual(['first-visit', false, false]);
    expect(await inert(page), value).toEqual(ALL_GATED);
  }
  expect(trackers.requests).toEqual([]);

  await banner(ui).getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => trackers.count('hm.baidu.com/hm.js')).toBe(1);
  expect(await consentCookie(context)).toMatch(/^v=3&.*&a=accept-all&.*&h=[0-9a-z]+$/);
});

test('cookies disabled: the banner works, the choice applies to this page only, one warning, no exception', async ({ page, ui, trackers }) => {
  const warnings: string[] = [];
  page.on('console', message => message.type() === 'warning' && warnings.push(message.text()));
  await page.goto('/?cookiesOff=1');
  await ui.getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => trackers.count('hm.baidu.com/hm.js')).toBe(1);
  const s = await state(page);
  expect([s.decided, s.persisted, s.categories.analytics]).toEqual([true, false, true]);
  // Regression (QA): the panel's cookie line said 尚未决定 right under `decided: true`.
  await expect(page.locator('#qa [data-qa="state"]')).toContainText('未写入 Cookie（Cookie 不可用）：这次决定只在本页内存中有效');
  await expect(page.locator('#qa [data-qa="state"]')).not.toContainText('尚未决定');
  // (The demo also declares Google Analytics' transfer abroad, which the SDK points out once per page.)
  expect(warnings.filter(w => w.includes('consent-gate') && !w.includes('out of China'))).toEqual(['consent-gate: cookies are unavailable; choices apply to this page only']);
  await page.getByRole('contentinfo').getByRole('link', { name: 'Cookie 设置' }).click();
  await expect(preferences(ui)).toContainText('浏览器无法保存 Cookie，您的选择仅对当前页面有效。');
  await page.keyboard.press('Escape');
  await expect(preferences(ui)).toBeHidden();

  await page.reload();
  await expect(banner(ui)).toBeVisible();
  expect((await state(page)).decided).toBe(false);
  expect(await inert(page)).toEqual(ALL_GATED);
  expect(trackers.count('hm.baidu.com/hm.js')).toBe(1);
});
