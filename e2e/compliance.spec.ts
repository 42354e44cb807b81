import type { Page } from '@playwright/test';
import { banner, expect, preferences, receipts, state, test } from './demo-fixtures.js';
import { outbox } from './outbox.js';

// #13: what the compliance issue asks the visitor to see, on the QA demo through the built bundles.

const TITLES = { 'zh-CN': '单独同意：向境外提供个人信息', 'zh-TW': '單獨同意：向境外提供個人資料', en: 'Separate consent: sending personal information abroad' } as const;
const AGREE = { 'zh-CN': '同意', 'zh-TW': '同意', en: 'I agree' } as const;
const ACCEPT = { 'zh-CN': '全部接受', 'zh-TW': '全部接受', en: 'Accept all' } as const;

async function gaTrackerLoaded(page: Page) {
  return page.evaluate(() => performance.getEntriesByType('resource').some(e => e.name.includes('googletagmanager.com/gtag/js')));
}

for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
  test(`${lang}: "accept all" leaves Google Analytics, which sends data abroad, to its own separate consent; that consent loads it (PIPL Art. 39)`, async ({ page, ui }) => {
    await page.goto(`/?lang=${lang}`);
    await banner(ui).getByRole('button', { name: ACCEPT[lang], exact: true }).click();
    await expect.poll(async () => (await state(page)).services['baidu-tongji']).toBe(true);
    expect([(await state(page)).services['google-analytics'], await gaTrackerLoaded(page)]).toEqual([false, false]);
    void page.evaluate(() => (window as unknown as { ConsentGate: { request(c: string, s: string): Promise<boolean> } }).ConsentGate.request('analytics', 'google-analytics'));
    const dialog = ui.getByRole('dialog', { name: TITLES[lang] });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Google LLC');
    await dialog.getByRole('button', { name: AGREE[lang], exact: true }).click();
    await expect.poll(() => gaTrackerLoaded(page)).toBe(true);
  });
}

// Compliance probe: a request for the whole analytics category named Google Analytics among the recipients its allow
// would reach, granted the category without it, and answered the page "not allowed".
for (const [answer, expected] of [['同意', true], ['不同意', false]] as const) {
  test(`regression: a request for a category with a transfer abroad lists it apart and asks it next; ${answer} → ${expected}`, async ({ page, ui }) => {
    await page.goto('/');
    await banner(ui).getByRole('button', { name: '全部拒绝', exact: true }).click();
    await expect(banner(ui)).toHaveCount(0);
    const asked = page.evaluate(() => (window as unknown as { ConsentGate: { request(c: string): Promise<boolean> } }).ConsentGate.request('analytics'));
    const dialog = ui.getByRole('dialog', { name: '需要您的同意' });
    await expect(dialog.getByRole('heading', { name: '百度统计' })).toBeVisible();
    await expect(dialog.getByRole('heading', { name: 'Google Analytics' })).toHaveCount(0);
    await expect(dialog.getByRole('listitem')).toHaveText(['Google Analytics']);
    await dialog.getByRole('button', { name: '允许' }).click();
    const abroad = ui.getByRole('dialog', { name: TITLES['zh-CN'] });
    await expect(abroad).toContainText('Google LLC');
    await abroad.getByRole('button', { name: answer, exact: true }).click();
    expect(await asked).toBe(expected);
    const after = await state(page);
    expect([after.categories.analytics, after.services['baidu-tongji'], after.services['google-analytics']]).toEqual([true, true, expected]);
    await expect(ui.getByRole('dialog')).toHaveCount(0);
  });
}

test('the preferences: a 境外 badge, a switch that asks separately, the complete 清单 and the operator', async ({ page, ui }) => {
  await page.goto('/');
  await banner(ui).getByRole('button', { name: '设置' }).click();
  const prefs = preferences(ui);
  await prefs.getByRole('switch', { name: '统计分析' }).click();
  // The category on, its services in China follow; the one sending data abroad does not.
  await expect(prefs.getByRole('switch', { name: '百度统计' })).toBeChecked();
  const ga = prefs.getByRole('switch', { name: 'Google Analytics' });
  await expect(ga).not.toBeChecked();
  await expect(prefs.getByRole('listitem').filter({ hasText: 'Google Analytics' })).toContainText('境外');
  await ga.click();
  await expect(ui.getByRole('dialog', { name: TITLES['zh-CN'] })).toContainText('所在国家或地区美国');
  await ui.getByRole('dialog', { name: TITLES['zh-CN'] }).getByRole('button', { name: '不同意' }).click();
  // Back in the preferences, nothing granted.
  await expect(preferences(ui)).toBeVisible();
  expect((await state(page)).services['google-analytics']).toBe(false);
  await expect(prefs).toContainText('个人信息处理者：上海我图网络科技有限公司');
  await expect(prefs).toContainText('本站用于记录您选择的 Cookie：cg_consent，同意后保存 365 天，拒绝后保存 180 天。');
  await expect(prefs).toContainText('处理地点境外：美国');
  await expect(prefs).toContainText('保存期限Cookie 最长 1 年');
  await expect(prefs).toContainText('支付宝（中国）网络技术有限公司');
});

test('a minor cannot consent to a transfer abroad: its switch is locked, with the reason', async ({ page, ui }) => {
  await page.goto('/');
  await page.evaluate(() => (window as unknown as { ConsentGate: { setAge(a: string): Promise<void> } }).ConsentGate.setAge('minor'));
  await page.getByRole('contentinfo').getByRole('link', { name: 'Cookie 设置' }).click();
  const prefs = preferences(ui);
  await prefs.getByRole('switch', { name: '统计分析' }).click();
  await expect(prefs.getByRole('switch', { name: '百度统计' })).toBeEnabled();
  await expect(prefs.getByRole('switch', { name: 'Google Analytics' })).toBeDisabled();
  await expect(prefs.getByRole('listitem').filter({ hasText: 'Google Analytics' })).toContainText('未成年人不可开启');
});

test('删除我的兴趣标签 sends a receipt the back end acts on', async ({ page, ui, request }) => {
  await page.goto('/');
  await banner(ui).getByRole('button', { name: '设置' }).click();
  await preferences(ui).getByRole('button', { name: '删除我的兴趣标签' }).click();
  await expect(preferences(ui)).toContainText('已收到删除请求');
  // Regression: Shift+Tab from the confirmation that took the button's focus wrapped to the dialog's last control
  // (保存设置), as if the focus were on the dialog itself; it goes back to the control before it.
  const said = preferences(ui).getByText('已收到删除请求，我们会尽快处理。');
  await expect(said).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(preferences(ui).getByRole('switch', { name: '个性化推荐与广告' })).toBeFocused();
  const { consentId } = await state(page);
  await expect.poll(async () => (await receipts(request, [consentId])).map(r => r.action)).toContain('delete-interests');
});

test('a receipt the endpoint did not take is kept and sent again, once, on the next page (#13.5)', async ({ page, ui, request }) => {
  let refused = 0;
  await page.route('**/receipts', route => (route.request().method() == 'POST' && ++refused == 1 ? route.fulfill({ status: 503 }) : route.fallback()));
  await page.goto('/');
  await banner(ui).getByRole('button', { name: '全部拒绝' }).click();
  const { consentId } = await state(page);
  await expect.poll(() => refused).toBe(1);
  expect(await receipts(request, [consentId])).toEqual([]);
  await page.reload();
  await expect.poll(async () => (await receipts(request, [consentId])).map(r => r.action)).toEqual(['reject-all']);
  expect(await outbox(page)).toEqual([]);
});
