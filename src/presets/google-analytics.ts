import type { Preset, ServiceLoader } from '../core/types.js';
import { gtag } from '../gate/consent-mode.js';
import { fromOption, globals } from './option.js';

/**
 * Google Analytics 4 through gtag.js: `https://www.googletagmanager.com/gtag/js?id=<measurementId>` (G-XXXX), then
 * `gtag('js')` and `gtag('config')`. Consent Mode v2 signals come from the gate (`gcm`, on with any Google tag):
 * denied defaults before any Google tag, an update on each change; this service's grant, for statistics, grants
 * `analytics_storage` alone (consent-mode.ts). Cookies `_ga` and `_ga_<id>`
 * (2 years); legacy `_gid`, `_gat*`, `_dc_gtm_*`, `_gac_*`; `_gcl_*` with Ads linking (and localStorage `_gcl_ls`).
 * Source: research/china-context.md §2.1. Reachability of googletagmanager.com from mainland China is
 * [unverified]: the gate's load timeout keeps a hanging request from holding other scripts back.
 */
export const googleAnalytics: Preset = {
  id: 'google-analytics',
  category: 'analytics',
  // Exact names and prefixes rather than one alternation: the 清单 shows them as written (`_ga`, `_ga_*`, …).
  cookies: ['_ga', '^_ga_', '_gid', '_gat', '^_gat_', '^_gac_', '^_gcl_', '^_dc_gtm_'],
  // `_gcl_ls`: the Google tag's ad-click store in localStorage, beside the `_gcl_*` cookies.
  storage: ['^_gcl_'],
  // stats.g.doubleclick.net and (region1.)analytics.google.com: gtag.js's hits where Google signals are on (Google's CSP
  // guide for GA4 lists *.analytics.google.com).
  hosts: [
    'www.googletagmanager.com', 'www.google-analytics.com', '*.google-analytics.com', 'analytics.google.com', '*.analytics.google.com',
    'stats.g.doubleclick.net',
  ],
  // Data goes to Google's servers abroad: a separate consent under PIPL Art. 38–39 (SPEC §5.4). What the 单独同意
  // tells (recipient, country, contact, …) is text for the views: it comes with the 清单 text (disclosures.ts),
  // not before the banner (SPEC §10).
  crossBorder: {},
  src: /* @__PURE__ */ fromOption('measurementId', id => `https://www.googletagmanager.com/gtag/js?id=${id}`),
};

/** Runs the vendor's snippet once the service is granted, then loads its script through the gate. */
export const googleAnalyticsLoader: ServiceLoader = (service, load) => {
  const page = globals();
  // Google's snippet, whatever the page made of its names (SPEC §9): a `gtag` that is no function (a clobbering
  // `<a id="gtag">` in user content) stopped the service without a word. A data layer that takes no push was said
  // when Consent Mode started (early.ts).
  try {
    if (typeof page.gtag != 'function') page.gtag = (...args: unknown[]) => gtag('dataLayer', ...args);
  } catch {
    // A `gtag` the page made read-only is the page's own.
  }
  gtag('dataLayer', 'js', new Date());
  gtag('dataLayer', 'config', String(service.options.measurementId));
  return load(service.src!, { async: '' });
};
