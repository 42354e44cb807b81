import type { ResolvedConfig } from '../core/types.js';
import { describe } from '../gate/target.js';

// Without `:is()`, which browsers before Chromium 88 and Safari 14 refuse. Written out, here and below: the bundle
// evaluates these as it starts, and a page's broken `Array.prototype.map` or `join` must not stop the whole script
// (SPEC §9).
const INERT =
  'script[type="text/plain"][data-src]:not([data-consent]),script[type="text/plain"][data-category]:not([data-consent]),script[type="text/plain"][data-service]:not([data-consent])';

/**
 * A control that opens the choices (or allows in context) which a keyboard cannot reach: a `<span>`, a `<div>`, an `<a>`
 * without `href` take no focus, and a click is all that would open them. No compound inside `:not()`: Chromium before
 * 88 (WeChat's older kernels) refuses the whole query, and every warning of the file with it.
 */
const UNREACHABLE =
  '[data-consent-open]:not(button):not(a):not(input),a[data-consent-open]:not([href]),[data-consent-allow]:not(button):not(a):not(input),a[data-consent-allow]:not([href])';
/**
 * Gated markup carrying a lazy-load library's class (lazysizes' `lazyload`, vanilla-lazyload's `lazy`, lozad's, b-lazy's):
 * the library sets `src` from `data-src` itself as the element nears the screen, grant or not.
 */
const LAZY = '[data-consent].lazyload,[data-consent].lazy,[data-consent].lozad,[data-consent].b-lazy';

/** What a keyboard reaches, and so what makes a control (or one inside it, whose click reaches it) reachable. */
const REACHED = 'button,a[href],input,[tabindex]:not([tabindex="-1"])';

/**
 * The markup looked for once the page has loaded, in one query (src/script.ts), and said by `markupMistakes`: inert
 * scripts without `data-consent`, and the plural slips of the two names gated markup is read by (`data-consent` takes
 * several categories, and the config's keys are `services` and `categories`). `data-services` is looked for on gated
 * markup only (a page may have an attribute of its own so named); `data-consents` is nobody else's. And the controls
 * that open the choices and are no button or link, which `markupMistakes` looks at more closely.
 */
export const SUSPECT =
  INERT +
  ',[data-consent][data-services],[data-consent-placeholder][data-services],[data-consent-request][data-services],[data-consent-allow][data-services],script[type="text/plain"][data-services],[data-consents],' +
  UNREACHABLE +
  ',' +
  LAZY;

/**
 * Says the gated markup in `found` (what `SUSPECT` matched) that Consent Gate never reads as meant (SPEC §9: an
 * integration mistake says so):
 * - a script made inert for another consent library (vanilla-cookieconsent's `data-category`) or missing its
 *   `data-consent`: nothing would ever run it. The advice names the category to write: that of the configured service
 *   its `data-service` names (the markup needs that very category, SPEC §6.1), else a configured category its
 *   `data-category` names, else the configured ones to choose from;
 * - `data-services` for `data-service`, `data-consents` for `data-consent`: gated on the whole category (which needs
 *   every service of it), or never, and silently. Said once a page for each, naming the first element;
 * - a `data-consent-open` or `data-consent-allow` control a keyboard cannot reach, said once, naming the first;
 * - gated markup with a lazy-load library's class, which loads it before consent, said once, naming the first.
 */
export function markupMistakes(found: Element[], config: ResolvedConfig) {
  for (const element of found) {
    if (!element.matches(INERT)) continue;
    const [service, category] = ['service', 'category'].map(name => element.getAttribute(`data-${name}`));
    const ids = config.categories.map(c => c.id);
    const named = config.services.find(s => s.id == service)?.category || (ids.includes(category!) && category);
    console.error(
      `consent-gate: ${describe(element)} has no data-consent, so Consent Gate never runs it: write data-consent="${named || '<category>'}"` +
        (named ? '' : ` (configured: ${ids.join(', ')})`),
    );
  }
  // Withdrawing must be as easy as consenting (PIPL Art. 15) for a visitor without a mouse too (WCAG 2.1.1).
  const unreachable = found.filter(element => element.matches(UNREACHABLE) && !element.matches(REACHED) && !element.querySelector(REACHED));
  if (unreachable[0])
    console.warn(
      `consent-gate: ${describe(unreachable[0])}${unreachable[1] ? ` (and ${unreachable.length - 1} more)` : ''} cannot be reached with a keyboard: write it as a <button type="button"> or an <a href>`,
    );
  // An image grid's lazy loader fetching gated images before consent (only the network guard holds a configured
  // service's host): said once, naming the first.
  const lazy = found.filter(element => element.matches(LAZY));
  if (lazy[0])
    console.error(
      `consent-gate: ${describe(lazy[0])}${lazy[1] ? ` (and ${lazy.length - 1} more)` : ''} has a lazy-load library's class: the library loads its data-src before consent. Remove the class; write loading="lazy" to load it as it nears the screen once granted`,
    );
  for (const slip of ['data-services', 'data-consents']) {
    const element = found.find(each => each.hasAttribute(slip));
    if (element) console.warn(`consent-gate: ${describe(element)} has ${slip}: Consent Gate reads ${slip.slice(0, -1)}`);
  }
}
