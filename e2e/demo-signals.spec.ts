import { ALL, ALL_GATED, banner, consentCookie, expect, inert, preferences, receipts, state, test } from './demo-fixtures.js';

// Do Not Track and Global Privacy Control on the QA demo (SPEC §5.2): under `respect` the banner says so, accept
// all grants no tracking, an explicit switch does (a recorded exception); under `strict` tracking is locked off;
// GPC counts as the signal; a grant made without the signal is suspended while it is on, then restored.

const DNT_NOTE = '已检测到浏览器开启了“请勿追踪”（DNT），我们不会加载统计与广告追踪，“全部接受”也不会启用。';
const TRACKING = ['analytics', 'personalization', 'pixel'];

test('DNT respect: the banner says so, accept all loads no tracking, an explicit 统计分析 switch does', async ({ page, context, ui, trackers }) => {
  await page.goto('/?dnt=1');
  await expect(banner(ui)).toContainText(DNT_NOTE);
  await banner(ui).getByRole('button', { name: '全部接受' }).click();
  await expect(banner(ui)).toBeHidden();
  // `share` is not a tracking category: accept all grants it, and the WeChat SDK of the share section loads.
  await expect.poll(() => trackers.hosts()).toEqual(['res.wx.qq.com']);
  expect(await inert(page)).toEqual(ALL_GATED.filter(node => !node.startsWith('share')));
  let s = await state(page);
  expect([TRACKING.filter(c => s.categories[c]), s.categories.share, s.forced]).toEqual([[], true, {}]);

  await page.getByRole('contentinfo').getByRole('link', { name: 'Cookie 设置' }).click();
  const prefs = preferences(ui);
  await expect(prefs).toContainText(DNT_NOTE);
  await expect(prefs.getByRole('switch', { name: '统计分析' })).toBeEnabled();
  await prefs.getByRole('switch', { name: '统计分析' }).click();
  await prefs.getByRole('button', { name: '保存设置' }).click();
  await expect.poll(() => trackers.hosts('analytics')).toEqual(ALL.analytics);
  s = await state(page);
  expect([TRACKING.filter(c => s.categories[c]), s.choices.exceptions]).toEqual([['analytics'], ['analytics']]);
  expect(await consentCookie(context)).toMatch(/&x=A&(.*&)?d=1&/); // the exception (A: analytics), and DNT at decision time
  // Partial: Google Analytics waits for its own separate consent (SPEC §5.4).
  await expect(page.locator('#qa [data-qa="grants"]')).toContainText(/analytics \(partial: not every service\) \(DNT exception\)/);
  expect(trackers.hosts('pixel')).toEqual([]);
  expect(trackers.hosts('personalization')).toEqual([]);
});

test("DNT strict (scenario page with dnt: 'strict'): tracking is locked off, share can still be granted", async ({ page, ui, trackers }) => {
  await page.goto('/scenarios/dnt-strict.html?dnt=1');
  await expect(banner(ui)).toContainText(DNT_NOTE);
  await banner(ui).getByRole('button', { name: '设置', exact: true }).click();
  const prefs = preferences(ui);
  for (const name of ['统计分析', '广告监测（信标与像素）']) {
    await expect(prefs.getByRole('switch', { name })).toBeDisabled();
    await expect(prefs.getByRole('switch', { name })).toHaveAttribute('aria-checked', 'false');
  }
  await expect(prefs.locator('#cg-c-analytics')).toContainText('浏览器要求不被追踪（DNT/GPC）');
  await expect(prefs.getByRole('switch', { name: '社交分享' })).toBeEnabled();
  await prefs.getByRole('button', { name: '全部接受' }).click();
  await expect(prefs).toBeHidden();
  const s = await state(page);
  expect([s.forced, s.categories.analytics, s.categories.pixel, s.categories.share]).toEqual([{ analytics: 'dnt', personalization: 'dnt', pixel: 'dnt' }, false, false, true]);
  expect(await inert(page)).toEqual(['analytics/baidu-tongji', 'analytics/cnzz', 'pixel/ocean-engine']);
  expect(trackers.requests).toEqual([]);
  // The same page without the signal: nothing is locked.
  await page.goto('/scenarios/dnt-strict.html');
  expect((await state(page)).forced).toEqual({});
});

test('GPC (switched on in the QA panel): treated as the signal, recorded in the cookie and the receipt', async ({ page, context, ui, trackers, request }) => {
  await page.goto('/');
  await page.locator('#qa [data-qa="gpc"]').check(); // stores the switch and reloads
  // #9.7: GPC alone is named as GPC, not as Do Not Track.
  await expect(banner(ui)).toContainText('已检测到浏览器开启了“全球隐私控制”（GPC），我们不会加载统计与广告追踪，“全部接受”也不会启用。');
  let s = await state(page);
  expect(s.signals).toEqual({ dnt: false, gpc: true });
  await banner(ui).getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => trackers.hosts()).toEqual(['res.wx.qq.com']);
  s = await state(page);
  expect(TRACKING.filter(c => s.categories[c])).toEqual([]);
  expect(await consentCookie(context)).toContain('&gp=1&');
  await expect.poll(async () => (await receipts(request, [s.consentId])).map(r => [r.action, r.gpc])).toEqual([['accept-all', true]]);
});

test('DNT switched on after a grant suspends it, switched off restores exactly what the visitor chose', async ({ page, ui, trackers }) => {
  await page.goto('/');
  await ui.getByRole('button', { name: '设置', exact: true }).click();
  await preferences(ui).getByRole('switch', { name: '统计分析' }).click();
  await preferences(ui).getByRole('switch', { name: '广告监测（信标与像素）' }).click();
  await preferences(ui).getByRole('button', { name: '保存设置' }).click();
  await expect.poll(() => trackers.count('hm.baidu.com/hm.js')).toBe(1);

  await page.locator('#qa [data-qa="dnt"]').check(); // reloads with the signal on
  await expect(ui.getByRole('button', { name: 'Cookie 设置' })).toBeVisible();
  let s = await state(page);
  expect([s.signals.dnt, s.categories.analytics, s.categories.pixel, s.choices.categories]).toEqual([true, false, false, { analytics: true, pixel: true }]);
  expect(await inert(page)).toEqual(ALL_GATED);
  // Regression (QA): the panel showed a suspended choice as the same plain ✘ as a refusal.
  await expect(page.locator('#qa [data-qa="grants"]')).toContainText('analytics (chosen, suspended by DNT/GPC)');
  await expect(page.locator('#qa [data-qa="grants"]')).not.toContainText('personalization (chosen');

  await page.locator('#qa [data-qa="dnt"]').uncheck();
  await expect.poll(() => trackers.count('hm.baidu.com/hm.js')).toBe(2);
  s = await state(page);
  expect([s.signals.dnt, s.categories.analytics, s.categories.pixel, s.categories.personalization]).toEqual([false, true, true, false]);
});
