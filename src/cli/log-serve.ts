import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createReceiptHandler, createReceiptServer, type ReceiptEvent, type ReceiptHandler } from '../server/index.js';
import { createOriginPolicy } from '../server/origin-policy.js';
import { retryLaterHeaders } from '../server/receipt-server.js';
import { createProxyTrust, type TrustedProxies } from '../server/proxy-trust.js';
import { UsageError, type CliIo } from './cli-io.js';
import { checkStoreFlags, openStoreFrom, parseCommand, STORE_HELP, STORE_OPTIONS } from './log-options.js';

export const HELP = `usage: consent-gate log serve [--db <dir> | --postgres <url>] [options]

Receives the SDK's receipts (config receipt.url = http://<host>:<port>/receipts) and stores each one before
answering. Stops on SIGTERM or Ctrl-C after the requests in progress are answered.

${STORE_HELP}
  An embedded log is held by this process while it runs: "log show", "export", "stats" and "purge" on the
  same directory exit at once (code 2) naming it, until it stops (PGlite serves one process); on PostgreSQL
  they work at any time.

options:
  --port <n>              port to listen on (default 8787)
  --host <address>        address to listen on (default 127.0.0.1; 0.0.0.0 behind a load balancer)
  --origin <origin>       a site whose pages may post receipts from another origin, e.g.
                          https://www.ooopic.com or https://*.ooopic.com (repeatable; the collector's own
                          origin only where it is one of these sites; any other gets 403, nothing stored)
  --path <path>           where receipts are posted (default /receipts; health is at /health)
  --max-body <bytes>      largest receipt accepted (default 16384, at most 65536)
  --rate <n>/min | off    receipts per minute per client address (default 600/min)
  --burst <n>             receipts a client may send at once (default 60)
  --trusted-proxies <n> | <addresses>
                          proxies in front whose X-Forwarded-For and X-Forwarded-Proto are believed:
                          how many (default 0), or their addresses and subnets, comma-separated
                          (10.0.0.0/8,2001:db8::/32): then a request from any other peer is taken as it came
  --keep-alive <s>        seconds an idle kept-alive connection stays open (default 5): set it above the
                          load balancer's idle timeout (often 60), or the balancer reuses connections the
                          collector has just closed and answers 502
  --client-hash           keep a keyed, truncated hash of each client address; the key (32 characters or
                          more) comes from the environment variable CONSENT_LOG_CLIENT_HASH_KEY. Off by
                          default: no address is ever stored.

example:
  consent-gate log serve --db ./consent-log --port 8787 --origin https://www.ooopic.com
`;

const OPTIONS = {
  ...STORE_OPTIONS,
  port: { type: 'string' },
  host: { type: 'string' },
  origin: { type: 'string', multiple: true },
  path: { type: 'string' },
  'max-body': { type: 'string' },
  rate: { type: 'string' },
  burst: { type: 'string' },
  'trusted-proxies': { type: 'string' },
  'keep-alive': { type: 'string' },
  'client-hash': { type: 'boolean' },
} as const;

/** Refusals printed per minute at most; the rest are counted (a flood must not flood the log too). */
const REFUSALS_SHOWN = 10;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, OPTIONS);
  const port = integer(values.port ?? '8787', '--port', 0, 65535);
  const host = values.host ?? '127.0.0.1';
  const path = values.path ?? '/receipts';
  if (!/^\/[A-Za-z0-9._~\/-]*$/.test(path) || path === '/health') throw new UsageError(`--path must be a URL path such as /receipts (not /health), got "${path}"`);
  const maxBodyBytes = integer(values['max-body'] ?? '16384', '--max-body', 1024, 65_536);
  const trustedProxies = proxiesFrom(values['trusted-proxies'] ?? '0');
  const keepAlive = values['keep-alive'] === undefined ? undefined : integer(values['keep-alive'], '--keep-alive', 1, 3600);
  const rateLimit = parseRate(values.rate, values.burst);
  let clientHash;
  if (values['client-hash']) {
    const key = io.env.CONSENT_LOG_CLIENT_HASH_KEY;
    if (!key || key.length < 32) {
      throw new UsageError('--client-hash needs a key of 32 characters or more in the environment variable CONSENT_LOG_CLIENT_HASH_KEY' +
        (key ? ` (it has ${key.length})` : ' (it is not set)'));
    }
    clientHash = { key };
  }

  const counts = { stored: 0, duplicates: 0, refused: 0, unavailable: 0, failed: 0 };
  let shownThisMinute = 0;
  // An outage answers every receipt 503: a line for each filled the log (3,503 in a five-second stop under load).
  let outagesThisMinute = 0;
  const line = (stream: 'stdout' | 'stderr', text: string) => io[stream].write(`${io.now().toISOString()} ${text}\n`);
  const onEvent = (event: ReceiptEvent) => {
    if (event.type === 'stored') event.duplicate ? counts.duplicates++ : counts.stored++;
    else if (event.type === 'rejected') {
      counts.refused++;
      if (shownThisMinute++ < REFUSALS_SHOWN) line('stdout', `refused (${event.status}): ${event.reason}`);
    } else if (event.type === 'unavailable') {
      counts.unavailable++;
      if (outagesThisMinute++ < REFUSALS_SHOWN) line('stderr', `store unavailable, answered 503: ${event.message}`);
    } else if (event.type === 'failed') {
      counts.failed++;
      line('stderr', `receipt not stored, answered 500: ${event.message}`);
    } else line('stderr', `warning: ${event.message}`);
  };

  // The origins are checked before the store is opened: a typo costs nothing.
  const origins = values.origin ?? [];
  try {
    createOriginPolicy(origins, () => '--origin');
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^consent-gate\/server: /, ''));
  }

  // Served beyond this machine (behind a load balancer) with no store named, a CONSENT_LOG_POSTGRES missing from the
  // deployment kept every receipt in a directory of the container, answered 201 (the SDK then drops its copy) with one
  // line on stderr: refused instead, the embedded log being one --db away.
  checkStoreFlags(values);
  const named = values.db !== undefined || values.postgres !== undefined || io.env.CONSENT_LOG_POSTGRES !== undefined;
  if (!named && !/^(127\.|::1$|localhost$)/i.test(host)) {
    throw new UsageError(
      `--host ${host} with no --db, --postgres or CONSENT_LOG_POSTGRES: say where receipts are kept (CONSENT_LOG_POSTGRES for PostgreSQL, --db ./consent-log for the embedded log)`,
    );
  }
  // Listening comes first: a port in use is said before a new log's directory is made (initdb: seconds and hundreds
  // of MB). Until the store is open every request is a 503, which /health and the SDK's outbox wait out.
  let handler: ReceiptHandler | undefined;
  const server = createReceiptServer({
    handler: (request, info) => (handler ? handler(request, info) : Promise.resolve(starting(request))),
    path,
    trustedProxies,
    onClosingAnswer: () => counts.unavailable++,
  });
  if (keepAlive !== undefined) server.server.keepAliveTimeout = keepAlive * 1000;
  let address;
  try {
    address = await server.listen(port, host);
  } catch (error) {
    await server.close(0);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`--port ${port}: the port is in use on ${host}`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host ${host}: no such address on this machine`);
    throw error;
  }
  // Without a store named, the embedded log in ./consent-log: said, since a missing CONSENT_LOG_POSTGRES in
  // production would otherwise start a second, local log without a word.
  if (!named) {
    line('stderr', 'no --db, --postgres or CONSENT_LOG_POSTGRES: using the embedded log in ./consent-log');
  }
  // A new embedded log is made by PostgreSQL's initdb, compiled to WebAssembly: 3–20 s, most of it holding the
  // process's one thread, so it is said as it starts (once the directory is found fit for it). A receipt meanwhile gets
  // 503 with Retry-After, or, while the thread is held, waits and is answered (and stored) once the log is open.
  const making = (dir: string) => () => line('stderr', `making a new log in ${dir} (initdb: 3–20 s; receipts meanwhile get 503 or wait)…`);
  let store;
  try {
    store = await openStoreFrom(values, io, { create: true, holder: `consent-gate log serve (port ${address.port})`, onMaking: making(values.db ?? './consent-log') });
  } catch (error) {
    await server.close(0);
    throw error;
  }
  handler = createReceiptHandler({ store, origins, maxBodyBytes, rateLimit, clientHash, onEvent });
  line('stdout', `consent log receiving receipts at ${address.url} (${store.description}; health at /health; ` +
    `other origins allowed: ${values.origin?.join(', ') || 'none'})`);

  /** What the lines left out since the last count (every minute, and at the stop). */
  const untold = () => {
    if (shownThisMinute > REFUSALS_SHOWN) line('stdout', `… and ${shownThisMinute - REFUSALS_SHOWN} more refused, not shown`);
    if (outagesThisMinute > REFUSALS_SHOWN) line('stderr', `… and ${outagesThisMinute - REFUSALS_SHOWN} more answered 503, not shown`);
    shownThisMinute = outagesThisMinute = 0;
  };
  const summary = setInterval(untold, 60_000);
  summary.unref();

  const signal = await new Promise<string>(resolve => {
    const stop = (name: string) => () => resolve(name);
    const onTerm = stop('SIGTERM');
    const onInt = stop('SIGINT');
    process.once('SIGTERM', onTerm);
    process.once('SIGINT', onInt);
    io.signal?.addEventListener('abort', stop('abort'), { once: true });
    server.server.once('close', () => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
    });
  });
  line('stdout', `${signal === 'abort' ? 'stopping' : `${signal}: stopping`} once the requests in progress are answered`);
  clearInterval(summary);
  await server.close();
  await store.close();
  untold();
  line('stdout', `stopped. Since start: ${counts.stored} stored, ${counts.duplicates} sent again (kept once), ` +
    `${counts.refused} refused, ${counts.unavailable} answered 503, ${counts.failed} failed`);
  return 0;
}

function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function parseRate(rate: string | undefined, burst: string | undefined) {
  if (rate === 'off') {
    if (burst !== undefined) throw new UsageError('--burst has no meaning with --rate off');
    return false as const;
  }
  const match = /^(\d+)\/min$/.exec(rate ?? '600/min');
  if (!match || Number(match[1]) < 1) throw new UsageError(`--rate must be a number per minute such as 600/min, or off, got "${rate}"`);
  return { perMinute: Number(match[1]), burst: integer(burst ?? '60', '--burst', 1, 100_000) };
}

/** A count (0–10) or a comma-separated list of addresses and subnets, checked before the store is opened. */
function proxiesFrom(value: string): TrustedProxies {
  if (/^\d+$/.test(value.trim())) return integer(value.trim(), '--trusted-proxies', 0, 10);
  const list = value.split(',').map(entry => entry.trim());
  try {
    createProxyTrust(list, '--trusted-proxies');
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/^consent-gate\/server: --trusted-proxies\[\d+\]/, '--trusted-proxies')} (or a number of proxies)`);
  }
  return list;
}

/** The answer while the store is still opening (the port was taken first). */
function starting(request: Request): Response {
  return new Response(JSON.stringify({ error: 'the consent log is starting: send the receipt again' }), {
    status: 503,
    headers: { ...retryLaterHeaders(request.headers.get('origin')), 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '2' },
  });
}
