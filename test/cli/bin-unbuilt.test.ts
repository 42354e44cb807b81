// @vitest-environment node
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

// Found by following the README in a fresh clone: `node bin/consent-gate.js` before any build (or a package packed
// without dist/) failed with Node's "Cannot find module …/dist/node/cli/main.js".
const dir = mkdtempSync(join(tmpdir(), 'cg-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('regression: the command in a clone that was never built says to run npm run build, exit 2', async () => {
  mkdirSync(join(dir, 'bin'));
  copyFileSync(new URL('../../bin/consent-gate.js', import.meta.url), join(dir, 'bin', 'consent-gate.js'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  const run = promisify(execFile)(process.execPath, [join(dir, 'bin', 'consent-gate.js'), 'scan', '--help']);
  await expect(run).rejects.toMatchObject({
    code: 2,
    stdout: '',
    stderr: 'consent-gate: dist/node/cli/main.js is missing: run `npm run build` in this repository first\n',
  });
});
