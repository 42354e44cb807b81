// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { text as enViews } from '../../src/i18n/en-views.js';
import { text as banner } from '../../src/i18n/zh-CN/banner.js';
import { createText } from '../../src/ui/text.js';

describe('createText', () => {
  it('takes config.texts[lang][key], then config.texts[key], then the catalogue', () => {
    const { t } = createText({ accept: '好', 'zh-CN': { accept: '同意全部' }, reject: '不' }, 'zh-CN');
    expect([t('accept'), t('reject'), t('settings')]).toEqual(['同意全部', '不', banner.settings]);
  });

  it('fills {placeholders} and leaves a missing value empty', () => {
    const { t } = createText({}, 'zh-CN');
    expect(t('dates', { u: 'A', e: 'B' })).toBe('更新日期：A；生效日期：B。');
    expect(t('date', { y: 2024, m: '04' })).toBe('2024年04月日');
    expect(t('no-such-key')).toBe('');
  });

  // Regression: the words of a number were ASCII only: a page's `{accept|天|天}` was shown as written.
  it('regression: the words for a number may be any text but | and }', () => {
    const { t } = createText({ n: '{n} {n|天|天}，{n|個|個}' }, 'zh-TW');
    expect(t('n', { n: 3 })).toBe('3 天，個');
  });

  it('lets a language file replace the defaults, while a view only fills in what is missing', () => {
    const { t, add } = createText({}, 'en');
    add({ accept: 'Accept all' }, true);
    add({ accept: '全部接受', always: '始终开启' });
    expect([t('accept'), t('always')]).toEqual(['Accept all', '始终开启']);
  });

  it.each([
    ['a plain string', '百度统计', 'en', '百度统计'],
    ['the language', { 'zh-CN': '百度统计', en: 'Baidu Tongji' }, 'en', 'Baidu Tongji'],
    ['the first given when the language is missing', { 'zh-CN': '百度统计', en: 'Baidu Tongji' }, 'zh-TW', '百度统计'],
    ['nothing', undefined, 'en', ''],
  ] as const)('reads a config text: %s', (_case, value, lang, expected) => {
    expect(createText({}, lang).l(value)).toBe(expected);
  });

  // A config text given in English first and Simplified after was read in English on a zh-TW page: Simplified is the
  // one a Traditional reader reads, and the product's first language (SPEC §8).
  it('regression: a config text without the language is read in zh-CN before any other', () => {
    expect(createText({}, 'zh-TW').l({ en: 'Stats', 'zh-CN': '统计' })).toBe('统计');
    expect(createText({}, 'en').l({ 'zh-TW': '統計', 'zh-CN': '统计' })).toBe('统计');
  });

  // Regression: with `cookie.acceptDays: 1` the English preferences said "kept 1 days after you agree".
  it.each([
    [1, 1, 'kept 1 day after you agree, 1 day after you refuse.', 'an agreement for 1 day, a refusal for 1 day.'],
    [365, 180, 'kept 365 days after you agree, 180 days after you refuse.', 'an agreement for 365 days, a refusal for 180 days.'],
    [1.5, 2, 'kept 1.5 days after you agree, 2 days after you refuse.', 'an agreement for 1.5 days, a refusal for 2 days.'],
  ])('regression: English says "1 day", not "1 days" (acceptDays %s, rejectDays %s)', (accept, reject, cookie, guardian) => {
    const { t, add } = createText({}, 'en');
    add(enViews, true);
    expect(t('ownCookie', { name: 'cg_consent', accept, reject })).toContain(cookie);
    expect(t('gStorage', { days: accept, refuseDays: reject })).toContain(guardian);
  });

  // WCAG 3.1.2: a provider's legal name in an English UI was read by an English voice, spelt out or skipped.
  const span = (tag: string, props: { lang: string }, text: string) => `<${tag} lang=${props.lang}>${text}</${tag}>`;
  it.each([
    ['en', 'Provider: 北京百度网讯科技有限公司', ['Provider: ', '<span lang=zh-CN>北京百度网讯科技有限公司</span>', '']],
    ['en', '友盟同欣（北京）科技有限公司', ['', '<span lang=zh-CN>友盟同欣（北京）科技有限公司</span>', '']],
    ['en', 'Processor: 上海我图网络科技有限公司 (021-38760448 · tousu@ooopic.com). See 《我图网隐私政策》.', ['Processor: ', '<span lang=zh-CN>上海我图网络科技有限公司</span>', ' (021-38760448 · tousu@ooopic.com). See ', '<span lang=zh-CN>《我图网隐私政策》</span>', '.']],
    ['en', 'Google LLC', ['Google LLC']],
    ['zh-CN', '北京百度网讯科技有限公司', '北京百度网讯科技有限公司'],
    ['zh-TW', '個人資料處理者：上海我图网络科技有限公司', '個人資料處理者：上海我图网络科技有限公司'],
  ] as const)('marks the Chinese in %s copy: %s', (lang, text, expected) => {
    expect(createText({}, lang).m(text, span)).toEqual(expected);
  });
});
