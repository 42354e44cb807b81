/**
 * `consent-gate`: the controller with its UI. `createConsentGate(config, { presets })` returns the controller of
 * SPEC §7.2 and mounts the banner in `<div id="consent-gate">`; the views, with Preact, load on first use.
 * `consent-gate/headless` is the same controller without the UI; `consent-gate/presets` the services catalogue.
 */
import { create, type CreateOptions } from './create.js';
import type { ConsentGate, ConsentGateConfig } from './core/types.js';
import { loadModule } from './ui/load-module.js';
import { mountUI } from './ui/mount-ui.js';

/** Creates the controller and mounts its UI. Throws a `TypeError` naming the config path when the config is invalid (SPEC §9). */
export function createConsentGate(config?: ConsentGateConfig, options?: CreateOptions): ConsentGate {
  return create(config, options, core => mountUI(core, loadModule));
}

export type { CreateOptions } from './create.js';
export { normalizeConfig } from './create.js';
export { memoryStorage, type ConsentStorage } from './core/storage.js';
export { cookieStorage } from './core/cookie-storage.js';
export { decodeRecord, encodeRecord } from './core/record.js';
export { VERSION } from './core/version.js';
export type * from './core/types.js';
