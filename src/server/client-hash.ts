import { createHmac } from 'node:crypto';

/** Off by default. With a key, each receipt keeps a keyed, truncated hash of the client address beside it. */
export interface ClientHashOptions {
  /** At least 32 bytes (or characters) of secret; rotate it to make older hashes unlinkable to newer ones. */
  key: string | Uint8Array;
  /** Bytes of the HMAC kept, as hex (16 hex characters by default). @default 8 */
  bytes?: number;
}

/**
 * HMAC-SHA-256 of the address under a secret key, truncated. The raw address is never stored (PIPL Art. 6, 19: keep
 * no more than the purpose needs): the hash tells "these receipts came from one client" in an audit of a flood or a
 * forgery, and without the key it cannot be reversed by trying the 2^32 IPv4 addresses. With the key it can, which
 * is why the key lives outside the database and may be rotated or destroyed.
 */
export function createClientHasher(options: ClientHashOptions, name = 'clientHash'): (address: string) => string {
  const key = typeof options.key === 'string' ? Buffer.from(options.key, 'utf8') : Buffer.from(options.key);
  if (key.length < 32) throw new TypeError(`consent-gate/server: ${name}.key must have at least 32 bytes, got ${key.length}`);
  const bytes = options.bytes ?? 8;
  if (!(Number.isInteger(bytes) && bytes >= 4 && bytes <= 32)) {
    throw new TypeError(`consent-gate/server: ${name}.bytes must be an integer from 4 to 32, got ${JSON.stringify(options.bytes)}`);
  }
  return address => createHmac('sha256', key).update(address).digest().subarray(0, bytes).toString('hex');
}
