import { h, type ComponentChildren } from 'preact';
import { text as request } from '../../i18n/zh-CN/request.js';
import { text as services } from '../../i18n/zh-CN/services.js';
import { button, link } from '../parts.js';
import type { Service } from '../../core/types.js';
import type { ViewContext } from '../view-context.js';
import { modal } from './modal.js';

export { css } from './modal.js';

export const text = { ...services, ...request };

/**
 * The contextual-consent dialog of `request(category, service?)` (SPEC §6.4): names the service, its provider and
 * what it receives. Allow grants that service alone, or the category with every service in it when no service is
 * named — then each of them is listed, since each receives data (UI review: a category request named nobody), as
 * a `contextual` decision, which resolves the pending `request()` with true; cancel and Esc resolve it with false.
 */
export function view(c: ViewContext) {
  const { t, l, config, gate, detail } = c;
  const service = config.services.find(s => s.id == detail.service);
  const category = config.categories.find(x => x.id == detail.category);
  const row = (key: string, value: ComponentChildren) => value && [h('dt', null, t(key)), h('dd', null, value)];
  const describe = (s: Service) =>
    h(
      'dl',
      null,
      row('provider', l(s.provider)),
      row('purpose', l(s.purpose)),
      row('data', l(s.data)),
      row('vendorPolicy', s.policyUrl && link(s.policyUrl, l(s.name))),
    );
  const recipients = config.services.filter(s => s.category == detail.category);
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
      ? [h('p', null, t('reqService', { name: l(service.name) })), describe(service)]
      : [
          h('p', null, t('reqCategory', { category: (category && (l(category.label) || t(`c.${category.id}`))) || detail.category! })),
          recipients.length > 0 && [h('p', null, t('reqRecipients')), recipients.map(s => [h('h3', null, l(s.name)), describe(s)])],
        ],
    [button('allow', t('allow'), allow), button('cancel', t('cancel'), c.close)],
  );
}
