// Server-side rendering (#9.2): a prerender or static-site build creates the controller in plain Node, with no
// `window`. It must not throw, must answer "undecided", and must leave nothing behind that keeps Node alive (no
// BroadcastChannel, no timer): this script exits by itself, which `npm test` (step "ssr") checks with a timeout.
import assert from 'node:assert/strict';
import { createConsentGate } from '../../dist/index.js';
import { createConsentGate as createHeadless } from '../../dist/headless.js';
import { weiboShare } from '../../dist/presets.js';
import { consentReceipts } from '../../dist/receipts.js';

assert.equal(typeof window, 'undefined');
for (const [entry, create] of [['consent-gate', createConsentGate], ['consent-gate/headless', createHeadless]]) {
  const warnings = [];
  const consent = create({ services: ['weibo-share'] }, { presets: [weiboShare], warn: message => warnings.push(message) });
  const state = consent.get();
  assert.equal(state.decided, false, `${entry}: undecided`);
  assert.equal(state.prompt, 'first-visit', `${entry}: a first visit`);
  assert.equal(consent.granted('share'), false, `${entry}: nothing granted`);
  assert.equal(consent.granted('necessary'), true, `${entry}: necessary granted`);
  assert.equal(Object.isFrozen(consent), true, `${entry}: the public object is frozen`);
  await assert.rejects(consent.load('share', 'https://example.com/x.js'), /needs a browser/, `${entry}: load() says why`);
  // Regression: request() opened its view there and never settled: a server's `await` waited for good.
  assert.equal(await consent.request('share', 'weibo-share'), false, `${entry}: request() answers no at once`);
  assert.equal(consent.get().view ?? null, null, `${entry}: and opens no view`);
  // Regression: the banner was shown there at `ready` (a `show` event, `get().banner` true): a server render drew it for
  // every visitor, those who had decided too, and the client's first render (before its own `ready`) differed.
  const told = [];
  consent.on('show', detail => told.push(detail.view));
  await new Promise(resolve => setTimeout(resolve, 10));
  assert.equal(consent.get().banner, false, `${entry}: no banner on the server`);
  assert.deepEqual(told, [], `${entry}: no show event`);
  // Regression: a reset or an age group recorded there showed it all the same.
  await consent.reset();
  await consent.setAge('minor');
  assert.equal(consent.get().banner, false, `${entry}: no banner after reset() or setAge()`);
  assert.deepEqual(told, [], `${entry}: and no show event`);
  assert.deepEqual(warnings.map(message => message.split(' without')[0]), ['consent-gate: reset()', 'consent-gate: setAge()'], `${entry}: each said`);
  console.log(`ssr: ${entry} created in Node without a window: undecided, nothing granted`);
}
// Regression: a decision made in Node (shared code calling `rejectAll()` or `setAge(…, { source: 'account' })` while
// rendering) posted a receipt, proof of a choice no visitor made, and said on failure that it was kept for the next page.
// Regression (SPA probe): it changed the controller's state, which is every request's (created at a module's top
// level): the next visitor's page rendered, and hydrated from, the first one's age group and grants.
const posted = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (...args) => (posted.push(String(args[0])), new Response(null, { status: 204 }));
const rendered = createConsentGate({ services: ['weibo-share'], receipt: { url: 'https://www.ooopic.com/consent/receipts' } }, { presets: [weiboShare], receipts: consentReceipts });
const errors = [];
const warned = [];
const realWarn = console.warn;
console.warn = message => warned.push(message);
rendered.on('error', error => errors.push(error.message));
const before = rendered.get();
await rendered.acceptAll();
await rendered.setAge('minor', { source: 'account' });
await rendered.setAge('adult');
await rendered.save({ categories: { share: true } });
await rendered.setYouthMode(true);
// Review: a view opened there was every later visitor's too (`get().view`).
rendered.show('preferences');
await new Promise(resolve => setTimeout(resolve, 50));
globalThis.fetch = realFetch;
console.warn = realWarn;
assert.deepEqual(posted, [], 'a decision in Node sends no receipt');
assert.equal(rendered.get(), before, 'and changes nothing of the state every request reads');
assert.deepEqual([rendered.get().decided, rendered.get().age, rendered.granted('share'), rendered.get().view ?? null], [false, 'unknown', false, null]);
const said = name => `${name}() without a browser (a server render) changes nothing: the controller is every request's, and one visitor's state must not become the next one's; decide in the browser, and read a request's cookie with readConsent()`;
assert.deepEqual(errors, ['acceptAll', 'setAge', 'save', 'setYouthMode', 'show'].map(said), 'each said once, as an api error');
assert.deepEqual(warned, errors.map(message => `consent-gate: ${message}`), 'and in the console');
console.log('ssr: a decision made in Node changes nothing, and says so: no receipt sent');
// No destroy(): a prerender that forgets it must still exit. The event loop empties here.
