#!/usr/bin/env node
// `npm run bench:log`: the consent log under load (issue #15). For each store (PGlite, PostgreSQL):
//   steady   20,000 receipts, 100 requests in flight, to one collector;
//   outage   the same, with the store stopped for 2 s once half are acknowledged: 503s, then recovery.
// Each scenario starts on an empty log and ends by reading it back: the receipts stored must be exactly those
// acknowledged (every 2xx stored, nothing stored twice). Prints a markdown table and writes bench/log/results.md.
//   node bench/log/run.js [--total N] [--concurrency N] [--outage-ms N] [--only pglite,postgres] [--no-write]
// Run `npm run build` first (the collector is the built dist/node/server).
import { fork, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPostgres, freePort, startPostgres } from '../../scripts/postgres.js';
import { percentile } from '../stats.js';
import { postReceipts } from './load.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const STORES = ['pglite', 'postgres'];

function parseArgs(argv) {
  const options = { total: 20_000, concurrency: 100, outageMs: 2000, only: STORES, write: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--total') options.total = Number(value());
    else if (arg === '--concurrency') options.concurrency = Number(value());
    else if (arg === '--outage-ms') options.outageMs = Number(value());
    else if (arg === '--only') options.only = value().split(',');
    else if (arg === '--no-write') options.write = false;
    else fail(`unknown option ${arg} (use --total N, --concurrency N, --outage-ms N, --only ${STORES.join(',')}, --no-write)`);
  }
  for (const key of ['total', 'concurrency', 'outageMs']) {
    if (!Number.isInteger(options[key]) || options[key] < 1) fail(`--${key.replace('Ms', '-ms')} must be a positive integer`);
  }
  const unknown = options.only.filter(store => !STORES.includes(store));
  if (unknown.length) fail(`unknown store ${unknown.join(', ')} (known: ${STORES.join(', ')})`);
  return options;
}

function fail(message) {
  console.error(`bench:log: ${message}`);
  process.exit(2);
}

/** A fresh, empty log of this store: where it lives and how the collector and the check reach it. */
async function freshLog(kind, postgres, n) {
  if (kind === 'pglite') {
    const dir = join(mkdtempSync(join(tmpdir(), 'consent-log-bench-')), 'log');
    return { env: { BENCH_STORE: 'pglite', BENCH_DIR: dir }, dir, dispose: () => rmSync(dirname(dir), { recursive: true, force: true }) };
  }
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE bench_${n}`);
  await admin.end();
  const url = postgres.url.replace(/\/postgres$/, `/bench_${n}`);
  return { env: { BENCH_STORE: 'postgres', BENCH_POSTGRES: url }, url, dispose: () => {} };
}

function startCollector(env) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'collector.js'), { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', message => (message.ready ? resolve({ child, url: message.ready }) : reject(new Error(JSON.stringify(message)))));
    child.once('exit', code => reject(new Error(`the collector exited ${code} before it was ready`)));
  });
}

const ask = (child, message, answer) =>
  new Promise(resolve => {
    const listener = reply => {
      if (answer in reply) {
        child.off('message', listener);
        resolve(reply);
      }
    };
    child.on('message', listener);
    child.send(message);
  });

/** Reads the whole log back: the receipt ids it holds. */
async function storedIds(log) {
  const server = await import('../../dist/node/server/index.js');
  const store = log.dir ? await server.openPgliteStore({ dir: log.dir, create: false }) : await server.openPostgresStore({ connectionString: log.url });
  const ids = [];
  try {
    for await (const entry of store.scan({}, 5000)) ids.push(entry.receipt.id);
  } finally {
    await store.close();
  }
  return ids;
}

async function runScenario(kind, scenario, options, postgres, n) {
  const log = await freshLog(kind, postgres, n);
  const port = await freePort();
  const { child, url } = await startCollector({ ...log.env, BENCH_PORT: String(port) });
  let outage;
  const during = acknowledged => {
    if (scenario !== 'outage' || outage || acknowledged < options.total / 2) return;
    outage = (async () => {
      const at = performance.now();
      if (kind === 'pglite') {
        await ask(child, { stopStore: options.outageMs }, 'stopped');
        return { down: performance.now(), up: performance.now() + options.outageMs, requested: at };
      }
      await postgres.pause();
      const down = performance.now();
      await new Promise(resolve => setTimeout(resolve, options.outageMs));
      await postgres.resume();
      return { down, up: performance.now(), requested: at };
    })();
  };
  const run = `${kind === 'pglite' ? 'pgl' : 'pg'}${scenario}${n}`;
  const result = await postReceipts({ url, total: options.total, concurrency: options.concurrency, run, during });
  const down = outage ? await outage : undefined;
  const { counts } = await ask(child, { exit: true }, 'counts');
  await new Promise(resolve => (child.exitCode === null ? child.once('exit', resolve) : resolve()));
  const ids = await storedIds(log);
  log.dispose();
  const acknowledged = new Set([...result.acknowledged].map(i => `${run}${String(i).padStart(10, '0')}`));
  const stored = new Set(ids);
  const lost = [...acknowledged].filter(id => !stored.has(id)).length;
  const extra = [...stored].filter(id => !acknowledged.has(id)).length;
  return {
    kind, scenario, total: options.total, seconds: result.seconds, acknowledged: acknowledged.size, stored: ids.length, distinct: stored.size, lost, extra,
    throughput: acknowledged.size / result.seconds, p50: percentile(result.latencies, 0.5), p99: percentile(result.latencies, 0.99),
    statuses: result.statuses, counts,
    // How long clients saw failures, and how long after the store was back the collector acknowledged again.
    failing: result.failures && (result.failures.last - result.failures.first) / 1000,
    recovery: down && (result.acknowledgedAt.find(time => time >= down.up) - down.up) / 1000,
    down: down && (down.up - down.down) / 1000,
  };
}

function machine(postgresVersion) {
  const pglite = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpus().length} cores (${cpus()[0]?.model.trim()}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GB RAM, linux ${release()}, load average ${loadavg()[0].toFixed(1)} at the end · Node ${process.version} · ` +
    `PGlite ${pglite} · ${postgresVersion ?? 'PostgreSQL not run'}`;
}

function report(rows, options, postgresVersion) {
  const seconds = (value, digits = 1) => (value === undefined ? '—' : `${fmt(value, digits)} s`);
  const fmt = (value, digits = 0) => (value === undefined ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
  const lines = [
    '# Consent log load bench',
    '',
    machine(postgresVersion),
    '',
    `${options.total.toLocaleString('en-US')} receipts per scenario, ${options.concurrency} requests in flight, one collector (bench/log/collector.js: the built ` +
      `handler and node:http server, in its own process) on an empty log; the load generator resends a receipt 250 ms after a 503 or a cut ` +
      `connection, with the same receipt id. Outage: the store stopped for ${options.outageMs / 1000} s once half were acknowledged (PGlite: the ` +
      'embedded database closed as by a crash, and reopened by the store when it may; PostgreSQL: `pg_ctl stop -m fast`, then started again). ' +
      'PostgreSQL runs with its default durability (fsync on, synchronous_commit on); PGlite commits reach the OS but are not fsynced. ' +
      '"503s during": first to last failure a client saw; "store back → 2xx": from the store being available again to the next acknowledgement ' +
      '(the embedded store reopens on the first request after its one-second wait between attempts).',
    '',
    '| store | scenario | acknowledged | stored | lost | stored twice | wall time | throughput | latency p50 | latency p99 | 503s | cut connections | store down | 503s during | store back → 2xx |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(row => `| ${row.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'} | ${row.scenario} | ${fmt(row.acknowledged)} | ${fmt(row.stored)} | ` +
      `${row.lost} | ${row.stored - row.distinct} | ${fmt(row.seconds, 1)} s | ${fmt(row.throughput)} receipts/s | ${fmt(row.p50, 1)} ms | ${fmt(row.p99, 1)} ms | ` +
      `${fmt(row.statuses[503] ?? 0)} | ${fmt(row.statuses.error ?? 0)} | ${seconds(row.down)} | ${seconds(row.failing)} | ${seconds(row.recovery, 2)} |`),
    '',
    ...rows.map(row => `- ${row.kind} ${row.scenario}: ${row.stored === row.acknowledged && row.lost === 0 && row.extra === 0 ? 'stored = acknowledged' : '**stored ≠ acknowledged**'}` +
      ` (${row.acknowledged} acknowledged, ${row.distinct} distinct stored, ${row.lost} acknowledged but missing, ${row.extra} stored but never acknowledged);` +
      ` the collector counted ${row.counts.stored} stored, ${row.counts.duplicates} resends kept once, ${row.counts.unavailable} answered 503.`),
    '',
  ];
  return lines.join('\n');
}

const options = parseArgs(process.argv.slice(2));
if (!existsSync(join(root, 'dist/node/server/index.js'))) fail('the consent log is not built: run npm run build first');
let postgres;
let postgresVersion;
if (options.only.includes('postgres')) {
  const bin = findPostgres();
  if (!bin) fail('PostgreSQL is not installed (apt-get install postgresql), or run with --only pglite');
  postgresVersion = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  postgres = await startPostgres({ fsync: true });
}
const rows = [];
let n = 0;
try {
  for (const kind of options.only) {
    for (const scenario of ['steady', 'outage']) {
      console.error(`bench:log: ${kind} ${scenario}…`);
      rows.push(await runScenario(kind, scenario, options, postgres, ++n));
    }
  }
} finally {
  await postgres?.stop();
}
const text = report(rows, options, postgresVersion);
console.log(text);
if (options.write) writeFileSync(join(here, 'results.md'), text);
process.exitCode = rows.every(row => row.lost === 0 && row.extra === 0 && row.stored === row.acknowledged) ? 0 : 1;
