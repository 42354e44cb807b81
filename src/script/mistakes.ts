/**
 * `mistakes.js` beside `consent-gate.min.js`: the words for the integration mistakes the bundle finds as the page starts
 * (SPEC §9: an integration mistake says what to fix). The bundle finds them; this file, asked for only where there is
 * one, says them, so that no other visitor downloads the words (src/script.ts):
 * - a config element that is not JSON: where in it the mistake is (json-mistake.ts);
 * - gated markup that Consent Gate never reads as meant (markup-mistakes.ts).
 */
import { jsonMistake } from './json-mistake.js';

export { markupMistakes } from './markup-mistakes.js';

/** The message for the text of a config element the bundle could not parse, or `undefined` where it parses now. */
export function explain(text: unknown): string | undefined {
  try {
    JSON.parse(text as string);
  } catch (error) {
    return `consent-gate: #consent-gate-config is not valid JSON ${jsonMistake(text as string, (error as Error).message)}`;
  }
}
