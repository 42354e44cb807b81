/**
 * What `consent-gate.min.js` lends the files beside it (SPEC §10): functions the bundle has anyway, which
 * `decide.js` (and `config-check.js`) would otherwise download a second time. src/script.ts registers them as `window.__consentGate.s`;
 * rollup.config.ts builds the on-demand files with these imports taken from there (a file of another version is
 * refused by the loader: it registers nothing it knows).
 */
export { checksum, createConsentId } from '../core/record.js';
export { anyGranted, comparePolicy, crossBorderReason, effectiveGrants, expiryOf, forcedReason, suspendedByDnt } from '../core/rules.js';
export { hasSignal } from '../core/privacy-signals.js';
export { memoryStorage, readCookies } from '../core/storage.js';
export { ACTIONS, AGE_GROUPS, SHORT_IDS } from '../core/lists.js';
export { CATALOGUE } from '../presets/catalogue.js';
export { DEFAULT_CATEGORIES } from '../core/defaults.js';
export { cookieURL, readJar, writeJar } from '../core/jar.js';
export { createOwn, documentProperty, guarded, headOf, queryDocument } from '../core/document-own.js';
export { removeEverywhere } from '../core/cookie-places.js';
export { whenIdle } from '../core/idle.js';
export { runs } from '../gate/script-type.js';
export { isHttp } from '../core/http-url.js';
export { parse, stringify } from '../core/json.js';
export { any, has, matches, suffixes } from '../core/natives.js';
export { CG } from '../ui/styles.js';
