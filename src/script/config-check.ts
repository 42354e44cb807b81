/**
 * `config-check.js`: the config check with the words of its messages (SPEC §9). The bundle's copy of the same check
 * is built without them (rollup.config.ts, `configWords`) and refuses the same configs at the same paths; a page whose
 * config it refused loads this file to say why in full. A page with a valid config never asks for it.
 */
import { checkConfig } from '../core/config.js';
import { DEFAULT_CATEGORIES } from '../core/defaults.js';
import { CATALOGUE } from '../presets/catalogue.js';

/**
 * The message for a config the bundle refused with `terse` (its message without words), or `undefined` where this
 * check does not say the same refusal — the same path and value: the page may have changed its config since.
 */
export function explain(config: unknown, terse: string): string | undefined {
  // Without the bundle's loan (this file included before it, or a page that took the name) the check would run on an
  // empty catalogue and word another refusal: no words then.
  if (!CATALOGUE || !DEFAULT_CATEGORIES) return;
  let words: string;
  try {
    checkConfig(config, CATALOGUE);
    return;
  } catch (error) {
    words = String((error as Error)?.message);
  }
  // `config.x is not valid, got v` is `config.x must be …, got v` with words; the other messages only gain some.
  const at = terse.indexOf(' is not valid, got ');
  if (at < 0 ? words.startsWith(terse) : words.startsWith(`${terse.slice(0, at)} must be `) && words.endsWith(terse.slice(at + 13))) return words;
}
