/**
 * `mistakes.js` beside `consent-gate.min.js`: the words for the integration mistakes the bundle finds as the page starts
 * (SPEC §9: an integration mistake says what to fix). The bundle finds them; this file, asked for only where there is
 * one, says them, so that no other visitor downloads the words (src/script.ts):
 * - a config element that is not JSON: where in it the mistake is (json-mistake.ts);
 * - gated markup that Consent Gate never reads as meant (markup-mistakes.ts);
 * - a page that offers no way to withdraw consent.
 */
import { jsonMistake } from './json-mistake.js';

export { markupMistakes } from './markup-mistakes.js';

/** A page with neither the floating button nor a `data-consent-open` control (src/script.ts). */
export const NO_WAY_BACK = 'this page offers no way to change or withdraw consent: add a link with data-consent-open (e.g. "Cookie 设置" in the footer) or set ui.floatingButton';

/**
 * The message for a config element the bundle could not parse (`terse`: the bundle's own, the engine's reason alone),
 * read again from the page; `undefined` where it says another refusal now, or none (the page changed it since).
 */
export function explain(_config: unknown, terse: string): string | undefined {
  // The prototype's method: markup (user content) may take the name on `document` (SPEC §9).
  const text = Document.prototype.getElementById.call(document, 'consent-gate-config')?.textContent || '{}';
  try {
    JSON.parse(text);
  } catch (error) {
    const { message } = error as Error;
    if (terse.endsWith(`(${message})`)) return `consent-gate: #consent-gate-config is not valid JSON ${jsonMistake(text, message)}`;
  }
}
