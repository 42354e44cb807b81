#!/usr/bin/env node
// `npm start`: builds only when the build is missing or older than what it is built from, so that starting the demo
// again takes seconds instead of the two minutes a full build takes on a 2-core machine. `npm run build` always builds.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
// What the demo serves and runs: the script tag's bundle, the npm entries (the SPA page) and the consent log.
const OUTPUTS = ['dist/consent-gate.min.js', 'dist/index.js', 'dist/node/server/index.js'];
const INPUTS = ['src', 'rollup.config.ts', 'scripts/rollup-words.js', 'scripts/build-stamp.js', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.server.json', 'tsconfig.node.json'];

/**
 * The newest modification time under `path` (a file or a folder, whose own time counts: a file deleted or renamed in
 * it), 0 where it is missing. A copy that keeps old times (`rsync -a`, `tar`) can hide a change: `npm run build` then.
 */
function newest(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map(name => newest(join(path, name))));
}

const built = Math.min(...OUTPUTS.map(file => newest(join(root, file)) || -Infinity));
const source = Math.max(...INPUTS.map(path => newest(join(root, path))));
if (built > source) {
  console.log('The build is newer than its sources: not building again (npm run build to force it).');
} else {
  // The build prints nothing while it runs: how long it takes is said, so that a first start does not look stuck.
  console.log(`${built == -Infinity ? 'Building (no build yet)' : 'Building (the sources changed since the last build)'}: about a minute, the demo starts after it…`);
  const started = Date.now();
  const result = spawnSync('npm run -s build', { cwd: root, shell: true, stdio: 'inherit' });
  if (result.status === 0) console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
  process.exit(result.status ?? 1);
}
