import { any } from '../core/natives.js';
import type { ConsentState, Service } from '../core/types.js';

/** The Google Consent Mode v2 signals, `granted` or `denied`. */
export type ConsentModeSignals = Record<
  | 'analytics_storage'
  | 'ad_storage'
  | 'ad_user_data'
  | 'ad_personalization'
  | 'personalization_storage'
  | 'functionality_storage'
  | 'security_storage',
  'granted' | 'denied'
>;

/**
 * Google Consent Mode v2 signals (developers.google.com/tag-platform/security/guides/consent) from the effective
 * grants, so minors' and DNT rules reach Google tags too. Each signal follows the category it governs:
 * - `analytics_storage` (measurement cookies `_ga`, `_ga_*`) ← `analytics`;
 * - `ad_storage` (advertising cookies, the conversion linker) and `ad_user_data` (user data sent to Google for
 *   ads, i.e. conversion pings) ← `pixel`, the category of ad measurement and conversion tracking (广告监测);
 * - `ad_personalization` (remarketing, personalised ads) and `personalization_storage` ← `personalization`
 *   (个性化推荐与广告), forced off for minors as that category is;
 * - `functionality_storage` and `security_storage`: what the site needs (its language, fraud prevention), granted.
 * A signal is granted only through a Google service (`google`) the visitor granted in that category: every Google
 * tag sends what it collects out of China, and its 单独同意 names its purposes (PIPL Art. 39, SPEC §5.4). "Accept
 * all" with 巨量引擎's pixel grants Google no ad signal, and Google Analytics' consent, given for statistics, grants
 * `analytics_storage` alone; ads need a Google ads service of their own in `pixel`.
 */
export function consentModeSignals(
  state?: Pick<ConsentState, 'categories' | 'services'>,
  google: ReadonlyArray<Pick<Service, 'id' | 'category'>> = [],
): ConsentModeSignals {
  const signal = (category: string) =>
    state?.categories[category] && any(google, s => s.category == category && state.services[s.id]) ? 'granted' : 'denied';
  const ads = signal('pixel');
  const personal = signal('personalization');
  return {
    analytics_storage: signal('analytics'),
    ad_storage: ads,
    ad_user_data: ads,
    ad_personalization: personal,
    personalization_storage: personal,
    functionality_storage: 'granted',
    security_storage: 'granted',
  };
}

/**
 * Pushes onto the page's array `window[name]`, made when missing. The page's value there may be anything (frozen, a
 * string, a clobbering element): false then, never a throw into the page (SPEC §9).
 */
export function pushTo(name: string, entry: unknown): boolean {
  try {
    ((window as unknown as Record<string, unknown[]>)[name] ||= []).push(entry);
    return true;
  } catch {
    return false;
  }
}

/**
 * `gtag(...)` of Google's snippet, into the data layer `name`: gtag.js and Tag Manager read `arguments` objects, not
 * plain arrays.
 */
export function gtag(name: string, ...args: unknown[]): boolean {
  return pushTo(name, function (this: unknown) {
    return arguments;
  }.apply(null, args as []));
}
