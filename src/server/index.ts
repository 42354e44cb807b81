// consent-gate/server: the consent log (SPEC §7.6). Node only; never imported by the browser entries.
export { createReceiptHandler, type ReceiptHandler, type ReceiptHandlerOptions, type ReceiptEvent, type ClientInfo } from './receipt-handler.js';
export { createReceiptServer, type ReceiptServer, type ReceiptServerOptions } from './receipt-server.js';
export { createNodeListener, type NodeListenerOptions } from './node-listener.js';
export { openPgliteStore, type PgliteStoreOptions } from './pglite-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { validateReceipt, type ReceiptCheck } from './receipt-schema.js';
export { MIGRATIONS, LogSchemaError, type Migration } from './migrations.js';
export { DirectoryLockedError } from './directory-lock.js';
export { PurgeRefusedError, ReceiptConflictError, StoreUnavailableError } from './store.js';
export type { LoggedReceipt, Partition, Period, ReceiptStore, Stats, StatsKey, StatsRow } from './store.js';
export type { RateLimit } from './rate-limiter.js';
export type { TrustedProxies } from './proxy-trust.js';
export type { ClientHashOptions } from './client-hash.js';
export type { Receipt } from '../core/receipt.js';
export { readConsent, type ConsentReading, type ReadConsentOptions } from './read-consent.js';
