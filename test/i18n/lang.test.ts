import { describe, expect, it } from 'vitest';
import { resolveLang } from '../../src/ui/lang.js';

const page = (lang: string) => ({ documentElement: { lang } }) as Document;
const browser = (...languages: string[]) => ({ languages, language: languages[0] ?? '' }) as unknown as Navigator;

describe('resolveLang', () => {
  it.each([
    ['zh-CN', '', [], 'zh-CN'],
    ['en', 'zh-CN', ['zh-CN'], 'en'],
    ['auto', 'zh-CN', ['en-US'], 'zh-CN'],
    ['auto', 'zh', [], 'zh-CN'],
    ['auto', 'zh-Hans-HK', [], 'zh-CN'],
    ['auto', 'zh-TW', [], 'zh-TW'],
    ['auto', 'zh-HK', [], 'zh-TW'],
    ['auto', 'zh-Hant', [], 'zh-TW'],
    ['auto', 'zh-hant-tw', [], 'zh-TW'],
    ['auto', 'EN-gb', [], 'en'],
    ['auto', '', ['en-US', 'zh-CN'], 'en'],
    ['auto', '', ['ja-JP', 'zh-TW'], 'zh-TW'],
    ['auto', 'ja', ['fr-FR', 'de'], 'zh-CN'],
    ['auto', 'eng', [], 'zh-CN'],
    ['auto', '', [], 'zh-CN'],
  ] as const)('lang %s, <html lang="%s">, navigator.languages %j → %s', (lang, html, languages, expected) => {
    expect(resolveLang(lang, page(html), browser(...languages))).toBe(expected);
  });
});
