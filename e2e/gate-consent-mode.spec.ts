import { expect, test, type Page } from '@playwright/test';
import { encodeFormat1 } from '../test/core/old-formats.js';
import { call, routeVendors, separately, state } from './gate-fixtures.js';

// SPEC §7.4: Google Consent Mode v2 defaults (denied) before any Google tag, an update on each change; the
// optional dataLayer push.

/** The data layer as plain values: gtag commands (Arguments objects) become arrays tagged `gtag`. */
const layer = (page: Page) =>
  page.evaluate(() =>
    ((window as unknown as { dataLayer: unknown[] }).dataLayer ?? []).map(entry =>
      Object.prototype.toString.call(entry) === '[object Arguments]'
        ? ['gtag', ...[...(entry as IArguments)].map(v => (v instanceof Date ? 'date' : v))]
        : entry,
    ),
  );
const DENIED = {
  analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', personalization_storage: 'denied',
  functionality_storage: 'granted', security_storage: 'granted',
};

test('denied defaults before any Google tag; after the analytics grant and Google\'s own separate consent an update, then the tag; ads stay denied', async ({ page, context }) => {
  const vendors = await routeVendors(context);
  await page.goto('/gate/gcm.html');
  await state(page);
  const before = await layer(page);
  expect(before[0]).toEqual(['gtag', 'consent', 'default', DENIED]);
  expect(before.some(entry => Array.isArray(entry) && (entry[1] === 'js' || entry[1] === 'config' || entry[1] === 'event'))).toBe(false);
  expect(vendors.count('googletagmanager.com')).toBe(0);

  await call(page, 'save', { categories: { analytics: true } });
  // Google Analytics sends data abroad: the analytics grant alone does not load it (SPEC §5.4), its own dialog does.
  await page.waitForTimeout(200);
  expect(vendors.count('googletagmanager.com')).toBe(0);
  void page.evaluate(() => (window as unknown as { ConsentGate: { request(c: string, s: string): Promise<boolean> } }).ConsentGate.request('analytics', 'google-analytics'));
  await page.locator('#consent-gate').getByRole('dialog').getByRole('button', { name: '同意', exact: true }).click();
  await expect.poll(() => vendors.count('googletagmanager.com/gtag/js?id=G-TEST123')).toBe(1);
  const after = await layer(page);
  const at = (command: string) => after.findIndex(entry => Array.isArray(entry) && entry[1] === command);
  const update = after.findLastIndex(entry => Array.isArray(entry) && entry[2] === 'update');
  expect(after[update]).toEqual(['gtag', 'consent', 'update', { ...DENIED, analytics_storage: 'granted' }]);
  expect(update).toBeLessThan(at('js'));
  expect(at('js')).toBeLessThan(at('config'));
  expect(after[at('config')]).toEqual(['gtag', 'config', 'G-TEST123']);
  expect(after[at('event')]).toEqual(['gtag', 'event', 'page_tag']);
  expect(update).toBeLessThan(at('event'));
});

test('each change of a signal is an update, each change a consentgate_change event; each Google signal follows a Google service\'s own consent, never "accept all"', async ({ page, context }) => {
  await routeVendors(context);
  await page.goto('/gate/gcm.html');
  await state(page);
  await call(page, 'acceptAll');
  await separately(page, 'analytics', 'google-analytics');
  await separately(page, 'pixel', 'google-ads');
  await call(page, 'save', { categories: { pixel: false } });
  await expect.poll(async () => (await layer(page)).filter(entry => Array.isArray(entry) && entry[2] === 'update').length).toBeGreaterThan(3);
  const entries = await layer(page);
  const updates = entries.filter(entry => Array.isArray(entry) && entry[2] === 'update').map(entry => (entry as unknown[])[3]);
  const ads = { ad_storage: 'granted', ad_user_data: 'granted' };
  expect(updates.slice(-4)).toEqual([
    // The state at start; accept-all changes no signal (both Google services send data abroad and have no 单独同意
    // yet, SPEC §5.4), so it pushes no update (regression, first-hour probe: an update identical to the one before).
    DENIED,
    // Regression (Consent Mode probe): Google Analytics' consent, given for statistics, granted Google every ad
    // signal once 巨量引擎's pixel was accepted.
    { ...DENIED, analytics_storage: 'granted' },
    { ...DENIED, analytics_storage: 'granted', ...ads },
    { ...DENIED, analytics_storage: 'granted' },
  ]);
  const changes = entries.filter(entry => (entry as { event?: string }).event === 'consentgate_change') as Array<{ consentGate: { categories: Record<string, boolean> } }>;
  expect(changes.map(change => change.consentGate.categories.pixel)).toEqual([false, true, true, true, false]);
});

// Regression (a probe of configs changing between visits): the 0.1 SDK's "accept all" granted Google Analytics, which
// sent no data abroad then (format 1), and today's script tag loaded Google's tag from that record, with no 单独同意
// (SPEC §5.4) and no banner. The record's other grants stand; Google's own dialog grants it, and says so in the cookie.
test('regression: a 0.1 accept-all record loads no Google tag until Google Analytics\' own 单独同意, which the next page keeps', async ({ page, context, baseURL }) => {
  const vendors = await routeVendors(context);
  const now = Date.now();
  const value = encodeFormat1({
    format: 1, id: 'abcdefgh12345678', policy: '2024-04-23', updatedAt: now - 86_400_000, decision: { at: now - 86_400_000, action: 'accept-all' },
    categories: { analytics: true, personalization: true, pixel: true, share: true },
    services: { 'google-analytics': true, 'google-ads': true }, exceptions: [], age: 'unknown', youthMode: false, dnt: false, gpc: false,
  });
  await context.addCookies([{ name: 'cg_consent', value, url: baseURL! }]);
  await page.goto('/gate/gcm.html');
  await page.waitForLoadState('networkidle');
  const before = await state(page);
  expect([before.prompt, before.categories.analytics, before.services['google-analytics'], before.services['google-ads']]).toEqual([null, true, false, false]);
  expect(vendors.count('googletagmanager.com')).toBe(0);
  await separately(page, 'analytics', 'google-analytics');
  await expect.poll(() => vendors.count('googletagmanager.com/gtag/js?id=G-TEST123')).toBe(1);
  await page.reload();
  await expect.poll(async () => (await state(page)).services['google-analytics']).toBe(true);
});
