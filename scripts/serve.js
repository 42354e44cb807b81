#!/usr/bin/env node
// Serves demo/ and the built dist/ on localhost, with the receipt endpoint the demo and the e2e tests read.
//   /            demo/index.html          /dist/...   the built bundles
//   /<page>.html demo/<page>.html         /receipts   POST a receipt; GET lists them; DELETE clears
// Receipts go through the consent log (consent-gate/server, built to dist/node) into an embedded PGlite log in a
// fresh temporary directory per start, deleted when the server stops: QA sees exactly what the log accepts and
// refuses, and every start begins empty.
//   /vendor/<host>/<path>  the demo's fake third parties (real URL shapes); /vendor-hits lists requests to them
//   /status/<code>  answers with that HTTP status (4xx, 5xx): a page `consent-gate scan` cannot scan
//   ?fail=gate.js,receipts on a page: the SDK files it names answer 503 to that page, and so does /receipts
// Pages named csp*.html are served with a strict Content-Security-Policy (SPEC §8: no unsafe-inline needed);
// pages named trusted-types*.html require Trusted Types and allow only the SDK's policy (SPEC §8).
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedPgliteLog } from './pglite-template.js';

// It takes no arguments: say how it is set rather than start on a port nobody asked for (`--help`, `--port 4750`).
if (process.argv.length > 2) {
  const asked = process.argv.slice(2).join(' ');
  const help = 'usage: [PORT=4173] [HOST=127.0.0.1] node scripts/serve.js  (npm start builds first when the build is stale)';
  if (/^(-h|--help)$/.test(asked)) (console.log(help), process.exit(0));
  console.error(`serve.js: takes no arguments, got "${asked}"\n${help}`);
  process.exit(2);
}
const root = resolve(fileURLToPath(import.meta.url), '../..');
const port = Number(process.env.PORT || 4173);
const host = process.env.HOST || '127.0.0.1';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.gif': 'image/gif',
  '.png': 'image/png',
  '.php': 'text/html; charset=utf-8',
};
// A 1×1 transparent GIF: what a pixel endpoint answers.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'";
const LOG_PREFIX = 'consent-gate-demo-log-';
// Requests to the demo's fake vendors (/vendor/<real host>/<real path>), for the tracker-activity panel and tests.
const vendorHits = [];

/** The demo's consent log: the handler and its store in a temporary directory. */
async function openReceiptLog() {
  const server = await import('../dist/node/server/index.js').catch(error => {
    throw new Error(`the consent log is not built (${error.message}): run npm run build, then start the demo again`);
  });
  const dir = mkdtempSync(join(tmpdir(), LOG_PREFIX));
  // A copy of a log made once per machine: initdb (3–8 s) is paid by the first start only.
  await seedPgliteLog(dir, server);
  const store = await server.openPgliteStore({ dir, holder: `the demo server (scripts/serve.js, port ${port})` });
  const handler = server.createReceiptHandler({
    store,
    // Every request comes from this machine: a limit per address would throttle the e2e suite, not an abuser.
    rateLimit: false,
    onEvent: event => {
      if (event.type === 'rejected') console.warn(`receipt refused (${event.status}): ${event.reason}`);
      if (event.type === 'unavailable' || event.type === 'failed') console.error(`receipt not stored: ${event.message}`);
    },
  });
  return { dir, store, listener: server.createNodeListener(handler) };
}

/** Temporary logs of demo servers that were killed (their lock's process is gone, or they never took the lock). */
function removeStaleLogs() {
  for (const name of readdirSync(tmpdir()).filter(name => name.startsWith(LOG_PREFIX))) {
    const dir = join(tmpdir(), name);
    try {
      const lock = join(dir, 'consent-gate.lock');
      const pid = existsSync(lock) ? JSON.parse(readFileSync(lock, 'utf8')).pid : undefined;
      const young = Date.now() - statSync(dir).mtimeMs < 600_000;
      if (pid ? isAlive(pid) : young) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // another demo server is busy with it
    }
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

removeStaleLogs();
let receiptLog = openReceiptLog();
receiptLog.catch(error => {
  console.error(`Consent Gate demo: ${error.message}`);
  process.exit(1);
});

async function closeReceiptLog(log) {
  await log.store.close();
  rmSync(log.dir, { recursive: true, force: true });
}

/**
 * QA: `?fail=gate.js,receipts` on a page's address makes what it names fail for that page (SPEC §9): a file of the SDK
 * beside the bundle (`gate.js`, `decide.js`, `cookie.js`, `receipt.js`, `views.js`, `consent-gate.min.js`, …) answers
 * 503, and `receipts` makes the receipt endpoint answer 503. Read from the request's Referer, the page's own address.
 */
function failsFor(req) {
  try {
    return (new URL(req.headers.referer || '').searchParams.get('fail') || '').split(',').filter(Boolean);
  } catch {
    return [];
  }
}

function resolveFile(pathname) {
  const path = pathname === '/' ? '/index.html' : pathname;
  const base = path.startsWith('/dist/') || path.startsWith('/node_modules/') ? root : join(root, 'demo');
  const file = normalize(join(base, decodeURIComponent(path)));
  return file.startsWith(base + sep) ? file : undefined;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url || '/', `http://${req.headers.host || 'localhost'}`);
  res.setHeader('Cache-Control', 'no-store');
  if (url.pathname.startsWith('/dist/') && failsFor(req).includes(url.pathname.slice('/dist/'.length))) {
    return void res.writeHead(503, { 'Content-Type': 'text/plain' }).end('failing on purpose (?fail= on the page)');
  }
  if (url.pathname === '/receipts' && req.method === 'POST' && failsFor(req).includes('receipts')) {
    return void res.writeHead(503, { 'Content-Type': 'text/plain' }).end('failing on purpose (?fail=receipts on the page)');
  }
  if (url.pathname === '/receipts') {
    const log = await receiptLog;
    // POST stores through the consent log's handler (validation, 201, 4xx with the reason); OPTIONS is its preflight.
    if (req.method === 'POST' || req.method === 'OPTIONS') return log.listener(req, res);
    if (req.method === 'DELETE') {
      // A log keeps proof and has no "delete all": the demo starts a new one instead.
      receiptLog = openReceiptLog();
      await closeReceiptLog(log);
      await receiptLog;
    }
    // Each receipt as the SDK sent it, with the time and origin the log stamped (the QA panel and e2e tests read this).
    const list = [];
    for await (const entry of (await receiptLog).store.scan({})) {
      list.push({ ...entry.receipt, receivedAt: entry.receivedAt.toISOString(), origin: entry.origin });
    }
    res.writeHead(200, { 'Content-Type': TYPES['.json'] }).end(JSON.stringify(list));
    return;
  }
  if (url.pathname === '/vendor-hits') {
    if (req.method === 'DELETE') vendorHits.length = 0;
    res.writeHead(200, { 'Content-Type': TYPES['.json'] }).end(JSON.stringify(vendorHits));
    return;
  }
  const status = /^\/status\/([45]\d\d)$/.exec(url.pathname);
  if (status) {
    res.writeHead(Number(status[1]), { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><title>${status[1]}</title><h1>HTTP ${status[1]}</h1>`);
    return;
  }
  // Pages without a <link rel="icon"> (the fake vendors' share pages among them) have the browser ask for this: no icon,
  // rather than a 404 in QA's network panel.
  if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
  const isVendor = url.pathname.startsWith('/vendor/');
  if (isVendor) vendorHits.push({ time: new Date().toISOString(), url: url.pathname + url.search, referer: req.headers.referer });
  const file = resolveFile(url.pathname);
  try {
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!info?.isFile()) {
      // Fake vendors answer any other path like a tracking pixel.
      if (isVendor) return void res.writeHead(200, { 'Content-Type': TYPES['.gif'] }).end(PIXEL);
      throw new Error('not found');
    }
    // Vendor script URLs often have no extension (gtag/js, meteor.js/v1/<id>/sdk).
    const body = await readFile(file);
    const sniffed = body.subarray(0, 15).toString().toLowerCase() === '<!doctype html>' ? TYPES['.html'] : TYPES['.js'];
    const type = TYPES[extname(file)] || (isVendor ? sniffed : 'application/octet-stream');
    const headers = { 'Content-Type': type };
    // An older template in GBK, and the SDK's files for it served as a CDN that names no charset would (demo/untidy/legacy-gbk.html).
    if (/-gbk\.html$/.test(file)) headers['Content-Type'] = 'text/html; charset=gbk';
    else if (type == TYPES['.js'] && /-gbk\.html(\?|$)/.test(req.headers.referer || '')) headers['Content-Type'] = 'application/javascript';
    if (/\/csp[^/]*\.html$/.test(file)) headers['Content-Security-Policy'] = STRICT_CSP;
    if (/\/trusted-types[^/]*\.html$/.test(file)) headers['Content-Security-Policy'] = "require-trusted-types-for 'script'; trusted-types consent-gate";
    res.writeHead(200, headers).end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
  }
});

server.on('error', error => {
  // Another demo (or an e2e run's server) on the port: say what to do instead of Node's stack trace.
  if (error.code !== 'EADDRINUSE') throw error;
  console.error(`Port ${port} on ${host} is in use (another demo or test server?). Stop it, or start this one on another port: PORT=${port + 1} npm start`);
  receiptLog.then(closeReceiptLog).finally(() => process.exit(1));
});
server.listen(port, host, () => {
  console.log(`Consent Gate demo: http://${host}:${port}/  (receipts: http://${host}:${port}/receipts)`);
});

// The temporary log goes with the server (Ctrl-C, Playwright's SIGTERM); a killed server's is removed at the next start.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close();
    receiptLog.then(closeReceiptLog).finally(() => process.exit(0));
  });
}
