// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { preconnectsOf } from '../../src/cli/scan/watch-network.js';

const PAGE = 'https://www.ooopic.com/pic_1.html';

describe('preconnectsOf: the origins a Link header connects to ahead', () => {
  it.each([
    ['<https://hm.baidu.com>; rel=preconnect', ['https://hm.baidu.com/']],
    ['<https://hm.baidu.com>; rel="preconnect"; crossorigin', ['https://hm.baidu.com/']],
    ['<https://hm.baidu.com>;rel=PreConnect', ['https://hm.baidu.com/']],
    ['<https://s4.cnzz.com>; rel="dns-prefetch preconnect"', ['https://s4.cnzz.com/']],
    // Several links in one header; only the preconnects.
    ['</style.css>; rel=preload; as=style, <https://hm.baidu.com>; rel=preconnect, <https://a.gdt.qq.com>; rel=dns-prefetch', ['https://hm.baidu.com/']],
    // A relative or protocol-relative target resolves against the response.
    ['<//hm.baidu.com>; rel=preconnect', ['https://hm.baidu.com/']],
    ['</>; rel=preconnect', ['https://www.ooopic.com/']],
    ['<https://hm.baidu.com>; rel=preload', []],
    ['<https://hm.baidu.com>', []],
    ['<http://[::1>; rel=preconnect', []],
    ['', []],
  ])('%s', (header, expected) => {
    expect(preconnectsOf(header, PAGE)).toEqual(expected);
  });
});
