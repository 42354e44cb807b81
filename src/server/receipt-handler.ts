import { createClientHasher, type ClientHashOptions } from './client-hash.js';
import { createOriginPolicy } from './origin-policy.js';
import { duplicateKey } from './duplicate-key.js';
import { printable } from './printable.js';
import { rateKey, unmapped } from './proxy-trust.js';
import { createRateLimiter, type RateLimit } from './rate-limiter.js';
import { readBody } from './read-body.js';
import { RECEIPT_KEYS, validateReceipt } from './receipt-schema.js';
import { ReceiptConflictError, StoreUnavailableError, type ReceiptStore } from './store.js';
import { LogSchemaError } from './migrations.js';

export interface ReceiptHandlerOptions {
  store: ReceiptStore;
  /**
   * Origins whose pages may post receipts from another origin: `https://www.ooopic.com`, or `https://*.ooopic.com`
   * for every subdomain. The collector's own origin is allowed too: always without this list, on one of its sites
   * with it (the own origin comes from the `Host` header, which DNS rebinding sets). A request from any other origin gets 403
   * and stores nothing. @default []
   */
  origins?: readonly string[];
  /** From 1024 to 65536. @default 16384 (a receipt of the ooopic profile is about 1 KB) */
  maxBodyBytes?: number;
  /**
   * Receipts per client address (an IPv6 client: per /64), or false. Applies when the handler is told the address
   * (its second argument; createReceiptServer does). Generous, as many visitors may share one carrier-NAT address.
   * @default { perMinute: 600, burst: 60 }
   */
  rateLimit?: RateLimit | false;
  /** Keep a keyed, truncated hash of the client address with each receipt. Off by default: no address is kept. */
  clientHash?: ClientHashOptions;
  /** Seconds a 503 asks the client to wait, a whole number from 1 to 3600 (the SDK waits an hour at most). @default 5 */
  retryAfter?: number;
  /** The collector's clock, stamped on each receipt. @default () => new Date() */
  now?: () => Date;
  /** Called for each outcome, for logs and metrics; events carry no consent id, address or receipt content. */
  onEvent?: (event: ReceiptEvent) => void;
}

/** What the server knows about the client beyond the request (Node's socket, a framework's connection info). */
export interface ClientInfo {
  /**
   * The client's address, used for the rate limit and the optional hash; never stored or logged as it is. `undefined`
   * said outright is allowed (a header read with `?? undefined`) under exactOptionalPropertyTypes.
   */
  clientAddress?: string | undefined;
}

export type ReceiptHandler = (request: Request, info?: ClientInfo) => Promise<Response>;

export type ReceiptEvent =
  | { type: 'stored'; duplicate: boolean }
  | { type: 'rejected'; status: number; reason: string }
  | { type: 'unavailable'; message: string }
  | { type: 'failed'; message: string }
  | { type: 'warning'; message: string };

const ACCEPTED_TYPES = ['text/plain', 'application/json'];
const ALLOW = 'POST, OPTIONS, GET, HEAD';
// Chromium caps a cached preflight at two hours.
const PREFLIGHT_MAX_AGE = '7200';

/**
 * The consent log's endpoint as a web-standard handler (SPEC §7.6): `POST` a receipt, `OPTIONS` for CORS preflight,
 * `GET`/`HEAD` for health. It validates the receipt against the schema, stamps the collector's time and answers 2xx
 * only once the store has committed the row: a receipt acknowledged is never lost, a receipt refused (4xx) or not
 * stored (503) is never acknowledged. Mount it at any path of any framework that speaks Request/Response.
 */
export function createReceiptHandler(options: ReceiptHandlerOptions): ReceiptHandler {
  const { store } = options;
  if (!store || typeof store.add !== 'function') throw new TypeError('consent-gate/server: options.store must be a receipt store (openPgliteStore, openPostgresStore)');
  // Options often come from an environment or a config file: one of the wrong kind is refused here, naming it, rather
  // than failing with every receipt later (a `now` that is no function answered each one 500) or silently (a
  // Retry-After of "NaN" or "5s", which no client can read: RFC 9110 §10.2.3 allows seconds or an HTTP-date).
  const shown = (value: unknown) => (typeof value === 'number' ? String(value) : JSON.stringify(value) ?? typeof value);
  if (options.origins !== undefined && !Array.isArray(options.origins)) {
    throw new TypeError(`consent-gate/server: options.origins must be an array of origins such as ["https://www.ooopic.com"], got ${shown(options.origins)}`);
  }
  for (const key of ['now', 'onEvent'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new TypeError(`consent-gate/server: options.${key} must be a function${key === 'now' ? ' that returns a Date' : ''}, got ${shown(options[key])}`);
    }
  }
  if (options.clientHash !== undefined && (typeof options.clientHash !== 'object' || options.clientHash === null)) {
    throw new TypeError(`consent-gate/server: options.clientHash must be an object such as { key }, got ${shown(options.clientHash)}`);
  }
  if (options.retryAfter !== undefined && !(Number.isInteger(options.retryAfter) && options.retryAfter >= 1 && options.retryAfter <= 3600)) {
    throw new TypeError(`consent-gate/server: options.retryAfter must be a whole number of seconds from 1 to 3600, got ${shown(options.retryAfter)}`);
  }
  const isAllowed = createOriginPolicy(options.origins ?? [], i => `options.origins[${i}]`);
  const maxBody = options.maxBodyBytes ?? 16_384;
  // A receipt is about 1 KB; a larger body is parsed whole before it is refused, and a megabyte of nested brackets
  // holds the event loop for about a second.
  if (!(Number.isInteger(maxBody) && maxBody >= 1024 && maxBody <= 65_536)) {
    throw new TypeError(`consent-gate/server: options.maxBodyBytes must be an integer from 1024 to 65536, got ${JSON.stringify(options.maxBodyBytes)}`);
  }
  const limit = options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit ?? { perMinute: 600, burst: 60 }, 'options.rateLimit');
  const hash = options.clientHash ? createClientHasher(options.clientHash, 'options.clientHash') : undefined;
  const retryAfter = String(options.retryAfter ?? 5);
  const now = options.now ?? (() => new Date());
  const emit = (event: ReceiptEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing log line must not change the answer.
    }
  };
  let warnedNoAddress = false;

  return async (request, info = {}) => {
    const url = new URL(request.url);
    const origin = request.headers.get('origin');
    const allowed = origin === null || isAllowed(origin, url.origin);
    const headers = new Headers({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', Vary: 'Origin' });
    // Named, never `*`, and with credentials allowed: a page's own fetch of a collector on its site, or a request
    // made with credentials, is answered as well as the SDK's (whose cross-origin fetch sends no cookies).
    if (origin !== null && allowed && origin !== url.origin) {
      headers.set('Access-Control-Allow-Origin', origin);
      headers.set('Access-Control-Allow-Credentials', 'true');
      // A page on another origin reads only the Fetch standard's CORS-safelisted response headers, and Retry-After is
      // not one: the SDK can hold its resends for as long as a 429 or 503 asks (RFC 9110 §10.2.3) only if it is exposed.
      headers.set('Access-Control-Expose-Headers', 'Retry-After');
    }
    const answer = (status: number, body?: Record<string, unknown>) => {
      if (body) headers.set('Content-Type', 'application/json; charset=utf-8');
      return new Response(body && request.method !== 'HEAD' ? JSON.stringify(body) : null, { status, headers });
    };
    /** Whether this client has used its rate (then `Retry-After` says for how long). */
    const limited = () => {
      if (!limit) return false;
      if (!info.clientAddress) {
        if (!warnedNoAddress) {
          warnedNoAddress = true;
          emit({ type: 'warning', message: 'the handler is not told client addresses (its second argument): the rate limit per client is off' });
        }
        return false;
      }
      const verdict = limit(rateKey(info.clientAddress), Date.now());
      if (!verdict.allowed) headers.set('Retry-After', String(verdict.retryAfter));
      return !verdict.allowed;
    };
    const refuse = (status: number, reason: string) => {
      emit({ type: 'rejected', status, reason });
      return answer(status, { error: reason });
    };

    // The header is the client's text, and the reason goes to the server's log: control characters (a C1 CSI moves a
    // terminal's cursor), quotes and line breaks are written as escapes, and a long one is cut.
    if (!allowed) return refuse(403, `the origin ${printable(origin)} may not post receipts here`);

    switch (request.method) {
      case 'OPTIONS': {
        headers.set('Allow', ALLOW);
        if (origin === null || !request.headers.has('access-control-request-method')) return answer(204);
        if (request.headers.get('access-control-request-method') !== 'POST') return refuse(405, 'only POST is allowed from another origin');
        headers.set('Access-Control-Allow-Methods', 'POST');
        headers.set('Access-Control-Allow-Headers', 'Content-Type');
        headers.set('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
        return answer(204);
      }
      case 'GET':
      case 'HEAD':
        // Counted like receipts: each asks the store, and a client polling it must not take the database from them.
        if (limited()) return refuse(429, 'too many requests from this client: wait and ask again');
        try {
          await store.ping();
          return answer(200, { status: 'ok' });
        } catch {
          headers.set('Retry-After', retryAfter);
          return answer(503, { status: 'unavailable' });
        }
      case 'POST':
        break;
      default:
        headers.set('Allow', ALLOW);
        return refuse(405, `method ${request.method} is not allowed: POST a receipt`);
    }

    if (limited()) return refuse(429, 'too many receipts from this client: wait and send again');

    const type = (request.headers.get('content-type') ?? '').toLowerCase().split(';').map(part => part.trim());
    const charset = type.slice(1).find(part => part.startsWith('charset='))?.slice(8).replace(/"/g, '');
    if (!ACCEPTED_TYPES.includes(type[0] ?? '') || (charset !== undefined && charset !== 'utf-8')) {
      return refuse(415, `a receipt is sent as ${ACCEPTED_TYPES.join(' or ')} in UTF-8 (what sendBeacon and fetch send), got ${printable(request.headers.get('content-type') ?? '')}`);
    }

    const body = await readBody(request, maxBody);
    if (!body.ok) return refuse(body.status, body.reason);
    if (!body.bytes.byteLength) return refuse(400, 'the body is empty: a receipt is one JSON object');
    let parsed: unknown;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
      parsed = JSON.parse(text);
    } catch {
      // The parser's message quotes the input, which may hold personal data: the reason stays generic.
      return refuse(400, 'the body is not JSON in UTF-8: a receipt is one JSON object');
    }
    // Stored as sent, every key once: JSON.parse keeps the last of two without a word. Named only where it is a
    // receipt's own key: any other may be what a client typed (the reason reaches the server's log).
    const twice = duplicateKey(text);
    if (twice !== undefined) {
      const which = (RECEIPT_KEYS as readonly string[]).includes(twice) ? `the key "${twice}"` : 'a key';
      return refuse(422, `the receipt gives ${which} twice in one object: which value counts would be a guess`);
    }
    const check = validateReceipt(parsed);
    if (!check.ok) return refuse(422, check.reason);

    try {
      const result = await store.add({
        receipt: check.receipt,
        receivedAt: now(),
        origin,
        clientHash: hash && info.clientAddress ? hash(unmapped(info.clientAddress)) : null,
      });
      emit({ type: 'stored', duplicate: !result.stored });
      return answer(result.stored ? 201 : 200, { status: result.stored ? 'stored' : 'duplicate', receivedAt: result.receivedAt.toISOString() });
    } catch (error) {
      // 409, not 200 "duplicate": the sender must not take for stored a receipt the log did not store. The SDK drops
      // it from its outbox and tells the page (isFinalRefusal, src/core/receipt.ts).
      if (error instanceof ReceiptConflictError) return refuse(409, error.message);
      const message = error instanceof Error ? error.message : String(error);
      // A log of another schema (a newer collector migrated it during a rolling deploy) is as unavailable to this one:
      // a wait asked for, not every visitor's resend on every page view.
      if (error instanceof StoreUnavailableError || error instanceof LogSchemaError) {
        emit({ type: 'unavailable', message });
        headers.set('Retry-After', retryAfter);
        return answer(503, { error: 'the consent log is unavailable: send the receipt again later' });
      }
      emit({ type: 'failed', message });
      return answer(500, { error: 'the receipt could not be stored' });
    }
  };
}
