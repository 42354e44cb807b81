import type { Lang } from '../core/types.js';

/**
 * `lang: 'auto'` (SPEC §8): the page's `<html lang>`, then the browser's languages, then zh-CN. Traditional-script
 * tags (zh-TW, zh-HK, zh-MO, zh-Hant-*) read zh-TW; every other zh tag, zh-Hans-HK included, reads zh-CN.
 */
export function resolveLang(lang: 'auto' | Lang, doc: Document = document, nav: Navigator = navigator): Lang {
  if (lang != 'auto') return lang;
  for (const tag of [doc.documentElement.lang, ...(nav.languages ?? [nav.language])]) {
    // A locale id's underscore (`zh_TW`, printed by Java and PHP templates) reads as the tag's hyphen.
    const t = (tag || '').toLowerCase().replace(/_/g, '-');
    if (/^en\b/.test(t)) return 'en';
    if (/^zh\b/.test(t)) return /^zh-(tw|hk|mo|hant)\b/.test(t) ? 'zh-TW' : 'zh-CN';
  }
  return 'zh-CN';
}
