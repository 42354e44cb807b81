import { h, type ComponentChildren } from 'preact';
import { text as request } from '../../i18n/zh-CN/request.js';
import { text as services } from '../../i18n/zh-CN/services.js';
import { button, link } from '../parts.js';
import type { ViewContext } from '../view-context.js';
import { modal } from './modal.js';

export { css } from './modal.js';

export const text = { ...services, ...request };

/**
 * The contextual-consent dialog of `request(category, service?)` (SPEC §6.4): names the service, its provider and
 * what it receives. Allow grants that service alone (or the category, when no service is named) as a `contextual`
 * decision, which resolves the pending `request()` with true; cancel and Esc resolve it with false.
 */
export function view(c: ViewContext) {
  const { t, l, config, gate, detail } = c;
  const service = config.services.find(s => s.id == detail.service);
  const category = config.categories.find(x => x.id == detail.category);
  const row = (key: string, value: ComponentChildren) => value && [h('dt', null, t(key)), h('dd', null, value)];
  const allow = () => {
    gate.decide(
      service ? { services: { [service.id]: true } } : { categories: { [detail.category!]: true } },
      'contextual',
    );
    c.close();
  };
  return modal(
    c,
    t('reqTitle'),
    service
      ? [
          h('p', null, t('reqService', { name: l(service.name) })),
          h(
            'dl',
            null,
            row('provider', l(service.provider)),
            row('purpose', l(service.purpose)),
            row('data', l(service.data)),
            row('vendorPolicy', service.policyUrl && link(service.policyUrl, l(service.name))),
          ),
        ]
      : h('p', null, t('reqCategory', { category: (category && (l(category.label) || t(`c.${category.id}`))) || detail.category! })),
    [button('allow', t('allow'), allow), button('cancel', t('cancel'), c.close)],
  );
}
