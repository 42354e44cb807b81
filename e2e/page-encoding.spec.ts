import { expect, test, type Page } from '@playwright/test';

// SPEC §8, §9 on a page in a legacy encoding: many Chinese sites' older templates are GBK (`<meta charset="gbk">`), and
// a CDN often serves JavaScript without a charset (nginx's `application/javascript`). A classic script is then decoded
// in the page's encoding (HTML "prepare the script element": the document's encoding when neither the response nor a
// `charset` attribute names one), and the SDK's Chinese words came out as mojibake. Each test fails on the build before
// its fix.

const config = JSON.stringify({
  reloadOnRevoke: false,
  services: [{ id: 'stats', category: 'analytics', name: 'Stats', provider: 'Stats Inc.', purpose: 'visits', data: 'visits', hosts: ['stats.example'] }],
});

/** A GBK page (its markup ASCII, so no encoder is needed) whose SDK files come as `scriptType`, as from such a CDN. */
async function open(page: Page, path: string, lang = 'zh-CN', scriptType = 'application/javascript') {
  await page.route('**/dist/**/*.js', async route => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': scriptType } });
  });
  await page.route('https://stats.example/**', route => route.fulfill({ contentType: 'text/javascript', body: 'window.__statsRan = (window.__statsRan || 0) + 1;' }));
  await page.route(`**${path}`, route =>
    route.fulfill({
      contentType: 'text/html; charset=gbk',
      body:
        `<!doctype html><html lang="${lang}"><head><meta charset="gbk"><title>gbk</title>` +
        `<script type="application/json" id="consent-gate-config">${config}</script><script src="/dist/consent-gate.min.js"></script></head>` +
        `<body><main><h1>ooopic</h1><a href="#" data-consent-open>Cookie settings</a></main>` +
        `<script type="text/plain" data-consent="analytics" data-service="stats" data-src="https://stats.example/t.js"></script></body></html>`,
    }),
  );
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto(path);
  expect(await page.evaluate(() => document.characterSet)).toBe('GBK');
  return errors;
}

const banner = (page: Page) => page.locator('#consent-gate .b[role="dialog"]');

// Regression: on a GBK page served this way the banner read "鎴戜滑濡備綍浣跨敤 Cookie" and 设置 "璁剧疆".
test('regression: on a GBK page whose CDN names no charset, the banner and the preferences read in Chinese', async ({ page }) => {
  const errors = await open(page, '/legacy/gbk.html');
  await expect(banner(page).getByRole('heading', { name: '我们如何使用 Cookie' })).toBeVisible();
  await banner(page).getByRole('button', { name: '设置', exact: true }).click();
  const preferences = page.getByRole('dialog', { name: 'Cookie 设置' });
  await expect(preferences.getByRole('switch', { name: '统计分析' })).toBeVisible();
  await preferences.getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __statsRan?: number }).__statsRan ?? 0)).toBe(1);
  expect(errors).toEqual([]);
});

// A CDN that names the wrong charset (the site's own, GBK) is overruled by the files' byte order mark as well.
test('regression: on a GBK page whose CDN says the files are GBK, an English page\'s words arrive whole too', async ({ page }) => {
  const errors = await open(page, '/legacy/gbk-en.html', 'en', 'application/javascript; charset=gbk');
  await expect(banner(page)).toBeVisible();
  // The policy's company name stays Chinese, and the contact line is joined by a middle dot, in every language.
  await expect(banner(page)).toContainText('Personal information handler: 上海我图网络科技有限公司 (021-38760448 · tousu@ooopic.com)');
  await banner(page).getByRole('button', { name: /settings/i }).click();
  await expect(page.getByRole('dialog', { name: /cookie settings/i })).toBeVisible();
  expect(errors).toEqual([]);
});

// The demo's GBK page, as `npm start` serves it (QA opens it from the panel's 演示页面): the page in GBK, the SDK's files
// with no charset.
test('the demo\'s GBK page: the page and the banner both read in Chinese, and a choice is kept', async ({ page }) => {
  await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, route => route.abort());
  const bundle = page.waitForResponse(response => response.url().endsWith('/dist/consent-gate.min.js'));
  await page.goto('/untidy/legacy-gbk.html');
  expect((await bundle).headers()['content-type']).toBe('application/javascript');
  expect(await page.evaluate(() => document.characterSet)).toBe('GBK');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('素材详情（GBK 页面）');
  await expect(banner(page).getByRole('heading', { name: '我们如何使用 Cookie' })).toBeVisible();
  await banner(page).getByRole('button', { name: '全部拒绝' }).click();
  await page.reload();
  await expect(page.getByRole('link', { name: 'Cookie 设置' })).toBeVisible();
  await expect(banner(page)).toHaveCount(0);
});
