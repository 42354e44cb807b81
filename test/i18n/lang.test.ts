// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { resolveLang, tagOf } from '../../src/ui/lang.js';

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
    // Regression: the underscore of a locale id (Java's and PHP's `zh_TW`, which page templates print into `<html lang>`)
    // made no tag: the page's language was passed over for the browser's.
    ['auto', 'zh_TW', ['en-US'], 'zh-TW'],
    ['auto', 'zh_Hant_HK', ['en-US'], 'zh-TW'],
    ['auto', 'zh_CN', ['en-US'], 'zh-CN'],
    ['auto', 'en_US', ['zh-CN'], 'en'],
    // Regression: Mandarin's and Cantonese's own subtags, and a value with a stray space, were passed over.
    ['auto', 'cmn-Hant-TW', ['en-US'], 'zh-TW'],
    ['auto', 'cmn-Hans-CN', ['en-US'], 'zh-CN'],
    ['auto', 'yue-HK', ['en-US'], 'zh-TW'],
    ['auto', 'yue', ['en-US'], 'zh-TW'],
    ['auto', 'yue-Hans', ['en-US'], 'zh-CN'],
    ['auto', ' zh-TW ', ['en-US'], 'zh-TW'],
    ['auto', 'zhx', ['en-US'], 'en'],
  ] as const)('lang %s, <html lang="%s">, navigator.languages %j → %s', (lang, html, languages, expected) => {
    expect(resolveLang(lang, page(html), browser(...languages))).toBe(expected);
  });
});

// Regression: a zh-HK page's UI was marked zh-TW, and a screen reader read it in a Taiwanese Mandarin voice, not the
// Cantonese one the visitor reads the page with (WCAG 3.1.2).
describe('tagOf: the page\'s own tag where the UI speaks its language', () => {
  it.each([
    ['zh-TW', 'zh-HK', 'zh-HK'],
    ['zh-TW', 'yue-Hant-HK', 'yue-Hant-HK'],
    ['zh-TW', 'zh_Hant_MO', 'zh-Hant-MO'],
    ['zh-TW', ' zh-TW ', 'zh-TW'],
    ['en', 'en-GB', 'en-GB'],
    ['zh-CN', 'zh-Hans-CN', 'zh-Hans-CN'],
    ['zh-CN', 'zh-HK', 'zh-CN'],
    ['zh-CN', 'en', 'zh-CN'],
    ['zh-CN', 'fr', 'zh-CN'],
    ['zh-TW', '', 'zh-TW'],
    ['en', 'zh-CN', 'en'],
  ] as const)('UI %s, <html lang="%s"> → %s', (lang, html, expected) => {
    expect(tagOf(lang, page(html))).toBe(expected);
  });
});
