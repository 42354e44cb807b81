// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/server/rate-limiter.js';

describe('createRateLimiter: a token bucket per client', () => {
  it('takes a burst at once, then refuses until a token has come back, naming when', () => {
    const limit = createRateLimiter({ perMinute: 60, burst: 3 });
    expect([1, 2, 3].map(() => limit('a', 0).allowed)).toEqual([true, true, true]);
    expect(limit('a', 0)).toEqual({ allowed: false, retryAfter: 1 });
    // Another client has a bucket of its own.
    expect(limit('b', 0).allowed).toBe(true);
    expect(limit('a', 1000).allowed).toBe(true);
    expect(limit('a', 1000).allowed).toBe(false);
  });

  // Found by a mutation probe: without the cap at `burst`, a client idle for an hour could post 60 times its rate at once.
  it('keeps no more than its burst however long a client was idle', () => {
    const limit = createRateLimiter({ perMinute: 60, burst: 6 });
    limit('a', 0);
    const hourLater = Array.from({ length: 7 }, () => limit('a', 3_600_000).allowed);
    expect(hourLater).toEqual([true, true, true, true, true, true, false]);
  });

  // Regression (a time probe): a clock stepped back an hour (NTP, by hand) read as negative time passed, which took
  // tokens away: a client that had just posted was told to wait an hour, and again ten minutes later.
  it('regression: a clock stepped back takes no tokens away, and refills from the new time', () => {
    const limit = createRateLimiter({ perMinute: 60, burst: 2 });
    const hour = 3_600_000;
    expect([limit('a', 10 * hour).allowed, limit('a', 10 * hour).allowed]).toEqual([true, true]);
    expect(limit('a', 9 * hour)).toEqual({ allowed: false, retryAfter: 1 });
    expect(limit('a', 9 * hour + 1000).allowed).toBe(true);
  });

  it.each([
    [{ perMinute: 0 }, 'consent-gate/server: rateLimit.perMinute must be a positive number, got 0'],
    [{ perMinute: 60, burst: 1.5 }, 'consent-gate/server: rateLimit.burst must be a positive integer, got 1.5'],
  ])('refuses %j', (limit, message) => {
    expect(() => createRateLimiter(limit)).toThrow(message);
  });
});
