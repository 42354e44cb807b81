import type { Page } from '@playwright/test';
import { consentState, expect, test } from './ui-fixtures.js';

// SPEC §8: under `Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'` the UI shows and
// works, on-demand views and languages included, with no `securitypolicyviolation` at all (constructable
// stylesheets, no inline style, no inline script).

/** Records every `securitypolicyviolation` from the first script on. */
const watchViolations = (page: Page) =>
  page.addInitScript(() => {
    const violations: string[] = ((window as unknown as { violations: string[] }).violations = []);
    document.addEventListener('securitypolicyviolation', event => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

test('the violation watch sees a violation (the test can fail)', async ({ page }) => {
  await watchViolations(page);
  await page.goto('/ui/csp-banner.html');
  await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
  await expect.poll(() => violations(page)).toEqual([expect.stringMatching(/^style-src/)]);
});

test('a strict-CSP page shows and operates the UI with zero CSP violations', async ({ page, ui }) => {
  await watchViolations(page);
  const response = await page.goto('/ui/csp-banner.html');
  expect(response!.headers()['content-security-policy']).toBe("default-src 'self'; script-src 'self'; style-src 'self'");

  const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
  await expect(banner).toBeVisible();
  // Styled: the adopted stylesheet applied (a fixed, themed banner), not the browser's defaults.
  expect(await ui.locator('.b').evaluate(element => getComputedStyle(element).position)).toBe('fixed');
  await ui.getByRole('button', { name: '设置', exact: true }).click();
  const preferences = ui.getByRole('dialog', { name: 'Cookie 设置' });
  await expect(preferences).toBeVisible();
  expect(await preferences.evaluate(element => getComputedStyle(element).position)).toBe('fixed');
  await ui.getByRole('switch', { name: '社交分享' }).click();
  await ui.getByRole('button', { name: '保存设置' }).click();
  await expect(preferences).toBeHidden();
  expect((await consentState(page)).categories.share).toBe(true);

  await ui.evaluate(() => (window as unknown as { ConsentGate: { show(view: string): void } }).ConsentGate.show('minor'));
  await ui.getByRole('button', { name: '未满14周岁' }).click();
  await expect(ui.getByRole('dialog', { name: '致监护人：儿童个人信息保护告知' })).toBeVisible();
  await ui.getByRole('button', { name: '拒绝', exact: true }).click();
  await page.getByRole('button', { name: '开启统计' }).click();
  // A child without guardian consent: the request asks the guardian first; refused again, it answers false.
  await ui.getByRole('dialog', { name: '致监护人：儿童个人信息保护告知' }).getByRole('button', { name: '拒绝', exact: true }).click();
  await expect(page.locator('#request-result')).toHaveText('request: false');

  expect(await violations(page)).toEqual([]);
});

test('a strict-CSP page loads a language file too (en)', async ({ page, ui }) => {
  await watchViolations(page);
  // The same strict-CSP page, in English: the route keeps the server's headers, CSP included.
  await page.route('**/ui/csp-banner.html', async route => {
    const response = await route.fetch();
    const body = (await response.text()).replace('<html lang="zh-CN">', '<html lang="en">');
    await route.fulfill({ response, body });
  });
  const response = await page.goto('/ui/csp-banner.html');
  expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(ui.getByRole('dialog', { name: 'How we use cookies' })).toBeVisible();
  await ui.getByRole('button', { name: 'Settings' }).click();
  await expect(ui.getByRole('dialog', { name: 'Cookie settings' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

// Safari and iOS before 16.4 have no constructable stylesheets: the UI takes a `<style>` element there, which this
// CSP refuses. The banner still decides, unstyled, and the console says why and what the page can do.
test('regression: no constructable stylesheets under a strict CSP: the console says the UI is unstyled and why, once; a click still decides', async ({ page, ui }) => {
  const errors: string[] = [];
  page.on('console', message => message.type() === 'error' && message.text().startsWith('consent-gate:') && errors.push(message.text()));
  await page.addInitScript(() => {
    (window as unknown as { CSSStyleSheet: unknown }).CSSStyleSheet = function () {
      throw new TypeError('Illegal constructor');
    };
  });
  await page.goto('/ui/csp-banner.html');
  const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
  await expect(banner).toBeVisible();
  await ui.getByRole('button', { name: '设置', exact: true }).click();
  await expect(ui.getByRole('dialog', { name: 'Cookie 设置' })).toBeVisible();
  await ui.getByRole('button', { name: '全部拒绝' }).last().click();
  await expect.poll(async () => (await consentState(page)).decision?.action).toBe('reject-all');
  expect(errors).toEqual([expect.stringContaining("the page's CSP style-src refuses the consent UI's <style>")]);
});
