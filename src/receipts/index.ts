/**
 * `consent-gate/receipts`: the receipts of decisions for the npm entries (SPEC §7.4), imported only by an app whose
 * config has `receipt`, so that an app without one does not bundle them:
 *
 *   import { consentReceipts } from 'consent-gate/receipts';
 *   createConsentGate({ services, receipt: { url: '/consent/receipts' } }, { presets, receipts: consentReceipts });
 *
 * The script tag loads them itself (`receipt.js`) where its config has `receipt`.
 */
import type { Ledger } from '../core/reader.js';
import { createReceipts, type Receipts, type sendReceipt } from '../core/receipt.js';

/** What `createConsentGate(config, { receipts })` takes. */
export interface ConsentReceipts {
  /** Starts the receipts of a controller. @internal */
  start(ledger: Ledger, send?: typeof sendReceipt): Receipts;
}

export const consentReceipts: ConsentReceipts = { start: createReceipts };
