// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { deadlineOf, settleCapOf } from '../../src/cli/scan/scan-page.js';

// Regression (scan probe): `--grace` above min(--timeout, 15 s) was cut to that limit, and every step of a quiet page
// was noted "the network was still busy".
describe('how long a scan step waits for a busy network', () => {
  it.each([
    ['the default: --timeout 30 s, --grace 1 s', 1_000, 30_000, 15_000],
    ['a short --timeout', 1_500, 2_000, 2_000],
    ['--grace above --timeout', 5_000, 2_000, 5_000],
    ['--grace above 15 s', 20_000, 60_000, 20_000],
  ])('%s', (_, grace, timeout, cap) => expect(settleCapOf(grace, timeout)).toBe(cap));
});

// Regression: with --grace above --timeout each of the refusing profile's four waits takes at least --grace, past the
// page's limit of ten times --timeout: every page ran out of time.
describe('a page\'s limit', () => {
  it.each([
    ['the default', 1_000, 30_000, 300_000],
    ['--grace 6 s, --timeout 2 s: the four waits fit besides the steps', 6_000, 2_000, 20_000 + 4 * 4_000],
  ])('%s', (_, grace, timeout, limit) => {
    expect(deadlineOf(grace, timeout)).toBe(limit);
    expect(deadlineOf(grace, timeout) - 4 * settleCapOf(grace, timeout)).toBeGreaterThanOrEqual(4 * timeout);
  });
});
