import type { Lang, LocalText } from '../core/types.js';
import { text as defaults } from '../i18n/zh-CN/banner.js';
import type { Strings, ViewContext } from './view-context.js';

/**
 * The copy a visitor reads, most specific first: `config.texts[lang][key]`, `config.texts[key]`, the language's
 * catalogue, the zh-CN default. Every string ends up as a Preact text node, never as HTML (SPEC §9).
 */
export function createText(texts: Record<string, unknown>, lang: Lang) {
  const own = (texts[lang] ?? {}) as Strings;
  const dict: Strings = { ...defaults };
  const t: ViewContext['t'] = (key, vars) =>
    (own[key] ?? (typeof texts[key] == 'string' ? (texts[key] as string) : dict[key]) ?? '').replace(
      /\{(\w+)\}/g,
      (_, name: string) => String(vars?.[name] ?? ''),
    );
  const l = (text: LocalText | undefined) =>
    typeof text == 'string' ? text : (text && (text[lang] ?? Object.values(text)[0])) || '';
  /** A language file replaces the defaults; a view's zh-CN copy only fills in what the language lacks. */
  const add = (strings: Strings, replace?: boolean) => Object.assign(dict, replace ? strings : { ...strings, ...dict });
  return { t, l, add };
}
