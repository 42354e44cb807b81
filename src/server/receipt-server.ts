import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceiptHandler } from './receipt-handler.js';

export interface ReceiptServerOptions {
  handler: ReceiptHandler;
  /** Where receipts are posted (the SDK's `receipt.url`). @default '/receipts' */
  path?: string;
  /** Health for load balancers and probes: 200 when the store answers, else 503. @default '/health' */
  healthPath?: string;
  /**
   * Proxies in front of the collector (a load balancer, a CDN) whose `X-Forwarded-For` and `X-Forwarded-Proto` are
   * believed. With 0, the socket's address is the client (anything else could be forged by the client). @default 0
   */
  trustedProxies?: number;
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
  const proxies = options.trustedProxies ?? 0;
  if (!(Number.isInteger(proxies) && proxies >= 0)) {
    throw new TypeError(`consent-gate/server: trustedProxies must be a whole number of proxies, got ${JSON.stringify(options.trustedProxies)}`);
  }
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const server = createServer((req, res) => {
    inFlight++;
    serve(req, res)
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' }).end('{"error":"internal error"}');
        else res.destroy();
      })
      .finally(() => {
        inFlight--;
        if (draining && inFlight === 0) drained?.();
      });
  });
  server.requestTimeout = options.requestTimeout ?? 10_000;
  server.headersTimeout = Math.min(server.headersTimeout, server.requestTimeout);

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const pathname = (req.url ?? '/').split('?')[0];
    if (draining) {
      // A request that arrives on a kept-alive connection while shutting down: the client sends it again elsewhere.
      return send(res, 503, { 'Retry-After': '5', Connection: 'close' }, { error: 'the collector is shutting down: send the receipt again' });
    }
    if (pathname === healthPath && req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, { Allow: 'GET, HEAD' }, { error: `method ${req.method} is not allowed on ${healthPath}` });
    }
    if (pathname !== path && pathname !== healthPath) {
      return send(res, 404, {}, { error: `nothing here: receipts are posted to ${path}, health is at ${healthPath}` });
    }
    let request: Request;
    let body: ReturnType<typeof bodyOf> | undefined;
    try {
      const forwarded = proxies ? forwardedProto(req, proxies) : undefined;
      const url = new URL(req.url ?? '/', `${forwarded ?? 'http'}://${req.headers.host ?? 'localhost'}`);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      body = hasBody ? bodyOf(req) : undefined;
      request = new Request(url, { method: req.method, headers: headersOf(req), body: body?.stream, duplex: 'half' } as RequestInit);
    } catch {
      return send(res, 400, { Connection: 'close' }, { error: 'the request line or Host header is not valid' });
    }
    const response = await options.handler(request, { clientAddress: clientAddress(req, proxies) });
    const headers: Record<string, string> = Object.fromEntries(response.headers);
    // A body left unread (refused as too large) is not drained: the connection closes after the answer instead.
    if (body?.abandoned() || !req.complete) headers.Connection = 'close';
    const payload = Buffer.from(await response.arrayBuffer());
    if (req.method !== 'HEAD') headers['Content-Length'] = String(payload.byteLength);
    res.writeHead(response.status, headers).end(payload);
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
      const closed = new Promise<void>(resolve => server.close(() => resolve()));
      server.closeIdleConnections();
      const idle = inFlight === 0 ? Promise.resolve() : new Promise<void>(resolve => (drained = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>(resolve => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([idle.then(() => server.closeIdleConnections()).then(() => closed), timeout]);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Record<string, unknown>) {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': String(payload.byteLength), ...headers,
  }).end(payload);
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}

/**
 * The request body as a web stream that reads only what the handler asks for. Unlike Readable.toWeb, cancelling it
 * leaves the socket open, so the handler's 413 can still be written before the connection closes.
 */
function bodyOf(req: IncomingMessage): { stream: ReadableStream<Uint8Array>; abandoned(): boolean } {
  let abandoned = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      // After a cancel the controller is closed already; these then have nothing to tell.
      req.on('end', () => abandoned || controller.close());
      req.on('error', error => abandoned || controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      abandoned = true;
      req.removeAllListeners('data');
      req.pause();
    },
  });
  return { stream, abandoned: () => abandoned };
}

/** The client's address: the socket's, or the one the nearest trusted proxy appended to X-Forwarded-For. */
function clientAddress(req: IncomingMessage, proxies: number): string | undefined {
  const socket = req.socket.remoteAddress;
  if (!proxies) return socket;
  const hops = String(req.headers['x-forwarded-for'] ?? '').split(',').map(hop => hop.trim()).filter(Boolean);
  return hops[hops.length - proxies] ?? socket;
}

function forwardedProto(req: IncomingMessage, proxies: number): string | undefined {
  const hops = String(req.headers['x-forwarded-proto'] ?? '').split(',').map(hop => hop.trim().toLowerCase()).filter(Boolean);
  const proto = hops[hops.length - proxies] ?? hops[0];
  return proto === 'https' || proto === 'http' ? proto : undefined;
}
