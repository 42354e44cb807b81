import { expect, test, type Page } from '@playwright/test';

// The script-tag contract of SPEC §7.1 and §7.2, against the built dist/consent-gate.min.js.

declare global {
  interface Window {
    ConsentGate: import('../src/core/types.js').ConsentGate;
    log: string[];
    firstInstance: unknown;
  }
}

/** Collects uncaught page errors: nothing the SDK does may throw into the host page (SPEC §9). */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  return errors;
}

const consentCookie = async (page: Page, name = 'cg_consent') =>
  (await page.context().cookies()).find(cookie => cookie.name === name);

// Regression: a UI of one's own could only record the visitor's clicks as `api` ("the page's code decided"), where
// the SDK's own banner records `accept-all`: its proof of consent said no visitor had chosen.
test("a custom UI's buttons passing the visitor's click record the visitor's action; without it, or with a script's click, api", async ({ page }) => {
  const receipts: string[] = [];
  await page.route('**/receipts', route => (receipts.push(JSON.parse(route.request().postData() ?? '{}').action), route.fulfill({ status: 201, body: '{}' })));
  await page.goto('/api/custom-ui.html');
  await page.waitForFunction(() => window.ConsentGate && !Array.isArray(window.ConsentGate));
  // Each decision applies once decide.js has come (the script tag loads it after the banner): polled.
  const action = () => page.evaluate(() => window.ConsentGate.get().decision?.action);
  const choices = page.getByRole('group', { name: 'Cookie 选择' });
  await choices.getByRole('button', { name: '全部接受', exact: true }).click();
  await expect.poll(action).toBe('accept-all');
  await choices.getByRole('button', { name: '全部拒绝', exact: true }).press('Enter');
  await expect.poll(action).toBe('reject-all');
  await choices.getByRole('button', { name: '仅统计' }).click();
  await expect.poll(action).toBe('save');
  expect(await page.evaluate(() => window.ConsentGate.granted('analytics'))).toBe(true);
  // Regression: React's event object (the browser's in `nativeEvent`), passed as the README shows, was recorded as `api`.
  await choices.getByRole('button', { name: '全部拒绝（React 事件）' }).click();
  await expect.poll(action).toBe('reject-all');
  await choices.getByRole('button', { name: '仅统计' }).click();
  await expect.poll(action).toBe('save');
  // No event passed, a script's click, an event kept from an earlier click, a mouse move: the page's code decided.
  await choices.getByRole('button', { name: '全部接受（不传事件）' }).click();
  await expect.poll(action).toBe('api');
  await page.evaluate(() => document.getElementById('accept')!.click());
  await expect.poll(action).toBe('api');
  await page.evaluate(() => {
    const w = window as unknown as { kept?: Event; moved?: Promise<void> };
    document.addEventListener('click', event => (w.kept = event), { once: true });
    document.addEventListener('mousemove', event => (w.moved = window.ConsentGate.rejectAll(event)), { once: true });
  });
  await page.getByRole('heading').click();
  await page.evaluate(() => window.ConsentGate.acceptAll((window as unknown as { kept: Event }).kept));
  await expect.poll(action).toBe('api');
  await page.mouse.move(5, 5);
  await page.mouse.move(50, 60);
  await page.evaluate(() => (window as unknown as { moved: Promise<void> }).moved);
  await expect.poll(action).toBe('api');
  await expect.poll(() => receipts).toEqual(['accept-all', 'reject-all', 'save', 'reject-all', 'save', 'api', 'api', 'api', 'api']);
});

test.describe('script tag: window.ConsentGate', () => {
  test('acceptAll() writes the consent cookie: first-party, path /, SameSite=Lax, a year; the page\'s call is recorded as `api`', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/api/basic.html');
    await page.evaluate(() => window.ConsentGate.acceptAll());
    const cookie = await consentCookie(page);
    expect(cookie).toBeDefined();
    // Format 3: the default categories as their letters (A analytics … D share), the decision time that of `u` (or,
    // where the call waited for decide.js, `t`: when it was made), the age group unknown (record.ts).
    expect(cookie!.value).toMatch(/^v=3&i=[a-z0-9]{16}&p=2024-04-23&u=\w+&a=api(&t=\w+)?&ex=\w+&c=A\.B\.C\.D&h=\w+$/);
    expect(cookie).toMatchObject({ path: '/', sameSite: 'Lax', secure: false, httpOnly: false });
    // No visitor clicked: the state says so, as the cookie does (SPEC §4).
    expect(await page.evaluate(() => window.ConsentGate.get().decision?.action)).toBe('api');
    const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThan(366);
    expect(errors).toEqual([]);
  });

  test('a reload restores the grants without asking', async ({ page }) => {
    await page.goto('/api/basic.html');
    await page.evaluate(() => window.ConsentGate.save({ categories: { analytics: true, share: false } }));
    await page.addInitScript(() => {
      window.log = [];
      (window.ConsentGate = (window.ConsentGate || []) as never as Window['ConsentGate']).push(cg => {
        cg.on('show', ({ view }) => window.log.push(`show:${view}`));
        cg.on('ready', state => window.log.push(`ready:${state.prompt}:${state.categories.analytics}`));
      });
    });
    await page.reload();
    await page.waitForFunction(() => window.log.length > 0);
    expect(await page.evaluate(() => window.log)).toEqual(['ready:null:true']);
    expect(await page.evaluate(() => [window.ConsentGate.granted('analytics'), window.ConsentGate.granted('share')])).toEqual([true, false]);
  });

  test('a garbage cookie neither throws nor grants, and the next decision replaces it', async ({ page, context, baseURL }) => {
    const errors = watchErrors(page);
    for (const value of ['garbage', 'v=1&c=analytics.share&g=adult&h=0', '%E0%A4%A', 'v=1&i=abcdefgh12345678&p=2024-04-23&u=mkqp&g=adult&__proto__=1&h=1']) {
      await context.clearCookies();
      await context.addCookies([{ name: 'cg_consent', value, url: baseURL! }]);
      await page.goto('/api/basic.html');
      const state = await page.evaluate(() => window.ConsentGate.get());
      expect(state.prompt).toBe('first-visit');
      expect(Object.entries(state.categories).filter(([, on]) => on).map(([id]) => id)).toEqual(['necessary']);
    }
    await page.evaluate(() => window.ConsentGate.rejectAll());
    expect((await consentCookie(page))!.value).toMatch(/&a=api&/);
    expect(errors).toEqual([]);
  });

  test('queued push() functions run once the controller exists, later push() runs at once', async ({ page }) => {
    const errors = watchErrors(page);
    const consoleErrors: string[] = [];
    page.on('console', message => message.type() === 'error' && consoleErrors.push(message.text()));
    await page.goto('/api/queue.html');
    await page.waitForFunction(() => window.log.includes('ready'));
    // `ready` comes in the microtask after the SDK's script: before the next script element runs.
    expect(await page.evaluate(() => window.log)).toEqual(['queued:function', 'after-broken:0.2.0', 'ready', 'later:true']);
    expect(errors).toEqual([]);
    // The page's own bug is shown to its developer, not thrown into the page.
    expect(consoleErrors).toEqual([expect.stringContaining('consent-gate: a queued function threw')]);
    const errorsHeard = await page.evaluate(() => new Promise<string[]>(resolve => {
      const heard: string[] = [];
      window.ConsentGate.on('error', e => heard.push(e.kind));
      window.ConsentGate.push(() => { throw new Error('late bug'); });
      resolve(heard);
    }));
    // What went wrong before anyone listened (the queued bug above) is told to the first error listener, first, then the
    // new one as it happens. The page's missing way to withdraw (`config`) is said once mistakes.js has loaded: before
    // or after this listener came.
    expect(errorsHeard.filter(kind => kind != 'config')).toEqual(['queue', 'queue']);
  });

  test('regression: a queue started again after the SDK (`var ConsentGate = []`) keeps the controller, and its calls run', async ({ page }) => {
    // The page's array took the controller's name, and every call queued into it waited for an SDK that had run.
    const errors = watchErrors(page);
    const warnings: string[] = [];
    page.on('console', message => message.type() === 'warning' && warnings.push(message.text()));
    await page.goto('/api/queue-again.html');
    expect(await page.evaluate(() => window.log)).toEqual(['documented:function', 'in-array:function', 'var-push:function', 'assigned-push:function', 'frozen:function', 'later:true']);
    expect(await page.evaluate(() => typeof window.ConsentGate.get)).toBe('function');
    expect(warnings.filter(text => text.startsWith('consent-gate: a page script set window.ConsentGate to a new queue after the SDK had started'))).toHaveLength(1);
    // A value that is no queue takes the name, as any global would.
    expect(await page.evaluate(() => ((window as unknown as { ConsentGate: unknown }).ConsentGate = 'mine', (window as unknown as { ConsentGate: unknown }).ConsentGate))).toBe('mine');
    expect(errors).toEqual([]);
  });

  test('a queue declared as a global variable before the SDK gets the controller', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/api/queue-var.html');
    expect(await page.evaluate(() => [window.log, typeof window.ConsentGate.get])).toEqual([['queued:function'], 'function']);
    expect(errors).toEqual([]);
  });

  test('a second copy of the script changes nothing: one instance', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/api/twice.html');
    expect(await page.evaluate(() => window.ConsentGate === window.firstInstance)).toBe(true);
    expect(await page.locator('#consent-gate').count()).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  });

  test('config from window.consentGateConfig', async ({ page }) => {
    await page.goto('/api/global-config.html');
    await page.evaluate(() => window.ConsentGate.rejectAll());
    // The renderer hands a written cookie to the browser's store without waiting: read the store until it is there.
    await expect.poll(async () => (await consentCookie(page, 'site_consent'))?.value).toContain('p=v7');
    const cookie = await consentCookie(page, 'site_consent');
    expect((cookie!.expires * 1000 - Date.now()) / 86_400_000).toBeLessThan(31);
  });

  test('an invalid config logs one clear message, grants nothing, and leaves a valid record untouched', async ({ page, context }) => {
    await page.goto('/api/basic.html');
    await page.evaluate(() => window.ConsentGate.acceptAll());
    const before = (await consentCookie(page))!.value;
    const messages: string[] = [];
    page.on('console', message => messages.push(`${message.type()}: ${message.text()}`));
    const errors = watchErrors(page);
    await page.goto('/api/invalid.html');
    // Said in the words of config-check.js, which the page asks for once the bundle has refused its config.
    await expect.poll(() => messages.filter(m => m.includes('consent-gate'))).toEqual([
      'error: consent-gate: config.cookie.acceptDays must be a number of days from 1 to 400, got "abc"',
    ]);
    expect(await page.evaluate(() => [window.ConsentGate.granted('analytics'), window.ConsentGate.granted('share')])).toEqual([false, false]);
    await page.evaluate(() => window.ConsentGate.acceptAll());
    expect((await consentCookie(page))!.value).toBe(before);
    expect(errors).toEqual([]);
    expect(await context.cookies()).toHaveLength(1);
  });

  // Regression (compliance probe): with the default config (no floating button) a page without a data-consent-open
  // control offered no way to change or withdraw consent once the banner had gone (PIPL Art. 15, SPEC §2), unsaid.
  test('a page with no way back to the preferences is told so in the console; one with a data-consent-open link is not', async ({ page }) => {
    const warnings: string[] = [];
    page.on('console', message => message.type() === 'warning' && warnings.push(message.text()));
    const said = 'consent-gate: this page offers no way to change or withdraw consent: add a link with data-consent-open (e.g. "Cookie 设置" in the footer) or set ui.floatingButton';
    await page.route('**/api/no-way-back.html', async route => {
      const basic = await (await route.fetch({ url: route.request().url().replace('no-way-back.html', 'basic.html') })).text();
      await route.fulfill({ contentType: 'text/html; charset=utf-8', body: basic.replace(/<footer>[\s\S]*?<\/footer>/, '') });
    });
    const start = Date.now();
    await page.goto('/api/no-way-back.html');
    await expect.poll(() => warnings.filter(w => w == said).length).toBe(1);
    const took = Date.now() - start;
    // The page with the link, watched twice as long as the warning took to come without it.
    await page.goto('/api/basic.html');
    await page.evaluate(ms => new Promise(resolve => setTimeout(resolve, ms)), took * 2);
    expect(warnings.filter(w => w == said)).toHaveLength(1);
  });

  // The cookie setter does nothing while navigator.cookieEnabled says true: found when the cookie is read back, once
  // the page is idle after the decision (a read inside the click held back the scripts it started).
  test('cookies dropped by a replaced document.cookie: the choice applies in memory for the page, with one warning and no exception', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Document.prototype, 'cookie', { get: () => '', set: () => {}, configurable: true });
    });
    const warnings: string[] = [];
    page.on('console', message => message.type() === 'warning' && warnings.push(message.text()));
    const errors = watchErrors(page);
    await page.goto('/api/basic.html');
    await page.evaluate(() => window.ConsentGate.save({ categories: { share: true } }));
    expect(await page.evaluate(() => window.ConsentGate.granted('share'))).toBe(true);
    await expect.poll(() => page.evaluate(() => [window.ConsentGate.get().persisted, window.ConsentGate.granted('share')])).toEqual([false, true]);
    // The accessor the page replaced is named (the page's to mend); the browser's own, dropping the cookie, is said as
    // cookies being unavailable.
    expect(warnings.filter(w => w.includes('consent-gate'))).toEqual(['consent-gate: document.cookie, replaced by a script of the page, does not show the consent cookie cg_consent; choices apply to this page only']);
    expect(errors).toEqual([]);
  });

  test('a decision in one tab reaches a second tab without reload', async ({ context }) => {
    const first = await context.newPage();
    const second = await context.newPage();
    await first.goto('/api/basic.html');
    await second.goto('/api/basic.html');
    // The listener is in place before the other tab decides (an un-awaited evaluate could arrive after it).
    await second.evaluate(() => {
      window.log = [];
      window.ConsentGate.on('granted', () => window.log.push(`granted:${window.ConsentGate.granted('analytics')}`));
    });
    await first.evaluate(() => window.ConsentGate.acceptAll());
    await expect.poll(() => second.evaluate(() => window.log)).toEqual(['granted:true']);
    expect(await second.evaluate(() => window.ConsentGate.get().prompt)).toBe(null);
  });

  test('each decision posts a receipt the server receives', async ({ page, request, baseURL }) => {
    await page.goto('/api/basic.html');
    const consentId = await page.evaluate(() => window.ConsentGate.get().consentId);
    await page.evaluate(() => {
      window.ConsentGate.save({ categories: { analytics: true } });
      window.ConsentGate.setAge('minor');
    });
    await expect.poll(async () => (await (await request.get('/receipts')).json()).filter((r: { consentId: string }) => r.consentId === consentId).length).toBe(2);
    const mine = (await (await request.get('/receipts')).json()).filter((r: { consentId: string }) => r.consentId === consentId);
    expect(mine.map((r: { action: string }) => r.action)).toEqual(['api', 'age']);
    expect(mine[0]).toMatchObject({ policyVersion: '2024-04-23', categories: { analytics: true, pixel: false }, sdkVersion: '0.2.0', page: `${baseURL}/api/basic.html` });
  });
});

// Regressions (integration probe): an async queued function's rejection was the page's unhandled rejection; a
// non-function queued before the SDK was dropped unsaid, and one pushed after it said "t is not a function"; a config
// saved with a byte-order mark was refused as JSON with an invisible mistake; a second config element was read by
// nobody, unsaid; an SDK loaded as type="module" looked for its files beside the language file included before it.
test.describe('integration mistakes, said or taken as meant', () => {
  const serve = (page: Page, head: string, body = '') =>
    page.route('**/api/mistake.html', route =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>m</title>${head}</head><body><p>page</p>${body}</body></html>` }),
    );
  const consoleOf = (page: Page) => {
    const said: string[] = [];
    page.on('console', message => said.push(`${message.type()}: ${message.text()}`));
    return said;
  };

  test('queued entries: an async function that rejects, and a string, are said, not thrown', async ({ page }) => {
    const errors = watchErrors(page);
    const said = consoleOf(page);
    await serve(page, `<script>(window.ConsentGate = window.ConsentGate || []).push(async function () { throw new Error('async bug'); }, 'acceptAll');</script><script src="/dist/consent-gate.min.js"></script>`);
    await page.goto('/api/mistake.html');
    await page.evaluate(() => (window.ConsentGate.push as (fn: unknown) => void)('rejectAll'));
    await expect.poll(() => said.filter(text => text.includes('a queued function threw')).length).toBe(3);
    expect(said.filter(text => text.includes('ConsentGate.push() takes a function, got "'))).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  test('a config with a byte-order mark is read; a second config element is said', async ({ page }) => {
    const said = consoleOf(page);
    const config = (services: string[]) => `<script type="application/json" id="consent-gate-config">\uFEFF${JSON.stringify({ services })}</script>`;
    await serve(page, `${config(['weibo-share'])}${config(['baidu-tongji'])}<script src="/dist/consent-gate.min.js"></script>`);
    await page.goto('/api/mistake.html');
    expect(await page.evaluate(() => window.ConsentGate.config.services.map(s => s.id))).toEqual(['weibo-share']);
    await expect.poll(() => said).toContain('error: consent-gate: the page has several #consent-gate-config elements: only the first is read');
    expect(said.filter(text => /JSON/.test(text))).toEqual([]);
  });

  // Regression (integration probe): each of these ran on the built-in defaults, which hold no service, and said nothing.
  for (const [name, head, message] of [
    ['a let binding', `<script>let consentGateConfig = { services: ['baidu-tongji'] };</script><script src="/dist/consent-gate.min.js"></script>`, 'error: consent-gate: consentGateConfig is declared with let or const, which the SDK cannot read: set window.consentGateConfig; the built-in defaults apply'],
    ['an element id="consentGateConfig"', `<script type="application/json" id="consentGateConfig">{"services":["baidu-tongji"]}</script><script src="/dist/consent-gate.min.js"></script>`, 'error: consent-gate: an element id="consentGateConfig" is no config (the config element is <script type="application/json" id="consent-gate-config">); the built-in defaults apply'],
    ['a config element with a src', `<script type="application/json" id="consent-gate-config" src="/cfg.json"></script><script src="/dist/consent-gate.min.js"></script>`, 'error: consent-gate: #consent-gate-config is empty (its src is never fetched: write the JSON inside it); the built-in defaults apply'],
    ['a global beside the element', `<script type="application/json" id="consent-gate-config">{}</script><script>window.consentGateConfig = { services: ['baidu-tongji'] };</script><script src="/dist/consent-gate.min.js"></script>`, 'warning: consent-gate: window.consentGateConfig is not read: #consent-gate-config is'],
  ] as const) {
    test(`a config meant but not read is said: ${name}`, async ({ page }) => {
      const said = consoleOf(page);
      await serve(page, head);
      await page.goto('/api/mistake.html');
      await expect.poll(() => said).toContain(message);
      expect(said.filter(text => text.includes('comes after'))).toEqual([]);
    });
  }

  test('a second config element after the SDK is said once the page has parsed', async ({ page }) => {
    const said = consoleOf(page);
    await serve(page, `<script type="application/json" id="consent-gate-config">{"services":["weibo-share"]}</script><script src="/dist/consent-gate.min.js"></script>`, `<script type="application/json" id="consent-gate-config">{"services":["baidu-tongji"]}</script>`);
    await page.goto('/api/mistake.html');
    await expect.poll(() => said).toContain('error: consent-gate: the page has several #consent-gate-config elements: only the first is read');
  });

  // Regression: two templates, each with the SDK's tag and a config of its own. The second copy of the SDK does nothing,
  // so the second config was read by nobody, and what only it held (baidu-tongji) went unheld, unsaid.
  for (const [name, second, message] of [
    ['window.consentGateConfig set again', `<script>window.consentGateConfig = { services: ['baidu-tongji'] };</script>`, "error: consent-gate: window.consentGateConfig was set again after the SDK had read it: only the first config is read (one config per page, before the SDK's <script>)"],
    ['a config element', `<script type="application/json" id="consent-gate-config">{"services":["baidu-tongji"]}</script>`, "error: consent-gate: #consent-gate-config comes after the SDK's <script> and was not read (window.consentGateConfig was): keep one config, first"],
  ] as const) {
    test(`a second template's config after a window.consentGateConfig read is said: ${name}`, async ({ page }) => {
      const said = consoleOf(page);
      const first = `<script>window.consentGateConfig = { services: ['weibo-share'] };</script><script src="/dist/consent-gate.min.js"></script>`;
      await serve(page, `${first}${second}<script src="/dist/consent-gate.min.js?copy=2"></script>`);
      await page.goto('/api/mistake.html');
      expect(await page.evaluate(() => window.ConsentGate.config.services.map(s => s.id))).toEqual(['weibo-share']);
      await expect.poll(() => said).toContain(message);
      expect(said.filter(text => text.startsWith('error: consent-gate'))).toEqual([message]);
    });
  }

  // Regression: a page tidying up after the SDK read its config (`delete`, or set to null) had every visitor download
  // mistakes.js, and the null was said as a second config.
  for (const [how, after] of [['left as it was', ''], ['deleted', '<script>delete window.consentGateConfig;</script>'], ['set to null', '<script>window.consentGateConfig = null;</script>']]) {
    test(`a window.consentGateConfig read, then ${how}, says nothing and asks for no mistakes.js`, async ({ page }) => {
      const said = consoleOf(page);
      await serve(page, `<script>window.consentGateConfig = { services: ['weibo-share'] };</script><script src="/dist/consent-gate.min.js"></script>${after}`, '<a href="#" data-consent-open>Cookie 设置</a>');
      const asked: string[] = [];
      page.on('request', request => asked.push(new URL(request.url()).pathname));
      await page.goto('/api/mistake.html');
      // mistakes.js is asked for once the page has loaded and the browser is idle: idle again after that, it was.
      await page.evaluate(() => new Promise(resolve => requestIdleCallback(() => setTimeout(() => requestIdleCallback(resolve), 300))));
      expect(said.filter(text => text.includes('consent-gate'))).toEqual([]);
      expect(asked.filter(path => path.endsWith('/mistakes.js'))).toEqual([]);
    });
  }

  test('a refused config with a second config element beside it: the refusal is said, then the second element', async ({ page }) => {
    const said = consoleOf(page);
    const config = (services: unknown) => `<script type="application/json" id="consent-gate-config">${JSON.stringify({ services })}</script>`;
    await serve(page, `${config(['no-such-preset'])}${config(['baidu-tongji'])}<script src="/dist/consent-gate.min.js"></script>`);
    await page.goto('/api/mistake.html');
    const second = 'error: consent-gate: the page has several #consent-gate-config elements: only the first is read';
    await expect.poll(() => said).toContain(second);
    const refusal = said.findIndex(text => text.includes('no-such-preset'));
    expect(refusal).toBeGreaterThan(-1);
    expect(refusal).toBeLessThan(said.indexOf(second));
  });

  test('a config element of null is refused as such, not said to come after the SDK', async ({ page }) => {
    const said = consoleOf(page);
    await serve(page, `<script type="application/json" id="consent-gate-config">null</script><script src="/dist/consent-gate.min.js"></script>`);
    await page.goto('/api/mistake.html');
    await expect.poll(() => said.filter(text => text.includes('config must be an object')).length).toBe(1);
    expect(said.filter(text => text.includes('comes after'))).toEqual([]);
  });

  test('an SDK loaded as type="module" says so, and finds its files beside itself, not beside the language file', async ({ page }) => {
    const said = consoleOf(page);
    const asked: string[] = [];
    page.on('request', request => asked.push(new URL(request.url()).pathname));
    await serve(page, '<script src="/dist/i18n/en.js" async></script><script type="module" src="/dist/consent-gate.min.js"></script>');
    await page.goto('/api/mistake.html');
    await page.evaluate(() => window.ConsentGate.acceptAll());
    await expect.poll(() => asked.filter(path => /\/dist\/(decide|cookie)\.js$/.test(path)).length).toBe(2);
    expect(asked.filter(path => path.startsWith('/dist/i18n/') && !/\/(en|zh-TW)(-views)?\.js$/.test(path))).toEqual([]);
    await expect.poll(() => said.some(text => text.includes('this <script> is type="module"'))).toBe(true);
  });
});
