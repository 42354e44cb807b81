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
  const consent = create({ services: ['weibo-share'] }, { presets: [weiboShare] });
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
  console.log(`ssr: ${entry} created in Node without a window: undecided, nothing granted`);
}
// Regression: a decision made in Node (shared code calling `rejectAll()` or `setAge(…, { source: 'account' })` while
// rendering) posted a receipt, proof of a choice no visitor made, and said on failure that it was kept for the next page.
const posted = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (...args) => (posted.push(String(args[0])), new Response(null, { status: 204 }));
const rendered = createConsentGate({ services: ['weibo-share'], receipt: { url: 'https://www.ooopic.com/consent/receipts' } }, { presets: [weiboShare], receipts: consentReceipts });
const errors = [];
rendered.on('error', error => errors.push(error));
await rendered.rejectAll();
await rendered.setAge('adult', { source: 'account' });
await new Promise(resolve => setTimeout(resolve, 50));
globalThis.fetch = realFetch;
assert.deepEqual(posted, [], 'a decision in Node sends no receipt');
assert.deepEqual(errors, [], 'and reports no receipt kept');
assert.equal(rendered.get().decided, true, 'the decision stays in that object');
console.log('ssr: a decision made in Node changes that object only: no receipt sent');
// No destroy(): a prerender that forgets it must still exit. The event loop empties here.
