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

// #12: the npm entry's guard is opt-in (`consent-gate/guard`, passed to createConsentGate); an SPA route change
// running a vendor's untagged snippet.
test('npm with the guard passed: an SPA route\'s untagged snippet is held until consent, then its script loads', async ({ page, ui }) => {
  const vendor: string[] = [];
  page.on('request', request => new URL(request.url()).hostname === 'hm.baidu.com' && vendor.push(request.url()));
  await page.goto('/ui/esm-guard.html');
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
  await page.getByRole('button', { name: '下一页（SPA 路由）' }).click();
  await expect.poll(async () => (await consentState(page)).held?.['baidu-tongji']?.count).toBe(2);
  expect(vendor).toEqual([]);
  const held = await page.evaluate(() => document.querySelector('script[data-service="baidu-tongji"]')?.getAttribute('type'));
  expect(held).toBe('text/plain');
  await ui.getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => vendor.filter(url => url.includes('/hm.js')).length).toBeGreaterThan(0);
  // Telemetry from before the grant was dropped, not replayed.
  expect(vendor.filter(url => url.includes('/hm.gif?si=0123456789abcdef0123456789abcdef&et=0'))).toEqual([]);
});

test('npm with guard: false the same snippet reaches the vendor (the guard is what stops it)', async ({ page, ui }) => {
  const vendor: string[] = [];
  page.on('request', request => new URL(request.url()).hostname === 'hm.baidu.com' && vendor.push(request.url()));
  await page.goto('/ui/esm-guard.html?guard=off');
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
  await page.getByRole('button', { name: '下一页（SPA 路由）' }).click();
  await expect.poll(() => vendor.length).toBeGreaterThan(0);
});

// SPEC §8: under Trusted Types the npm build creates the SDK's policy too, so activated gated scripts run.
test('npm under Trusted Types: gated scripts, inline and with src, run after the grant with no violation', async ({ page, ui }) => {
  const violations: string[] = [];
  page.on('console', message => /Trusted Type|TrustedScript|require-trusted-types/i.test(message.text()) && violations.push(message.text()));
  const response = await page.goto('/ui/trusted-types-esm.html');
  expect(response!.headers()['content-security-policy']).toContain("require-trusted-types-for 'script'");
  await ui.getByRole('button', { name: '全部接受' }).click();
  await expect.poll(() => page.evaluate(() => [(window as unknown as { __inline?: string }).__inline, (window as unknown as { __src?: string }).__src])).toEqual(['ran', 'ran']);
  expect(violations).toEqual([]);
});

// Regression: a controller created again (hot reload, a framework's double mount) could not create the policy a
// second time, and its gated scripts never ran.
test('npm under Trusted Types: a controller destroyed and created again still runs gated scripts', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', message => /Trusted Type|could not be created/i.test(message.text()) && violations.push(message.text()));
  await page.goto('/ui/trusted-types-esm.html');
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { ConsentGate?: unknown }).ConsentGate)).toBe('object');
  // The page's import map resolves the names; passed in, so that this file compiles before the build.
  await page.evaluate(async ([entry, presets]) => {
    const w = window as unknown as { ConsentGate: { destroy(): void } };
    w.ConsentGate.destroy();
    const { createConsentGate } = await import(entry);
    const { cnzz, weiboShare } = await import(presets);
    const again = createConsentGate({ services: ['weibo-share', 'cnzz'], reloadOnRevoke: false, ui: false }, { presets: [weiboShare, cnzz] });
    await again.acceptAll();
  }, ['consent-gate', 'consent-gate/presets']);
  await expect.poll(() => page.evaluate(() => [(window as unknown as { __inline?: string }).__inline, (window as unknown as { __src?: string }).__src])).toEqual(['ran', 'ran']);
  expect(violations).toEqual([]);
});

test('npm: a controller destroyed and created again five times adopts its stylesheets once, and the banner still shows', async ({ page, ui }) => {
  // Regression: the shadow root outlives destroy() and every mount added its sheets again (2, 4, … 10).
  await page.goto('/ui/esm.html');
  await expect(ui.getByRole('dialog', { name: 'How we use cookies' })).toBeVisible();
  const sheets = () => page.evaluate(() => document.getElementById('consent-gate')!.shadowRoot!.adoptedStyleSheets.length);
  const first = await sheets();
  for (let i = 0; i < 5; i++) {
    await page.evaluate(async () => {
      const w = window as unknown as { ConsentGate: { destroy(): void } };
      w.ConsentGate.destroy();
      // The page's import map resolves them; named by a variable so that the type check does not look for them.
      const entries = ['consent-gate', 'consent-gate/presets'];
      const [{ createConsentGate }, { cnzz, weiboShare }] = await Promise.all(entries.map(entry => import(entry)));
      (window as unknown as { ConsentGate: unknown }).ConsentGate = createConsentGate({ services: ['weibo-share', 'cnzz'], reloadOnRevoke: false }, { presets: [weiboShare, cnzz] });
    });
    await expect(ui.getByRole('dialog', { name: 'How we use cookies' })).toBeVisible();
  }
  expect(await sheets()).toBe(first);
});

test('regression: controllers destroyed and created again are freed, none kept alive by the page\'s document or the shadow root', async ({ page, ui }) => {
  // The shadow root outlives destroy(), and a focus listener left on it held each destroyed controller (its UI, gate,
  // guard, cookie channel and all they read); the document's observer of document.open() held the first one. An app
  // remounted by hot reloads grew by one controller each time.
  await page.goto('/ui/esm-guard.html');
  await expect(ui.getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeVisible();
  for (let i = 0; i < 5; i++) {
    await page.evaluate(async () => {
      const w = window as unknown as { ConsentGate: { destroy(): void } };
      w.ConsentGate.destroy();
      const entries = ['consent-gate', 'consent-gate/guard', 'consent-gate/presets'];
      const [{ createConsentGate }, { networkGuard }, { baiduTongji }] = await Promise.all(entries.map(entry => import(entry)));
      w.ConsentGate = createConsentGate(
        { services: [{ id: 'baidu-tongji', siteId: '0123456789abcdef0123456789abcdef' }], guard: true, reloadOnRevoke: false },
        { presets: [baiduTongji], guard: networkGuard },
      );
    });
    await ui.getByRole('button', { name: '设置', exact: true }).click();
    await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  }
  await page.evaluate(() => {
    const w = window as unknown as { ConsentGate?: { destroy(): void } };
    w.ConsentGate!.destroy();
    delete w.ConsentGate;
  });
  // Each controller has one channel to the other tabs, closed by destroy(): an instance still reachable after garbage
  // collection is a controller something still holds. The gate's idle sweep holds its controller until its timer (2 s).
  const cdp = await page.context().newCDPSession(page);
  const channels = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    // In a group released after counting: the list of instances the protocol hands back holds them too.
    const objectGroup = 'count';
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'BroadcastChannel.prototype', objectGroup });
    const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: result.objectId!, objectGroup });
    const { result: count } = await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId!, functionDeclaration: 'function () { return this.length; }', returnByValue: true });
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup });
    return count.value as number;
  };
  await expect.poll(channels, { timeout: 10_000 }).toBe(0);
});
