import { h, type ComponentChildren } from 'preact';
import type { Category, Service } from '../../core/types.js';
import { hasSignal } from '../../core/privacy-signals.js';
import { text as age } from '../../i18n/zh-CN/age.js';
import { text as preferences } from '../../i18n/zh-CN/preferences.js';
import { text as services } from '../../i18n/zh-CN/services.js';
import { button, link } from '../parts.js';
import type { ViewContext } from '../view-context.js';
import { modal } from './modal.js';

export { css } from './modal.js';

export const text = { ...age, ...services, ...preferences };

/** A cookie pattern as a person reads it: `^_ga_.*$` → `_ga_*`. */
const cookieName = (pattern: RegExp) =>
  pattern.source.replace(/^\^|\$$/g, '').replace(/\.\*|\.\+|\\d\+/g, '*').replace(/\\(.)/g, '$1') +
  (pattern.source.endsWith('$') ? '' : '*');

/** The 第三方SDK服务商清单 (policy 附件二): every service with its provider's legal name, purpose, data, cookies and policy. */
function serviceList({ t, l, config, view }: ViewContext) {
  const row = (label: string, value: ComponentChildren) => value && h('div', null, h('dt', null, label), h('dd', null, value));
  // Alone (`show('services')`), the list is titled by its dialog; in the preferences it is a region of its own.
  const alone = view == 'services';
  return h(
    'section',
    { 'aria-labelledby': alone ? 'cg-h' : 'cg-l' },
    !alone && h('h3', { id: 'cg-l' }, t('list')),
    config.services.length
      ? config.services.map((s: Service) =>
          h(
            'div',
            { class: 'v' },
            h('h4', null, l(s.name), ' ', h('small', null, t('third'))),
            h(
              'dl',
              null,
              row(t('provider'), l(s.provider)),
              row(t('purpose'), l(s.purpose)),
              row(t('data'), l(s.data)),
              row(t('cookies'), s.cookies.map(cookieName).join(', ')),
              row(t('vendorPolicy'), s.policyUrl && link(s.policyUrl, l(s.name))),
            ),
          ),
        )
      : h('p', null, t('none')),
    config.policy.sdkListUrl && h('p', null, link(config.policy.sdkListUrl, t('fullList'))),
    h('p', { class: 'm' }, t('vendorNote')),
  );
}

/**
 * Preferences (SPEC §8): each category with its description and switch, its services beneath, the DNT note, the
 * age status and the 第三方SDK服务商清单; `show('services')` opens the list alone. Switches start as the grants now
 * in force (nothing on before a decision) and only what the visitor flips is saved, so a grant that DNT holds
 * suspended stays as the visitor left it (SPEC §5.2). Forced-off categories show off and disabled, with the reason.
 */
export function view(c: ViewContext) {
  const { t, l, state, config, gate } = c;
  const flipped: { c: Record<string, boolean>; s: Record<string, boolean> } = (c.local.f ??= { c: {}, s: {} });
  const isOn = (id: string) => flipped.c[id] ?? state.categories[id] === true;
  const serviceOn = (s: Service) =>
    isOn(s.category) && (flipped.s[s.id] ?? (state.categories[s.category] ? state.services[s.id] === true : true));
  const toggle = (label: string, on: boolean, disabled: boolean, flip: () => void, data: object, reason?: string) =>
    h('button', {
      class: 'w',
      role: 'switch',
      'aria-checked': on,
      'aria-label': label,
      'aria-describedby': reason,
      disabled,
      onClick: () => (flip(), c.update()),
      ...data,
    });

  if (c.view == 'services') {
    return modal(c, t('list'), serviceList(c), button('preferences', t('open'), () => gate.show('preferences')));
  }
  const category = (cat: Category) => {
    const reason = state.forced[cat.id];
    const locked = cat.readOnly || !!reason;
    const label = l(cat.label) || t(`c.${cat.id}`) || cat.id;
    const note = `cg-c-${cat.id}`;
    return h(
      'section',
      null,
      h(
        'div',
        { class: 'r' },
        h('h3', null, label),
        toggle(label, cat.readOnly || (!reason && isOn(cat.id)), locked, () => (flipped.c[cat.id] = !isOn(cat.id)), {
          'data-category': cat.id,
        }, note),
      ),
      h('p', { class: 'm', id: note }, l(cat.description) || t(`d.${cat.id}`), reason && ` ${t(`f.${reason}`)}`, cat.readOnly && ` ${t('always')}`),
      h(
        'ul',
        null,
        config.services
          .filter(s => s.category == cat.id)
          .map(s =>
            h(
              'li',
              { class: 'r' },
              h('span', null, l(s.name), ' ', h('small', null, t('third'))),
              toggle(l(s.name), cat.readOnly || (!reason && serviceOn(s)), locked || !isOn(cat.id), () => (flipped.s[s.id] = !serviceOn(s)), {
                'data-category': cat.id,
                'data-service': s.id,
              }),
            ),
          ),
      ),
    );
  };
  return modal(
    c,
    t('open'),
    [
      h('p', null, t('prefsIntro')),
      hasSignal(state.signals) && config.dnt != 'ignore' && h('p', { class: 'n' }, t('dnt')),
      !state.persisted && h('p', { class: 'n' }, t('memory')),
      h(
        'p',
        null,
        t('age', { a: t(`a.${state.age}`) + (state.guardianConsent ? t('guardianOk') : '') }),
        // An age group from the account is not the visitor's to change: said, not offered (UI review).
        state.ageFromAccount ? t('fromAccount') : [' ', button('minor', t('changeAge'), () => gate.show('minor'), 'l')],
        state.youthMode && ` ${t('youth')}`,
      ),
      config.categories.map(category),
      serviceList(c),
    ],
    [
      button('reject-all', t('reject'), gate.rejectAll),
      button('accept-all', t('accept'), gate.acceptAll),
      button('save', t('save'), () => gate.save({ categories: flipped.c, services: flipped.s })),
    ],
  );
}
