import { h } from 'preact';
import { hasSignal } from '../core/privacy-signals.js';
import { button, link } from './parts.js';
import type { ViewContext } from './view-context.js';

/**
 * The banner (SPEC §5.1, §8): first visit, or "updated" with the policy's dates and change summary when the policy
 * version changed, or the new services when a granted category gained a recipient (PIPL Art. 23). Fixed at the
 * bottom: it covers no more than its own box, so the page scrolls and clicks as before, and nothing shifts.
 * Accept and refuse share one look; "settings" opens the preferences.
 */
export function banner({ t, l, state, config, gate }: ViewContext) {
  const { prompt, choices } = state;
  const { policy } = config;
  const date = (iso: string) => {
    const [y, m, d] = iso.split('-');
    return t('date', { y: y!, m: m!, d: d! });
  };
  const added =
    prompt == 'new-service' &&
    config.services
      .filter(s => choices.categories[s.category] && !(s.id in choices.services))
      .map(s => l(s.name))
      .join('、');
  return h(
    'div',
    { class: 'b', role: 'dialog', 'aria-labelledby': 'cg-b', tabindex: -1 },
    h(
      'div',
      { class: 't' },
      h('h2', { id: 'cg-b' }, t(prompt == 'policy' ? 'updated' : 'title')),
      prompt == 'policy' &&
        h('p', null, t('dates', { u: date(policy.updated), e: date(policy.effective) }), ' ', l(policy.changes) || t('changes')),
      added && h('p', null, t('added', { s: added })),
      h('p', null, t('intro'), ' ', link(policy.url, t('policy'))),
      hasSignal(state.signals) && config.dnt != 'ignore' && h('p', { class: 'n' }, t('dnt')),
      // A child awaiting a guardian: say so, and lead to the guardian's view (accept alone cannot grant).
      prompt == 'guardian'
        ? h('p', { class: 'n' }, t('guardian'), ' ', button('guardian', t('guardianOpen'), () => gate.show('guardian'), 'l'))
        : h('p', null, t('minors'), ' ', button('minor', t('minor'), () => gate.show('minor'), 'l')),
    ),
    h(
      'div',
      { class: 'a' },
      button('accept-all', t('accept'), gate.acceptAll),
      button('reject-all', t('reject'), gate.rejectAll),
      button('preferences', t('settings'), () => gate.show('preferences'), ''),
    ),
  );
}
