import type { LoggedReceipt } from '../server/index.js';

/**
 * One logged receipt as a JSON line (`log show --json`, `log export --format jsonl`): the collector's stamps
 * beside the receipt, every key and value as the SDK sent it (the proof is the receipt, not a summary of it). Not
 * its bytes: the log keeps the keys in the order of the Receipt interface, each map's entries in the order sent.
 */
export function loggedToJson(entry: LoggedReceipt): string {
  return JSON.stringify({
    receivedAt: entry.receivedAt.toISOString(),
    origin: entry.origin,
    ...(entry.clientHash ? { clientHash: entry.clientHash } : {}),
    receipt: entry.receipt,
    // Only where the row disagrees with itself (an edit after it was stored: consent-gate log verify).
    ...(entry.problems ? { problems: entry.problems } : {}),
  });
}
