import { consentState, expect, test } from './ui-fixtures.js';

// SPEC §7.2: the npm `createConsentGate(config)` mounts the UI too; its views, languages and the presets' 清单 text
// load as import() chunks.

test('the npm build mounts the UI and loads views and languages as chunks', async ({ page, ui }) => {
  const chunks: string[] = [];
  page.on('request', request => request.url().includes('/dist/chunks/') && chunks.push(new URL(request.url()).pathname));
  await page.goto('/ui/esm.html');
  await expect(ui.getByRole('dialog', { name: 'How we use cookies' })).toBeVisible();
  expect(chunks.some(path => /\/en-[\w-]+\.js$/.test(path))).toBe(true);
  expect(chunks.some(path => path.includes('preferences'))).toBe(false);
  // The presets' 清单 text is a chunk of its own too, loaded with the first view (SPEC §10): no chunk loaded for
  // the banner carries it (it once sat in the shared catalogue chunk, beside the presets' code).
  expect(chunks.some(path => path.includes('disclosures'))).toBe(false);
  for (const path of [...chunks, '/dist/index.js']) expect(await (await page.request.get(path)).text()).not.toContain('北京微梦创科网络技术有限公司');
  await ui.getByRole('button', { name: 'Settings' }).click();
  const preferences = ui.getByRole('dialog', { name: 'Cookie settings' });
  await expect(preferences).toBeVisible();
  expect(chunks.some(path => path.includes('preferences'))).toBe(true);
  await expect.poll(() => chunks.some(path => path.includes('disclosures'))).toBe(true);
  await expect(preferences.locator('[role=switch][data-service="weibo-share"]')).toBeVisible();
  await preferences.getByRole('switch', { name: 'Social sharing' }).click();
  await preferences.getByRole('button', { name: 'Save settings' }).click();
  expect((await consentState(page)).categories.share).toBe(true);
});
