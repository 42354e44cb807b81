/**
 * `cookie.js` beside `consent-gate.min.js`: what a decision stores in the browser, which src/script.ts asks for in
 * parallel with `decide.js`: the cookie write (the domain probe, removal on every domain and path) and, where the config
 * has `receipt`, the receipt kept in the outbox until `receipt.js` sends it (SPEC §7.4: a decision waits for its proof
 * to be kept, never for it to be sent). Apart, each file stays within its SPEC §10 budget (4 KB); the writer and the
 * cookie write together were 4,348 B. The record's encoder is here too (`writerDeps`).
 */
import { browserStorage, unstoredWarning } from '../core/cookie-storage.js';
import { keptUntilSent, type sendReceipts } from '../core/receipt.js';
import { encodeRecord } from '../core/record.js';
import type { ResolvedConfig } from '../core/types.js';
import type { WriterDeps } from '../core/writer.js';

/**
 * What the writer of `decide.js` is given: the record's cookie value, the cookie it is written to (SPEC §4, or memory
 * where the browser says cookies are off), and the outbox of receipts where `sender` (receipt.js) is asked for. The
 * encoder lives here rather than in `decide.js`, which it would put over its SPEC §10 budget (4 KB).
 */
export const writerDeps = (config: ResolvedConfig, sender?: PromiseLike<typeof sendReceipts | void>): WriterDeps => ({
  encode: encodeRecord,
  storage: browserStorage({ name: config.cookie.name, domain: config.cookie.domain }, message => console.warn(message)),
  startReceipts: sender && keptUntilSent(sender),
  unstored: () => unstoredWarning(config.cookie),
});
