/**
 * `consent-gate/headless`: the same controller as the main entry, without any UI (and without Preact), for a
 * custom UI. Render from `get()` and the `show` / `hide` / `change` events; act through the controller.
 */
import { normalizeConfig } from './core/config.js';
import { createConsent, type ConsentDeps } from './core/controller.js';
import { browserStorage } from './core/storage.js';
import type { ConsentGate, ConsentGateConfig, Preset } from './core/types.js';
import { createGate } from './gate/index.js';

export interface CreateOptions extends Partial<ConsentDeps> {
  /** Presets that string service ids refer to (the main entry passes the whole catalogue). */
  presets?: Record<string, Preset>;
}

/** Creates the controller. Throws a `TypeError` naming the config path when the config is invalid (SPEC §9). */
export function createConsentGate(config: ConsentGateConfig = {}, options: CreateOptions = {}): ConsentGate {
  const resolved = normalizeConfig(config, options.presets);
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const storage = options.storage ?? browserStorage({ name: resolved.cookie.name, domain: resolved.cookie.domain }, warn);
  const core = createConsent(resolved, { ...options, storage, warn });
  const page = createGate(core);
  let destroyed = false;
  const gate: ConsentGate = {
    ...core,
    load: page.load,
    destroy() {
      destroyed = true;
      page.destroy();
      core.destroy();
    },
    push(fn) {
      if (destroyed) return; // inert, like every other function after destroy() (API review)
      try {
        fn(gate);
      } catch (error) {
        // The page's own bug: shown to its developer, never thrown into the page.
        console.error('consent-gate: a queued function threw', error);
        core.report('queue', 'a queued function threw', { error });
      }
    },
  };
  return gate;
}

export { normalizeConfig } from './core/config.js';
export { memoryStorage, cookieStorage, type ConsentStorage } from './core/storage.js';
export { decodeRecord, encodeRecord } from './core/record.js';
export { VERSION } from './core/version.js';
export type * from './core/types.js';
