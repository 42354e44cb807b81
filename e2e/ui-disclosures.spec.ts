import { expect, test } from './ui-fixtures.js';

// SPEC §10: the 第三方SDK服务商清单 text of the presets is not part of what a visitor downloads until the banner;
// the script tag loads `presets/disclosures.js` with the first view. In Traditional characters
// for zh-TW visitors.

test('the script tag loads the 清单 text with the first view, in the visitor\'s script', async ({ page, ui }) => {
  const files: string[] = [];
  page.on('request', request => request.url().includes('/dist/') && files.push(new URL(request.url()).pathname));
  await page.goto('/ui/zh-TW.html');
  await expect(ui.getByRole('dialog', { name: '我們如何使用 Cookie' })).toBeVisible();
  expect(files).not.toContain('/dist/presets/disclosures.js');
  await ui.getByRole('button', { name: '設定', exact: true }).click();
  const preferences = ui.getByRole('dialog', { name: 'Cookie 設定' });
  await expect(preferences).toContainText('百度統計');
  await expect(preferences).toContainText('小紅書分享');
  await expect(preferences).not.toContainText('百度统计');
  expect(files).toContain('/dist/presets/disclosures.js');
});
