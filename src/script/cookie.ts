/**
 * `cookie.js` beside `consent-gate.min.js`: the cookie write (the domain probe, removal on every domain
 * and path), which src/script.ts asks for in parallel with `decide.js`. Apart, each file stays within its SPEC §10
 * budget (4 KB); together they were 4,348 B.
 */
import { browserStorage } from '../core/cookie-storage.js';
import type { ResolvedConfig } from '../core/types.js';

/** The cookie the record is written to (SPEC §4), or memory where the browser says cookies are off. */
export const storageFor = (config: ResolvedConfig) =>
  browserStorage({ name: config.cookie.name, domain: config.cookie.domain }, message => console.warn(message));
