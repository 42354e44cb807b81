/**
 * `decide.js` beside `consent-gate.min.js`: the writer (decisions, age groups, reset), which src/script.ts loads
 * after the banner or when a decision needs it, with the cookie write (`cookie.js`) and, where the config sends
 * them, receipts (`receipt.js`) asked for in parallel.
 */
export { createWriter } from '../core/writer.js';
