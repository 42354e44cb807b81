import type { BrowserContext, Page, Request } from 'playwright-core';
import { parseCookieWrite, type CookieWrite } from './parse-cookie-write.js';
import type { RequestSeen, StepId } from './report.js';
import { isUnderDomain, siteOf } from './site-of.js';
import { RECEIPT_KEYS, validateReceipt } from '../../server/receipt-schema.js';

/** Requests that stay open by design: never waited for. */
const LONG_LIVED = new Set(['eventsource', 'websocket', 'media']);

/** The network counts as quiet after this long with no request starting or ending (Playwright's own `networkidle` uses 500 ms). */
export const QUIET_MS = 500;

/**
 * How long a request still in flight holds a step back, from its start. An answer that brings a tracker in comes well
 * within it; a request open longer is one that stays open: a long poll, a streamed `fetch`, a document streamed into
 * an iframe, a `keepalive` request (which outlives the page, and never ends as far as Playwright can tell; the SDK's
 * own receipts are not waited for at all, `isReceipt`), a dedicated worker's request or a shared worker's script (whose ends Chromium does not always report). Waited for,
 * each of them held every step of its page to the limit, and the step was said to be "still busy". After this long
 * only new requests starting keep the step watching.
 */
export const OPEN_MS = 3000;

/**
 * Whether a request is the SDK's consent receipt: a POST to the config's `receipt.url`, which may be written relative
 * to the page (the SDK's `fetch` resolves it so).
 */
export function isReceiptRequest(request: { method: string; url: string }, receiptUrl: string | undefined, pageUrl: string): boolean {
  if (request.method !== 'POST' || !receiptUrl) return false;
  try {
    return new URL(receiptUrl, pageUrl).href.split('#')[0] === request.url.split('#')[0];
  } catch {
    return false;
  }
}

/**
 * Whether a POST body is a consent receipt as an SDK sends it: JSON whose keys of the receipt schema pass its check. A
 * page's own POST to the receipt URL (a pageview beacon, a form) carries something else. Keys the schema does not know
 * are left alone: a site's pages may run a newer SDK than the scan, whose receipts carry a field this one has not heard
 * of. (No body, `null` or a list has no receipt's keys.)
 */
export function isReceiptBody(body: string | null | undefined): boolean {
  try {
    const entries = Object.entries(JSON.parse(body!) as object).filter(([key]) => (RECEIPT_KEYS as readonly string[]).includes(key));
    return validateReceipt(Object.fromEntries(entries)).ok;
  } catch {
    return false;
  }
}

const isSameSiteAs = (host: string, other: string) => siteOf(host) === siteOf(other);

/**
 * The origins an HTTP `Link` header asks the browser to connect to ahead (`<https://hm.baidu.com>; rel=preconnect`,
 * RFC 8288; several links a header, comma-separated, `rel` a list of tokens, quoted or not), resolved against the
 * response's URL.
 */
export function preconnectsOf(header: string, base: string): string[] {
  const found: string[] = [];
  for (const [, target, params] of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(params!);
    if (!rel || !(rel[1] ?? rel[2] ?? '').toLowerCase().split(/\s+/).includes('preconnect')) continue;
    try {
      found.push(new URL(target!, base).href);
    } catch {
      // Not a URL: the browser connects nowhere.
    }
  }
  return found;
}

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

/** A request of the page, first party or not, as a note names it: its URL and Playwright's resource type. */
export interface RequestBrief {
  url: string;
  type: string;
}

/**
 * Why a step stopped watching at its limit: requests kept starting (those of the last `OPEN_MS`), or some were still
 * loading (started less than `OPEN_MS` before). Empty when it went quiet.
 */
export interface Busy {
  starting: RequestBrief[];
  loading: Array<RequestBrief & { openMs: number }>;
}

export interface NetworkWatch {
  /** Every request that left the page's site, in order, with the step during which it started. */
  requests: RawRequest[];
  /**
   * Resolves with `undefined` once no request has started or ended for `QUIET_MS`, no request younger than `OPEN_MS`
   * is in flight and at least `minMs` have passed (late trackers often start on a timer after `load`); with what kept
   * it busy when that was still not so at `capMs`.
   */
  settle(minMs: number, capMs: number): Promise<Busy | undefined>;
  /** Whether the network is quiet now, as `settle` means it. */
  isQuiet(): boolean;
  /**
   * Every request in flight now that is not open by design (an EventSource, a WebSocket, media), oldest first;
   * `answered` once its response has begun (a keepalive request then may never be said to end).
   */
  open(): Array<RequestBrief & { openMs: number; answered: boolean }>;
  /**
   * A WebSocket the page opened, as `--offline` / `--vendors` saw it (they close it unconnected, and Playwright then
   * fires no page `websocket` event for it). Seen both ways, it counts once.
   */
  socket(url: string, seenBy: 'route' | 'page'): void;
  /**
   * A connection the page asked the browser to open ahead (`<link rel=preconnect>`; a document's `Link` header is
   * read here): the vendor's server learns the visitor's address and when they came, with no request Playwright
   * reports. Recorded once a step and origin, as a request of type `preconnect` to the origin, asked for by
   * `document` (its URL).
   */
  connection(url: string, document: string): void;
  /**
   * A request the page sent as it was left (a `sendBeacon`, a `keepalive` fetch, on `pagehide` or a hidden
   * `visibilitychange`), which Playwright does not report: under a live scan it reached the vendor, and the report said
   * nothing. Told by the next document, after anything Playwright reported of it: recorded unless Playwright did.
   */
  left(url: string, document: string, how: 'sendBeacon' | 'keepalive fetch'): void;
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
    /**
     * The SDK's consent receipt (a `keepalive` POST to the config's `receipt.url`, SPEC §7.4): recorded like any
     * request, but never waited for. Playwright never reports a keepalive request finished, so each receipt held its
     * step for `OPEN_MS`: 3 s after every decision on a page that keeps receipts, which is every page of ooopic.
     */
    isReceipt?(request: Request): boolean;
  },
): NetworkWatch {
  const requests: RawRequest[] = [];
  const entries = new WeakMap<Request, RawRequest>();
  /** Requests in flight that hold the step back, with when they started (see `OPEN_MS`). */
  const inflight = new Map<Request, number>();
  /** Every request started in the last `OPEN_MS`, for a note on a step that never went quiet. */
  let recent: Array<RequestBrief & { at: number }> = [];
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
  const done = (request: Request) => {
    inflight.delete(request);
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
    const now = (lastActivity = Date.now());
    if (!LONG_LIVED.has(request.resourceType()) && !options.isReceipt?.(request)) inflight.set(request, now);
    recent = recent.filter(seen => now - seen.at < OPEN_MS);
    recent.push({ url: request.url(), type: request.resourceType(), at: now });
    const navigation = isPageNavigation(request, options.page());
    const entry = record(request.url(), request.method(), request.resourceType(), !navigation);
    if (!entry) return;
    if (entry.method == 'POST' && isReceiptBody(request.postData())) entry.receipt = true;
    entries.set(request, entry);
    if (navigation) hops.set(request, entry);
  });
  context.on('response', response => {
    const request = response.request();
    answered.add(request);
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
    // A document's `Link: <…>; rel=preconnect` connects to the vendor as `<link rel=preconnect>` does.
    if (request.resourceType() == 'document') {
      void response
        .headerValues('link')
        .then(headers => headers.flatMap(header => preconnectsOf(header, url)).forEach(target => connection(target, url, step, 'Link: rel=preconnect')))
        .catch(() => {});
    }
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

  const answered = new WeakSet<Request>();
  const open = (now: number) =>
    [...inflight].map(([request, started]) => ({ url: request.url(), type: request.resourceType(), openMs: now - started, answered: answered.has(request) }));
  const loading = (now: number) => open(now).filter(request => request.openMs < OPEN_MS);
  const isQuiet = (now = Date.now()) => now - lastActivity >= QUIET_MS && !loading(now).length;

  const connected = new Set<string>();
  function connection(url: string, document: string, step = options.step(), via = '<link rel=preconnect>') {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return;
    }
    if (origin == 'null' || connected.has(`${step} ${origin}`)) return;
    connected.add(`${step} ${origin}`);
    const entry = record(`${origin}/`, 'CONNECT', 'preconnect');
    if (entry) Object.assign(entry, { step, from: `${document} (${via})` });
  }

  function left(url: string, document: string, how: 'sendBeacon' | 'keepalive fetch') {
    const entry = record(url, 'POST', how == 'sendBeacon' ? 'ping' : 'fetch', false);
    if (!entry || requests.some(seen => seen.step == entry.step && seen.url == entry.url)) return;
    requests.push(Object.assign(entry, { from: `${document} (${how} as the page was left)` }));
  }

  return {
    requests,
    socket,
    connection,
    left,
    isQuiet: () => isQuiet(),
    open: () => open(Date.now()),
    async settle(minMs, capMs) {
      const start = Date.now();
      for (;;) {
        const now = Date.now();
        if (now - start >= minMs && isQuiet(now)) return undefined;
        if (now - start >= capMs) {
          // What started during this wait: a step's own load is not what kept it busy.
          const starting = recent.filter(seen => seen.at >= start && now - seen.at < OPEN_MS).map(({ url, type }) => ({ url, type }));
          return { starting, loading: loading(now) };
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    },
  };
}

/** A URL as a note names it: without its query (a cache buster, a counter), which makes every heartbeat look new. */
const where = (url: string) => {
  try {
    const { origin, pathname } = new URL(url);
    return origin == 'null' ? url.slice(0, 100) : `${origin}${pathname}`.slice(0, 100);
  } catch {
    return url.slice(0, 100);
  }
};

/**
 * What kept a step from going quiet, for its note: the requests that kept starting, grouped by URL without the query,
 * most frequent first, and those still loading, so that QA knows which resource to look at.
 */
export function describeBusy(busy: Busy, capMs: number): string {
  const parts: string[] = [];
  if (busy.starting.length) {
    const groups = new Map<string, { type: string; count: number }>();
    for (const { url, type } of busy.starting) {
      const key = `${where(url)} (${type}`;
      const group = groups.get(key) ?? { type, count: 0 };
      group.count++;
      groups.set(key, group);
    }
    const named = [...groups].sort((a, b) => b[1].count - a[1].count).slice(0, 3).map(([key, { count }]) => `${key}${count > 1 ? `, ${count}×` : ''})`);
    const more = groups.size > 3 ? ` and ${groups.size - 3} more` : '';
    const n = busy.starting.length;
    parts.push(`${n} request${n == 1 ? '' : 's'} started in the last ${OPEN_MS / 1000} s: ${named.join(', ')}${more}`);
  }
  if (busy.loading.length) {
    const named = busy.loading.slice(0, 3).map(({ url, type, openMs }) => `${where(url)} (${type}, open ${(openMs / 1000).toFixed(1)} s)`);
    parts.push(`still loading: ${named.join(', ')}${busy.loading.length > 3 ? ` and ${busy.loading.length - 3} more` : ''}`);
  }
  if (!parts.length) parts.push('requests were still ending');
  return `the network was still busy after ${capMs} ms (${parts.join('; ')}); requests after that are not in this report`;
}
