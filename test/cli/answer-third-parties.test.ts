// @vitest-environment node
import type { BrowserContext, Route } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { answerThirdParties } from '../../src/cli/scan/answer-third-parties.js';

// `--vendors` answers a third party's request from a base URL (SPEC §7.5). Regression: when the base did not answer,
// the request failed in the page and the report said nothing, so a scan against a stopped demo server looked clean.

function routed(fetchResult: () => Promise<unknown>, url = 'https://hm.baidu.com/hm.js?x') {
  let handler: ((route: Route) => Promise<void>) | undefined;
  const context = {
    route: async (_match: unknown, h: (route: Route) => Promise<void>) => void (handler = h),
    routeWebSocket: async () => {},
  } as unknown as BrowserContext;
  const abort = vi.fn(async () => {});
  const fulfill = vi.fn(async () => {});
  const route = {
    request: () => ({ url: () => url, resourceType: () => 'script', isNavigationRequest: () => false }),
    fetch: vi.fn(fetchResult),
    fulfill,
    abort,
  } as unknown as Route;
  return { context, route, abort, fulfill, run: () => handler!(route) };
}

describe('answerThirdParties with --vendors', () => {
  const options = (unanswered: (url: string, reason: string) => void, fetched: (url: string, sdk: boolean) => void = () => {}) => ({
    isFirstParty: () => false,
    page: () => undefined,
    timeoutMs: 1000,
    socket: () => {},
    isSdkFile: (url: string) => url.includes('/cg/'),
    fetched,
    unanswered,
  });

  it('a request the base does not answer fails in the page and is reported with the reason', async () => {
    const { context, route, abort, run } = routed(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9\nCall log: …')));
    const unanswered = vi.fn();
    await answerThirdParties(context, { mode: 'vendors', base: 'http://127.0.0.1:9/vendor/' }, options(unanswered));
    await run();
    expect(route.fetch).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://127.0.0.1:9/vendor/hm.baidu.com/hm.js?x' }));
    expect(unanswered.mock.calls).toEqual([['https://hm.baidu.com/hm.js?x', 'connect ECONNREFUSED 127.0.0.1:9']]);
    expect(abort).toHaveBeenCalledWith('connectionfailed');
  });

  it('an answer from the base is passed on, with CORS allowed, and nothing is reported', async () => {
    const response = { headers: () => ({ 'content-type': 'text/javascript' }) };
    const { context, fulfill, abort, run } = routed(async () => response);
    const unanswered = vi.fn();
    await answerThirdParties(context, { mode: 'vendors', base: 'http://127.0.0.1:9/vendor/' }, options(unanswered));
    await run();
    expect(fulfill).toHaveBeenCalledWith({ response, headers: { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' } });
    expect([unanswered, abort].map(f => f.mock.calls.length)).toEqual([0, 0]);
  });

  // Regression: the SDK served from a CDN of another site was answered empty under --offline (the page showed no
  // banner, "no-banner" after the whole --timeout) and from the vendors' base under --vendors. A script merely named
  // like its bundle on a vendor's host is the vendor's.
  it.each([
    ['offline', 'the SDK\'s bundle', 'https://static.ooopic-cdn.com/cg/consent-gate.min.js', 'window.__consentGate=1', true],
    ['vendors', 'the SDK\'s bundle', 'https://static.ooopic-cdn.com/cg/consent-gate.min.js', 'window.__consentGate=1', true],
    ['offline', 'a file beside a bundle found to be the SDK\'s', 'https://static.ooopic-cdn.com/cg/decide.js', '', true],
    ['offline', 'a vendor\'s script named like the bundle', 'https://hm.baidu.com/x/consent-gate.js', 'track()', false],
  ] as const)('regression: under --%s, %s is %s', async (mode, _, url, text, passed) => {
    const response = { headers: () => ({}), text: async () => text };
    const { context, route, fulfill, run } = routed(async () => response, url);
    const fetched = vi.fn();
    await answerThirdParties(context, mode === 'offline' ? { mode } : { mode, base: 'http://127.0.0.1:9/vendor/' }, options(vi.fn(), fetched));
    await run();
    // Regression: the one contact the scan makes under --offline and --vendors was said nowhere, under a header saying
    // "never contacted": it is told, with what the file turned out to be.
    expect(fetched.mock.calls).toEqual([[url, passed]]);
    // Its own URL, not the vendors' base; passed on as it came.
    if (passed) expect([route.fetch, fulfill].map(f => (f as ReturnType<typeof vi.fn>).mock.calls)).toEqual([[[{ timeout: 1000 }]], [[{ response }]]]);
    else expect(fulfill.mock.calls[0]).toEqual([expect.objectContaining({ status: 200, body: '' })]);
  });
});
