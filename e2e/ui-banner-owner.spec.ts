import { banner, events, expect, preferences, state, test } from './demo-fixtures.js';

/**
 * #9.1 (blocker): the banner stayed after the visitor answered it whenever another view had been opened and closed
 * first — the decision was stored, trackers loaded underneath, but the banner stayed, no `hide` fired and nothing was
 * announced. The controller now owns what is shown (`get().banner`, `get().view`) and the UI only renders it. Each
 * path the issue lists, then each answer: the banner goes, `hide` fires for it, the status region says so.
 */
const paths: Array<[string, (page: import('@playwright/test').Page, ui: import('@playwright/test').Locator) => Promise<void>]> = [
  ['设置, closed with ×', async (_page, ui) => {
    await banner(ui).getByRole('button', { name: '设置' }).click();
    await preferences(ui).getByRole('button', { name: '关闭' }).click();
  }],
  ['设置, closed with Esc', async (page, ui) => {
    await banner(ui).getByRole('button', { name: '设置' }).click();
    await expect(preferences(ui)).toBeVisible();
    await page.keyboard.press('Escape');
  }],
  ['未成年人保护说明, closed', async (_page, ui) => {
    await banner(ui).getByRole('button', { name: '未成年人保护说明' }).click();
    await ui.getByRole('dialog', { name: '未成年人个人信息保护' }).getByRole('button', { name: '关闭' }).click();
  }],
  ['a share request, cancelled', async (page, ui) => {
    await page.locator('#share-wechat').click();
    await ui.getByRole('dialog', { name: '需要您的同意' }).getByRole('button', { name: '取消' }).click();
  }],
  ['a share request, allowed', async (page, ui) => {
    await page.locator('#share-xhs').click();
    await ui.getByRole('dialog', { name: '需要您的同意' }).getByRole('button', { name: '允许' }).click();
  }],
  ['the footer\'s data-consent-open link, closed', async (page, ui) => {
    await page.getByRole('contentinfo').getByRole('link', { name: 'Cookie 设置' }).click();
    await preferences(ui).getByRole('button', { name: '关闭' }).click();
  }],
];

for (const [path, open] of paths) {
  for (const answer of ['全部拒绝', '全部接受']) {
    test(`after ${path}, ${answer} in the banner closes it, fires hide and says so`, async ({ page, ui }) => {
      await page.goto('/');
      await expect(banner(ui)).toBeVisible();
      await open(page, ui);
      await expect(ui.getByRole('dialog', { includeHidden: false }).and(ui.locator('dialog'))).toHaveCount(0);
      await expect(banner(ui)).toBeVisible();
      // Refusing what an allowed share already loaded is a withdrawal: the page reloads once (SPEC §6.3).
      const withdrawal = path.endsWith('allowed') && answer == '全部拒绝';
      const reloaded = withdrawal ? page.waitForEvent('load') : undefined;
      await banner(ui).getByRole('button', { name: answer }).click();
      await reloaded;
      await expect(banner(ui)).toHaveCount(0);
      if (!withdrawal) await expect(ui.getByRole('status')).toHaveText('已保存您的选择。');
      const s = await state(page);
      expect([s.banner, s.view, s.decided, s.decision?.action]).toEqual([false, undefined, true, answer == '全部接受' ? 'accept-all' : 'reject-all']);
      await expect.poll(async () => (await events(page)).filter(e => e.name == 'hide').map(e => e.detail)).toContain('banner');
    });
  }
}

test('after a view was opened and closed in this tab, a decision in another tab closes the banner here too', async ({ page, context, ui }) => {
  await page.goto('/');
  await banner(ui).getByRole('button', { name: '设置' }).click();
  await preferences(ui).getByRole('button', { name: '关闭' }).click();
  const other = await context.newPage();
  await other.goto('/');
  await banner(other.locator('#consent-gate')).getByRole('button', { name: '全部拒绝' }).click();
  await expect(banner(ui)).toHaveCount(0);
  expect((await state(page)).decided).toBe(true);
  await other.close();
});
