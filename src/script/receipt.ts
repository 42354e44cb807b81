/**
 * `receipt.js` beside `consent-gate.min.js`: the receipts of decisions (SPEC §7.4), which src/script.ts loads with
 * `decide.js` only on a page whose config has `receipt`.
 */
export { createReceipts } from '../core/receipt.js';
