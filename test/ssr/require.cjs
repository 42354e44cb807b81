// CommonJS back ends (Express, Jest) require() the package: Node 20.19+ loads its ES modules through the `default`
// condition. Without it every entry threw ERR_PACKAGE_PATH_NOT_EXPORTED, while TypeScript compiled a .cts importing
// it without a word.
const assert = require('node:assert/strict');

const { readConsent, createReceiptHandler } = require('consent-gate/server');
assert.equal(typeof readConsent, 'function');
assert.equal(typeof createReceiptHandler, 'function');
assert.equal(readConsent('', {}, { policyVersion: '2024-04-23' }).decided, false);
for (const entry of ['consent-gate', 'consent-gate/headless', 'consent-gate/presets', 'consent-gate/guard', 'consent-gate/receipts']) {
  assert.ok(Object.keys(require(entry)).length > 0, `${entry}: exports`);
}
console.log('ssr: every entry require()d from CommonJS');
