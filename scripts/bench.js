#!/usr/bin/env node
// `npm run bench`: Consent Gate side by side with its peers (SPEC §10), in one run, in headless Chromium.
//   node scripts/bench.js [--runs N (default 15)] [--quick (3 runs)] [--only consent-gate,klaro,...]
// The baseline page (the host page without a library) always runs: the script figure subtracts it.
// Prints a markdown table and writes it to bench/results.md. Run `npm run build` first; each file is read once
// per run (bench/server.js), so a rebuild of dist/ during a run does not mix two builds.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { chromium } from '@playwright/test';
import { findChromium } from './chromium.js';
import { BASELINE, LIBS } from '../bench/libs.js';
import { makePages, pagePath } from '../bench/make-pages.js';
import { measureOnce } from '../bench/measure.js';
import { renderReport } from '../bench/report.js';
import { readOnce, ROOT, startServer } from '../bench/server.js';
import { summarize } from '../bench/stats.js';

const CPU_RATE = 4;
const ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

function parseArgs(argv) {
  const options = { runs: 15, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--quick') options.runs = 3;
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg.startsWith('--runs=')) options.runs = Number(arg.slice(7));
    else if (arg === '--only') options.only = value().split(',');
    else if (arg.startsWith('--only=')) options.only = arg.slice(7).split(',');
    else fail(`unknown option ${arg} (use --runs N, --quick, --only ${LIBS.map(lib => lib.id).join(',')})`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) fail('--runs must be a positive integer');
  const unknown = options.only?.filter(id => !LIBS.some(lib => lib.id === id));
  if (unknown?.length) fail(`unknown library ${unknown.join(', ')} (known: ${LIBS.map(lib => lib.id).join(', ')})`);
  return options;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

/** gzip -9 of each library's files, and of the HTML it adds to the host page. */
async function measureSizes(libs) {
  const gz = async path => (await readOnce(path)).gzip.length;
  const host = await gz(pagePath(BASELINE.id));
  const sizes = {};
  for (const lib of libs) {
    const list = lib.files.filter(file => existsSync(`${ROOT}/${file}`));
    let files = 0;
    for (const file of list) files += await gz(file);
    sizes[lib.id] = { list, files, html: lib.baseline ? 0 : (await gz(pagePath(lib.id))) - host };
  }
  return sizes;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(`${ROOT}/dist/consent-gate.min.js`)) fail('dist/consent-gate.min.js is missing: run `npm run build` first');
  const chromiumPath = findChromium();
  if (!chromiumPath) fail('no Chromium found (see scripts/chromium.js)');
  const changed = makePages();
  if (changed.length) console.error(`bench: pages regenerated: ${changed.join(', ')}`);

  const libs = [...LIBS.filter(lib => !options.only || options.only.includes(lib.id)), BASELINE];
  const sizes = await measureSizes(libs);
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath.path, args: ARGS });
  const chromiumVersion = browser.version();
  const samples = new Map(libs.map(lib => [lib.id, []]));
  const started = Date.now();
  const loadBefore = loadavg()[0];
  try {
    for (let round = 0; round < options.runs; round++) {
      // Round-robin, the order rotated each round, so machine noise and warm-up spread over every library.
      const order = libs.map((_, i) => libs[(i + round) % libs.length]);
      for (const lib of order) {
        const sample = await measureOnce(browser, server.origin, lib, { cpuRate: CPU_RATE });
        samples.get(lib.id).push(sample);
        const shown = sample.error ? `error: ${sample.error}` : sample.banner === null ? (lib.banner ? 'no banner' : 'baseline') : `banner ${Math.round(sample.banner)} ms`;
        console.error(`[${round + 1}/${options.runs}] ${lib.id.padEnd(22)} ${shown}`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const summaries = new Map(libs.map(lib => [lib.id, summarize(samples.get(lib.id))]));
  const cpu = cpus();
  const meta = {
    date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    machine: `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, ${platform()} ${release()}`,
    chromium: `Chromium ${chromiumVersion}`,
    playwright: JSON.parse(readFileSync(`${ROOT}/node_modules/@playwright/test/package.json`, 'utf8')).version,
    node: process.version,
    // Other work on the machine is noise the medians can only partly absorb: say how busy it was.
    load: `load average ${loadBefore.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`,
    runs: options.runs,
    cpuRate: CPU_RATE,
  };
  const report = renderReport({ libs, summaries, sizes, meta });
  console.log(report);
  writeFileSync(`${ROOT}/bench/results.md`, report);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.error(`bench: ${libs.length} pages × ${options.runs} runs in ${minutes} min; written to bench/results.md`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
