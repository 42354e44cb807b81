import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { ConsentState } from '../src/core/types.js';

/** Our own server; any other host is a vendor and is never reached for real. */
const LOCAL = /^(127\.0\.0\.1|localhost|[a-z]+\.ooopic\.test)$/;

export interface UIFixtures {
  /** Uncaught page errors: nothing the SDK does may throw into the host page (SPEC §9). */
  pageErrors: string[];
  /** The UI's host; Playwright's locators pierce its open shadow root. */
  ui: Locator;
}

/** The UI's e2e tests run against the built script tag on the `demo/ui/` pages; vendors are cut off. */
export const test = base.extend<UIFixtures>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    await page.context().route(url => !LOCAL.test(url.hostname), route => route.abort());
    await use(errors);
  },
  ui: async ({ page, pageErrors }, use) => {
    await use(page.locator('#consent-gate'));
    expect(pageErrors).toEqual([]);
  },
});
export { expect };

/** Emulates Do Not Track before any script runs (SPEC §5.2). */
export const withDoNotTrack = (page: Page) =>
  page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }));

/** The controller's state, read in the page. */
export const consentState = (page: Page) =>
  page.evaluate(() => (window as unknown as { ConsentGate: { get(): ConsentState } }).ConsentGate.get());

/** Presses Tab until `target` has focus; fails after `max` presses, as a keyboard user would give up. */
export async function tabTo(page: Page, target: Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate(element => (element.getRootNode() as ShadowRoot | Document).activeElement === element)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** The element focused, through shadow roots: its tag, role, accessible text and whether it sits in a dialog. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return {
      text: active?.getAttribute('aria-label') || active?.textContent?.trim() || '',
      action: (active as HTMLElement | null)?.dataset?.action,
      dialog: active?.closest('dialog')?.getAttribute('aria-labelledby') ? active.closest('dialog')!.querySelector('h2')!.textContent : null,
    };
  });
