/**
 * `config-json.js`: the words for a config element that is not JSON (SPEC §9), with the place of the mistake
 * (json-mistake.ts). The bundle says the engine's message alone; only a page whose config element does not parse asks
 * for this file (src/script.ts: explain), and every other visitor downloads none of it.
 */
import { jsonMistake } from './json-mistake.js';

/** The message for the text of a config element the bundle could not parse, or `undefined` where it parses now. */
export function explain(text: unknown): string | undefined {
  try {
    JSON.parse(text as string);
  } catch (error) {
    return `consent-gate: #consent-gate-config is not valid JSON ${jsonMistake(text as string, (error as Error).message)}`;
  }
}
