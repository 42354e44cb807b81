/**
 * `decide.js` beside `consent-gate.min.js`: the writer (decisions, age groups, reset, the cookie write with
 * js-cookie, receipts), which src/script.ts loads after the banner or when a decision needs it.
 */
import { browserStorage } from '../core/cookie-storage.js';
import type { ResolvedConfig } from '../core/types.js';

export { createWriter } from '../core/writer.js';

/** The cookie the record is written to (SPEC §4), or memory where the browser says cookies are off. */
export const storageFor = (config: ResolvedConfig) =>
  browserStorage({ name: config.cookie.name, domain: config.cookie.domain }, message => console.warn(message));
