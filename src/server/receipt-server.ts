import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createNodeListener } from './node-listener.js';
import type { TrustedProxies } from './proxy-trust.js';
import type { ReceiptHandler } from './receipt-handler.js';

export interface ReceiptServerOptions {
  handler: ReceiptHandler;
  /** Where receipts are posted (the SDK's `receipt.url`). @default '/receipts' */
  path?: string;
  /** Health for load balancers and probes: 200 when the store answers and kept the last receipts (see `ping`), else 503. @default '/health' */
  healthPath?: string;
  /**
   * Proxies in front of the collector (a load balancer, a CDN) whose `X-Forwarded-For` and `X-Forwarded-Proto` are
   * believed: how many, or their addresses and subnets (`['10.0.0.0/8']`; then a request from any other peer is taken
   * as it came). With 0, the socket's address is the client (anything else could be forged by the client). @default 0
   */
  trustedProxies?: TrustedProxies;
  /** Called for each request answered 503 because the server is closing (for a collector's counts). */
  onClosingAnswer?: () => void;
  /** Milliseconds a client has to send a whole request (slow clients hold a socket each). @default 10000 */
  requestTimeout?: number;
}

export interface ReceiptServer {
  /** Node's server, for settings such as `keepAliveTimeout` (keep it above the load balancer's idle timeout). */
  readonly server: Server;
  listen(port: number, host?: string): Promise<{ port: number; host: string; url: string }>;
  /**
   * Stops taking requests, lets those in progress finish (their receipts are committed and answered), and closes
   * the connections; after `timeoutMs` the rest are cut. Closing the store is the caller's, after this resolves.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** A small `node:http` server around the handler: one path for receipts, one for health, 404 elsewhere. */
export function createReceiptServer(options: ReceiptServerOptions): ReceiptServer {
  const path = options.path ?? '/receipts';
  const healthPath = options.healthPath ?? '/health';
  // A request's path always starts with "/" (RFC 9112 §3.2.1): one given without it, as a framework route or an
  // environment variable may be, would match no request and every receipt would be answered 404.
  for (const [key, value, example] of [['path', path, '/receipts'], ['healthPath', healthPath, '/health']] as const) {
    if (typeof value !== 'string' || !value.startsWith('/')) {
      throw new TypeError(`consent-gate/server: options.${key} must be a URL path such as "${example}", got ${JSON.stringify(value)}`);
    }
  }
  if (path === healthPath) throw new TypeError(`consent-gate/server: options.path and options.healthPath must differ, got "${path}" for both`);
  const requestTimeout = options.requestTimeout ?? 10_000;
  if (!(Number.isInteger(requestTimeout) && requestTimeout >= 1000)) {
    throw new TypeError(`consent-gate/server: options.requestTimeout must be a whole number of milliseconds of at least 1000, got ${JSON.stringify(requestTimeout)}`);
  }
  const listener = createNodeListener(options.handler, { trustedProxies: options.trustedProxies });
  let draining = false;
  let drained: (() => void) | undefined;
  const open = new Set<ServerResponse>();

  // Node checks the request timeout only every `connectionsCheckingInterval` (30 s by default): a client sending a
  // byte a second held its socket for 40 s, not the 10 s set below.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    open.add(res);
    // An answer given while shutting down ends its connection: a kept-alive one would be closed under a client that
    // had just sent its next receipt on it, which then sees a reset instead of an answer.
    if (draining) res.setHeader('Connection', 'close');
    serve(req, res)
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' }).end('{"error":"internal error"}');
        else res.destroy();
      })
      .finally(() => {
        open.delete(res);
        if (draining && open.size === 0) drained?.();
      });
  });
  server.requestTimeout = requestTimeout;
  server.headersTimeout = Math.min(server.headersTimeout, server.requestTimeout);
  // A connection that never sends a byte is parsing no request, so neither timeout above reaches it: held open by the
  // thousand, such connections took every file descriptor, and the collector answered nobody (its health check
  // included) and could open no connection to its database. Each gets `requestTimeout` to send its first request; a
  // kept-alive one between requests is `keepAliveTimeout`'s.
  const silent = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('connection', (socket: Socket) => {
    silent.set(socket, setTimeout(() => socket.destroy(), requestTimeout).unref());
    socket.once('close', () => clearTimeout(silent.get(socket)));
  });
  server.on('request', (req: IncomingMessage) => clearTimeout(silent.get(req.socket)));

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const pathname = (req.url ?? '/').split('?')[0];
    if (draining) {
      // A request that arrives on a kept-alive connection while shutting down: the client sends it again elsewhere.
      options.onClosingAnswer?.();
      return send(res, 503, { ...retryLaterHeaders(req.headers.origin), 'Retry-After': '5', Connection: 'close' }, { error: 'the collector is shutting down: send the receipt again' });
    }
    if (pathname === healthPath && req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, { Allow: 'GET, HEAD' }, { error: `method ${req.method} is not allowed on ${healthPath}` });
    }
    if (pathname !== path && pathname !== healthPath) {
      return send(res, 404, {}, { error: `nothing here: receipts are posted to ${path}, health is at ${healthPath}` });
    }
    await listener(req, res);
  }

  return {
    server,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ port: address.port, host: address.address, url: `http://${shown}:${address.port}${path}` });
        });
      }),
    async close(timeoutMs = 10_000) {
      if (!draining) draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close');
      const closed = new Promise<void>(resolve => server.close(() => resolve()));
      server.closeIdleConnections();
      const idle = open.size === 0 ? Promise.resolve() : new Promise<void>(resolve => (drained = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>(resolve => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([idle.then(() => server.closeIdleConnections()).then(() => closed), timeout]);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * CORS headers for a 503 given before the handler could look at the request (the collector starting or shutting
 * down): without them a page on another origin sees a network error, and its outbox cannot read the Retry-After it
 * should wait (RFC 9110 §10.2.3). The origin is not checked here (the handler's policy is not consulted yet): the
 * answer says only "later" and carries no data, and credentials are not allowed with it.
 */
export function retryLaterHeaders(origin: string | undefined | null): Record<string, string> {
  return origin ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After', Vary: 'Origin' } : {};
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Record<string, unknown>) {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': String(payload.byteLength), ...headers,
  }).end(payload);
}

