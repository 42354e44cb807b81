import { banner, expect, state, test } from './demo-fixtures.js';

// Share buttons on the QA demo (SPEC §2 分享功能基于您的明确授权同意, §6.4): a click without the `share` grant asks
// in context, naming the service and its provider; cancel does nothing; allow loads that service's SDK and the
// share goes on. The grant covers that service only: the next service asks again.

test('share click without the grant: a dialog asks; cancel does nothing; allow loads the share SDK and the share proceeds', async ({ page, context, ui, trackers }) => {
  await page.goto('/');
  await expect(banner(ui)).toBeVisible();
  const wechat = page.getByRole('button', { name: '微信' });
  const ask = ui.getByRole('dialog', { name: '需要您的同意' });
  const status = page.locator('#share-status'); // role="status", hidden while empty

  await wechat.click();
  await expect(ask).toContainText('“微信 JS-SDK”由第三方提供，需经您同意才能使用。');
  await expect(ask).toContainText('深圳市腾讯计算机系统有限公司');
  await expect(ask).toContainText('分享的链接、标题和图片');
  await ask.getByRole('button', { name: '取消' }).click();
  await expect(ask).toBeHidden();
  await expect(banner(ui)).toBeVisible(); // still undecided: the banner is back
  expect((await state(page)).categories.share).toBe(false);
  await expect(status).toBeEmpty();
  expect(trackers.requests).toEqual([]);

  await wechat.click();
  await ask.getByRole('button', { name: '允许' }).click();
  await expect(status).toHaveText('微信分享已就绪：请用微信“扫一扫”分享本页（演示）。');
  expect(trackers.requests).toEqual(['res.wx.qq.com/open/js/jweixin-1.6.0.js']); // once: the template and the click share it
  let s = await state(page);
  expect([s.categories.share, s.services['wechat-jssdk'], s.services['xiaohongshu-share'], s.decision?.action]).toEqual([true, true, false, 'contextual']);

  // Another service of the category asks again; allowing it loads its SDK and runs the share.
  await page.getByRole('button', { name: '小红书' }).click();
  await expect(ask).toContainText('“小红书分享”由第三方提供');
  await ask.getByRole('button', { name: '允许' }).click();
  await expect(status).toHaveText('已打开小红书分享（演示）。');
  await expect(page.locator('#qa [data-qa="activity"]')).toContainText('小红书分享: 我图网 · 国潮海报背景 已运行');

  // A share link opening a new window: cancel opens nothing; allow opens it (inside the click on "允许").
  const weibo = page.getByRole('link', { name: '微博' });
  const opened: string[] = [];
  context.on('page', popup => opened.push(popup.url()));
  await weibo.click();
  await ask.getByRole('button', { name: '取消' }).click();
  await expect(ask).toBeHidden();
  await weibo.click();
  const popup = context.waitForEvent('page');
  await ask.getByRole('button', { name: '允许' }).click();
  expect((await popup).url()).toContain('/vendor/service.weibo.com/share/share.php?url=https%3A%2F%2Fwww.ooopic.com%2F');
  expect(opened).toHaveLength(1);
  expect(trackers.count('service.weibo.com')).toBe(1);
  // Granted now: the next click shares at once, without asking.
  const again = context.waitForEvent('page');
  await weibo.click();
  await again;
  await expect(ask).toBeHidden();
  s = await state(page);
  expect([s.services['weibo-share'], s.services['qq-share']]).toEqual([true, false]);
});
