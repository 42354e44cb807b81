/**
 * `config-check.js`: the config check with the words of its messages (SPEC §9). The bundle's copy of the same check
 * is built without them (rollup.config.ts, `configWords`) and refuses the same configs at the same paths; a page whose
 * config it refused loads this file to say why in full. A page with a valid config never asks for it.
 */
import { checkConfig } from '../core/config.js';
import { CATALOGUE } from '../presets/catalogue.js';

/** The message for a config, or `undefined` when it passes (a page that changed it after the bundle's check). */
export function explain(config: unknown): string | undefined {
  try {
    checkConfig(config, CATALOGUE);
  } catch (error) {
    return (error as Error).message;
  }
}
