import { consentState, expect, test } from './ui-fixtures.js';

// SPEC §7.2: the npm `createConsentGate(config, { presets })` mounts the UI too; its views and languages load as
// import() chunks; the presets the app imports carry their own 清单 text, and no other vendor reaches the page.

test('the npm build mounts the UI and loads views and languages as chunks', async ({ page, ui }) => {
  const chunks: string[] = [];
  page.on('request', request => request.url().includes('/dist/chunks/') && chunks.push(new URL(request.url()).pathname));
  await page.goto('/ui/esm.html');
  await expect(ui.getByRole('dialog', { name: 'How we use cookies' })).toBeVisible();
  expect(chunks.some(path => /\/en-[\w-]+\.js$/.test(path))).toBe(true);
  expect(chunks.some(path => path.includes('preferences'))).toBe(false);
  // The UI entry carries no catalogue: a vendor the app did not import (Baidu) is in nothing the page loads.
  for (const path of [...chunks, '/dist/index.js']) expect(await (await page.request.get(path)).text()).not.toContain('hm.baidu.com');
  await ui.getByRole('button', { name: 'Settings' }).click();
  const preferences = ui.getByRole('dialog', { name: 'Cookie settings' });
  await expect(preferences).toBeVisible();
  expect(chunks.some(path => path.includes('preferences'))).toBe(true);
  await expect(preferences.locator('[role=switch][data-service="weibo-share"]')).toBeVisible();
  await expect(preferences).toContainText('北京微梦创科网络技术有限公司');
  await preferences.getByRole('switch', { name: 'Social sharing' }).click();
  await preferences.getByRole('button', { name: 'Save settings' }).click();
  expect((await consentState(page)).categories.share).toBe(true);
});
