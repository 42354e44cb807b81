import type { Service } from '../core/types.js';
import { any, contains, decode, endsWith, hostnameOf, indexOf, lastIndexOf, lower, matches, normalize, only, pathnameOf, protocolOf, replace, slice, startsWith } from './natives.js';

/** A host a service's requests go to: an exact name, or every subdomain of a domain (`*.example.com`, `.example.com`). */
interface HostRule {
  host: string;
  /** A path prefix (`/open/js/`), for a host two services share. */
  path: string;
  /** `*.example.com`: its subdomains only; `.example.com`: the domain and its subdomains. */
  subdomains: boolean;
  self: boolean;
  service: Service;
}

/** The ASCII (punycode) form of a host name, as URL parsing gives it: `例子.公司` → `xn--fsqu00a.xn--55qx5d`. */
export const asciiHost = (host: string) => {
  try {
    return hostnameOf(new URL(`http://${host}`));
  } catch {
    return host.toLowerCase();
  }
};

/**
 * Non-ASCII characters that URL parsing (UTS #46) keeps as they are or maps to no letter, digit, ".", "-" or "_": the
 * ideographs and the punctuation of a Chinese page's text. A text with no other one holds no ASCII host name in
 * disguise, and is not folded: folding an image grid's HTML on each write cost the page more than the write itself.
 */
const KEPT = /[^\x00-\x7f\u2014\u2018-\u201d\u2026\u3001\u3003-\u303f\u4e00-\u9fff\uff01-\uff0c\uff1a-\uff1f]/;

/**
 * A text as the URL parser reads a host in it: tabs and line breaks dropped, each run of `%xx` decoded as UTF-8 as the
 * parser decodes a host (`hm%2Ebaidu%2Ecom`; `%EF%BC%8E`, a full-width full stop; a stray `%` stays), and what
 * international names map (UTS #46) folded: full-width letters, the ideographic and full-width full stops, soft
 * hyphens and other characters the mapping drops. `ascii`: only ASCII host names are looked for, so a text whose other
 * characters are all `KEPT` needs no folding. Lower-cased after the folding: `ẞ` is "ss" to UTS #46 before 15.1
 * (Node 20's parser; Chromium's now keeps it as `ß`), which its lower case `ß` is not. A cheap filter that may say
 * "maybe" too often, never too rarely; the URL parser has the last word.
 */
export const loose = (text: string, ascii = false) => {
  let plain = replace(text, /[\t\n\r]+/g, '');
  if (contains(plain, '%')) {
    plain = replace(plain, /(%[\da-f]{2})+/gi, run => {
      try {
        return decode(run);
      } catch {
        // No UTF-8: in a host the parser's decoding makes it U+FFFD, which no host name holds.
        return run;
      }
    });
  }
  if (!matches(ascii ? KEPT : /[^\x00-\x7f]/, plain)) return lower(plain);
  plain = replace(normalize(replace(plain, /\u1e9e/g, 'ss'), 'NFKC'), /[\u3002\uff0e\uff61]/g, '.');
  // What the mapping ignores (UTS #46 "ignored"): soft hyphen, joiners, invisible operators, variation selectors.
  return lower(replace(plain, /[\u00ad\u034f\u180b-\u180f\u200b-\u200d\u2060-\u2064\ufe00-\ufe0f\ufeff\u{1bca0}-\u{1bca3}\u{e0100}-\u{e01ef}]/gu, ''));
};

/** Whether relative URLs under `base` go to a host other than the page's (a `<base href>` elsewhere). */
export const baseElsewhere = (base: string, hostname: string) => {
  try {
    return hostnameOf(new URL(base)) != hostname;
  } catch {
    return true;
  }
};

/**
 * Finds which configured service a URL goes to (SPEC §6.6), from the presets' hosts and each service's `hosts`.
 * First-party URLs (this page's own host) and URLs that are no network request to a host (`data:`, `blob:`,
 * `about:`, `javascript:`) never match; ports do not matter; international names match in either form; a
 * protocol-relative `//host/path` is a request to that host. `page.href` is the base relative URLs resolve against
 * (the document's, which a `<base href>` sets: the browser fetches `hm.js` from a vendor named there).
 */
export function createHostMatcher(services: readonly Service[], page: { hostname: string; readonly href: string }) {
  // Index loops, no array method, and the browser's own string methods (natives.ts): a page's
  // `Array.prototype.map` or `join` broken before the SDK (a shim) made every rule or the quick pattern wrong, and
  // every tracker went by.
  const rules: HostRule[] = [];
  /** Each rule's last two labels: a URL that contains none of them is no request to any of them, without parsing it. */
  const hints: string[] = [];
  // Each hint's every character escaped: the config takes hosts with `(` or `+`, and a pattern that does not compile
  // would leave the whole guard uninstalled. Anything not ASCII may be part of a host too (the parser maps full-width
  // letters and dots, and drops soft hyphens).
  let pattern = '%|[\\t\\n\\r]|[^\\x00-\\x7f]';
  for (let i = 0; i < services.length; i++) {
    for (let j = 0; j < services[i]!.hosts.length; j++) {
      const raw = services[i]!.hosts[j]!;
      const bare = replace(raw, /^\*?\./g, '');
      const slash = indexOf(bare, '/');
      const host = asciiHost(slash < 0 ? bare : slice(bare, 0, slash));
      // Lower-case like the URL path it is compared with.
      rules[rules.length] = { host, path: slash < 0 ? '' : lower(slice(bare, slash)), subdomains: bare != raw, self: raw[0] != '*', service: services[i]! };
      const dot = lastIndexOf(host, '.', lastIndexOf(host, '.') - 1);
      const hint = dot < 0 ? host : slice(host, dot + 1);
      let known = false;
      for (let k = 0; k < hints.length; k++) known ||= hints[k] == hint;
      if (!known) (hints[hints.length] = hint), (pattern += `|${replace(hint, /[^\w-]/g, found => `\\${found}`)}`);
    }
  }
  const quick = new RegExp(pattern, 'i');
  /**
   * Whether an address as written may name one of the rules' hosts, in one look of a pattern made here: it contains
   * the last two labels of one, in any case, or is written so that `loose` would change it (an escape, a tab, a line
   * break, anything not ASCII). An address it rules out is one `loose` leaves as it is, but lower-cased, and so one
   * that holds no hint: `all` answers it without reading it further.
   */
  const named = (text: string) => matches(quick, text);
  /** The base last seen, and whether it names a host other than the page's (then every relative URL is parsed). */
  let base = '';
  let away = false;
  /** Whether relative URLs now go to another host (`<base href>` elsewhere): parsed again only when the base changed. */
  const elsewhere = () => {
    if (page.href != base) away = baseElsewhere((base = page.href), page.hostname);
    return away;
  };
  /**
   * The services of the most specific rules `input` meets, or none: two services may share a host that no path tells
   * apart (Google Analytics and a Google Ads tag, both `www.googletagmanager.com/gtag/js`).
   */
  const all = (input: unknown): Service[] => {
    if (!rules.length || input == null) return [];
    let text: string;
    try {
      text = String(input);
    } catch {
      // What cannot become a string is no URL: the original throws on it, as it would without the guard.
      return [];
    }
    // Looked for as the URL parser would read it: without tabs and line breaks, with percent-escapes decoded
    // (`hm%2Ebaidu%2Ecom`); a text with any non-ASCII left is parsed (an international name). The parser reads the
    // text as given: lower-casing it first turned `ẞ`, which a parser may read as "ss", into `ß`, which none does.
    // Most addresses a page sets name no rule's host (its own images, its API): ruled out in one look, before `loose`.
    // A page of 5,000 first-party images took 38 ms at 4× CPU at DOMContentLoaded for the look at what its HTML fetched.
    if (!named(text) && !elsewhere()) return [];
    const plain = loose(text, true);
    if (!elsewhere() && !any(hints, hint => contains(plain, hint)) && !matches(/[^\x00-\x7f]/, plain)) return [];
    let url: URL;
    try {
      url = new URL(text, base);
    } catch {
      // A base that does not parse (a page's `baseURI` getter answering "") is no reason to let a URL by: the page's.
      try {
        url = new URL(text, location.href);
      } catch {
        return [];
      }
    }
    // A fully qualified name (`hm.baidu.com.`) is the same host to DNS.
    const name = hostnameOf(url);
    const host = endsWith(name, '.') ? slice(name, 0, -1) : name;
    const scheme = protocolOf(url);
    if (!(scheme == 'http:' || scheme == 'https:' || scheme == 'ws:' || scheme == 'wss:') || host == page.hostname) return [];
    // The most specific rules only: a path prefix on a shared host (a login widget and a share SDK on res.wx.qq.com),
    // then the host itself over a wildcard (`stats.g.doubleclick.net` over `*.doubleclick.net`).
    // The path as the vendor's server reads it, escapes decoded and runs of "/" merged (nginx's defaults): a URL built by
    // concatenation (`cdn + '/open/js/…'`, the cdn ending in "/") is a request for the same file.
    // A trailing "/" added: a prefix naming a directory (`/open/js/`) holds the directory asked without it too.
    const path = replace(`${loose(pathnameOf(url))}/`, /\/+/g, '/');
    // Read with the browser's own methods (natives.ts): a page's later shim answering wrongly let trackers through.
    const found = only(rules, rule => ((rule.self && host == rule.host) || (rule.subdomains && endsWith(host, `.${rule.host}`))) && startsWith(path, rule.path));
    let best = -1;
    let services: Service[] = [];
    for (let i = 0; i < found.length; i++) {
      const score = found[i]!.path.length * 2 + +(host == found[i]!.host);
      if (score > best) {
        best = score;
        services = [];
      }
      if (score == best) services[services.length] = found[i]!.service;
    }
    return only(services);
  };
  /** The first service of `all`, or undefined. */
  const match = (input: unknown): Service | undefined => all(input)[0];
  return Object.assign(match, { all, elsewhere, named });
}
