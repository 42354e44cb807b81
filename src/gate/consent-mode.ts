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
 * Every Google tag sends what it collects out of China: where the config has Google Analytics (a cross-border
 * service), no signal is granted before its own 单独同意 (PIPL Art. 39, SPEC §5.4), or "accept all" would let any Google
 * tag on the page (a tag manager's, an ads conversion tag) store and send. `abroad` says whether it was given.
 */
export function consentModeSignals(categories: Record<string, boolean | undefined>, abroad = true): ConsentModeSignals {
  const signal = (id: string) => (abroad && categories[id] ? 'granted' : 'denied');
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
