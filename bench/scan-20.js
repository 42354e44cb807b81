#!/usr/bin/env node
// `npm run bench:scan`: how long `consent-gate scan` takes over 20 demo pages (issue #14: under a minute on the
// project's 2-core machine). A figure for docs/scan.md, never a timed test.
//
// Starts the demo server on its own port (BENCH_PORT, default 4620), scans the scan fixtures and the demo's own
// pages twice each with the built command, the default options and --vendors (the demo's fake vendors answer every
// third party: nothing leaves the machine), and prints the wall time of each run and the median.
//   RUNS=3 npm run bench:scan        more runs (default 1)
//   npm run bench:scan -- --grace 500  extra scan options are passed on
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = Number(process.env.BENCH_PORT || 4620);
const RUNS = Math.max(1, Number(process.env.RUNS || 1));
const BASE = `http://127.0.0.1:${PORT}`;
const PAGES = [
  '/scan/clean.html',
  '/scan/article.html',
  '/scan/untagged.html',
  '/scan/after-refusal.html',
  '/scan/unconfigured.html',
  '/',
  '/scenarios/dnt-strict.html',
  '/scenarios/hostile.html',
  '/scenarios/csp-demo.html',
  '/ui/plain.html',
];

if (!existsSync('dist/node/cli/scan.js') || !existsSync('dist/consent-gate.min.js')) {
  console.error('bench:scan: build first (npm run build)');
  process.exit(2);
}

const server = spawn(process.execPath, ['scripts/serve.js'], { env: { ...process.env, PORT: String(PORT) }, stdio: 'ignore' });
const stopServer = () => server.exitCode === null && server.kill();
process.on('exit', stopServer);

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${BASE}/receipts`).then(r => r.ok, () => false)) return;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`the demo server did not start on port ${PORT} (BENCH_PORT)`);
}

function runScan(args) {
  return new Promise(resolve => {
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/consent-gate.js', 'scan', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', code => resolve({ code, seconds: (performance.now() - started) / 1000 }));
  });
}

try {
  await waitForServer();
  const dir = mkdtempSync(join(tmpdir(), 'scan-bench-'));
  const list = join(dir, 'pages.txt');
  const urls = [1, 2].flatMap(n => PAGES.map(path => `${BASE}${path}${path.includes('?') ? '&' : '?'}bench=${n}`));
  writeFileSync(list, `${urls.join('\n')}\n`);
  const report = join(dir, 'report.json');
  const times = [];
  let last;
  for (let run = 1; run <= RUNS; run++) {
    last = await runScan(['--urls', list, '--vendors', `${BASE}/vendor/`, '--json', report, ...process.argv.slice(2)]);
    times.push(last.seconds);
    console.log(`run ${run}: ${urls.length} pages in ${last.seconds.toFixed(1)} s (exit code ${last.code})`);
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const { summary } = json;
  console.log(
    `\nscan of ${urls.length} demo pages: ${median.toFixed(1)} s` +
      `${RUNS > 1 ? ` (median of ${RUNS})` : ''}, ${(median / urls.length).toFixed(2)} s a page · ` +
      `${summary.clean} clean, ${summary.leaking} leaking, ${summary.unscannable} not scanned · ` +
      `${cpus().length} cores, Node ${process.versions.node}, ${json.browser} · ${new Date().toISOString().slice(0, 10)}`,
  );
  for (const page of json.pages.filter(page => page.error)) console.log(`not scanned: ${page.url}: ${page.error.message}`);
  rmSync(dir, { recursive: true, force: true });
  if (summary.unscannable) process.exitCode = 1;
} finally {
  stopServer();
}
