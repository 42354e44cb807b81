// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { visitorUserAgent } from '../../src/cli/scan/browse.js';

describe('visitorUserAgent: a Chrome of this platform, never "HeadlessChrome"', () => {
  it.each([
    ['linux', '156.0.8078.114', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'],
    ['darwin', '156.0.8078.114', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'],
    ['win32', '140.0.7339.185', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36'],
    ['freebsd', '', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/0.0.0.0 Safari/537.36'],
  ] as const)('on %s, Chromium %s', (platform, version, expected) => {
    expect(visitorUserAgent(version, platform)).toBe(expected);
  });
});
