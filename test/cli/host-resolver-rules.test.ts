// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { hostResolverRules } from '../../src/cli/scan/launch-chromium.js';

// Regression (scan probe, --offline escapes): a sendBeacon on pagehide, a shared worker's request and a preconnect are
// never shown to Playwright's routing, and reached the vendor a report said was "never contacted". Under --offline and
// --vendors only the scanned sites resolve; --resolve keeps working for them.
describe('hostResolverRules', () => {
  it.each<[string, Array<{ host: string; address: string }>, string[] | undefined, string | undefined]>([
    ['live, nothing asked', [], undefined, undefined],
    ['live, --resolve as given', [{ host: '*.ooopic.com', address: '10.0.0.8' }, { host: 'hm.baidu.com', address: '127.0.0.1:4603' }], undefined, 'MAP *.ooopic.com 10.0.0.8, MAP hm.baidu.com 127.0.0.1:4603'],
    ['offline: the scanned site and its subdomains only', [], ['ooopic.com'], 'MAP * ~NOTFOUND, EXCLUDE ooopic.com, EXCLUDE *.ooopic.com'],
    ['offline: an address or localhost only itself', [], ['127.0.0.1', 'localhost', '127.0.0.1'], 'MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'],
    ['offline: a --config cookie domain with its dot', [], ['127.0.0.1', '.ooopic.com'], 'MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE ooopic.com, EXCLUDE *.ooopic.com'],
    // EXCLUDE is checked before any MAP (net/base/host_mapping_rules.cc): one over a kept rule's hosts would cancel it.
    ['offline: staging under production names', [{ host: '*.ooopic.test', address: '127.0.0.1' }], ['ooopic.test'], 'MAP *.ooopic.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE ooopic.test'],
    ['offline: one host of the site resolved', [{ host: 'www.ooopic.com', address: '10.0.0.8' }], ['ooopic.com'], 'MAP www.ooopic.com 10.0.0.8, MAP * ~NOTFOUND, EXCLUDE ooopic.com'],
    ['offline: a rule for a vendor is dropped', [{ host: 'hm.baidu.com', address: '127.0.0.1:4603' }], ['127.0.0.1'], 'MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    ['offline: a broad rule over the site is kept', [{ host: '*.test', address: '127.0.0.1' }], ['scan-fixture.test'], 'MAP *.test 127.0.0.1, MAP * ~NOTFOUND'],
  ])('%s', (_what, resolve, sites, rules) => {
    expect(hostResolverRules(resolve, sites)).toBe(rules);
  });
});
