import type { BrowserContext, Page, Request } from 'playwright-core';
import { parseCookieWrite, type CookieWrite } from './parse-cookie-write.js';
import type { RequestSeen, StepId } from './report.js';
import { isUnderDomain, siteOf } from './site-of.js';

/** Requests that stay open by design: waiting for them to end would wait for the limit every time. */
const LONG_LIVED = new Set(['eventsource', 'websocket', 'media']);

/** The network counts as quiet after this long with nothing in flight (Playwright's own `networkidle` uses 500 ms). */
export const QUIET_MS = 500;

/** How long a request to the page's own site with a body (a POST) is waited for: see `home` below. */
const HOME_MS = 3000;

const isSameSiteAs = (host: string, other: string) => siteOf(host) === siteOf(other);

/** The scanned page's own navigations (a redirect to another domain included) are the page, not a request it makes. */
export function isPageNavigation(request: Request, page: Page | undefined): boolean {
  try {
    return request.isNavigationRequest() && request.frame() === page?.mainFrame();
  } catch {
    // A service worker's request has no frame.
    return false;
  }
}

export type RawRequest = Omit<RequestSeen, 'service' | 'category'>;

export interface NetworkWatch {
  /** Every request that left the page's site, in order, with the step during which it started. */
  requests: RawRequest[];
  /**
   * Resolves once nothing has been in flight for `QUIET_MS` and at least `graceMs` have passed (late trackers
   * often start on a timer after `load`); `false` when the network was still busy at `capMs`.
   */
  settle(graceMs: number, capMs: number): Promise<boolean>;
  /**
   * A WebSocket the page opened, as `--offline` / `--vendors` saw it (they close it unconnected, and Playwright then
   * fires no page `websocket` event for it). Seen both ways, it counts once.
   */
  socket(url: string, seenBy: 'route' | 'page'): void;
}

/**
 * Records a browser context's requests to other sites: every page and frame of it, popups included, and
 * `sendBeacon` pings. Recorded when the request starts, so a request that is then blocked, answered locally
 * (`--offline`) or fails still counts: the page tried to send it.
 */
export function watchNetwork(
  context: BrowserContext,
  options: {
    isFirstParty(host: string): boolean;
    step(): StepId;
    page(): Page | undefined;
    /**
     * Where cookies written by script go (watch-writes.ts): those set by an HTTP `Set-Cookie` join them, so a cookie
     * keeps the step it was first written in, whoever wrote it.
     */
    cookies: Array<CookieWrite & { step: StepId }>;
  },
): NetworkWatch {
  const requests: RawRequest[] = [];
  const entries = new WeakMap<Request, RawRequest>();
  const inflight = new Set<Request>();
  let lastActivity = Date.now();

  const record = (url: string, method: string, type: string, file = true): RawRequest | undefined => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    // Port 1 of the loopback address is where the network guard sends what it refuses: the browser refuses it at once.
    if (!/^(https?|wss?):$/.test(parsed.protocol) || options.isFirstParty(parsed.hostname) || parsed.host == '127.0.0.1:1') return undefined;
    const entry: RawRequest = { url, host: parsed.hostname, method, type, step: options.step(), status: null };
    if (file) requests.push(entry);
    return entry;
  };
  /**
   * What the page sends to its own site (a consent receipt, a form, an API call) is waited for `HOME_MS` at most: a
   * `keepalive` fetch, which outlives the page, never ends as far as Playwright can tell, and waited for, every step
   * of a page with receipts ran into the limit; an answer that brings a tracker in comes well within it.
   */
  const home = new Map<Request, number>();
  const sentHome = (request: Request) => {
    try {
      return request.method() != 'GET' && options.isFirstParty(new URL(request.url()).hostname);
    } catch {
      return false;
    }
  };
  const done = (request: Request) => {
    inflight.delete(request);
    home.delete(request);
    lastActivity = Date.now();
  };

  /**
   * The page's own navigations are the page, not requests it makes; but a hop that did not become the page is a visit
   * to that site all the same: a redirect through a vendor and back (bounce tracking: the vendor reads and sets its
   * cookies on a top-level visit), or a navigation that never committed (a 204, a failure). They are filed, with the
   * step they started in, once their chain ends, when it is known which request became the page.
   */
  const hops = new WeakMap<Request, RawRequest>();
  const ended = new WeakSet<Request>();
  const endChain = (last: Request, committed: boolean) => {
    if (ended.has(last)) return;
    ended.add(last);
    let finalHost: string | undefined;
    try {
      finalHost = committed ? new URL(last.url()).hostname : undefined;
    } catch {
      // No host to compare with: every hop is filed.
    }
    const chain: Request[] = [];
    for (let hop: Request | null = committed ? last.redirectedFrom() : last; hop; hop = hop.redirectedFrom()) chain.unshift(hop);
    for (const hop of chain) {
      const entry = hops.get(hop);
      // A hop on the site the page landed on is the page's own (`/a` → 302 → `/login`); the site it came from is
      // first party already (`record` left it out).
      if (entry && !(finalHost && isSameSiteAs(entry.host, finalHost))) requests.push(entry);
    }
  };

  context.on('request', request => {
    lastActivity = Date.now();
    if (sentHome(request)) home.set(request, Date.now());
    else if (!LONG_LIVED.has(request.resourceType())) inflight.add(request);
    const navigation = isPageNavigation(request, options.page());
    const entry = record(request.url(), request.method(), request.resourceType(), !navigation);
    if (!entry) return;
    entries.set(request, entry);
    if (navigation) hops.set(request, entry);
  });
  context.on('response', response => {
    const request = response.request();
    // A cookie an HTTP response sets, as it arrives: the profile's cookie jar is read only at the end of a step, and
    // the SDK clears a not-granted service's cookies when its gate starts (src/gate/index.ts), so a `_ga` the server
    // set on the document was gone by then. One whose Domain does not cover the response's host is refused by the
    // browser (RFC 6265 §5.3, step 6) and left out.
    const step = options.step();
    const url = response.url();
    void response
      .headerValues('set-cookie')
      .then(headers => {
        for (const header of headers) {
          const write = parseCookieWrite(header, url);
          if (!write || write.deletion || (write.domain.startsWith('.') && !isUnderDomain(new URL(url).hostname, write.domain))) continue;
          options.cookies.push({ ...write, value: write.value.slice(0, 80), step });
        }
      })
      .catch(() => {
        // The profile closed meanwhile: its report is being built without this response.
      });
    const entry = entries.get(request);
    if (entry) entry.status = response.status();
    // A 3xx is a hop of a chain that goes on; 204 and 205 leave the page where it was (HTML, "process a navigate
    // response": no document is created).
    const status = response.status();
    if (isPageNavigation(request, options.page()) && (status < 300 || status > 399)) endChain(request, status != 204 && status != 205);
  });
  context.on('requestfinished', done);
  context.on('requestfailed', request => {
    done(request);
    const entry = entries.get(request);
    if (entry) entry.failure = request.failure()?.errorText ?? 'failed';
    if (isPageNavigation(request, options.page())) endChain(request, false);
  });
  // One WebSocket may be seen by the route that closes it and by the page's event: counted per URL and step, each
  // source's sightings pair with the other's, whichever comes first.
  const sightings = new Map<string, { route: number; page: number }>();
  const socket = (url: string, seenBy: 'route' | 'page') => {
    const key = `${options.step()} ${url}`;
    const seen = sightings.get(key) ?? { route: 0, page: 0 };
    sightings.set(key, seen);
    seen[seenBy]++;
    if (seen[seenBy] > seen[seenBy == 'route' ? 'page' : 'route']) record(url, 'GET', 'websocket');
  };
  const watchPage = (page: Page) => page.on('websocket', webSocket => socket(webSocket.url(), 'page'));
  context.pages().forEach(watchPage);
  context.on('page', watchPage);

  return {
    requests,
    socket,
    async settle(graceMs, capMs) {
      const start = Date.now();
      for (;;) {
        const now = Date.now();
        const waiting = inflight.size || [...home.values()].some(started => now - started < HOME_MS);
        if (!waiting && now - lastActivity >= QUIET_MS && now - start >= graceMs) return true;
        if (now - start >= capMs) return false;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    },
  };
}
