import { expect, test } from '@playwright/test';

// STYLE.md: an exports-parity test. The script-tag global and the npm entries (built ESM, loaded through an
// import map) expose the same controller, so script-tag and SPA users never diverge.
const CONTRACT = [
  'acceptAll', 'config', 'destroy', 'get', 'granted', 'hide', 'load', 'on', 'push', 'rejectAll', 'request', 'reset', 'save',
  'setAge', 'setYouthMode', 'show', 'version', 'whenGranted',
];

test('window.ConsentGate, consent-gate and consent-gate/headless expose the same controller', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto('/api/exports.html');
  await page.waitForFunction(() => (window as unknown as { parity?: unknown }).parity);
  const parity = await page.evaluate(() => (window as unknown as { parity: Record<string, unknown> }).parity);
  expect(parity.npm).toEqual(parity.global);
  expect(parity.headless).toEqual(parity.global);
  // #10.6: the controller's internals were public (`decide({…}, 'foo')` stored `a=foo`, `report()` faked errors).
  expect(parity.global).toEqual(CONTRACT);
  expect(parity.frozen).toEqual([true, true, true]);
  expect(parity.internals).toEqual([[], [], []]);
  expect(parity.overwritten).toBe(false);
  expect(parity.mainExports).toEqual(expect.arrayContaining(['createConsentGate']));
  expect(parity.headlessExports).toEqual(expect.arrayContaining(['createConsentGate']));
  expect(parity.unbound).toEqual([true, 'object']);
  expect(parity.presetServices).toEqual([['baidu-tongji', 'analytics', true], ['weibo', 'share', true]]);
  expect(errors).toEqual([]);
});
