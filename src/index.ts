/**
 * `consent-gate`: the controller with its UI. `createConsentGate(config)` returns the controller of SPEC §7.2.
 */
export { createConsentGate } from './headless.js';
export { normalizeConfig } from './core/config.js';
export { memoryStorage, cookieStorage, type ConsentStorage } from './core/storage.js';
export { decodeRecord, encodeRecord } from './core/record.js';
export { VERSION } from './core/version.js';
export type * from './core/types.js';
