import { createHash } from 'node:crypto';

/**
 * SHA-256 of a receipt's content, whatever the order of its keys: what tells a resend of a receipt id (the same
 * content, answered "duplicate") from another receipt under that id (refused, SPEC §7.6). Keys are sorted at every
 * level, as the SDK may list a map's entries in another order on another page and JSON says they mean the same.
 */
export function contentHash(receipt: object): string {
  return createHash('sha256').update(JSON.stringify(receipt, sortedKeys)).digest('hex');
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  // fromEntries defines each key as data, so even a key named __proto__ stays a key.
  return Object.fromEntries(Object.keys(value).sort().map(key => [key, (value as Record<string, unknown>)[key]]));
}
