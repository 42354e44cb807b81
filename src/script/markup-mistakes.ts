import { queryDocument } from '../core/document-own.js';
import type { ResolvedConfig } from '../core/types.js';
import { describe } from '../gate/target.js';

/**
 * Says, once the page has parsed, gated markup that Consent Gate can never read (SPEC §9: an integration mistake says
 * so; the script tag's `parsed()` calls it). A script made inert for another consent library (vanilla-cookieconsent's
 * `data-category`) or missing its `data-consent`: nothing would ever run it. The advice names the category to write:
 * that of the configured service its `data-service` names (the markup needs that very category, SPEC §6.1), else a
 * configured category its `data-category` names, else the configured ones to choose from. `config` is missing where
 * the config was refused.
 */
export function markupMistakes(config?: ResolvedConfig) {
  // Without `:is()`, which browsers before Chromium 88 and Safari 14 refuse.
  for (const element of queryDocument(['src', 'category', 'service'].map(name => `script[type="text/plain"][data-${name}]:not([data-consent])`).join())) {
    const [service, category] = ['service', 'category'].map(name => element.getAttribute(`data-${name}`));
    const ids = config?.categories.map(c => c.id) ?? [];
    const named = config?.services.find(s => s.id == service)?.category || (ids.includes(category!) && category);
    console.error(
      `consent-gate: ${describe(element)} has no data-consent, so Consent Gate never runs it: write data-consent="${named || '<category>'}"` +
        (named || !ids[0] ? '' : ` (configured: ${ids.join(', ')})`),
    );
  }
}
