#!/usr/bin/env node
// Serves demo/ and the built dist/ on localhost, with the receipt endpoint the demo and the e2e tests read.
//   /            demo/index.html          /dist/...   the built bundles
//   /<page>.html demo/<page>.html         /receipts   POST a receipt; GET lists them; DELETE clears
//   /vendor/<host>/<path>  the demo's fake third parties (real URL shapes); /vendor-hits lists requests to them
//   /status/<code>  answers with that HTTP status (4xx, 5xx): a page `consent-gate scan` cannot scan
// Pages named csp*.html are served with a strict Content-Security-Policy (SPEC §8: no unsafe-inline needed).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const receipts = [];
// Requests to the demo's fake vendors (/vendor/<real host>/<real path>), for the tracker-activity panel and tests.
const vendorHits = [];

function resolveFile(pathname) {
  const path = pathname === '/' ? '/index.html' : pathname;
  const base = path.startsWith('/dist/') || path.startsWith('/node_modules/') ? root : join(root, 'demo');
  const file = normalize(join(base, decodeURIComponent(path)));
  return file.startsWith(base + sep) ? file : undefined;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url || '/', `http://${req.headers.host || 'localhost'}`);
  res.setHeader('Cache-Control', 'no-store');
  if (url.pathname === '/receipts') {
    if (req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      try {
        receipts.push({ receivedAt: new Date().toISOString(), host: req.headers.host, ...JSON.parse(body) });
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end('receipt is not JSON');
      }
      return;
    }
    if (req.method === 'DELETE') receipts.length = 0;
    res.writeHead(200, { 'Content-Type': TYPES['.json'] }).end(JSON.stringify(receipts));
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
    if (/\/csp[^/]*\.html$/.test(file)) headers['Content-Security-Policy'] = STRICT_CSP;
    res.writeHead(200, headers).end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
  }
});

server.listen(port, host, () => {
  console.log(`Consent Gate demo: http://localhost:${port}/  (receipts: http://localhost:${port}/receipts)`);
});
