import { h } from 'preact';
import type { AgeGroup } from '../../core/types.js';
import { text as age } from '../../i18n/zh-CN/age.js';
import { text as minor } from '../../i18n/zh-CN/minor.js';
import { button, link } from '../parts.js';
import type { ViewContext } from '../view-context.js';
import { modal } from './modal.js';

export { css } from './modal.js';

export const text = { ...age, ...minor };

/**
 * The minors view (SPEC §5.3), opened from the banner's minors line: the policy's notices to minors and to
 * guardians, links to the policy and to 《儿童个人信息保护规则》 (and to youth mode when the site has one), and the
 * age choice. Under 14 applies the child rules at once (PIPL Art. 31: nothing optional without a guardian) and hands
 * over to the guardian view; the other answers return to where the visitor came from.
 */
export function view(c: ViewContext) {
  const { t, config, gate, state } = c;
  const { policy } = config;
  const choose = (group: AgeGroup) => () => {
    gate.setAge(group);
    if (group == 'child') gate.show('guardian');
    else c.close();
  };
  // An age group set from the account is shown, not offered for change (the core refuses it anyway).
  const age = (group: AgeGroup) =>
    button(`age-${group}`, t(`a.${group}`), choose(group), 'p', { 'aria-pressed': state.age == group, disabled: state.ageFromAccount });
  return modal(
    c,
    t('minorTitle'),
    [
      h('h3', null, t('toMinor')),
      h('p', null, t('minorText')),
      h('p', null, t('childText')),
      h('h3', null, t('toGuardian')),
      h('p', null, t('guardianText'), ' ', config.minors.youthModeUrl && link(config.minors.youthModeUrl, t('youthLink'))),
      h('p', null, link(policy.url, t('policy')), ' ', link(policy.childrenUrl, t('children'))),
      h('h3', { id: 'cg-age' }, t('askAge')),
    ],
    h('div', { class: 'a', role: 'group', 'aria-labelledby': 'cg-age' }, age('adult'), age('minor'), age('child')),
  );
}
