// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { text as enViews } from '../../src/i18n/en-views.js';
import { text as en } from '../../src/i18n/en.js';
import { text as age } from '../../src/i18n/zh-CN/age.js';
import { text as banner } from '../../src/i18n/zh-CN/banner.js';
import { text as guardian } from '../../src/i18n/zh-CN/guardian.js';
import { text as minor } from '../../src/i18n/zh-CN/minor.js';
import { text as preferences } from '../../src/i18n/zh-CN/preferences.js';
import { text as request } from '../../src/i18n/zh-CN/request.js';
import { text as services } from '../../src/i18n/zh-CN/services.js';
import { text as zhTWViews } from '../../src/i18n/zh-TW-views.js';
import { text as zhTW } from '../../src/i18n/zh-TW.js';

const zhParts: Record<string, Record<string, string>> = { banner, age, services, preferences, minor, guardian, request };
const zhCN: Record<string, string> = Object.assign({}, ...Object.values(zhParts));
const LANGUAGES: Array<[string, Record<string, string>]> = [
  ['en', { ...en, ...enViews }],
  ['zh-TW', { ...zhTW, ...zhTWViews }],
];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();

describe('catalogues', () => {
  it('a key in two zh-CN parts says the same in both', () => {
    for (const [name, part] of Object.entries(zhParts)) {
      for (const key of Object.keys(part)) expect([name, key, part[key]]).toEqual([name, key, zhCN[key]]);
    }
  });

  it.each(LANGUAGES)('%s has every zh-CN key and no other', (_lang, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it.each(LANGUAGES)('%s keeps the placeholders of each zh-CN string', (_lang, catalogue) => {
    // A date's month and day come unpadded ({m}, {d}: 2025年3月1日) or in two digits ({mm}, {dd}: 2025-03-01).
    const same = (text: string) => placeholders(text).map(name => name!.replace(/^(m|d)\1$/, '$1')).sort();
    for (const key of Object.keys(zhCN)) expect([key, same(catalogue[key]!)]).toEqual([key, same(zhCN[key]!)]);
  });

  it.each([['zh-CN', zhCN], ...LANGUAGES])('%s has no empty string', (_lang, catalogue) => {
    expect(Object.entries(catalogue).filter(([, value]) => !value.trim())).toEqual([]);
  });

  it('zh-TW is written in Traditional characters', () => {
    // Simplified forms that the zh-CN copy uses and Traditional writes differently.
    const simplified = [...'们个设这为务权监护关录开启载择应后书时网图说读请态选将览测户并统计数据规则护儿须验认'];
    const text = Object.values({ ...zhTW, ...zhTWViews }).join('');
    expect(simplified.filter(char => text.includes(char))).toEqual([]);
  });

  it.each([
    ['dnt', '已检测到浏览器开启了{signal}，我们不会加载统计与广告追踪，“全部接受”也不会启用。'],
    ['minors', '未满18周岁的未成年人，请在监护人陪同下阅读。'],
    ['gConfirm', '我是该未成年人的监护人'],
    ['agree', '同意'],
    ['refuse', '拒绝'],
    ['list', '第三方SDK服务商清单'],
    ['third', '第三方'],
  ])('zh-CN %s reads as the spec and the policy say', (key, copy) => {
    expect(zhCN[key]).toBe(copy);
  });

  it('the guardian view states where and for how long, how to complain, how to correct or delete', () => {
    expect(zhCN.gStorage).toContain('中华人民共和国境内');
    expect(zhCN.gContact).toContain('15个工作日');
    expect(zhCN.gRights).toMatch(/更正.*删除/);
  });
});
