/** How many receipts one client may post: `perMinute` on average, in bursts of up to `burst`. */
export interface RateLimit {
  perMinute: number;
  /** @default perMinute / 10, at least 1 */
  burst?: number;
}

/** Answers whether a client may post now, or in how many seconds it may post again. */
export type RateLimiter = (client: string, now: number) => { allowed: true } | { allowed: false; retryAfter: number };

/** Buckets kept in memory at most: past this, the least recently seen clients are forgotten (they start afresh). */
const MAX_CLIENTS = 50_000;

/**
 * A token bucket per client, in memory: each collector limits on its own (behind a load balancer the site-wide limit
 * is the sum). The client key is an address held only here, never stored or logged. Refill is computed on use, so
 * there is no timer to stop.
 */
export function createRateLimiter(limit: RateLimit, name = 'rateLimit'): RateLimiter {
  const { perMinute } = limit;
  const burst = limit.burst ?? Math.max(1, Math.floor(perMinute / 10));
  if (!(Number.isFinite(perMinute) && perMinute > 0)) {
    throw new TypeError(`consent-gate/server: ${name}.perMinute must be a positive number, got ${JSON.stringify(perMinute)}`);
  }
  if (!(Number.isInteger(burst) && burst >= 1)) {
    throw new TypeError(`consent-gate/server: ${name}.burst must be a positive integer, got ${JSON.stringify(limit.burst)}`);
  }
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (client, now) => {
    const last = buckets.get(client);
    // No time passed where the clock stepped back (NTP, by hand): its negative "time" took tokens away, and a client
    // that had just posted waited as long as the step (an hour's, an hour). Stored at `now`, it refills from there.
    const tokens = last ? Math.min(burst, last.tokens + Math.max(0, now - last.at) * perMs) : burst;
    // Re-inserted on every use, so the Map's order is least recently seen first.
    buckets.delete(client);
    if (buckets.size >= MAX_CLIENTS) buckets.delete(buckets.keys().next().value as string);
    if (tokens < 1) {
      buckets.set(client, { tokens, at: now });
      return { allowed: false, retryAfter: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    }
    buckets.set(client, { tokens: tokens - 1, at: now });
    return { allowed: true };
  };
}
