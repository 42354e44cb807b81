import type { LoggedReceipt } from '../server/index.js';

/**
 * One logged receipt as a JSON line (`log show --json`, `log export --format jsonl`): the collector's stamps
 * beside the receipt, which stays as the SDK sent it (the proof is the receipt, not a reshaped copy of it).
 */
export function loggedToJson(entry: LoggedReceipt): string {
  return JSON.stringify({
    receivedAt: entry.receivedAt.toISOString(),
    origin: entry.origin,
    ...(entry.clientHash ? { clientHash: entry.clientHash } : {}),
    receipt: entry.receipt,
  });
}
