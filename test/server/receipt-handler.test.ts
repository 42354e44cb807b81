// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createReceiptHandler, LogSchemaError, type ReceiptEvent, type ReceiptHandlerOptions } from '../../src/server/index.js';
import { fullReceipt, receipt } from './fixtures.js';
import { normalizeConfig } from '../../src/core/config.js';
import { createReceipt } from '../../src/core/receipt.js';
import { decodeRecord, encodeRecord } from '../../src/core/record.js';
import { computeState } from '../../src/core/state.js';
import type { ConsentRecord } from '../../src/core/types.js';
import { memoryStore } from './memory-store.js';

const URL = 'https://log.ooopic.com/receipts';
const SITE = 'https://www.ooopic.com';
const BEACON = 'text/plain;charset=UTF-8';
const body = JSON.stringify(receipt());

function setup(options: Partial<ReceiptHandlerOptions> = {}) {
  const memory = memoryStore();
  const events: ReceiptEvent[] = [];
  const handler = createReceiptHandler({
    store: memory.store, origins: [SITE, 'https://*.ooopic.com'], onEvent: event => events.push(event), rateLimit: false,
    now: () => new Date('2026-11-29T12:00:00.000Z'), ...options,
  });
  return { ...memory, events, handler };
}

function request(init: { method?: string; headers?: Record<string, string>; body?: BodyInit | null } = {}) {
  const method = init.method ?? 'POST';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(URL, {
    method,
    headers: { 'content-type': BEACON, origin: SITE, ...init.headers },
    body: hasBody ? (init.body === undefined ? body : init.body) : undefined,
    duplex: 'half',
  } as RequestInit);
}

/** A body sent in chunks without a Content-Length, as a client streaming it would. */
function stream(size: number) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(new Uint8Array(4096).fill(0x20));
      sent += 4096;
    },
  });
}

// Each row: a request the log must refuse, the status, the start of the reason. None may store anything.
const REFUSED: Array<[name: string, init: Parameters<typeof request>[0], status: number, reason: string]> = [
  ['PUT', { method: 'PUT' }, 405, 'method PUT is not allowed'],
  ['DELETE', { method: 'DELETE', body: null }, 405, 'method DELETE is not allowed'],
  ['PATCH', { method: 'PATCH' }, 405, 'method PATCH is not allowed'],
  ['a form post', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'a receipt is sent as text/plain or application/json'],
  ['multipart', { headers: { 'content-type': 'multipart/form-data; boundary=x' } }, 415, 'a receipt is sent as'],
  ['no content type', { headers: { 'content-type': '' } }, 415, 'a receipt is sent as'],
  ['a charset other than UTF-8', { headers: { 'content-type': 'text/plain; charset=iso-8859-1' } }, 415, 'a receipt is sent as'],
  ['an empty body', { body: '' }, 400, 'the body is empty'],
  ['truncated JSON', { body: body.slice(0, 120) }, 400, 'the body is not JSON'],
  ['not JSON', { body: 'consent=yes' }, 400, 'the body is not JSON'],
  ['invalid UTF-8', { body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }, 400, 'the body is not JSON in UTF-8'],
  ['a declared huge body', { body: 'x'.repeat(20_000) }, 413, 'a receipt body may have at most 16384 bytes'],
  ['a streamed huge body', { body: stream(1_000_000) }, 413, 'a receipt body may have at most 16384 bytes'],
  ['a JSON array', { body: JSON.stringify([receipt()]) }, 422, 'receipt must be an object, got an array'],
  ['a JSON string', { body: JSON.stringify(body) }, 422, 'receipt must be an object, got a string'],
  ['a number', { body: '42' }, 422, 'receipt must be an object, got a number'],
  ['null', { body: 'null' }, 422, 'receipt must be an object, got null'],
  ['deep nesting', { body: '['.repeat(5000) + ']'.repeat(5000) }, 422, 'receipt must be an object, got an array'],
  ['an extra key', { body: JSON.stringify({ ...receipt(), ip: '203.0.113.7' }) }, 422, 'receipt has an unknown key "ip"'],
  ['__proto__', { body: `{"__proto__":{"admin":true},${body.slice(1)}` }, 422, 'receipt has an unknown key "__proto__"'],
  ['constructor', { body: JSON.stringify({ ...receipt(), constructor: { prototype: {} } }) }, 422, 'receipt has an unknown key "constructor"'],
  ['__proto__ in grants', { body: body.replace('"necessary":true', '"__proto__":true') }, 422, 'receipt.categories has a key that is not an id'],
  ['a wrong type', { body: JSON.stringify(receipt({ age: 5 as never })) }, 422, 'receipt.age must be one of'],
  ['a missing field', { body: JSON.stringify({ ...receipt(), consentId: undefined }) }, 422, 'receipt.consentId is missing'],
  ['a page with a query', { body: JSON.stringify(receipt({ page: 'https://www.ooopic.com/?q=me' })) }, 422, 'receipt.page must be'],
  // Regression (back-end probe): JSON.parse kept the last of two values, and the log stored "reject-all" as sent.
  ['a key given twice', { body: body.replace('{', '{"action":"accept-all",') }, 422, 'the receipt gives the key "action" twice in one object'],
  ['a map key given twice, not named', { body: body.replace('"necessary":true', '"necessary":true,"necessary":false') }, 422, 'the receipt gives a key twice in one object'],
  ['another site', { headers: { origin: 'https://evil.example' } }, 403, 'the origin "https://evil.example" may not post receipts here'],
  ['a look-alike site', { headers: { origin: 'https://ooopic.com.evil.example' } }, 403, 'may not post receipts here'],
  ['http where https is allowed', { headers: { origin: 'http://www.ooopic.com' } }, 403, 'may not post receipts here'],
  ['the bare domain under a wildcard', { headers: { origin: 'https://ooopic.com' } }, 403, 'may not post receipts here'],
  ['Origin: null', { headers: { origin: 'null' } }, 403, 'the origin "null" may not post receipts here'],
  // Regression: the raw header went into the server's log, a C1 control (CSI) and all.
  ['control characters in the origin, escaped for the log', { headers: { origin: 'https://evil.example\u009b2J"x' } }, 403, 'the origin "https://evil.example\\u009b2J\\u0022x" may not post receipts here'],
  // Regression: the 415 and 422 reasons quoted client text with JSON.stringify, which leaves C1 controls
  // (U+009B CSI clears a terminal) and bidi overrides (U+202E) raw in `log serve`'s log.
  ['control characters in the content type, escaped for the log', { headers: { 'content-type': 'x\u009b2J"spoofed' } }, 415, 'got "x\\u009b2J\\u0022spoofed"'],
  ['control and bidi characters in an unknown key, left out of the log', { body: JSON.stringify({ ...receipt(), '\u009b2J\u202eALL LOST': 1 }) }, 422, 'receipt has an unknown key (a receipt carries'],
  ['control characters in a map key, left out of the log', { body: JSON.stringify(receipt({ services: { '\u009b31m': true } })) }, 422, 'receipt.services has a key that is not an id (/^[a-z][a-z0-9_-]{0,31}$/)'],
  ['a long origin, cut for the log', { headers: { origin: `https://${'a'.repeat(200)}.example` } }, 403, `the origin "https://${'a'.repeat(92)}"… may not post`],
  ['a preflight from another site', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' }, body: null }, 403, 'may not post'],
  ['a preflight for PUT', { method: 'OPTIONS', headers: { 'access-control-request-method': 'PUT' }, body: null }, 405, 'only POST is allowed'],
];

describe('createReceiptHandler: refusals (SPEC §7.6: a 4xx with the reason, nothing stored)', () => {
  // Regression: a refusal quoted any key the client sent, and the reason reached the events and `log serve`'s output,
  // which carry no receipt content.
  it.each([
    ['a map key', receipt({ categories: { 'Zhang San 13800138000': true } }), 'Zhang San', 'receipt.categories has a key that is not an id'],
    ['an unknown key', { ...receipt(), 'zhangsan@example.com': 1 }, 'zhangsan', 'receipt has an unknown key (a receipt carries'],
    ['a Chinese name', { ...receipt(), 张三: 1 }, '张三', 'receipt has an unknown key (a receipt carries'],
  ])('regression: %s that could be someone\'s data is left out of the reason', async (_, sent, data, reason) => {
    const { handler, events } = setup();
    const response = await handler(request({ body: JSON.stringify(sent) }));
    const error = ((await response.json()) as { error: string }).error;
    expect([response.status, error.includes(data), JSON.stringify(events).includes(data)]).toEqual([422, false, false]);
    expect(error).toContain(reason);
  });

  it.each(REFUSED)('%s → %i', async (_, init, status, reason) => {
    const { handler, rows, events } = setup();
    const response = await handler(request(init));
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toContain(reason);
    expect(rows).toEqual([]);
    expect(events).toEqual([{ type: 'rejected', status, reason: expect.stringContaining(reason) }]);
    if (status === 405) expect(response.headers.get('allow')).toBe('POST, OPTIONS, GET, HEAD');
    if (status === 403) expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('createReceiptHandler: receipts stored', () => {
  it('stores a beacon (text/plain) and a fetch (application/json) with the collector time, and answers 201', async () => {
    const { handler, rows } = setup();
    for (const type of [BEACON, 'application/json']) {
      const response = await handler(request({ headers: { 'content-type': type } }));
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ status: 'stored', receivedAt: '2026-11-29T12:00:00.000Z' });
    }
    expect(rows).toEqual([
      { receipt: receipt(), receivedAt: new Date('2026-11-29T12:00:00.000Z'), origin: SITE, clientHash: null },
      { receipt: receipt(), receivedAt: new Date('2026-11-29T12:00:00.000Z'), origin: SITE, clientHash: null },
    ]);
  });

  it('accepts a body that starts with a byte-order mark', async () => {
    const { handler, rows } = setup();
    expect((await handler(request({ body: '\uFEFF' + body }))).status).toBe(201);
    expect(rows).toHaveLength(1);
  });

  it('stores a receipt sent again with the same id once, and answers the resend 200 with the first time', async () => {
    let clock = Date.parse('2026-11-29T12:00:00.000Z');
    const { handler, rows, events } = setup({ now: () => new Date(clock++) });
    const again = JSON.stringify(fullReceipt());
    expect((await handler(request({ body: again }))).status).toBe(201);
    const second = await handler(request({ body: again }));
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ status: 'duplicate', receivedAt: '2026-11-29T12:00:00.000Z' });
    expect(rows).toHaveLength(1);
    expect(events).toEqual([{ type: 'stored', duplicate: false }, { type: 'stored', duplicate: true }]);
  });

  // Regression: another receipt under a stored id got 200 "duplicate", and the SDK dropped it from its outbox
  // as kept while the log had thrown it away (SPEC §7.6: nothing acknowledged is lost).
  it('regression: refuses with 409 a receipt whose id was stored before with other content, storing nothing', async () => {
    const { handler, rows, events } = setup();
    expect((await handler(request({ body: JSON.stringify(fullReceipt()) }))).status).toBe(201);
    const other = await handler(request({ body: JSON.stringify(fullReceipt({ consentId: 'v1ct1m0000000001', action: 'save' })) }));
    expect(other.status).toBe(409);
    const reason = 'a receipt with this id was stored at 2026-11-29T12:00:00.000Z with other content: each receipt needs an id of its own';
    expect(await other.json()).toEqual({ error: reason });
    expect(rows).toHaveLength(1);
    expect(events).toEqual([{ type: 'stored', duplicate: false }, { type: 'rejected', status: 409, reason }]);
  });

  // Regression: the SDK takes 80 services (its limit is the consent cookie's), and the log refused every one
  // of that site's receipts with 422 (at most 64 entries per map). The limits now agree: the SDK's own receipt for
  // the most services its config and cookie can carry is stored.
  it('regression: stores the SDK\'s own receipt for a config of as many services as the consent cookie carries', async () => {
    // Shortest ids first (26 of one letter, then two characters) give the most services the config accepts.
    const letters = [...'abcdefghijklmnopqrstuvwxyz'];
    const ids = [...letters, ...letters.flatMap(a => [...'abcdefghijklmnopqrstuvwxyz0123456789_-'].map(b => a + b))];
    const servicesOf = (n: number) => ids.slice(0, n).map((id, i) => ({ id, category: ['analytics', 'pixel', 'share'][i % 3], name: id, provider: 'P', purpose: 'p', data: 'd' }));
    const fits = (n: number) => {
      try {
        return normalizeConfig({ services: servicesOf(n) }), true;
      } catch {
        return false;
      }
    };
    let most = 0;
    while (fits(most + 1)) most++;
    expect(most).toBe(142);
    const config = normalizeConfig({ services: servicesOf(most) });
    const now = Date.parse('2026-11-29T12:00:00.000Z');
    const record: ConsentRecord = {
      format: 2, id: 'abcdefgh12345678', policy: config.policy.version, updatedAt: now, decision: { at: now, action: 'accept-all' },
      age: 'unknown', youthMode: false, dnt: false, gpc: false, exceptions: [],
      categories: Object.fromEntries(config.categories.map(c => [c.id, true])), services: Object.fromEntries(config.services.map(s => [s.id, true])),
    };
    expect(decodeRecord(encodeRecord(record))?.services).toEqual(record.services);
    const state = computeState(config, record, { signals: { dnt: false, gpc: false }, now, persisted: true, consentId: record.id }, { banner: false, view: null, request: null } as never);
    const made = createReceipt(config, state, 'accept-all', { now, version: '0.2.0', lang: 'zh-CN', record });
    expect(Object.keys(made.services)).toHaveLength(most);
    const { handler, rows } = setup();
    const response = await handler(request({ body: JSON.stringify(made) }));
    expect(response.status).toBe(201);
    expect(rows).toHaveLength(1);
    // One more entry than any config can have is still refused.
    const over = { ...made, id: undefined, services: { ...made.services, zz1: true } };
    expect(await (await handler(request({ body: JSON.stringify(over) }))).json()).toEqual({ error: `receipt.services has ${most + 1} entries, at most ${most} are accepted` });
  });

  it('answers CORS for a configured origin and its subdomains, with credentials (the SDK fetches with credentials)', async () => {
    for (const origin of [SITE, 'https://m.ooopic.com', 'https://a.b.ooopic.com']) {
      const response = await setup().handler(request({ headers: { origin } }));
      expect(response.status).toBe(201);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('vary')).toBe('Origin');
    }
  });

  it('exposes Retry-After to a page on another origin, which otherwise cannot read how long a 429 or 503 asks it to wait', async () => {
    // Without Access-Control-Expose-Headers the SDK's fetch from the site's pages read Retry-After as null (it is no
    // CORS-safelisted response header) and resent on every page view into a log that had asked it to wait.
    const limited = setup({ rateLimit: { perMinute: 60, burst: 1 } });
    await limited.handler(request(), { clientAddress: '203.0.113.1' });
    const down = setup({ retryAfter: 2 });
    down.state.down = true;
    for (const [response, status] of [
      [await limited.handler(request(), { clientAddress: '203.0.113.1' }), 429],
      [await down.handler(request()), 503],
    ] as const) {
      expect([response.status, response.headers.get('access-control-allow-origin')]).toEqual([status, SITE]);
      expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After');
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });

  it('takes its own origin without configuration and without CORS headers, and a request without Origin (not a browser)', async () => {
    const { handler, rows } = setup({ origins: [] });
    const own = await handler(request({ headers: { origin: 'https://log.ooopic.com' } }));
    expect([own.status, own.headers.get('access-control-allow-origin')]).toEqual([201, null]);
    const headers = new Headers({ 'content-type': BEACON });
    expect((await handler(new Request(URL, { method: 'POST', headers, body }))).status).toBe(201);
    expect(rows.map(row => row.origin)).toEqual(['https://log.ooopic.com', null]);
  });

  // Regression: the own origin is read from the `Host` header, so a page on a name of another site resolved to the
  // collector (DNS rebinding) posted as "its own origin" past the configured list.
  it('regression: with origins configured, takes its own origin on their sites only', async () => {
    const { handler, rows } = setup({ origins: ['https://www.ooopic.com'] });
    const post = (url: string, origin: string) => handler(new Request(url, { method: 'POST', headers: { 'content-type': BEACON, origin }, body }));
    expect((await post('http://attacker.example/receipts', 'http://attacker.example')).status).toBe(403);
    const own = await post('https://log.ooopic.com/receipts', 'https://log.ooopic.com');
    expect([own.status, own.headers.get('access-control-allow-origin')]).toEqual([201, null]);
    expect(rows.map(row => row.origin)).toEqual(['https://log.ooopic.com']);
  });

  it('answers a preflight from a configured origin (a fetch with application/json needs one)', async () => {
    const response = await setup().handler(request({
      method: 'OPTIONS', body: null, headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    }));
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'access-control-allow-origin': SITE, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'Content-Type', 'access-control-max-age': '7200',
    });
  });

  it('answers OPTIONS that is no preflight with Allow', async () => {
    const response = await setup().handler(new Request(URL, { method: 'OPTIONS' }));
    expect([response.status, response.headers.get('allow')]).toEqual([204, 'POST, OPTIONS, GET, HEAD']);
  });
});

describe('createReceiptHandler: health and outages', () => {
  it('answers GET and HEAD with the store health: 200, or 503 with Retry-After', async () => {
    const { handler, state } = setup();
    const get = await handler(request({ method: 'GET' }));
    expect([get.status, await get.json()]).toEqual([200, { status: 'ok' }]);
    const head = await handler(request({ method: 'HEAD' }));
    expect([head.status, await head.text()]).toEqual([200, '']);
    state.down = true;
    const down = await handler(request({ method: 'GET' }));
    expect([down.status, down.headers.get('retry-after')]).toEqual([503, '5']);
  });

  it('answers 503 with Retry-After when the store is down, acknowledges nothing, and stores once it is back', async () => {
    const { handler, rows, state, events } = setup({ retryAfter: 2 });
    state.down = true;
    const response = await handler(request());
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '2']);
    expect(await response.json()).toEqual({ error: 'the consent log is unavailable: send the receipt again later' });
    expect(rows).toEqual([]);
    expect(events).toEqual([{ type: 'unavailable', message: expect.stringContaining('unavailable') }]);
    state.down = false;
    expect((await handler(request())).status).toBe(201);
    expect(rows).toHaveLength(1);
  });

  // Regression: a log whose schema a newer collector migrated (a rolling deploy) answered a bare 500, and
  // every visitor's every page view sent its receipts again, with no wait asked for.
  it('answers 503 with Retry-After when the log is of a newer schema', async () => {
    const { handler, store, events } = setup({ retryAfter: 7 });
    store.add = async () => {
      throw new LogSchemaError("the consent log's schema is at version 3, newer than this consent-gate knows (2): upgrade consent-gate");
    };
    const response = await handler(request());
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '7']);
    expect(events).toEqual([{ type: 'unavailable', message: expect.stringContaining('newer than this consent-gate knows') }]);
  });

  it('answers 500 (not 2xx) when the store fails for another reason', async () => {
    const { handler, store, events } = setup();
    store.add = async () => {
      throw new Error('value too long');
    };
    expect((await handler(request())).status).toBe(500);
    expect(events).toEqual([{ type: 'failed', message: 'value too long' }]);
  });
});

describe('createReceiptHandler: clients', () => {
  it('limits receipts per client address (429 with Retry-After), each client on its own', async () => {
    const { handler } = setup({ rateLimit: { perMinute: 60, burst: 2 } });
    const from = (clientAddress: string) => handler(request(), { clientAddress }).then(r => [r.status, r.headers.get('retry-after')]);
    expect(await from('203.0.113.1')).toEqual([201, null]);
    expect(await from('203.0.113.1')).toEqual([201, null]);
    expect(await from('203.0.113.1')).toEqual([429, '1']);
    expect(await from('203.0.113.2')).toEqual([201, null]);
  });

  // Regression: GET and HEAD (the health answer) asked the store at every request, without the limit: one client
  // could keep the database busy for the collector's receipts.
  it('regression: counts health requests (GET, HEAD) against the same client\'s rate', async () => {
    const { handler } = setup({ rateLimit: { perMinute: 60, burst: 2 } });
    const ask = (method: string, clientAddress: string) =>
      handler(new Request(URL, { method }), { clientAddress }).then(r => [r.status, r.headers.get('retry-after')]);
    expect(await ask('GET', '203.0.113.1')).toEqual([200, null]);
    expect(await ask('HEAD', '203.0.113.1')).toEqual([200, null]);
    expect(await ask('GET', '203.0.113.1')).toEqual([429, '1']);
    expect((await handler(request(), { clientAddress: '203.0.113.1' })).status).toBe(429);
    expect(await ask('GET', '203.0.113.2')).toEqual([200, null]);
  });

  it('limits an IPv6 client by its /64 and an IPv4-mapped client as the IPv4 address', async () => {
    // Regression: keyed by the whole address, an IPv6 client taking a new address in its /64 for each receipt
    // (RFC 8981 temporary addresses) was never limited.
    const { handler } = setup({ rateLimit: { perMinute: 60, burst: 2 } });
    const from = (clientAddress: string) => handler(request(), { clientAddress }).then(r => r.status);
    expect([await from('2001:db8:1:2::a'), await from('2001:db8:1:2::b'), await from('2001:db8:1:2:ffff::c')]).toEqual([201, 201, 429]);
    expect(await from('2001:db8:1:3::a')).toBe(201);
    expect([await from('203.0.113.7'), await from('::ffff:203.0.113.7'), await from('203.0.113.7')]).toEqual([201, 201, 429]);
  });

  it('says once that it cannot limit when no client address is given', async () => {
    const { handler, events } = setup({ rateLimit: { perMinute: 60, burst: 1 } });
    for (let i = 0; i < 3; i++) expect((await handler(request())).status).toBe(201);
    expect(events.filter(event => event.type === 'warning')).toHaveLength(1);
  });

  it('keeps no client address; with a key, a truncated keyed hash of it', async () => {
    const plain = setup();
    await plain.handler(request(), { clientAddress: '203.0.113.9' });
    expect(plain.rows[0]!.clientHash).toBeNull();
    const hashed = setup({ clientHash: { key: 'k'.repeat(32) } });
    await hashed.handler(request(), { clientAddress: '203.0.113.9' });
    await hashed.handler(request(), { clientAddress: '203.0.113.9' });
    await hashed.handler(request(), { clientAddress: '203.0.113.10' });
    const hashes = hashed.rows.map(row => row.clientHash);
    expect(hashes[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(hashes[1]).toBe(hashes[0]);
    expect(hashes[2]).not.toBe(hashes[0]);
    expect(JSON.stringify(hashed.rows)).not.toContain('203.0.113');
  });

  it('reports events without consent ids, addresses or receipt content', async () => {
    const { handler, events } = setup();
    await handler(request(), { clientAddress: '203.0.113.9' });
    await handler(request({ body: JSON.stringify(receipt({ source: 'zhang.wei@example.com' })) }), { clientAddress: '203.0.113.9' });
    const text = JSON.stringify(events);
    for (const secret of [receipt().consentId, '203.0.113.9', 'zhang.wei']) expect(text).not.toContain(secret);
  });
});

describe('createReceiptHandler: options', () => {
  it('takes a wildcard over a site under a public suffix of two labels', () => {
    expect(() => setup({ origins: ['https://*.ooopic.com.cn', 'https://*.ooopic.co.uk', 'https://ooopic.github.io'] })).not.toThrow();
  });

  it.each([
    [{ origins: ['https://www.ooopic.com/'] }, 'options.origins[0] must be an origin without a path'],
    [{ origins: ['*'] }, 'options.origins[0] must be an http(s) origin, got "*"'],
    [{ origins: ['www.ooopic.com'] }, 'options.origins[0] must be an http(s) origin'],
    [{ origins: ['https://*.com'] }, 'options.origins[0] may use "*." only before a site name with a dot'],
    // Regression: a wildcard over a public suffix of two labels let every site registered under it post.
    [{ origins: ['https://*.com.cn'] }, 'options.origins[0] may not put "*." directly before com.cn, a public suffix: every site registered under it could post receipts. Name your own site: https://*.your-site.com.cn or https://www.your-site.com.cn'],
    [{ origins: ['https://ooopic.com', 'https://*.github.io'] }, 'options.origins[1] may not put "*." directly before github.io, a public suffix'],
    [{ origins: ['https://*.CO.UK.'] }, 'options.origins[0] may not put "*." directly before co.uk, a public suffix'],
    [{ origins: ['https://*.公司.cn'] }, 'options.origins[0] may not put "*." directly before xn--55qx5d.cn, a public suffix'],
    [{ origins: ['http://*.vercel.app:8080'] }, 'options.origins[0] may not put "*." directly before vercel.app, a public suffix'],
    [{ maxBodyBytes: 10 }, 'options.maxBodyBytes must be an integer from 1024 to 65536, got 10'],
    // Regression (security probe): a megabyte of nested brackets held the event loop about a second per request.
    [{ maxBodyBytes: 1_048_576 }, 'options.maxBodyBytes must be an integer from 1024 to 65536, got 1048576'],
    [{ rateLimit: { perMinute: 0 } }, 'options.rateLimit.perMinute must be a positive number, got 0'],
    [{ clientHash: { key: 'short' } }, 'options.clientHash.key must have at least 32 bytes, got 5'],
    [{ store: undefined }, 'options.store must be a receipt store'],
    // Regressions: options read from an environment or a config file, of the wrong kind, were taken and failed only
    // later, with every receipt (a `now` that is no function answered each one 500), or silently (a Retry-After of
    // "NaN" or "5s", which the SDK cannot read, so its outbox waited for nothing), or without naming the option.
    [{ origins: 'https://www.ooopic.com' }, 'options.origins must be an array of origins such as ["https://www.ooopic.com"], got "https://www.ooopic.com"'],
    [{ retryAfter: '5s' }, 'options.retryAfter must be a whole number of seconds from 1 to 3600, got "5s"'],
    [{ retryAfter: Number.NaN }, 'options.retryAfter must be a whole number of seconds from 1 to 3600, got NaN'],
    [{ retryAfter: -1 }, 'options.retryAfter must be a whole number of seconds from 1 to 3600, got -1'],
    [{ now: Date.now() }, 'options.now must be a function that returns a Date'],
    [{ onEvent: 'console' }, 'options.onEvent must be a function'],
    [{ clientHash: true }, 'options.clientHash must be an object such as { key }, got true'],
  ] as Array<[Partial<ReceiptHandlerOptions>, string]>)('%j is refused: %s', (options, message) => {
    expect(() => setup(options)).toThrow(new TypeError(`consent-gate/server: ${message}`).message);
  });
});
