import type { Receipt } from '../core/receipt.js';

/** A receipt as the log keeps it: what the SDK sent, and what the collector stamped beside it. */
export interface LoggedReceipt {
  receipt: Receipt;
  /** The collector's clock when it accepted the receipt: the time an audit relies on, and the partition key. */
  receivedAt: Date;
  /** The browser's `Origin` header, `null` when the request had none (not a browser, or same-origin tools). */
  origin: string | null;
  /** A keyed hash of the client address when that option is on, else `null` (see ClientHashOptions). */
  clientHash: string | null;
  /**
   * Read from the log only, where the row disagrees with itself: a column other than its receipt, or the receipt other
   * than the content hash kept as it arrived. Each is an edit after it was stored (`log verify`).
   */
  problems?: string[];
}

/** Counts grouped by one key (`log stats`). */
export type StatsKey = 'day' | 'action' | 'policy';
export interface StatsRow {
  key: string;
  receipts: number;
  consentIds: number;
}
export interface Stats {
  rows: StatsRow[];
  total: { receipts: number; consentIds: number };
}

/** A monthly partition of the log: receipts received from `from` (inclusive) to `to` (exclusive), UTC. */
export interface Partition {
  name: string;
  from: Date;
  to: Date;
  receipts: number;
  /** In a purge's list: how many of its receipts their browsers dated on or after the cutoff. */
  datedLater?: number;
}

/** The time range of a query: from inclusive, to exclusive; either may be open. */
export interface Period {
  from?: Date;
  to?: Date;
}

/**
 * Where receipts are kept. Two implementations share one schema and one SQL dialect: PGlite in a directory
 * (openPgliteStore) and a PostgreSQL server (openPostgresStore).
 */
export interface ReceiptStore {
  /** `pglite` or `postgres`, and where (a directory, or the connection string without its password). */
  readonly description: string;
  /**
   * The log's schema as the store last opened it: its newest migration, and those the store applied then (none when
   * the log was up to date, or for a store that only reads). Undefined for a store of your own that has none.
   */
  readonly schema?: { readonly version: number; readonly applied: readonly number[] };
  /**
   * Stores one receipt and resolves only once it is committed. A receipt whose `id` was stored before with the same
   * content is not stored again: `stored` is then false and `receivedAt` is the first one's. One whose `id` was
   * stored before with other content is refused with ReceiptConflictError.
   */
  add(entry: LoggedReceipt): Promise<{ stored: boolean; receivedAt: Date }>;
  /** Every receipt of one consent id, oldest first, each checked as `scan` checks it with `verify`. */
  history(consentId: string): Promise<LoggedReceipt[]>;
  /**
   * Receipts received in a period, oldest first, read page by page so that an export of years fits in memory. Each
   * row's columns are checked against its receipt (`problems`); with `verify`, its receipt against the content hash
   * kept with its id as well (an index probe a row).
   */
  scan(period: Period, pageSize?: number, options?: { verify?: boolean }): AsyncIterable<LoggedReceipt>;
  /** Receipts and distinct consent ids per day (in `timeZone`, default UTC), action or policy version. */
  stats(by: StatsKey, period?: Period & { timeZone?: string }): Promise<Stats>;
  /** The monthly partitions, oldest first, with their row counts. */
  partitions(): Promise<Partition[]>;
  /**
   * Drops every partition that ends on or before `before` (whole months only); `dryRun` only lists them, each with its
   * `datedLater`. A month most of whose receipts their browsers dated on or after `before` is refused with
   * PurgeRefusedError, nothing dropped, unless `ignoreBrowserTimes`: the collector's clock was wrong as it stored them,
   * and they may be proof of this week.
   */
  purge(before: Date, options?: { dryRun?: boolean; ignoreBrowserTimes?: boolean }): Promise<Partition[]>;
  /** Resolves when the store answers a query and did not fail to keep the last receipts within a minute (the health endpoint). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The store could not be reached or refused to work: the handler answers 503 (the SDK keeps the receipt and sends
 * it again), and the command line exits 2 with this message.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** A month most of whose receipts their browsers dated after a purge's cutoff (`datedLater`): see `purge`. */
export const isDoubtful = (partition: Partition) => (partition.datedLater ?? 0) * 2 > partition.receipts;

/**
 * A purge refused, nothing dropped: months the collector filed as old whose receipts their browsers dated after the
 * cutoff (a collector whose clock was years behind, a machine booted without one, filed this week's receipts in 2020:
 * a purge of "older than 3 years" would have dropped them at once).
 */
export class PurgeRefusedError extends Error {
  override name = 'PurgeRefusedError';
  readonly partitions: Partition[];
  constructor(partitions: Partition[], before: Date) {
    const months = partitions.map(p => `${p.name} (${p.datedLater} of ${p.receipts} receipts)`).join(', ');
    super(
      `nothing was dropped: ${months} ${partitions.length > 1 ? 'hold' : 'holds'} receipts their browsers dated after ${before.toISOString()}, ` +
        'filed by a collector whose clock was wrong as it stored them? They may be recent proof: check the collector\'s clock ' +
        'and the receipts (log export --from/--to of that month), then purge with ignoreBrowserTimes (--ignore-browser-times) to drop them all the same',
    );
    this.partitions = partitions;
  }
}

/**
 * A receipt whose id the log already holds with other content: neither stored nor acknowledged (the handler answers
 * 409), since answering "duplicate" would let the sender drop a receipt the log never kept (SPEC §7.6).
 */
export class ReceiptConflictError extends Error {
  override name = 'ReceiptConflictError';
  /** When the receipt that holds the id was received. */
  readonly receivedAt: Date;
  constructor(receivedAt: Date) {
    super(`a receipt with this id was stored at ${receivedAt.toISOString()} with other content: each receipt needs an id of its own`);
    this.receivedAt = receivedAt;
  }
}
