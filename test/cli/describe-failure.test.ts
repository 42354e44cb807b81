// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { describeFailure, ScanStepError, sdkFileError } from '../../src/cli/scan/describe-failure.js';

const timeout = Object.assign(new Error('page.goto: Timeout 5000ms exceeded.'), { name: 'TimeoutError' });

describe('describeFailure: why a page could not be scanned', () => {
  it.each<[unknown, string, string]>([
    [new Error('page.goto: net::ERR_NAME_NOT_RESOLVED at https://staging.ooopic.invalid/'), 'dns', 'the host name did not resolve (DNS) (net::ERR_NAME_NOT_RESOLVED)'],
    [new Error('page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:4699/'), 'connection', 'the server could not be reached (net::ERR_CONNECTION_REFUSED)'],
    [new Error('page.goto: net::ERR_CERT_AUTHORITY_INVALID at https://staging/'), 'tls', 'the TLS certificate or handshake failed (net::ERR_CERT_AUTHORITY_INVALID)'],
    // Scan probe: an HTTP 204 and a download were Playwright's own words ("page.goto: Download is starting").
    [new Error('page.goto: net::ERR_ABORTED at https://x/'), 'navigation', 'navigation failed (net::ERR_ABORTED): no page came (an HTTP 204 or 205, a download, or another navigation replaced it)'],
    [new Error('page.goto: Download is starting\nCall log: …'), 'navigation', 'the URL is a download, not a page'],
    [timeout, 'timeout', 'no answer within 5000 ms (--timeout)'],
    [new Error('Target crashed'), 'crash', 'the page crashed'],
    [new Error('page.goto: Target page, context or browser has been closed'), 'browser', 'the browser closed during the scan'],
    [new ScanStepError('no-banner', 'no consent banner: …'), 'no-banner', 'no consent banner: …'],
    ['a string', 'navigation', 'a string'],
  ])('%s → %s', (error, reason, message) => {
    expect(describeFailure(error, 5000)).toEqual({ reason, message });
  });

  it('keeps the HTTP status', () => {
    expect(describeFailure(new ScanStepError('http-status', 'HTTP 503', 503), 5000)).toEqual({ reason: 'http-status', message: 'HTTP 503', status: 503 });
  });
});

// QA report: a page whose SDK bundle (or a file it loads) answered 404 was reported "no consent banner" or a timeout,
// naming neither the file nor its status.
describe('describeFailure: an SDK file that did not come is the cause', () => {
  const bundle = { url: 'https://static.ooopic.com/cg/consent-gate.min.js', status: 404, statusText: 'Not Found', step: 'load' as const };
  const views = { url: 'https://static.ooopic.com/cg/views.js', failure: 'net::ERR_CONNECTION_RESET', step: 'load' as const };
  const noBanner = new ScanStepError('no-banner', 'no consent banner: no visible [data-action="reject-all"] in #consent-gate within 5000 ms');

  it('names the bundle first, with its status, and counts the other files', () => {
    expect(describeFailure(noBanner, 5000, [views, bundle, { ...views }])).toEqual({
      reason: 'sdk-file',
      message: `the SDK's file ${bundle.url} answered HTTP 404 Not Found (and 1 more of its files): no consent banner: no visible [data-action="reject-all"] in #consent-gate within 5000 ms`,
      status: 404,
      file: bundle.url,
    });
  });

  // QA report: with gate.js and decide.js both missing from a deploy, "reject all made no choice" named gate.js.
  it('regression: names decide.js, the file without which a click decides nothing, before gate.js', () => {
    const gate = { url: 'https://static.ooopic.com/cg/gate.js', status: 404, statusText: 'Not Found', step: 'load' as const };
    const decide = { url: 'https://static.ooopic.com/cg/decide.js', status: 404, statusText: 'Not Found', step: 'reject-all' as const };
    expect(describeFailure(timeout, 5000, [gate, decide]).file).toBe(decide.url);
    expect(sdkFileError([gate, decide], 'reject all made no choice').message).toBe(
      `the SDK's file ${decide.url} answered HTTP 404 Not Found (and 1 more of its files): reject all made no choice`,
    );
  });

  it('a file that got no answer, behind a timeout', () => {
    expect(describeFailure(timeout, 5000, [views])).toEqual({
      reason: 'sdk-file',
      message: `the SDK's file ${views.url} could not be loaded (net::ERR_CONNECTION_RESET): no answer within 5000 ms (--timeout)`,
      file: views.url,
    });
  });

  it('leaves other reasons alone: the page itself failed', () => {
    expect(describeFailure(new ScanStepError('http-status', 'HTTP 503', 503), 5000, [bundle])).toEqual({ reason: 'http-status', message: 'HTTP 503', status: 503 });
  });
});
