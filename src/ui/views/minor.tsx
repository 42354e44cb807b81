import { h } from 'preact';
import type { AgeGroup } from '../../core/types.js';
import { text as age } from '../../i18n/zh-CN/age.js';
import { text as minor } from '../../i18n/zh-CN/minor.js';
import type { ViewContext } from '../view-context.js';
import { Button, Link, Modal } from './frame.js';

export const text = { ...age, ...minor };

/**
 * The minors view (SPEC §5.3), opened from the banner's minors line: the policy's notices to minors and to
 * guardians, links to the policy and to 《儿童个人信息保护规则》 (and to youth mode when the site has one), and the
 * age choice. Under 14 applies the child rules at once (PIPL Art. 31: nothing optional without a guardian) and hands
 * over to the guardian view; the other answers return to where the visitor came from.
 */
export function view(c: ViewContext) {
  const { t, config, core, state } = c;
  const { policy } = config;
  const choose = (group: AgeGroup) => () => {
    void core.setAge(group, { source: 'visitor' });
    if (group == 'child') core.show('guardian');
    else c.close();
  };
  // An age group set from the account is shown, not offered for change (the core refuses it anyway).
  const age = (group: AgeGroup) => (
    <Button action={`age-${group}`} label={t(`a.${group}`)} act={choose(group)} aria-pressed={state.age == group} disabled={state.ageFromAccount} />
  );
  return (
    <Modal
      c={c}
      title={t('minorTitle')}
      actions={
        <div class="a" role="group" aria-labelledby="cg-age">
          {age('adult')}
          {age('minor')}
          {age('child')}
        </div>
      }
    >
      <h3>{t('toMinor')}</h3>
      <p>{t('minorText')}</p>
      <p>{t('childText')}</p>
      <h3>{t('toGuardian')}</h3>
      <p>
        {t('guardianText')} {config.minors.youthModeUrl && <Link href={config.minors.youthModeUrl} label={t('youthLink')} />}
      </p>
      <p>
        <Link href={policy.url} label={t('policy')} /> <Link href={policy.childrenUrl} label={t('children')} />
      </p>
      {/* Disabled answers say why (WCAG 3.3.2): the account's age group is not the visitor's to change. */}
      <h3 id="cg-age">{t(state.ageFromAccount ? 'ageLocked' : 'askAge')}</h3>
    </Modal>
  );
}
