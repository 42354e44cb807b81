// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { isReceiptRequest } from '../../src/cli/scan/watch-network.js';

// Scan probe: the SDK's receipt is a keepalive POST that Playwright never reports finished, so each one held its step
// for 3 s. The scan now recognises it by the config's `receipt.url` and does not wait for it.
describe('isReceiptRequest: the SDK\'s receipt, by the config\'s receipt.url', () => {
  const page = 'https://www.ooopic.com/tupian/123.html?from=home';
  it.each([
    ['an absolute URL', 'POST', 'https://log.ooopic.com/consent', 'https://log.ooopic.com/consent', true],
    ['a URL relative to the page', 'POST', 'https://www.ooopic.com/api/consent', '/api/consent', true],
    ['a URL relative to the page\'s folder', 'POST', 'https://www.ooopic.com/tupian/consent', 'consent', true],
    ['a fragment on either side', 'POST', 'https://log.ooopic.com/consent#x', 'https://log.ooopic.com/consent', true],
    ['a GET to the same URL (no receipt is a GET)', 'GET', 'https://log.ooopic.com/consent', 'https://log.ooopic.com/consent', false],
    ['another path', 'POST', 'https://log.ooopic.com/consent/other', 'https://log.ooopic.com/consent', false],
    ['another query', 'POST', 'https://log.ooopic.com/consent?x=1', 'https://log.ooopic.com/consent', false],
    ['another host', 'POST', 'https://stats.example.net/consent', 'https://log.ooopic.com/consent', false],
    ['no receipt.url in the config', 'POST', 'https://log.ooopic.com/consent', undefined, false],
    ['a receipt.url that is no URL', 'POST', 'https://log.ooopic.com/consent', 'http://[', false],
  ] as const)('%s', (_name, method, url, receiptUrl, expected) => {
    expect(isReceiptRequest({ method, url }, receiptUrl, page)).toBe(expected);
  });
});
