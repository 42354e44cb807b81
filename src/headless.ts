/**
 * `consent-gate/headless`: the same controller as the main entry, without any UI (and without Preact), for a
 * custom UI. Render from `get()` (`banner`, `view` and the grants) and the `show` / `hide` / `change` events; act
 * through the controller.
 */
import { create, type CreateOptions } from './create.js';
import type { ConsentGate, ConsentGateConfig } from './core/types.js';

/** Creates the controller. Throws a `TypeError` naming the config path when the config is invalid (SPEC §9). */
export function createConsentGate(config?: ConsentGateConfig, options?: CreateOptions): ConsentGate {
  return create(config, options);
}

export type { CreateOptions } from './create.js';
export { normalizeConfig } from './create.js';
export { memoryStorage, type ConsentStorage } from './core/storage.js';
export { cookieStorage } from './core/cookie-storage.js';
export { decodeRecord, encodeRecord } from './core/record.js';
export { VERSION } from './core/version.js';
export type * from './core/types.js';
