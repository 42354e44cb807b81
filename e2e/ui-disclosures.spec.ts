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

// The guardian's view lists the third parties a child's information may reach from the 清单 text, and opens without it:
// a failed presets/disclosures.js had left 请监护人确认 leading nowhere, the guardian able neither to agree nor refuse.
for (const failing of [false, true]) {
  test(`the guardian's view ${failing ? 'opens where the 清单 text fails to load' : 'lists the presets a child\'s information may reach'}`, async ({ page, ui }) => {
    if (failing) await page.route('**/dist/presets/disclosures.js', route => route.abort());
    await page.route('**/ui/guardian-list.html', route =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body:
          '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>guardian</title><script type="application/json" id="consent-gate-config">' +
          JSON.stringify({ services: ['baidu-tongji', 'ocean-engine', { id: 'google-analytics', measurementId: 'G-TEST' }, 'weibo-share'] }) +
          '</script><script src="/dist/consent-gate.min.js"></script></head><body><main><h1>我图网</h1></main></body></html>',
      }));
    await page.goto('/ui/guardian-list.html');
    await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
    await page.evaluate(() => {
      const gate = (window as unknown as { ConsentGate: { setAge(group: string): void; show(view: string): void } }).ConsentGate;
      gate.setAge('child');
      gate.show('guardian');
    });
    const dialog = ui.getByRole('dialog', { name: '致监护人：儿童个人信息保护告知' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: '拒绝' })).toBeVisible();
    if (failing) return;
    await dialog.getByText('可能接收儿童个人信息的第三方服务（2项）').click();
    const items = await dialog.locator('details li').allTextContents();
    expect(items).toEqual([expect.stringMatching(/^百度统计（.+）：/), expect.stringMatching(/^微博分享/)]);
  });
}
