import { h } from 'preact';
import { text as guardian } from '../../i18n/zh-CN/guardian.js';
import { button, link } from '../parts.js';
import type { ViewContext } from '../view-context.js';
import { modal } from './modal.js';

export { css } from './modal.js';

export const text = guardian;

/**
 * The guardian view (SPEC §5.3), addressed to the guardian of a child under 14: purpose, method and scope; where
 * and how long data is kept; security; what refusing means; where to complain; how to correct or delete (PIPL
 * Art. 17, 31; 儿童个人信息网络保护规定 Art. 10). Agreeing needs the "我是该未成年人的监护人" confirmation and then
 * lets the guardian choose in the preferences, where nothing is on; refusing keeps the child on necessary cookies.
 * 同意 and 拒绝 sit side by side with one look.
 */
export function view(c: ViewContext) {
  const { t, l, config, gate, local } = c;
  const { policy, operator } = config;
  const vars = { operator: l(operator.name), contact: l(operator.contact), days: config.cookie.acceptDays, refuseDays: config.cookie.rejectDays };
  const item = (key: string) => [h('dt', null, t(`${key}T`)), h('dd', null, t(key, vars))];
  const agree = () => {
    if (!local.sure) {
      local.error = true;
      c.update();
      // Focus goes to the confirmation, which scrolls it and the alert beneath it into view.
      local.box?.focus();
      return;
    }
    gate.setAge('child', { guardianConsent: true, source: 'guardian' });
    gate.show('preferences');
  };
  const refuse = () => {
    gate.setAge('child', { guardianConsent: false, source: 'guardian' });
    c.close();
  };
  return modal(
    c,
    t('gTitle'),
    [
      h('p', null, t('gIntro')),
      h('dl', null, ['gPurpose', 'gStorage', 'gSecurity', 'gRefuse', 'gContact', 'gRights'].map(item)),
      h('p', null, link(policy.url, t('policy')), ' ', link(policy.childrenUrl, t('children'))),
      h(
        'label',
        { class: 'k' },
        h('input', {
          ref: (box: HTMLInputElement | null) => (local.box = box),
          type: 'checkbox',
          checked: !!local.sure,
          'aria-invalid': !!local.error,
          'aria-describedby': local.error ? 'cg-e' : undefined,
          onChange: (event: Event) => {
            local.sure = (event.currentTarget as HTMLInputElement).checked;
            local.error = false;
            c.update();
          },
        }),
        t('gConfirm'),
      ),
      local.error && h('p', { id: 'cg-e', class: 'e', role: 'alert' }, t('gNeed')),
    ],
    [button('guardian-agree', t('agree'), agree), button('guardian-refuse', t('refuse'), refuse)],
  );
}
