import type { Lang } from '../core/types.js';

/**
 * `lang: 'auto'` (SPEC §8): the page's `<html lang>`, then the browser's languages, then zh-CN. Traditional-script
 * tags (zh-TW, zh-HK, zh-MO, zh-Hant-*, and cmn- / yue- alike; Cantonese unless Hans) read zh-TW; every other
 * Chinese tag, zh-Hans-HK included, reads zh-CN.
 */
export function resolveLang(lang: 'auto' | Lang, doc: Document = document, nav: Navigator = navigator): Lang {
  if (lang != 'auto') return lang;
  for (const tag of [doc.documentElement.lang, ...(nav.languages ?? [nav.language])]) {
    const known = langOf(tag);
    if (known) return known;
  }
  return 'zh-CN';
}

/** The UI language a BCP 47 tag reads as, if any. */
function langOf(tag: string): Lang | undefined {
  // A locale id's underscore (`zh_TW`, printed by Java and PHP templates) reads as the tag's hyphen; a template's stray
  // space around the value is no language.
  const t = (tag || '').trim().toLowerCase().replace(/_/g, '-');
  if (/^en\b/.test(t)) return 'en';
  // BCP 47 names Mandarin `cmn` and Cantonese `yue` beside the macrolanguage `zh` (cmn-Hant-TW, yue-HK): Cantonese is
  // written in Traditional characters unless the tag says Hans.
  if (/^(zh|cmn|yue)\b/.test(t)) return /^\w+-(tw|hk|mo|hant)\b/.test(t) || /^yue\b(?!-hans)/.test(t) ? 'zh-TW' : 'zh-CN';
}

/**
 * The `lang` the UI is marked with: the page's own tag where the UI speaks the language it names (`zh-HK` for the
 * Traditional copy on a Hong Kong page, `en-GB`), else the UI's. A screen reader picks its voice by it: `zh-TW` on a
 * zh-HK page chose a Taiwanese Mandarin voice over the Cantonese one the visitor reads the page with (WCAG 3.1.2).
 */
export function tagOf(lang: Lang, doc: Document = document): string {
  const page = (doc.documentElement.lang || '').trim().replace(/_/g, '-');
  return langOf(page) == lang ? page : lang;
}
