import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { routeVendors } from './gate-fixtures.js';

// A staged change of `cookie.domain` (SPEC §4): www. already shares its record on the parent domain ('auto'), m. still
// writes host-only, so m. reads two records of the visitor and www. only its own. Pages on real subdomains
// (*.ooopic.test is mapped to this machine by CHROMIUM_ARGS), answered here; the SDK's files from the test server.

type Sub = 'www' | 'm';
const same: Record<Sub, object> = {
  www: { cookie: { domain: 'auto' }, services: ['baidu-tongji'], reloadOnRevoke: false },
  m: { services: ['baidu-tongji'], reloadOnRevoke: false },
};

async function serve(context: BrowserContext, baseURL: string, configs = same) {
  await routeVendors(context);
  const port = new URL(baseURL).port;
  await context.route(/ooopic\.test:\d+\/dist\//, route => route.fulfill({ path: `.${new URL(route.request().url()).pathname}`, contentType: 'text/javascript' }));
  await context.route(/ooopic\.test:\d+\/staged\.html/, route => {
    const sub = new URL(route.request().url()).hostname.split('.')[0] as Sub;
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${sub}</title>
<script type="application/json" id="consent-gate-config">${JSON.stringify(configs[sub])}</script>
<script src="/dist/consent-gate.min.js"></script></head><body><main><h1>${sub}.</h1></main></body></html>`,
    });
  });
  return (sub: Sub) => `http://${sub}.ooopic.test:${port}/staged.html`;
}

/** The page's state once its SDK has started, and whether its banner asks. */
async function visit(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => window.ConsentGate && !Array.isArray(window.ConsentGate));
  const { decided, consentId, analytics } = await page.evaluate(() => {
    const state = window.ConsentGate.get();
    return { decided: state.decided, consentId: state.consentId, analytics: state.categories.analytics };
  });
  return { decided, consentId, analytics, asks: await page.getByRole('button', { name: '全部接受' }).isVisible() };
}

const copies = async (context: BrowserContext) =>
  (await context.cookies()).filter(c => c.name == 'cg_consent').map(c => c.domain).sort();

// Regression: m. merged the visitor's two accept-alls (its own host-only one, www.'s on the parent domain) under a new
// consent id and removed every copy, so www. showed its banner again after every visit to m.
test("regression: visits to m. (host-only) leave www.'s record on the parent domain: neither asks again, each keeps its id", async ({ context, page, baseURL }) => {
  const at = await serve(context, baseURL!);
  expect(await visit(page, at('m'))).toMatchObject({ decided: false, asks: true });
  await page.getByRole('button', { name: '全部接受' }).click();
  const m = await visit(page, at('m'));
  expect(m).toMatchObject({ decided: true, analytics: true, asks: false });

  // www. cannot read m.'s host-only record: it asks, and its answer goes onto the parent domain.
  expect(await visit(page, at('www'))).toMatchObject({ decided: false, asks: true });
  await page.getByRole('button', { name: '全部接受' }).click();
  const www = await visit(page, at('www'));
  expect(www).toMatchObject({ decided: true, analytics: true, asks: false });
  expect(await copies(context)).toEqual(['.ooopic.test', 'm.ooopic.test']);

  for (let round = 0; round < 2; round++) {
    expect(await visit(page, at('m'))).toEqual({ decided: true, consentId: m.consentId, analytics: true, asks: false });
    expect(await visit(page, at('www'))).toEqual({ decided: true, consentId: www.consentId, analytics: true, asks: false });
  }
  expect(await copies(context)).toEqual(['.ooopic.test', 'm.ooopic.test']);
});

// What a refusal on www. after an accept-all on m. costs while the change is staged: the intersection applies on m. (a
// refusal, which removes every copy it can reach: SPEC §4), so www. asks once more; the same answer there settles both.
test("a refusal on www. takes m.'s grants away there, under m.'s own consent id; once answered again on www., neither asks", async ({ context, page, baseURL }) => {
  const at = await serve(context, baseURL!);
  await visit(page, at('m'));
  await page.getByRole('button', { name: '全部接受' }).click();
  const m = await visit(page, at('m'));
  await visit(page, at('www'));
  await page.getByRole('button', { name: '全部拒绝' }).click();
  expect(await visit(page, at('www'))).toMatchObject({ decided: true, analytics: false, asks: false });
  // Least privilege (SPEC §4): the intersection applies on m., written as m.'s own record again.
  expect(await visit(page, at('m'))).toEqual({ decided: true, consentId: m.consentId, analytics: false, asks: false });
  expect(await copies(context)).toEqual(['m.ooopic.test']);
  expect(await visit(page, at('www'))).toMatchObject({ decided: false, asks: true });
  await page.getByRole('button', { name: '全部拒绝' }).click();
  const www = await visit(page, at('www'));
  for (let round = 0; round < 2; round++) {
    expect(await visit(page, at('m'))).toEqual({ decided: true, consentId: m.consentId, analytics: false, asks: false });
    expect(await visit(page, at('www'))).toEqual({ decided: true, consentId: www.consentId, analytics: false, asks: false });
  }
});

// Regression: subdomains that configure different lists, and a www. that sets the age group from the account, had m.
// take www.'s copy for a disagreement (a service it does not name, an adult beside m.'s unknown visitor) on every visit.
test("different lists and an age group only www. sets: neither asks again, and m. keeps its own service", async ({ context, page, baseURL }) => {
  const at = await serve(context, baseURL!, {
    www: { cookie: { domain: 'auto' }, services: ['baidu-tongji', 'ocean-engine'], reloadOnRevoke: false },
    m: { services: ['baidu-tongji', 'weibo-share'], reloadOnRevoke: false },
  });
  await visit(page, at('m'));
  await page.getByRole('button', { name: '全部接受' }).click();
  const m = await visit(page, at('m'));
  await visit(page, at('www'));
  await page.getByRole('button', { name: '全部接受' }).click();
  await page.evaluate(() => window.ConsentGate.setAge('adult', { source: 'account' }));
  const www = await visit(page, at('www'));
  for (let round = 0; round < 2; round++) {
    expect(await visit(page, at('m'))).toEqual({ decided: true, consentId: m.consentId, analytics: true, asks: false });
    expect(await page.evaluate(() => window.ConsentGate.granted('share', 'weibo-share'))).toBe(true);
    expect(await visit(page, at('www'))).toEqual({ decided: true, consentId: www.consentId, analytics: true, asks: false });
  }
  expect(await copies(context)).toEqual(['.ooopic.test', 'm.ooopic.test']);
});
