import type { IncomingMessage, ServerResponse } from 'node:http';
import { createProxyTrust, type TrustedProxies } from './proxy-trust.js';
import type { ReceiptHandler } from './receipt-handler.js';

export interface NodeListenerOptions {
  /** Proxies in front whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (see ReceiptServerOptions). @default 0 */
  trustedProxies?: TrustedProxies;
}

/**
 * The handler as a `node:http` request listener, for a server of your own or a Connect-style framework
 * (`app.post('/receipts', createNodeListener(handler))`): the request becomes a web Request, the client address
 * comes from the socket (or the trusted proxies), the Response is written back.
 */
export function createNodeListener(handler: ReceiptHandler, options: NodeListenerOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const forwarded = createProxyTrust(options.trustedProxies, 'options.trustedProxies');
  let said = false;
  return async (req, res) => {
    // Methods fetch's Request refuses to carry (CONNECT, TRACE, TRACK): no receipt comes that way, and they are
    // answered as the handler answers any method it does not take, not as a malformed request.
    if (/^(connect|trace|track)$/i.test(req.method ?? '')) {
      const payload = `{"error":"method ${req.method} is not allowed"}`;
      res.writeHead(405, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(payload.length), Allow: 'POST, OPTIONS, GET, HEAD', Connection: 'close' }).end(payload);
      return;
    }
    // A body parser mounted before this listener (`express.json()`, `express.text()`) has read the body already: its
    // end never comes again, and the receipt waited unanswered until the client gave up, stored nowhere and said
    // nowhere. A 500 says it (the SDK keeps the receipt and sends it again once the server is mended).
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.readableEnded) {
      const message = 'the request body was read before the consent log\'s listener (a body parser mounted before it?): mount createNodeListener before any body parser';
      if (!said) console.error(`consent-gate: ${message}`);
      said = true;
      const payload = JSON.stringify({ error: message });
      res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(payload)) }).end(payload);
      return;
    }
    let request: Request;
    let body: ReturnType<typeof bodyOf> | undefined;
    const hops = forwarded(req.socket.remoteAddress, header(req, 'x-forwarded-for'), header(req, 'x-forwarded-proto'));
    try {
      const url = new URL(req.url ?? '/', `${hops.proto ?? 'http'}://${req.headers.host ?? 'localhost'}`);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      body = hasBody ? bodyOf(req) : undefined;
      request = new Request(url, { method: req.method, headers: headersOf(req), body: body?.stream, duplex: 'half' } as RequestInit);
    } catch {
      const payload = '{"error":"the request line or Host header is not valid"}';
      res.writeHead(400, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(payload.length), Connection: 'close' }).end(payload);
      return;
    }
    const response = await handler(request, { clientAddress: hops.address });
    const headers: Record<string, string> = Object.fromEntries(response.headers);
    // A body left unread (refused as too large, or before reading) is not drained: the connection closes instead.
    if (body?.abandoned() || !req.complete) headers.Connection = 'close';
    const payload = Buffer.from(await response.arrayBuffer());
    if (req.method !== 'HEAD') headers['Content-Length'] = String(payload.byteLength);
    res.writeHead(response.status, headers).end(payload);
  };
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

/** A header sent several times is one list, as HTTP reads it (RFC 9110 §5.3). */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
