import type { Page } from '@playwright/test';
import { expect, test } from './ui-fixtures.js';

// SPEC §10: a language other than the page's default may come as a second file only when it is requested in
// parallel with the script tag's file. A page includes it beside the bundle; the SDK then uses that file instead
// of asking for it once the bundle runs.

/** Serves an en page whose head holds `head`, and counts the requests for dist/i18n/en.js (answered, missing or held). */
async function enPage(page: Page, head: string, languageFile: 'ok' | 'missing' | Promise<void> = 'ok') {
  const requests: number[] = [];
  await page.route('**/dist/i18n/en.js', async route => {
    requests.push(Date.now());
    if (languageFile instanceof Promise) await languageFile;
    return languageFile === 'missing' ? route.fulfill({ status: 404, body: 'not found' }) : route.continue();
  });
  await page.route('**/language-file.html', route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>en</title>${head}</head><body><main><h1>ooopic</h1></main></body></html>`,
    }),
  );
  // Not until `load`: a language file held open holds the page's load event back too.
  await page.goto('/language-file.html', { waitUntil: 'domcontentloaded' });
  return requests;
}

test("the page's own language file, included before the bundle, is used: one request, the banner in English", async ({ page, ui }) => {
  const requests = await enPage(page, '<script src="/dist/i18n/en.js" async></script><script src="/dist/consent-gate.min.js"></script>');
  await expect(ui.getByRole('dialog', { name: 'How we use cookies' })).toBeVisible();
  await page.waitForLoadState('load');
  expect(requests).toHaveLength(1);
});

test("the page's own language file, still downloading when the bundle runs, is awaited, not asked for twice", async ({ page, ui }) => {
  let release = () => {};
  const held = new Promise<void>(resolve => (release = resolve));
  const requests = enPage(page, '<script src="/dist/i18n/en.js" async></script><script src="/dist/consent-gate.min.js"></script>', held);
  // The bundle has run (the page is still loading: the held file keeps its load event back).
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { ConsentGate?: unknown }).ConsentGate).catch(() => 'navigating')).toBe('object');
  release();
  await expect(ui.getByRole('dialog', { name: 'How we use cookies' })).toBeVisible();
  await page.waitForLoadState('load');
  expect(await requests).toHaveLength(1);
});

test('without the page including it, the bundle asks for the language file itself', async ({ page, ui }) => {
  const requests = await enPage(page, '<script src="/dist/consent-gate.min.js"></script>');
  await expect(ui.getByRole('dialog', { name: 'How we use cookies' })).toBeVisible();
  expect(requests).toHaveLength(1);
});

test('a language file the page included but could not load: asked for again, the zh-CN copy meanwhile', async ({ page, ui }) => {
  const requests = await enPage(page, '<script src="/dist/i18n/en.js"></script><script src="/dist/consent-gate.min.js"></script>', 'missing');
  // The file failed before the bundle ran: the SDK asks for it itself (twice: one retry), then keeps its zh-CN copy.
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible({ timeout: 8000 });
  await expect.poll(() => requests.length, { timeout: 8000 }).toBe(3);
});

// The zh-CN copy shown in place of a language file that failed was marked as that language (lang="en" on the host):
// a screen reader read the Chinese with an English voice (WCAG 3.1.1, 3.1.2), and the preferences mixed the two.
test('regression: a language file that failed leaves the zh-CN copy marked zh-CN, its views in zh-CN too', async ({ page, ui }) => {
  await enPage(page, '<script src="/dist/consent-gate.min.js"></script>', 'missing');
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible({ timeout: 8000 });
  await expect(ui).toHaveAttribute('lang', 'zh-CN');
  await ui.getByRole('button', { name: '设置', exact: true }).click();
  await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  await expect(ui.getByRole('switch', { name: '统计分析' })).toBeVisible();
});

// A language file that hangs (a stalled connection, held open by the browser for minutes) held the banner back for as
// long: no banner, so no way to decide, on every page of an English visitor while the CDN stalled.
test('regression: a language file that never arrives leaves the banner in zh-CN after a few seconds, marked zh-CN', async ({ page, ui }) => {
  await page.addInitScript(() => {
    const queue: unknown[] = ((window as unknown as { ConsentGate?: unknown[] }).ConsentGate = []);
    queue.push((cg: { on(event: string, fn: (e: { message: string }) => void): void }) =>
      cg.on('error', e => ((window as unknown as { told?: string[] }).told ??= []).push(e.message)),
    );
  });
  const requests = await enPage(page, '<script src="/dist/consent-gate.min.js"></script>', new Promise<void>(() => {}));
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible({ timeout: 10_000 });
  await expect(ui).toHaveAttribute('lang', 'zh-CN');
  expect(requests.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { told?: string[] }).told)).toEqual([expect.stringContaining('i18n/en.js did not arrive within 5 s')]);
});

// Regression (language probe): an SPA that set <html lang> from its own boot script, after the SDK in <head> had read
// it, showed an English page a Chinese banner; a later switch of language left the UI in the old one.
test('regression: lang "auto" follows an <html lang> the page sets after the SDK started, and a later switch', async ({ page, ui }) => {
  await page.route('**/spa-language.html', route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>spa</title><script src="/dist/consent-gate.min.js"></script></head>
<body><main><h1>ooopic</h1></main><script>document.documentElement.lang = 'en'</script></body></html>`,
    }),
  );
  await page.goto('/spa-language.html');
  await expect(ui.getByRole('dialog', { name: 'How we use cookies' })).toBeVisible();
  await expect(page.locator('#consent-gate')).toHaveAttribute('lang', 'en');
  await page.evaluate(() => (document.documentElement.lang = 'zh-TW'));
  await expect(ui.getByRole('dialog', { name: '我們如何使用 Cookie' })).toBeVisible();
  await expect(page.locator('#consent-gate')).toHaveAttribute('lang', 'zh-TW');
  await ui.getByRole('button', { name: '全部拒絕' }).click();
  await expect(ui.getByRole('dialog', { name: '我們如何使用 Cookie' })).toBeHidden();
});

// An open view is made again in the new language: the opener it was to give the focus back to was lost with the old
// one, and Escape then left the focus on <body> (WCAG 2.4.3). The floating button kept the old language's name.
test('regression: a language switch with a view open keeps where its focus goes back to; the floating button is renamed', async ({ page, ui }) => {
  await page.route('**/spa-language.html', route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>spa</title>
<script type="application/json" id="consent-gate-config">{ "ui": { "floatingButton": true } }</script>
<script src="/dist/consent-gate.min.js"></script></head><body><main><h1>ooopic</h1></main></body></html>`,
    }),
  );
  await page.goto('/spa-language.html');
  const settings = ui.getByRole('button', { name: 'Settings', exact: true });
  await settings.focus();
  await page.keyboard.press('Enter');
  await expect(ui.getByRole('dialog', { name: 'Cookie settings' })).toBeVisible();
  await page.evaluate(() => (document.documentElement.lang = 'zh-TW'));
  await expect(ui.getByRole('dialog', { name: 'Cookie 設定' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ui.getByRole('dialog', { name: 'Cookie 設定' })).toBeHidden();
  await expect(ui.getByRole('dialog', { name: '我們如何使用 Cookie' }).getByRole('button', { name: '設定', exact: true })).toBeFocused();

  await ui.getByRole('button', { name: '全部拒絕' }).click();
  const floating = ui.getByRole('button', { name: 'Cookie 設定' });
  await floating.focus();
  await page.keyboard.press('Enter');
  await expect(ui.getByRole('dialog', { name: 'Cookie 設定' })).toBeVisible();
  await page.evaluate(() => (document.documentElement.lang = 'en'));
  await expect(ui.getByRole('dialog', { name: 'Cookie settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ui.getByRole('button', { name: 'Cookie settings' })).toBeFocused();
});

// WCAG 3.1.2 Language of Parts: the legal names stay in Chinese in every language (they are what a complaint or a
// contract names), and an English voice read them spelt out or not at all.
test('regression: in the English UI the Chinese legal names are marked zh-CN: the operator, each provider, the guardian\'s contact', async ({ page, ui }) => {
  await page.goto('/ui/en.html');
  const banner = ui.getByRole('dialog', { name: 'How we use cookies' });
  await expect(banner).toBeVisible();
  const chinese = (scope: typeof ui) => scope.locator('[lang="zh-CN"]').allTextContents();
  expect(await chinese(banner)).toEqual(['上海我图网络科技有限公司']);
  await expect(banner.locator('p.m')).toHaveText(/^Personal information handler: 上海我图网络科技有限公司 \(021-38760448/);

  await page.evaluate(() => (window as unknown as { ConsentGate: { show(view: string): void } }).ConsentGate.show('services'));
  const list = ui.getByRole('dialog', { name: 'Third-party SDK providers' });
  await expect(list).toBeVisible();
  const providers = await chinese(list);
  expect(providers).toEqual(expect.arrayContaining(['北京百度网讯科技有限公司', '友盟同欣（北京）科技有限公司', '北京微梦创科网络技术有限公司', '行吟信息科技（上海）有限公司']));
  // Nothing English is marked Chinese, and no Chinese is left unmarked.
  expect(providers.every(text => /^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+$/.test(text))).toBe(true);
  const unmarked = await list.evaluate(dialog => {
    const walker = document.createTreeWalker(dialog, NodeFilter.SHOW_TEXT);
    const found: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      if (/[\u3400-\u9fff]/.test(node.nodeValue!) && !node.parentElement!.closest('[lang="zh-CN"]')) found.push(node.nodeValue!);
    return found;
  });
  expect(unmarked).toEqual([]);

  await page.evaluate(() => (window as unknown as { ConsentGate: { setAge(age: string): void; show(view: string): void } }).ConsentGate.setAge('child'));
  await page.evaluate(() => (window as unknown as { ConsentGate: { show(view: string): void } }).ConsentGate.show('guardian'));
  const guardian = ui.getByRole('dialog', { name: 'For parents and guardians: your child’s personal information' });
  await expect(guardian).toBeVisible();
  expect(await chinese(guardian)).toContain('上海我图网络科技有限公司');
});
