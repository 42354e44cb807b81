// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { createHostMatcher } from '../../src/guard/hosts.js';
import { any, contains, decode, each, has, endsWith, lower, mapGet, mapSet, matches, normalize, only, pick, replace, slice, startsWith } from '../../src/guard/natives.js';
import { PRESETS } from '../../src/presets/index.js';

describe('natives: what the guard decides with', () => {
  it.each([
    ['has', [has(['img', 'script'], 'script'), has(['img', 'script'], 'div')], [true, false]],
    ['any', any([1, 2, 3], n => n == 2), true],
    ['any of nothing', any([], () => true), false],
    ['pick', pick([1, 2, 3], n => n > 1), 2],
    ['pick of none', pick([1, 2, 3], n => n > 3), undefined],
    ['only, in order and once each', only([3, 1, 3, 2, 1], n => n != 2), [3, 1]],
    ['only without a test: each once', only(['a', 'b', 'a']), ['a', 'b']],
    ['contains', contains('hm.baidu.com/hm.js', 'baidu.com'), true],
    ['startsWith', startsWith('/open/js/x', '/open/js/'), true],
    ['endsWith', endsWith('a.stats.example', '.stats.example'), true],
    ['lower', lower('HM.Baidu.COM'), 'hm.baidu.com'],
    ['normalize', normalize('ｈｍ．ｂａｉｄｕ', 'NFKC'), 'hm.baidu'],
    ['slice', [slice('hm.baidu.com.', 0, -1), slice('abc', 1)], ['hm.baidu.com', 'bc']],
    ['decode', decode('%E6%B5%B7'), '海'],
    ['replace, by a text', replace('hm%2Ebaidu%2ecom', /%2e/gi, '.'), 'hm.baidu.com'],
    ['replace, by what a function makes', replace('a%E6%B5%B7b', /(%[\da-f]{2})+/gi, decodeURIComponent), 'a海b'],
    ['replace, nothing found: the same text', replace('hm.baidu.com', /\t/g, ''), 'hm.baidu.com'],
    ['replace, astral characters', replace('x\u{e0100}y\u{1f600}', /\u{e0100}/gu, ''), 'xy\u{1f600}'],
    [
      'replace, the same pattern again (lastIndex starts over)',
      (() => { const tab = /\t+/g; return [replace('a\tb\t\tc', tab, ''), replace('\td', tab, '')]; })(),
      ['abc', 'd'],
    ],
    ['matches', [matches(/<img\b/i, 'a <IMG src>'), matches(/<img\b/i, '<imgs>')], [true, false]],
    ['each, over an array-like', (() => { const seen: string[] = []; each({ length: 2, 0: 'a', 1: 'b' }, item => seen.push(item)); return seen; })(), ['a', 'b']],
    ['mapGet after mapSet', (() => { const map = new WeakMap<object, unknown>(); const key = {}; mapSet(map, key, 1); return mapGet(map, key); })(), 1],
  ])('%s', (_, got, want) => expect(got).toEqual(want));
});

// Regression: a script of the page after the guard that replaced one of these with a method answering wrongly made the
// matcher take every tracker's URL for no vendor's, and each reached the vendor before consent (SPEC §6.6, §9).
describe('regression: the host matcher under a page\'s shims answering wrongly', () => {
  const { services } = normalizeConfig({ services: ['baidu-tongji', 'wechat-jssdk', { id: 'wild', category: 'analytics', hosts: ['*.stats.example'] }] }, PRESETS);
  const match = createHostMatcher(services, { hostname: 'www.ooopic.com', href: 'https://www.ooopic.com/' });
  const saved: Array<[object, PropertyKey, PropertyDescriptor]> = [];
  const swap = (target: object, key: PropertyKey, value: unknown) => {
    saved.push([target, key, Object.getOwnPropertyDescriptor(target, key)!]);
    Object.defineProperty(target, key, { value, configurable: true, writable: true });
  };
  const getter = (target: object, key: PropertyKey, get: () => unknown) => {
    saved.push([target, key, Object.getOwnPropertyDescriptor(target, key)!]);
    Object.defineProperty(target, key, { get, configurable: true });
  };
  afterEach(() => {
    for (const [target, key, descriptor] of saved.splice(0).reverse()) Object.defineProperty(target, key, descriptor);
  });
  it.each([
    ['String.prototype.includes always false', () => swap(String.prototype, 'includes', () => false)],
    ['String.prototype.startsWith always false', () => swap(String.prototype, 'startsWith', () => false)],
    ['String.prototype.endsWith always false', () => swap(String.prototype, 'endsWith', () => false)],
    ['String.prototype.toLowerCase upper-casing', () => swap(String.prototype, 'toLowerCase', function (this: string) { return this.toUpperCase(); })],
    ['Array.prototype.some always false', () => swap(Array.prototype, 'some', () => false)],
    ['Array.prototype.filter always empty', () => swap(Array.prototype, 'filter', () => [])],
    ['Array.prototype.map returning its array', () => swap(Array.prototype, 'map', function (this: unknown[]) { return this; })],
    ['Array.prototype.find always undefined', () => swap(Array.prototype, 'find', () => undefined)],
    ['Set.prototype.add dropping what it is given', () => swap(Set.prototype, 'add', function (this: Set<unknown>) { return this; })],
    ['Math.max always 0', () => swap(Math, 'max', () => 0)],
    ['String.prototype.replace always ""', () => swap(String.prototype, 'replace', () => '')],
    ['RegExp.prototype.test always false', () => swap(RegExp.prototype, 'test', () => false)],
    ['String.prototype.normalize always ""', () => swap(String.prototype, 'normalize', () => '')],
    ['RegExp.prototype.exec always null', () => swap(RegExp.prototype, 'exec', () => null)],
    ['RegExp.prototype[Symbol.replace] always ""', () => swap(RegExp.prototype, Symbol.replace, () => '')],
    ['RegExp.prototype[Symbol.replace] returning the text as it is', () => swap(RegExp.prototype, Symbol.replace, (text: string) => text)],
    ['String.prototype.slice always ""', () => swap(String.prototype, 'slice', () => '')],
    ['decodeURIComponent always ""', () => swap(globalThis, 'decodeURIComponent', () => '')],
    ['URL.prototype.hostname always ""', () => getter(URL.prototype, 'hostname', () => '')],
    ['URL.prototype.hostname always the page\'s', () => getter(URL.prototype, 'hostname', () => 'www.ooopic.com')],
    ['URL.prototype.protocol always "data:"', () => getter(URL.prototype, 'protocol', () => 'data:')],
    ['URL.prototype.pathname always "/"', () => getter(URL.prototype, 'pathname', () => '/')],
  ])('%s: trackers still matched, first-party still not', (_, shim) => {
    shim();
    const found = [
      match('https://hm.baidu.com/hm.js?x')?.id,
      match('https://res.wx.qq.com/open/js/jweixin-1.6.0.js')?.id,
      match('https://a.stats.example/p.gif')?.id,
      match('/own.js')?.id,
      // Written as the URL parser still reads them: escaped, and with a tab inside.
      match('https://hm%2Ebaidu%2Ecom/hm.js?x')?.id,
      match('https://hm.bai\tdu.com/hm.js?x')?.id,
      match('https://res.wx.qq.com//open/js/jweixin-1.6.0.js')?.id,
    ];
    expect(found).toEqual(['baidu-tongji', 'wechat-jssdk', 'wild', undefined, 'baidu-tongji', 'baidu-tongji', 'wechat-jssdk']);
  });
});
