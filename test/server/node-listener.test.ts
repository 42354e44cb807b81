// @vitest-environment node
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNodeListener } from '../../src/server/node-listener.js';
import type { ReceiptHandler } from '../../src/server/receipt-handler.js';

/** A server whose middleware may read the body first, as `express.text()` / `express.json()` do. */
async function serve(readFirst: boolean, handler: ReceiptHandler) {
  const listener = createNodeListener(handler);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!readFirst) return void listener(req, res);
    let text = '';
    req.setEncoding('utf8');
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      (req as IncomingMessage & { body?: string }).body = text;
      void listener(req, res);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/receipts`, close: () => new Promise(resolve => server.close(resolve)) };
}

const servers: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()));
  vi.restoreAllMocks();
});

describe('createNodeListener', () => {
  // Regression: a body parser mounted before the listener read the body, the listener waited for an end that never came
  // again, and the receipt was answered never (the client gave up after minutes), stored nowhere and said nowhere.
  it('regression: a body read before it (a body parser mounted first) is answered 500 at once and said once, never left hanging', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handler = vi.fn<ReceiptHandler>(async request => new Response(await request.text(), { status: 201 }));
    const server = await serve(true, handler);
    servers.push(server);
    const answers = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(server.url, { method: 'POST', body: '{"v":1}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5000) });
      answers.push([response.status, ((await response.json()) as { error: string }).error]);
    }
    expect(answers).toEqual([
      [500, expect.stringContaining('mount createNodeListener before any body parser')],
      [500, expect.stringContaining('mount createNodeListener before any body parser')],
    ]);
    expect(handler).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledTimes(1);
  });

  it('passes a body nobody read to the handler, and a GET without one', async () => {
    const handler = vi.fn<ReceiptHandler>(async request => new Response(request.method == 'POST' ? await request.text() : 'ok', { status: 201 }));
    const server = await serve(false, handler);
    servers.push(server);
    const posted = await fetch(server.url, { method: 'POST', body: '{"v":1}' });
    expect([posted.status, await posted.text()]).toEqual([201, '{"v":1}']);
    const got = await fetch(server.url);
    expect([got.status, await got.text()]).toEqual([201, 'ok']);
  });
});
