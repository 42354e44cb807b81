#!/usr/bin/env node
// `npm run bench`: Consent Gate side by side with its peers (SPEC §10), in one run, in headless Chromium, on both
// visits, plus the network guard's overhead (issue #12) and the consent log under load (issue #15, bench/log/run.js).
//   node scripts/bench.js [--runs N (default 15)] [--quick (3 runs; the log bench on 2,000 receipts, not written)]
//                         [--only consent-gate,klaro,...] [--scenario first,returning,bare,guard,log] [--no-log]
//                         [--no-write] [--rerender (the last run's samples, .reports/bench-run.json, reported again)]
// Scenarios: first (no decision stored: the banner), returning (each library's own stored "accept all"), bare (both
// visits again over a bare DevTools pipe, bench/bare.js: the script time without Playwright's stack captures), guard
// (first-party DOM and fetch loops with the guard on / off / no SDK), log (`npm run bench:log`, run after the
// others, in its own process; its table goes to bench/log/results.md and into bench/results.md).
// The page alone (the host page without a library) always runs in the visits: the script figures subtract it.
// Every round runs each page of each scenario once, the order rotated each round, so machine noise and warm-up
// spread over all of them. Prints markdown and writes bench/results.md when every scenario and library ran
// (otherwise .reports/bench.md, so a partial run never overwrites the full figures). Run `npm run build` first; each
// file is read once per run (bench/server.js), so a rebuild of dist/ during a run does not mix two builds.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { chromium } from '@playwright/test';
import { findChromium } from './chromium.js';
import { GUARD_VARIANTS, GUARD_WORKLOAD, measureGuard } from '../bench/guard.js';
import { BASELINE, LIBS } from '../bench/libs.js';
import { makePages, pagePath } from '../bench/make-pages.js';
import { launchBare } from '../bench/bare.js';
import { measureBare, measureFirst, measureReturning } from '../bench/measure.js';
import { renderReport } from '../bench/report.js';
import { readOnce, ROOT, startServer } from '../bench/server.js';
import { summarizeBare, summarizeFirst, summarizeGuard, summarizeReturning } from '../bench/stats.js';
import { captureDecision } from '../bench/stored-decision.js';

const CPU_RATE = 4;
const ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const SCENARIOS = ['first', 'returning', 'bare', 'guard', 'log'];
// The consent-log bench's collector and PostgreSQL, in the bench's share of this machine's ports (4800-4899).
const LOG_PORTS = '4860-4899';
const RUN_FILE = '.reports/bench-run.json';

function parseArgs(argv) {
  const options = { runs: 15, quick: false, only: undefined, scenarios: SCENARIOS, write: true, rerender: false };
  const list = (arg, known, what) => {
    const ids = arg.split(',').filter(Boolean);
    const unknown = ids.filter(id => !known.includes(id));
    if (unknown.length) fail(`unknown ${what} ${unknown.join(', ')} (known: ${known.join(', ')})`);
    return ids;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const given = () => inline ?? value();
    if (name === '--quick') options.runs = 3, options.quick = true;
    else if (name === '--runs') options.runs = Number(given());
    else if (name === '--only') options.only = list(given(), LIBS.map(lib => lib.id), 'library');
    else if (name === '--scenario' || name === '--scenarios') options.scenarios = list(given(), SCENARIOS, 'scenario');
    else if (name === '--no-log') options.scenarios = options.scenarios.filter(s => s !== 'log');
    else if (name === '--no-write') options.write = false;
    else if (name === '--rerender') options.rerender = true;
    else fail(`unknown option ${arg} (use --runs N, --quick, --only ${LIBS.map(lib => lib.id).join(',')}, --scenario ${SCENARIOS.join(',')}, --no-log, --no-write, --rerender)`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) fail('--runs must be a positive integer');
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

/** `npm run bench:log` in its own process; resolves to its markdown (stdout) or a line saying why there is none. */
function runLogBench(quick) {
  const args = ['bench/log/run.js', ...(quick ? ['--total', '2000', '--no-write'] : [])];
  console.error(`bench: consent log: node ${args.join(' ')}`);
  return new Promise(resolve => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, PORT_RANGE: LOG_PORTS }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', chunk => (out += chunk));
    child.on('close', code => {
      const body = out.replace(/^# .*\n+/, '').trim();
      if (code !== 0 && !body) resolve(`Not measured: \`node ${args.join(' ')}\` exited with code ${code} (its messages are in the console output).`);
      else resolve(`${quick ? 'Quick run (2,000 receipts per scenario; bench/log/results.md left as it was).' : 'Also written to bench/log/results.md.'}${code ? ` **It exited with code ${code}: stored ≠ acknowledged somewhere, see below.**` : ''}\n\n${body.replace(/^## /gm, '### ')}`);
    });
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.rerender) {
    // The last run's samples, summarised and rendered again: no browser, nothing measured.
    if (!existsSync(`${ROOT}/${RUN_FILE}`)) fail(`--rerender: no ${RUN_FILE} (run the bench first)`);
    const run = JSON.parse(readFileSync(`${ROOT}/${RUN_FILE}`, 'utf8'));
    const target = SCENARIOS.every(s => run.meta.scenarios.includes(s)) && run.libs.length === LIBS.length + 1 ? 'bench/results.md' : '.reports/bench.md';
    const report = render(run);
    console.log(report);
    if (options.write) writeFileSync(`${ROOT}/${target}`, report);
    console.error(`bench: the run of ${run.meta.date} rendered again${options.write ? ` into ${target}` : ''}`);
    return;
  }
  const has = scenario => options.scenarios.includes(scenario);
  if (!existsSync(`${ROOT}/dist/consent-gate.min.js`)) fail('dist/consent-gate.min.js is missing: run `npm run build` first');
  const chromiumPath = findChromium();
  if (!chromiumPath) fail('no Chromium found (see scripts/chromium.js)');
  const changed = makePages();
  if (changed.length) console.error(`bench: pages regenerated: ${changed.join(', ')}`);

  const libs = [...LIBS.filter(lib => !options.only || options.only.includes(lib.id)), BASELINE];
  const sizes = await measureSizes(libs);
  const cpu = cpus();
  const loadStart = loadavg()[0];
  const started = Date.now();
  const pages = has('first') || has('returning') || has('bare') || has('guard');
  const first = new Map(libs.map(lib => [lib.id, []]));
  const returning = new Map(libs.map(lib => [lib.id, []]));
  const bareFirst = new Map(libs.map(lib => [lib.id, []]));
  const bareReturning = new Map(libs.map(lib => [lib.id, []]));
  const guard = new Map(GUARD_VARIANTS.map(variant => [variant.id, []]));
  const stored = {};
  let chromiumVersion = 'not run';
  if (pages) {
    const server = await startServer();
    const browser = await chromium.launch({ executablePath: chromiumPath.path, args: ARGS });
    chromiumVersion = `Chromium ${browser.version()}`;
    const bareBrowser = has('bare') ? await launchBare(chromiumPath.path, ARGS) : undefined;
    try {
      const decisions = {};
      if (has('returning') || has('bare')) {
        for (const lib of libs) {
          decisions[lib.id] = await captureDecision(browser, server.origin, lib);
          stored[lib.id] = decisions[lib.id].stored;
          if (!lib.baseline) console.error(`bench: ${lib.id} stores ${stored[lib.id].join(', ')}`);
        }
      }
      // One list of every page of every scenario, rotated each round.
      const jobs = [
        ...(has('first') ? libs.map(lib => ({ scenario: 'first', id: lib.id, run: () => measureFirst(browser, server.origin, lib, { cpuRate: CPU_RATE }) })) : []),
        ...(has('returning') ? libs.map(lib => ({ scenario: 'returning', id: lib.id, run: () => measureReturning(browser, server.origin, lib, { cpuRate: CPU_RATE, storageState: decisions[lib.id].storageState }) })) : []),
        ...(bareBrowser ? libs.map(lib => ({ scenario: 'bareFirst', id: lib.id, run: () => measureBare(bareBrowser, server.origin, lib, { cpuRate: CPU_RATE, mode: 'first' }) })) : []),
        ...(bareBrowser ? libs.map(lib => ({ scenario: 'bareReturning', id: lib.id, run: () => measureBare(bareBrowser, server.origin, lib, { cpuRate: CPU_RATE, mode: 'returning', storageState: decisions[lib.id].storageState }) })) : []),
        ...(has('guard') ? GUARD_VARIANTS.map(variant => ({ scenario: 'guard', id: variant.id, run: () => measureGuard(browser, server.origin, variant, { cpuRate: CPU_RATE }) })) : []),
      ];
      const into = { first, returning, bareFirst, bareReturning, guard };
      for (let round = 0; round < options.runs; round++) {
        const order = jobs.map((_, i) => jobs[(i + round) % jobs.length]);
        for (const job of order) {
          const sample = { ...(await job.run()), round };
          into[job.scenario].get(job.id).push(sample);
          console.error(`[${round + 1}/${options.runs}] ${job.scenario.padEnd(13)} ${job.id.padEnd(22)} ${describe(sample)}`);
        }
      }
    } finally {
      await bareBrowser?.close();
      await browser.close();
      await server.close();
    }
  }
  const loadEnd = loadavg()[0];
  const log = has('log') ? await runLogBench(options.quick) : undefined;
  const run = {
    libs: libs.map(lib => lib.id),
    meta: {
      date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
      machine: `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, ${platform()} ${release()}`,
      chromium: chromiumVersion,
      playwright: JSON.parse(readFileSync(`${ROOT}/node_modules/@playwright/test/package.json`, 'utf8')).version,
      node: process.version,
      // Other work on the machine is noise the medians can only partly absorb: say how busy it was (page scenarios).
      loadStart,
      loadEnd,
      cores: cpu.length,
      runs: options.runs,
      cpuRate: CPU_RATE,
      scenarios: options.scenarios,
    },
    sizes,
    stored,
    samples: { first: Object.fromEntries(first), returning: Object.fromEntries(returning), bareFirst: Object.fromEntries(bareFirst), bareReturning: Object.fromEntries(bareReturning), guard: Object.fromEntries(guard) },
    log,
  };
  // The whole run, raw samples included, for a second look at a figure that surprises, or to render the report again
  // after a change to bench/report.js (--rerender). Not committed: .reports/ is ignored.
  mkdirSync(`${ROOT}/.reports`, { recursive: true });
  writeFileSync(`${ROOT}/${RUN_FILE}`, JSON.stringify(run));
  const complete = SCENARIOS.every(has) && !options.only;
  const target = complete ? 'bench/results.md' : '.reports/bench.md';
  const report = render(run);
  console.log(report);
  if (options.write) writeFileSync(`${ROOT}/${target}`, report);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.error(`bench: ${options.scenarios.join(', ')} × ${options.runs} runs in ${minutes} min; ${options.write ? `written to ${target}${complete ? '' : ' (a partial run: bench/results.md left as it was)'}` : 'not written (--no-write)'}; the run is in ${RUN_FILE}`);
}

/** The report of a run (what main() saved in RUN_FILE). */
function render(run) {
  const has = scenario => run.meta.scenarios.includes(scenario);
  const libs = [...LIBS, BASELINE].filter(lib => run.libs.includes(lib.id));
  const summaries = (scenario, summarize) => (has(scenario) ? new Map(libs.map(lib => [lib.id, summarize(run.samples[scenario][lib.id])])) : undefined);
  const bareSummaries = samples => new Map(libs.map(lib => [lib.id, summarizeBare(samples[lib.id])]));
  const guard = new Map(Object.entries(run.samples.guard));
  return renderReport({
    libs,
    meta: run.meta,
    sizes: run.sizes,
    first: summaries('first', summarizeFirst),
    returning: summaries('returning', summarizeReturning),
    bare: has('bare') ? { first: bareSummaries(run.samples.bareFirst), returning: bareSummaries(run.samples.bareReturning) } : undefined,
    stored: run.stored,
    guard: has('guard')
      ? { variants: GUARD_VARIANTS, summaries: new Map(GUARD_VARIANTS.map(v => [v.id, summarizeGuard(guard.get(v.id))])), ratios: pairedRatios(guard), workload: GUARD_WORKLOAD, cpuRate: run.meta.cpuRate }
      : undefined,
    log: run.log,
  });
}

/** One line of progress for a sample. */
function describe(sample) {
  if (sample.error) return `error: ${sample.error}`;
  if (sample.visit === 'guard') return `DOM ${sample.domMs.toFixed(1)} ms (${sample.domAllMs.toFixed(1)} ms with its microtasks), fetch calls ${sample.callsMs.toFixed(1)} ms, answered ${sample.settledMs.toFixed(0)} ms, innerHTML ${sample.htmlMs.toFixed(1)} ms`;
  if (sample.visit.endsWith('-bare')) return `script ${sample.scriptMs.toFixed(1)} ms${sample.banner !== null ? `, banner ${Math.round(sample.banner)} ms` : ''}`;
  if (sample.visit === 'returning') return sample.tagRequested === null ? 'page alone' : `tag requested ${Math.round(sample.tagRequested)} ms, ran ${Math.round(sample.tagExecuted)} ms`;
  if (sample.banner === null) return sample.lib === BASELINE.id ? 'page alone' : 'no banner';
  const executed = Number.isFinite(sample.acceptToExecuted) ? `, accept → ran ${Math.round(sample.acceptToExecuted)} ms` : '';
  return `banner ${Math.round(sample.banner)} ms${executed}`;
}

/** Guard on ÷ guard off in each round where both ran: the spread of the comparison, beside the ratio of medians. */
function pairedRatios(guard) {
  const ratios = { dom: [], domAll: [], calls: [], settled: [], html: [] };
  const key = { dom: 'domMs', domAll: 'domAllMs', calls: 'callsMs', settled: 'settledMs', html: 'htmlMs' };
  for (const on of guard.get('guard-on').filter(s => !s.error)) {
    const off = guard.get('guard-off').find(s => s.round === on.round && !s.error);
    if (!off) continue;
    for (const name of Object.keys(ratios)) ratios[name].push(on[key[name]] / off[key[name]]);
  }
  return ratios;
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
