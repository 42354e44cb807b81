// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { PRESET_SPECS } from '../../src/cli/scan/preset-specs.js';
import { ConfigError, parseScanConfig, resolveServices } from '../../src/cli/scan/resolve-services.js';

/** Every preset of the SDK's catalogue, in its order: the messages list them all. */
const PRESETS = Object.keys(PRESET_SPECS).join(', ');

describe('parseScanConfig: --config files', () => {
  it('the site domain, the consent cookie and services of the SDK config shape', () => {
    expect(
      parseScanConfig(
        {
          cookie: { domain: '.ooopic.com', name: 'cg_consent' },
          services: [
            'cnzz',
            { id: 'baidu-tongji', siteId: '0123', cookies: ['Hm_extra'] },
            { id: 'meiqia', category: 'necessary', hosts: ['*.meiqia.com'], cookies: ['^MEIQIA_'], storage: ['meiqia_visit'] },
            { id: 'stats-cdn', preset: 'google-analytics', hosts: ['stats.ooopic-cdn.com'] },
            { id: 'custom', category: 'pixel', src: 'https://px.example-ads.test/p.js' },
          ],
          // The rest of the SDK's config is not the scan's business.
          policy: { version: '2024-04-23' },
        },
        PRESET_SPECS,
      ),
    ).toEqual({
      cookieDomain: '.ooopic.com',
      cookieName: 'cg_consent',
      services: [
        PRESET_SPECS.cnzz,
        { id: 'baidu-tongji', category: 'analytics', hosts: ['hm.baidu.com', 'hmcdn.baidu.com', 'datax.baidu.com', 'tongji.baidu.com/hm-web/js/'], cookies: ['^Hm_', 'Hm_extra'], storage: ['^Hm_'] },
        { id: 'meiqia', category: 'necessary', hosts: ['*.meiqia.com'], cookies: ['^MEIQIA_'], storage: ['meiqia_visit'] },
        { ...PRESET_SPECS['google-analytics'], id: 'stats-cdn', hosts: ['stats.ooopic-cdn.com'] },
        { id: 'custom', category: 'pixel', hosts: ['px.example-ads.test'], cookies: [], storage: [] },
      ],
    });
  });

  it('a host with a path prefix, as the SDK takes it for a shared host', () => {
    expect(parseScanConfig({ services: [{ id: 'wx-old', category: 'share', hosts: ['res.wx.qq.com/open/js/jweixin-1.0'] }] }, PRESET_SPECS)).toEqual({
      services: [{ id: 'wx-old', category: 'share', hosts: ['res.wx.qq.com/open/js/jweixin-1.0'], cookies: [], storage: [] }],
    });
  });

  it("cookie.domain 'auto' says nothing about the site", () => {
    expect(parseScanConfig({ cookie: { domain: 'auto' } }, PRESET_SPECS)).toEqual({ services: [] });
    expect(parseScanConfig({ receipt: { url: 'https://log.ooopic.com/receipts' } }, PRESET_SPECS)).toEqual({ receiptUrl: 'https://log.ooopic.com/receipts', services: [] });
  });

  it.each<[unknown, string]>([
    [[], 'the file must be a JSON object { cookie: { domain }, services: [...] }, got []'],
    [{ cookie: 'ooopic.com' }, 'cookie must be an object { domain, name }, got "ooopic.com"'],
    [{ cookie: { domain: 'https://ooopic.com' } }, 'cookie.domain must be a domain like ".ooopic.com", got "https://ooopic.com"'],
    [{ cookie: { domain: '*.ooopic.com' } }, 'cookie.domain must be a domain like ".ooopic.com", got "*.ooopic.com"'],
    // Regression: a public suffix made every site under it first party, and its trackers went unseen (exit 0).
    [{ cookie: { domain: '.com' } }, 'cookie.domain must be the site\'s own domain like ".ooopic.com", not a public suffix every site shares, got ".com"'],
    [{ cookie: { domain: 'com.cn' } }, 'cookie.domain must be the site\'s own domain like ".ooopic.com", not a public suffix every site shares, got "com.cn"'],
    [{ cookie: { name: 'cg consent' } }, 'cookie.name must be a cookie name, got "cg consent"'],
    [{ receipt: { url: 'javascript:alert(1)' } }, 'receipt.url must be an http(s) URL, got "javascript:alert(1)"'],
    // Regression: a pattern that does not compile was taken and matched nothing.
    [{ services: [{ id: 'x', category: 'analytics', hosts: ['x.example'], cookies: ['^(('] }] }, 'services[0].cookies[0] must be a cookie name like "_ga" or a pattern "^Hm_" that compiles, got "^(("'],
    [{ services: 'cnzz' }, 'services must be an array of preset ids or service objects, got "cnzz"'],
    [{ services: ['baidu'] }, `services[0] must be a preset id (${PRESETS}), got "baidu"`],
    [{ services: [{ category: 'necessary' }] }, 'services[0].id must be an id of lower-case letters, digits, "_" or "-", got nothing'],
    [{ services: [{ id: 'x', hosts: ['x.com'] }] }, 'services[0].category must be a category id such as "necessary" or "analytics", got nothing'],
    [{ services: [{ id: 'x', category: 'necessary', hosts: 'x.com' }] }, 'services[0].hosts must be an array of host names like "static.example.com", "*.example.com", ".example.com" or "example.com/path/", got "x.com"'],
    [{ services: ['cnzz', { id: 'x', category: 'necessary', hosts: ['https://x.com/'] }] }, 'services[1].hosts[0] must be a host name like "static.example.com", "*.example.com", ".example.com" or "example.com/path/", got "https://x.com/"'],
    [{ services: [{ id: 'x', category: 'necessary', cookies: [42] }] }, 'services[0].cookies[0] must be a cookie name like "_ga" or a pattern "^Hm_" that compiles, got 42'],
    [{ services: [{ id: 'x', preset: 'umeng' }] }, `services[0].preset must be a preset id (${PRESETS}), got "umeng"`],
    // A page-polluting key cannot reach Object.prototype's members.
    [{ services: [{ id: 'x', category: 'necessary', hosts: { __proto__: [] } }] }, 'services[0].hosts must be an array of host names like "static.example.com", "*.example.com", ".example.com" or "example.com/path/", got {}'],
  ])('%j → %s', (input, message) => {
    expect(() => parseScanConfig(input, PRESET_SPECS)).toThrow(new ConfigError(message));
  });
});

describe('resolveServices, lenient: a page\'s own config', () => {
  it('keeps the good entries and says what it skipped', () => {
    expect(resolveServices(['cnzz', 'not-a-preset', { id: 'Bad Id' }, 7], 'services', PRESET_SPECS, true)).toEqual({
      services: [PRESET_SPECS.cnzz],
      problems: [
        `services[1] must be a preset id (${PRESETS}), got "not-a-preset"`,
        'services[2].id must be an id of lower-case letters, digits, "_" or "-", got "Bad Id"',
        `services[3] must be a preset id (${PRESETS}) or an object { id, category, hosts, cookies, storage }, got 7`,
      ],
    });
    expect(resolveServices({}, 'services', PRESET_SPECS, true)).toEqual({ services: [], problems: ['services is not an array'] });
  });
});
