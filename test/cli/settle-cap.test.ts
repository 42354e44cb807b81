// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { settleCapOf } from '../../src/cli/scan/scan-page.js';

// Regression (scan probe): `--grace` above min(--timeout, 15 s) was cut to that limit, and every step of a quiet page
// was noted "the network was still busy".
describe('how long a scan step waits for a busy network', () => {
  it.each([
    ['the default: --timeout 30 s, --grace 1.5 s', 1_500, 30_000, 15_000],
    ['a short --timeout', 1_500, 2_000, 2_000],
    ['--grace above --timeout', 5_000, 2_000, 5_000],
    ['--grace above 15 s', 20_000, 60_000, 20_000],
  ])('%s', (_, grace, timeout, cap) => expect(settleCapOf(grace, timeout)).toBe(cap));
});
