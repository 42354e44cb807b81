#!/usr/bin/env node
// `npm test`: typecheck, unit and component tests, build, the published types as a consumer compiles them, then
// Playwright against the built bundles.
// Ends with one line "Tests: N passed, N failed" summing both runners.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const steps = [
  ['typecheck', 'npm run -s typecheck'],
  ['unit', 'npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/unit.json'],
  ['build', 'npm run -s build'],
  // Also without the DOM library: the npm entries' types and the server's (test/types/nodom, test/types/server).
  ['types', 'npx tsc -p test/types/tsconfig.json && npx tsc -p test/types/server/tsconfig.json && npx tsc -p test/types/nodom/tsconfig.json'],
  // Tree-shaking: an app importing one preset bundles no other vendor (SPEC §10; scripts/size.js checks 4 and 5).
  ['one-preset', 'node scripts/size.js --vendors'],
  // Server-side rendering: the built entries in plain Node, which must exit by itself (no channel, no timer).
  ['ssr', 'node test/ssr/ssr.mjs && node test/ssr/require.cjs && node test/ssr/read-consent-edge.mjs', 20_000],
  ['chromium', 'node scripts/ensure-chromium.js'],
  ['e2e', 'npx playwright test'],
];
const only = process.argv.slice(2);
// Not under test-results/: Playwright empties that folder when it starts.
mkdirSync('.reports', { recursive: true });
for (const file of ['.reports/unit.json', '.reports/e2e.json']) rmSync(file, { force: true });

let failedStep;
// Each step's wall time, printed at the end: the whole run is meant to stay well under 10 minutes.
const times = [];
for (const [name, command, timeout] of steps) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n▶ ${name}: ${command}`);
  const started = Date.now();
  const result = spawnSync(command, { shell: true, stdio: 'inherit', timeout });
  times.push(`${name} ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (result.error?.code === 'ETIMEDOUT') console.log(`step ${name}: still running after ${timeout / 1000} s (it must exit by itself)`);
  if (result.status !== 0) {
    failedStep = name;
    if (name !== 'unit' && name !== 'e2e') break;
  }
}

const read = file => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
const unit = read('.reports/unit.json');
const e2e = read('.reports/e2e.json');
const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0) + (e2e?.stats?.flaky ?? 0);
const failed = (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0);
const skipped = (unit?.numPendingTests ?? 0) + (e2e?.stats?.skipped ?? 0);
console.log(`\nunit: ${unit ? `${unit.numPassedTests} passed, ${unit.numFailedTests} failed` : 'not run'}` +
  ` · e2e: ${e2e ? `${e2e.stats.expected} passed, ${e2e.stats.unexpected} failed, ${e2e.stats.flaky} flaky` : 'not run'}`);
console.log(`time: ${times.join(' · ')}`);
if (failedStep) console.log(`step failed: ${failedStep}`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedStep || failed ? 1 : 0);
