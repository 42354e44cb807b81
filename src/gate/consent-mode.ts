/** The four Google Consent Mode v2 signals, `granted` or `denied`. */
export type ConsentModeSignals = Record<'analytics_storage' | 'ad_storage' | 'ad_user_data' | 'ad_personalization', 'granted' | 'denied'>;

/**
 * Google Consent Mode v2 signals (developers.google.com/tag-platform/security/guides/consent) from the
 * effective grants, so minors' and DNT rules reach Google tags too. Each signal follows what it governs:
 * - `analytics_storage` (measurement cookies `_ga`, `_ga_*`) ← `analytics`;
 * - `ad_storage` (advertising cookies, the conversion linker) and `ad_user_data` (user data sent to Google for
 *   ads, i.e. conversion pings) ← `pixel`, the category of ad measurement and conversion tracking (广告监测);
 * - `ad_personalization` (remarketing, personalised ads) ← `personalization` (个性化推荐与广告), whose
 *   grant the policy ties to personalised ads; it is forced off for minors as that category is.
 */
export function consentModeSignals(categories: Record<string, boolean | undefined>): ConsentModeSignals {
  const signal = (id: string) => (categories[id] ? 'granted' : 'denied');
  return {
    analytics_storage: signal('analytics'),
    ad_storage: signal('pixel'),
    ad_user_data: signal('pixel'),
    ad_personalization: signal('personalization'),
  };
}

/**
 * `gtag(...)` of Google's snippet: gtag.js reads `arguments` objects, not plain arrays, from `window.dataLayer`
 * (the name its URL's `l=` parameter would change, which the presets never set), whatever `config.dataLayer`
 * names for Consent Gate's own events: consent commands sent to a custom array would leave
 * gtag.js without defaults, and Google then treats ad signals as granted.
 */
export function gtag(...args: unknown[]) {
  const page = window as unknown as Record<string, unknown[]>;
  const layer = (page.dataLayer ||= []);
  (function (this: unknown) {
    layer.push(arguments);
  }).apply(null, args as []);
}
