import { expect, test, type Page } from '@playwright/test';
import { normalizeConfig } from '../src/core/config.js';
import { CATALOGUE } from '../src/presets/catalogue.js';

// SPEC §9 and §10: the bundle's config check carries no words (rollup.config.ts, configWords('drop')); a refused
// config is said in full by config-check.js, the same check with its words, which only such a page asks for.

declare global {
  interface Window {
    ConsentGate: import('../src/core/types.js').ConsentGate;
    heard: string[];
  }
}

const PAGE = '/api/config-words.html';

/**
 * A page whose config element holds `config` (or, with `global`, a script setting `window.consentGateConfig`),
 * listening for `error` from the start (the queue), with `before` and `after` markup around the SDK's script.
 */
async function open(
  page: Page,
  config: unknown,
  checkFile: 'served' | 'missing' | 'stalled' = 'served',
  { before = '', after = '', global = false }: { before?: string; after?: string; global?: boolean } = {},
) {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  await page.route(`**${PAGE}`, route =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
${global ? `<script>window.consentGateConfig = ${json};</script>` : `<script type="application/json" id="consent-gate-config">${json}</script>`}
<script>window.heard = []; window.ConsentGate = [gate => gate.on('error', e => window.heard.push(e.kind + ': ' + e.message))];</script>
${before}<script src="/dist/consent-gate.min.js"></script>${after}</head><body><h1>config words</h1></body></html>`,
    }),
  );
  const asked: string[] = [];
  page.on('request', request => /config-check|\/evil\//.test(request.url()) && asked.push(new URL(request.url()).pathname));
  if (checkFile == 'missing') await page.route('**/dist/config-check.js', route => route.fulfill({ status: 404, body: '' }));
  if (checkFile == 'stalled') await page.route('**/dist/config-check.js', () => {});
  const logged: string[] = [];
  // The SDK's own messages (Chromium also logs each 404 it met).
  page.on('console', message => message.type() == 'error' && message.text().startsWith('consent-gate:') && logged.push(message.text()));
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto(PAGE);
  return { asked, logged, errors };
}

/** Drops what `open()` listened for and routed, before the same page opens another config. */
async function forget(page: Page) {
  for (const event of ['console', 'request', 'pageerror'] as const) page.removeAllListeners(event);
  await page.unrouteAll();
}

/** Waits until the page is idle after load twice over: every file the SDK asks for by then has been asked for. */
const settle = (page: Page) =>
  page.evaluate(async () => {
    if (document.readyState != 'complete') await new Promise(resolve => addEventListener('load', resolve, { once: true }));
    for (let i = 0; i < 2; i++) await new Promise(resolve => requestIdleCallback(resolve, { timeout: 2000 }));
    await new Promise(resolve => setTimeout(resolve, 300));
  });

/** What the same check from the source says (the npm build throws exactly this). */
function expected(config: unknown): string {
  try {
    normalizeConfig(config, CATALOGUE);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`not refused: ${JSON.stringify(config)}`);
}

// Each kind of message the check has, JSON-expressible as a page writes it in #consent-gate-config.
const REFUSED: unknown[] = [
  { cookie: { acceptDays: 'abc' } },
  { cookie: { nmae: 'site_consent' } },
  { dnt: 'maybe' },
  { policy: { url: 'javascript:alert(1)' } },
  { policy: { updated: '1 May 2026' } },
  { categories: { pixel: { minors: true } } },
  { categories: { necessary: { tracking: true } } },
  { ui: { theme: { '--cg-accent': 'url(https://tracker.test/x.png)' } } },
  { texts: { fr: { banner: 'Bonjour' } } },
  { services: ['baidu_tongji'] },
  { services: [{ id: 'baidu-tongji', siteid: 'abc' }] },
  { services: [{ id: 'baidu-tongji', siteId: 'https://hm.baidu.com/hm.js?0123456789abcdef0123456789abcdef' }] },
  { services: [{ id: 'own-widget', category: 'marketing' }] },
  { services: [{ id: 'own-stats', catgory: 'analytics' }] },
  { services: [{ id: 'ga', category: 'analytics', src: 'https://www.googletagmanager.com/gtag/js?id=G-1' }] },
  { services: [{ id: 'abroad', category: 'analytics', crossBorder: { country: 'US' } }] },
  { services: [{ id: 'a', category: 'analytics' }, { id: 'a', category: 'share' }] },
];

test.describe('config check: its words come with config-check.js', () => {
  test('a valid config never asks for config-check.js', async ({ page }) => {
    const { asked, logged, errors } = await open(page, { cookie: { acceptDays: 30 } });
    await page.getByRole('button', { name: '全部接受' }).waitFor();
    await settle(page);
    expect(asked).toEqual([]);
    expect(logged).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('each refused config is said once, in the same words as the npm build, to the console and to error listeners', async ({ page }) => {
    for (const config of REFUSED) {
      const message = expected(config);
      const { asked, logged, errors } = await open(page, config);
      await expect.poll(() => logged, JSON.stringify(config)).toEqual([message]);
      await settle(page);
      expect(logged, 'said once').toEqual([message]);
      expect(await page.evaluate(() => window.heard)).toEqual([`config: ${message}`]);
      expect(asked).toHaveLength(1);
      // Closed meanwhile and after: nothing granted, no banner, nothing thrown into the page.
      expect(await page.evaluate(() => [window.ConsentGate.granted('analytics'), window.ConsentGate.get().banner])).toEqual([false, false]);
      expect(await page.evaluate(() => window.ConsentGate.load('analytics', 'https://hm.baidu.com/hm.js').then(() => 'loaded', (e: Error) => e.message))).toBe(message);
      expect(errors).toEqual([]);
      await forget(page);
    }
  });

  test('without config-check.js the bundle still names the path and the value, and says the file is missing', async ({ page }) => {
    for (const config of REFUSED) {
      const message = expected(config);
      const { logged, errors } = await open(page, config, 'missing');
      await expect.poll(() => logged.length, JSON.stringify(config)).toBe(2);
      await settle(page);
      const [missing, said] = logged;
      expect(missing).toMatch(/^consent-gate: http:\/\/127\.0\.0\.1:\d+\/dist\/config-check\.js could not be loaded \(HTTP 404\) — deploy every file of dist\//);
      // The same start (the path, and for a preset the name given) and the same end (the value got) as the full words.
      const path = /^consent-gate: config\S*/.exec(message)![0];
      expect(said!.startsWith(path + ' '), `${said} names ${path}`).toBe(true);
      const got = /, got .*$/.exec(message)?.[0];
      if (got) expect(said).toBe(`${path} is not valid${got}`);
      else expect(message.startsWith(said!), `${message} starts with ${said}`).toBe(true);
      expect(await page.evaluate(() => window.heard)).toEqual([`config: ${said}`]);
      expect(await page.evaluate(() => window.ConsentGate.granted('analytics'))).toBe(false);
      expect(errors).toEqual([]);
      await forget(page);
    }
  });

  test('the bundle carries none of the words, config-check.js all of them', async ({ request }) => {
    const bundle = await (await request.get('/dist/consent-gate.min.js')).text();
    const check = await (await request.get('/dist/config-check.js')).text();
    for (const words of ['a number of days from 1 to 400', 'is not a known preset', 'closest first', 'PIPL Art. 39 requires', 'a colour, a length or a font list']) {
      expect(check).toContain(words);
      if (words != 'is not a known preset') expect(bundle).not.toContain(words);
    }
  });

  // Regression: what the page can do to the words' way in.
  const TERSE = 'consent-gate: config.cookie.acceptDays is not valid, got "abc"';
  const FULL = 'consent-gate: config.cookie.acceptDays must be a number of days from 1 to 400, got "abc"';
  const refused = { cookie: { acceptDays: 'abc' } };

  test('regression: a page that changes its config after the SDK read it gets the words of what was refused, or none', async ({ page }) => {
    const { logged } = await open(page, refused, 'served', {
      global: true,
      after: `<script>consentGateConfig.cookie.acceptDays = 30; consentGateConfig.services = ['baidu_tongji'];</script>`,
    });
    await expect.poll(() => logged).toEqual([TERSE]);
    await settle(page);
    expect(logged).toEqual([TERSE]);
    expect(await page.evaluate(() => window.heard)).toEqual([`config: ${TERSE}`]);
  });

  test('regression: config-check.js that never answers: the bundle\'s own message within 5 s', async ({ page }) => {
    const { logged } = await open(page, refused, 'stalled');
    await expect.poll(() => logged, { timeout: 8000 }).toEqual([TERSE]);
    expect(await page.evaluate(() => window.ConsentGate.load('analytics', 'https://hm.baidu.com/hm.js').then(() => 'loaded', (e: Error) => e.message))).toBe(TERSE);
  });

  test('regression: config-check.js included before the bundle, without its loan: no words of another refusal', async ({ page }) => {
    // Without the loaned categories its words would be "must be one of , got …": the same path and value.
    const { logged } = await open(page, { services: [{ id: 'x', category: 'marketing' }] }, 'served', { before: '<script src="/dist/config-check.js"></script>' });
    await expect.poll(() => logged, { timeout: 8000 }).toEqual(['consent-gate: config.services[0].category is not valid, got "marketing"']);
  });

  test('regression: a page\'s Object.prototype.then neither stops the message nor the error listeners', async ({ page }) => {
    const { logged, errors } = await open(page, refused, 'served', { before: '<script>Object.prototype.then = function () {};</script>' });
    await expect.poll(() => logged, { timeout: 8000 }).toHaveLength(1);
    expect([TERSE, FULL]).toContain(logged[0]);
    // Read as text: the page's `then` makes every object it hands back look like a promise to Playwright too.
    expect(await page.evaluate(() => JSON.stringify(window.heard))).toBe(JSON.stringify([`config: ${logged[0]}`]));
    expect(errors).toEqual([]);
  });

  test('regression: markup named currentScript neither stops the closed gate nor moves where the SDK\'s files load from', async ({ page, baseURL }) => {
    // An unparsable URL made the loader throw out of the fail-closed path: no controller, share links reached the vendor.
    await page.route('https://service.weibo.com/**', route => route.fulfill({ body: 'vendor' }));
    const vendor: string[] = [];
    page.on('request', request => request.url().startsWith('https://service.weibo.com/') && vendor.push(request.url()));
    const share = '<a id="share" href="https://service.weibo.com/share/share.php?url=x" data-consent-request="share" data-service="weibo-share">分享到微博</a>';
    const { logged, errors } = await open(page, refused, 'served', { before: '<img name="currentScript" src="http://[">', after: share });
    await expect.poll(() => logged).toEqual([FULL]);
    expect(await page.evaluate(() => Array.isArray(window.ConsentGate))).toBe(false);
    await page.locator('#share').click();
    await settle(page);
    expect(vendor).toEqual([]);
    expect(errors).toEqual([]);
    await forget(page);
    // With a valid config, an image's URL is no base for the SDK's files: they come from beside the bundle.
    const { asked } = await open(page, { services: ['cnzz'] }, 'served', { before: `<img name="currentScript" src="${baseURL}/evil/x.png">` });
    await page.getByRole('button', { name: '全部接受' }).click();
    await expect.poll(() => page.evaluate(() => window.ConsentGate.granted('analytics'))).toBe(true);
    await settle(page);
    expect(asked.filter(path => path.startsWith('/evil/'))).toEqual(['/evil/x.png']);
  });

  test('regression: markup named addEventListener does not stop the closed gate (invalid config)', async ({ page }) => {
    const { logged, errors } = await open(page, refused, 'served', { before: '<img name="addEventListener">' });
    await expect.poll(() => logged).toEqual([
      'consent-gate: an element named "addEventListener" hides document.addEventListener, so no consent UI can be built: rename it',
      FULL,
    ]);
    expect(await page.evaluate(() => [Array.isArray(window.ConsentGate), window.ConsentGate.granted('analytics')])).toEqual([false, false]);
    expect(errors).toEqual([]);
  });
});
