/**
 * `receipt.js` beside `consent-gate.min.js`: sends the receipts of decisions (SPEC §7.4) that `cookie.js` kept in the
 * outbox, which src/script.ts loads with `decide.js` only on a page whose config has `receipt`. A decision does not wait
 * for it: what it could not send stays kept for a later page.
 */
export { sendReceipts } from '../core/receipt.js';
