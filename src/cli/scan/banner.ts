import type { Page } from 'playwright-core';
import { ScanStepError, sdkFileError } from './describe-failure.js';
import { isBundle, type SdkFileFailure } from './watch-sdk-files.js';

/**
 * The SDK's UI hooks (SPEC §8, contract): buttons with `data-action` inside the open shadow root of
 * `<div id="consent-gate">`. Playwright's CSS engine pierces open shadow roots, so one selector reaches them
 * whatever the SDK's internal markup becomes.
 */
export const actionSelector = (action: 'accept-all' | 'reject-all') => `#consent-gate [data-action="${action}"]`;

/** Whether a decision button shows now (the banner, or a view with the same buttons). */
export async function isBannerVisible(page: Page): Promise<boolean> {
  const buttons = page.locator(`${actionSelector('accept-all')}, ${actionSelector('reject-all')}`).filter({ visible: true });
  return (await buttons.count().catch(() => 0)) > 0;
}

/**
 * Waits for a decision button. A page without the SDK at all fails at once (waiting would only spend the
 * timeout), and so does one whose SDK refused its config (its fail-closed controller, whose `config` is undefined,
 * shows no banner by design), or whose SDK bundle answered an error (`sdkFiles`: the SDK's files that failed so far);
 * a page with it, its queue or its config gets until `timeoutMs` (the SDK or its UI may load late, or on demand from
 * a slow server).
 */
export async function waitForBanner(
  page: Pick<Page, 'evaluate' | 'locator'>,
  action: 'accept-all' | 'reject-all',
  timeoutMs: number,
  sdkFiles: () => SdkFileFailure[] = () => [],
): Promise<void> {
  const sdk = await page
    .evaluate(() => {
      const { ConsentGate: controller, consentGateConfig } = window as unknown as { ConsentGate?: unknown; consentGateConfig?: unknown };
      const live = typeof controller === 'object' && controller !== null && !Array.isArray(controller);
      // The fail-closed controller has `config: undefined` (src/core/closed.ts).
      if (live && (controller as { config?: unknown }).config == null) return 'closed';
      // A queue (\`ConsentGate = []\`) or the page's config says the SDK is coming, loaded late or on demand.
      const coming = Array.isArray(controller) || consentGateConfig !== undefined || document.getElementById('consent-gate-config');
      return live ? 'sdk' : document.getElementById('consent-gate') || coming ? 'coming' : 'none';
    })
    .catch(() => 'sdk');
  // The bundle answered an error: a page that only has the SDK's config or queue will not get it however long we wait.
  if (sdk != 'sdk' && sdk != 'closed' && sdkFiles().some(file => isBundle(file.url))) throw sdkFileError(sdkFiles(), 'no consent banner');
  if (sdk == 'none') {
    throw new ScanStepError('no-banner', 'no consent banner: the page has no #consent-gate element and no window.ConsentGate (is the SDK on it?)');
  }
  if (sdk == 'closed') {
    throw new ScanStepError('no-banner', "no consent banner: the SDK refused the page's config and runs fail closed (nothing optional runs, no banner); the page's console error \"consent-gate: config.…\" names the path to fix");
  }
  try {
    await page.locator(actionSelector(action)).filter({ visible: true }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new ScanStepError('no-banner', `no consent banner: no visible [data-action="${action}"] in #consent-gate within ${timeoutMs} ms`);
    }
    throw error;
  }
}

/** Clicks the banner's button as a visitor would (a real, trusted click). */
export async function clickAction(page: Page, action: 'accept-all' | 'reject-all', timeoutMs: number, sdkFiles?: () => SdkFileFailure[]): Promise<void> {
  await waitForBanner(page, action, timeoutMs, sdkFiles);
  await page.locator(actionSelector(action)).filter({ visible: true }).first().click({ timeout: timeoutMs });
}
