import type { BrowserContext, Page, Route } from 'playwright-core';
import type { NetworkMode } from './parse-scan-args.js';
import { isPageNavigation } from './watch-network.js';
import { isBundle, isSdkBundleText } from './watch-sdk-files.js';

/** A 1×1 transparent GIF: what a pixel endpoint answers, so `onload` handlers run as with the real vendor. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The empty answer of `--offline`, shaped so the page's code takes its success path (CORS allowed, a real image). */
function emptyAnswer(type: string) {
  const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
  switch (type) {
    case 'script':
      return { status: 200, headers, contentType: 'text/javascript', body: '' };
    case 'stylesheet':
      return { status: 200, headers, contentType: 'text/css', body: '' };
    case 'image':
      return { status: 200, headers, contentType: 'image/gif', body: PIXEL };
    case 'document':
      return { status: 200, headers, contentType: 'text/html', body: '<!doctype html><title>consent-gate scan: answered offline</title>' };
    default:
      return { status: 204, headers };
  }
}

/** `https://hm.baidu.com/hm.js?x` → `<base>hm.baidu.com/hm.js?x`: the demo's layout of fake vendors. */
export function vendorUrl(base: string, url: string): string {
  const { hostname, pathname, search } = new URL(url);
  return `${base}${hostname}${pathname}${search}`;
}

/**
 * `--offline` and `--vendors`: requests leaving the page's site never reach the network. They are still
 * requests the page made (the context's `request` event records them before this answers), so the verdict is
 * the same as online, without a real vendor ever being contacted — for tests, and for CI in a closed network.
 */
export async function answerThirdParties(
  context: BrowserContext,
  network: NetworkMode,
  options: {
    isFirstParty(host: string): boolean;
    page(): Page | undefined;
    timeoutMs: number;
    socket(url: string): void;
    /** The SDK's own files beside a bundle already found to be the SDK's (`watch-sdk-files.ts`): fetched as asked. */
    isSdkFile(url: string): boolean;
    /**
     * A third party's file named like the SDK's bundle, fetched from the network to tell whether it is the SDK (`sdk`):
     * the one contact `--offline` and `--vendors` make, said in the report.
     */
    fetched(url: string, sdk: boolean): void;
    /** A request `--vendors` could not answer (its base down, too slow): the page saw it fail. */
    unanswered(url: string, reason: string): void;
  },
): Promise<void> {
  if (network.mode === 'live') return;
  await context.route(
    url => (url.protocol === 'http:' || url.protocol === 'https:') && !options.isFirstParty(url.hostname),
    async (route: Route) => {
      const request = route.request();
      try {
        // The SDK under test is no vendor: answered empty, a page whose SDK comes from a CDN showed no banner. Fetched
        // from here (the browser resolves no other site under --offline), as it is on the network: a script named like
        // its bundle only where its text is the SDK's (a vendor's `consent-gate.js` is a vendor's).
        if (options.isSdkFile(request.url()) || isBundle(request.url())) {
          const response = await route.fetch({ timeout: options.timeoutMs });
          const sdk = options.isSdkFile(request.url()) || isSdkBundleText(await response.text());
          options.fetched(request.url(), sdk);
          if (sdk) return await route.fulfill({ response });
        }
        if (network.mode === 'offline') {
          // The page itself sent to another site (a bounce through a vendor, recorded by watch-network.ts): a 204
          // leaves it where it was (HTML, "process a navigate response": no document), where an empty page would
          // make the vendor the page's site and end the scan there.
          if (isPageNavigation(request, options.page())) return await route.fulfill({ status: 204, headers: { 'cache-control': 'no-store' } });
          return await route.fulfill(emptyAnswer(request.resourceType()));
        }
        // The page's own navigation to another site too: a stub's redirect back (bounce tracking) is followed.
        let response;
        try {
          response = await route.fetch({ url: vendorUrl(network.base, request.url()), maxRedirects: 0, timeout: options.timeoutMs });
        } catch (failure) {
          // The base URL went down or is too slow: the page sees the request fail, and the report says so (a leak
          // the page's code would have made after the vendor's answer is then missing from it).
          options.unanswered(request.url(), String((failure as Error)?.message ?? failure).split('\n')[0]!);
          throw failure;
        }
        await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
      } catch {
        // Unanswered, or the context closed meanwhile: the request failed, as a blocked one would.
        await route.abort('connectionfailed').catch(() => {});
      }
    },
  );
  // A WebSocket to another site is recorded here and closed, never connected: once routed, Playwright fires no
  // page `websocket` event for it.
  await context.routeWebSocket(
    url => !options.isFirstParty(url.hostname),
    socket => {
      options.socket(socket.url());
      socket.close({ code: 1000, reason: 'consent-gate scan: answered offline' });
    },
  );
}
