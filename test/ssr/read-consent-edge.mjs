// consent-gate/read-consent is readConsent() alone, for runtimes without Node's modules (an edge function, a
// fetch-only worker): its whole import graph must be the package's own pure modules, no `node:` import and no
// other package. consent-gate/server imports node:http, node:fs and node:crypto at its top.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConsent } from 'consent-gate/read-consent';

const seen = new Set();
const visit = file => {
  if (seen.has(file)) return;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\s*(?:[^'"]*?\sfrom\s*)?['"]([^'"]+)['"]/g)) {
    assert.ok(specifier.startsWith('.'), `${file} imports ${specifier}`);
    visit(resolve(dirname(file), specifier));
  }
  assert.doesNotMatch(readFileSync(file, 'utf8'), /\bimport\s*\(/, `${file}: no dynamic import`);
};
visit(fileURLToPath(import.meta.resolve('consent-gate/read-consent')));
assert.equal(readConsent('', {}, { policyVersion: '2024-04-23' }).decided, false);
console.log(`ssr: consent-gate/read-consent imports ${seen.size} modules of its own, nothing of Node's`);
