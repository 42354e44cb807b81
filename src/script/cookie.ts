/**
 * `cookie.js` beside `consent-gate.min.js`: what a decision stores in the browser, which src/script.ts asks for in
 * parallel with `decide.js`: the cookie write (the domain probe, removal on every domain and path) and, where the config
 * has `receipt`, the receipt kept in the outbox until `receipt.js` sends it (SPEC §7.4: a decision waits for its proof
 * to be kept, never for it to be sent). Apart, each file stays within its SPEC §10 budget (4 KB); the writer and the
 * cookie write together were 4,348 B.
 */
import { browserStorage } from '../core/cookie-storage.js';
import type { ResolvedConfig } from '../core/types.js';

/** The cookie the record is written to (SPEC §4), or memory where the browser says cookies are off. */
export const storageFor = (config: ResolvedConfig) =>
  browserStorage({ name: config.cookie.name, domain: config.cookie.domain }, message => console.warn(message));

export { keptUntilSent } from '../core/receipt.js';
