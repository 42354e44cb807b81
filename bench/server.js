// The bench's own static server, rooted at the project: /bench/..., /dist/... and /node_modules/... only.
// Files are read once and sent gzip -9 encoded (when the browser asks for gzip), so the bytes seen on the
// network are the gzip -9 bytes a visitor would pay, and the disk never adds noise to a run.
// /bench/ping answers 204 at once: the first-party request of the guard scenario (bench/guard.js).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const ALLOWED = ['/bench/', '/dist/', '/node_modules/'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// One read per file per process: the figures computed from the files and the bytes sent are the same build,
// even when dist/ is rebuilt during a run.
const cache = new Map();

/** A project file (path relative to the root) as `{ raw, gzip }` Buffers, gzip at level 9. */
export async function readOnce(path) {
  const file = resolve(ROOT, path);
  let entry = cache.get(file);
  if (!entry) {
    const raw = await readFile(file);
    entry = { raw, gzip: gzipSync(raw, { level: 9 }) };
    cache.set(file, entry);
  }
  return entry;
}

/**
 * The ports the bench may listen on: this machine is shared, and 4800-4899 is the range set aside for it.
 * `BENCH_PORT` picks the first one tried.
 */
const FIRST_PORT = Number(process.env.BENCH_PORT || 4800);
const LAST_PORT = 4899;

/** Starts the server on the first free port of 4800-4899; resolves to `{ origin, close() }`. */
export async function startServer() {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url || '/', 'http://bench');
    if (pathname === '/bench/ping') {
      // No body, no cache: each call is a real request the server answers as fast as it can.
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    const file = normalize(join(ROOT, decodeURIComponent(pathname)));
    const type = TYPES[extname(file)];
    try {
      if (!ALLOWED.some(prefix => pathname.startsWith(prefix)) || !file.startsWith(ROOT + sep) || !type) throw new Error('not served');
      const { raw, gzip } = await readOnce(file);
      const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding']));
      const body = gzipped ? gzip : raw;
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': body.length, // not chunked: the network figure is the body, without chunk framing
        'Cache-Control': 'no-store',
        ...(gzipped ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    }
  });
  // Keep-alive sockets of a closed browser must not hold close() back.
  const close = () => new Promise(done => {
    server.close(() => done(undefined));
    server.closeAllConnections?.();
  });
  for (let port = FIRST_PORT; port <= LAST_PORT; port++) {
    const listening = await new Promise((resolvePromise, reject) => {
      const onError = error => (error.code === 'EADDRINUSE' ? resolvePromise(false) : reject(error));
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        resolvePromise(true);
      });
    });
    if (listening) return { origin: `http://127.0.0.1:${port}`, close };
  }
  throw new Error(`bench: no free port in ${FIRST_PORT}-${LAST_PORT}`);
}
