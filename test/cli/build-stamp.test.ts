// @vitest-environment node
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildStamp } from '../../scripts/build-stamp.js';

/** A copy of what the stamp is made from, in a temporary folder. */
function copy() {
  const root = mkdtempSync(join(tmpdir(), 'cg-stamp-'));
  for (const path of ['src', 'rollup.config.ts', 'scripts/rollup-words.js', 'scripts/build-stamp.js', 'package.json', 'package-lock.json']) cpSync(path, join(root, path), { recursive: true });
  made.push(root);
  return root;
}
const made: string[] = [];
afterEach(() => made.splice(0).forEach(root => rmSync(root, { recursive: true, force: true })));

describe('the build stamp (scripts/build-stamp.js)', () => {
  it('is five base-36 characters, the same for the same sources', () => {
    expect(buildStamp()).toMatch(/^[0-9a-z]{5}$/);
    expect(buildStamp(copy())).toBe(buildStamp());
  });

  it('changes with a source', () => {
    const root = copy();
    writeFileSync(join(root, 'src/core/record.ts'), readFileSync(join(root, 'src/core/record.ts'), 'utf8') + '\n// changed\n');
    expect(buildStamp(root)).not.toBe(buildStamp());
  });

  // Regression: a Windows checkout (core.autocrlf) of the same commit stamped another build, whose files the bundle
  // of a Linux build refuses (and the other way round) where two machines' builds meet in one deploy.
  it('regression: the same sources with CRLF line ends stamp the same build', () => {
    const root = copy();
    for (const file of ['src/core/record.ts', 'src/script/load-file.ts', 'package.json']) {
      writeFileSync(join(root, file), readFileSync(join(root, file), 'utf8').replaceAll('\n', '\r\n'));
    }
    expect(buildStamp(root)).toBe(buildStamp());
  });
});
