// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { isBundle, isSdkFile } from '../../src/cli/scan/watch-sdk-files.js';

// Which requests are the SDK's own files: the bundle by its name, the files it loads from beside itself by its folder.
describe('isSdkFile', () => {
  const folders = new Set(['https://static.ooopic.com/cg/2.1/']);
  it.each<[string, boolean]>([
    ['https://static.ooopic.com/cg/2.1/consent-gate.min.js?v=3', true],
    ['https://www.ooopic.com/assets/consent-gate.min.js', true],
    ['https://static.ooopic.com/cg/2.1/gate.js', true],
    ['https://static.ooopic.com/cg/2.1/views/preferences.js', true],
    ['https://static.ooopic.com/cg/2.1/i18n/en.js?x=1', true],
    ['https://static.ooopic.com/cg/2.0/gate.js', false],
    ['https://static.ooopic.com/cg/2.1/theme.css', false],
    ['https://hm.baidu.com/hm.js?0123', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => expect(isSdkFile(url, folders)).toBe(expected));

  it('a bundle is named consent-gate…js', () => {
    expect([isBundle('https://x.test/consent-gate.js'), isBundle('https://x.test/js/consent-gate.min.js#a'), isBundle('https://x.test/consent-gate/gate.js')]).toEqual([true, true, false]);
  });
});
