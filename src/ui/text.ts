import type { Lang, LocalText } from '../core/types.js';
import { text as defaults } from '../i18n/zh-CN/banner.js';

export type Strings = Record<string, string>;

/** The copy functions every part of the UI renders with. */
export interface Text {
  /** The copy for `key`, with `{name}` placeholders filled (`{name|one|other}`: the word for that number). */
  t(key: string, vars?: Record<string, string | number>): string;
  /** A config text in the visitor's language, else in zh-CN, else the first given. */
  l(text: LocalText | undefined): string;
  /**
   * `text` with its runs of Chinese (a provider's legal name, a text the page gave in zh-CN only) made by `h` into
   * spans of their own language in an English UI: a screen reader reads them in a Chinese voice, where the English one
   * spelt them out or skipped them (WCAG 3.1.2 Language of Parts). Anything but a string is given back as it is.
   */
  m<T, C>(text: C, h: (tag: 'span', props: { lang: string }, text: string) => T): C | Array<string | T>;
}

/** A run of Chinese: Han characters with the CJK and full-width punctuation around and between them (（北京）, 《…》). */
const CHINESE = /([\u3000-\u303f\uff00-\uffef]*[\u3400-\u9fff][\u3000-\u303f\u3400-\u9fff\uff00-\uffef]*)/;

/**
 * The copy a visitor reads, most specific first: `config.texts[lang][key]`, `config.texts[key]`, the language's
 * catalogue, the zh-CN default. Every string ends up as a text node, never as HTML (SPEC §9). Config texts are read
 * from their own properties only: a polluted `Object.prototype.reject` relabels no button (SPEC §9).
 *
 * `zh` is the same copy in zh-CN throughout, for a part whose language file failed: the visitor reads one language
 * there, under its own `lang` (WCAG 3.1.2), never the page's English title over Chinese buttons.
 */
export function createText(texts: Record<string, unknown>, lang: Lang) {
  const own = (object: unknown, key: string) =>
    object && Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
  const make = (lang: Lang, dict: Strings): Text => {
    const mine = own(texts, lang);
    return {
      t: (key, vars) => {
        const text = own(mine, key) ?? own(texts, key) ?? own(dict, key);
        // `{n|day|days}` is the word for the number `n`: English says "1 day", not "1 days" (`cookie.acceptDays: 1`).
        return (typeof text == 'string' ? text : '').replace(/\{(\w+)(?:\|([^|}]*)\|([^|}]*))?\}/g, (_, name: string, one?: string, other?: string) =>
          other === undefined ? String(own(vars, name) ?? '') : own(vars, name) == 1 ? one! : other);
      },
      l: text => (typeof text == 'string' ? text : String((text && (own(text, lang) ?? own(text, 'zh-CN') ?? Object.values(text)[0])) || '')),
      m: (text, h) => (lang == 'en' && typeof text == 'string' ? text.split(CHINESE).map((part, i) => (i % 2 ? h('span', { lang: 'zh-CN' }, part) : part)) : text),
    };
  };
  const dict: Strings = { ...defaults };
  // A zh-CN page's copy is zh-CN already: no second one.
  const zhDict: Strings = lang == 'zh-CN' ? dict : { ...defaults };
  const text = make(lang, dict);
  /** A language file replaces the defaults; a view's zh-CN copy only fills in what the language lacks. */
  const add = (strings: Strings, replace?: boolean) => {
    if (!replace && zhDict != dict) Object.assign(zhDict, { ...strings, ...zhDict });
    Object.assign(dict, replace ? strings : { ...strings, ...dict });
  };
  return { ...text, zh: zhDict == dict ? text : make('zh-CN', zhDict), add };
}
