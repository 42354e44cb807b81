import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The stamp of a build, which every file beside the bundle carries and the bundle's loader checks
 * (src/script/load-file.ts): a hash of what the files are made from (the sources under `src/`, the build, the
 * dependencies' lock), read from `root`. Two builds of one version differ (every build from main is 0.2.0): an HTTP
 * cache holding the last deploy's gate.js beside a new decide.js at the same path made a withdrawal throw as it was
 * applied. Five base-36 characters, as long as the version it replaces in each file: 60 million stamps.
 */
export function buildStamp(root = '.') {
  const hash = createHash('sha256');
  const walk = dir =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap(entry => (entry.isDirectory() ? walk(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`]));
  for (const file of [...walk('src').sort(), 'rollup.config.ts', 'scripts/rollup-words.js', 'scripts/build-stamp.js', 'package.json', 'package-lock.json']) {
    const path = join(root, file);
    // Line ends as in the repository: a Windows checkout (core.autocrlf) of the same commit stamps the same build.
    if (existsSync(path)) hash.update(`${file}\0`).update(readFileSync(path, 'utf8').replaceAll('\r\n', '\n')).update('\0');
  }
  return (BigInt(`0x${hash.digest('hex').slice(0, 12)}`) % 36n ** 5n).toString(36).padStart(5, '0');
}
