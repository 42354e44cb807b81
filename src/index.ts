/**
 * `consent-gate`: the controller with its UI. `createConsentGate(config)` returns the controller of SPEC §7.2 and
 * mounts the banner in `<div id="consent-gate">`; `consent-gate/headless` is the same controller without the UI.
 */
import type { ConsentGate, ConsentGateConfig } from './core/types.js';
import { createConsentGate as createHeadless, type CreateOptions } from './headless.js';
import { CATALOGUE } from './presets/catalogue.js';
import { createLoader } from './ui/load-view.js';
import { mountUI } from './ui/mount-ui.js';
import type { UIGate } from './ui/view-context.js';

/**
 * Creates the controller with the services catalogue (`services: ['weibo-share']` names a preset) and mounts its UI;
 * the catalogue's 清单 text loads with the views.
 * Throws a `TypeError` naming the config path when the config is invalid (SPEC §9).
 */
export function createConsentGate(config?: ConsentGateConfig, options: CreateOptions = {}): ConsentGate {
  let lang: string | undefined;
  const gate = createHeadless(config, { presets: CATALOGUE, lang: () => lang, ...options }) as UIGate;
  const ui = mountUI(gate, createLoader());
  const destroy = gate.destroy;
  lang = ui.lang;
  gate.destroy = () => {
    destroy();
    ui.unmount();
  };
  return gate;
}

export type { CreateOptions } from './headless.js';
export { normalizeConfig } from './core/config.js';
export { memoryStorage, cookieStorage, type ConsentStorage } from './core/storage.js';
export { decodeRecord, encodeRecord } from './core/record.js';
export { VERSION } from './core/version.js';
export type * from './core/types.js';
