import { h } from 'preact';
import { crossBorderReason, forcedReason } from '../../core/rules.js';
import { text as guardian } from '../../i18n/zh-CN/guardian.js';
import type { ViewContext } from '../view-context.js';
import { Button, Link, Modal } from './frame.js';

export const text = guardian;

/**
 * The guardian view (SPEC §5.3), addressed to the guardian of a child under 14: purpose, method and scope; where
 * and how long data is kept; security; what refusing means; where to complain; how to correct or delete (PIPL
 * Art. 17, 31; 儿童个人信息网络保护规定 Art. 10). Agreeing needs the "我是该未成年人的监护人" confirmation and then
 * lets the guardian choose service by service in the preferences, where nothing is on; refusing keeps the child on
 * necessary cookies. 同意 and 拒绝 sit side by side with one look.
 */
export function view(c: ViewContext) {
  const { t, l, m, config, core, local } = c;
  const { policy, operator } = config;
  // Those a child's information may reach: not what no guardian can allow (categories not for minors, transfers
  // abroad: SPEC §5.3, §5.4), as the rules say for a child with guardian consent.
  const child = { age: 'child', youthMode: false, guardianConsent: true } as const;
  const shared = config.services.filter(s =>
    !crossBorderReason(s, child) && config.categories.some(cat => cat.id == s.category && !forcedReason(cat, child, 'ignore', c.state.signals)));
  const vars = { operator: l(operator.name), contact: l(operator.contact), days: config.cookie.acceptDays, refuseDays: config.cookie.rejectDays };
  const agree = () => {
    if (!local.sure) {
      local.error = true;
      c.update();
      // Focus goes to the confirmation, which scrolls it and the message beneath it into view.
      local.box?.focus();
      return;
    }
    void core.setAge('child', { guardianConsent: true, source: 'guardian' });
    // Opened by a child's request(), the controller asks its question next; otherwise the guardian chooses here.
    if (!c.detail.category) core.show('preferences');
  };
  const refuse = () => {
    void core.setAge('child', { guardianConsent: false, source: 'guardian' });
    c.close();
  };
  return (
    <Modal
      c={c}
      title={t('gTitle')}
      actions={[<Button action="guardian-agree" label={t('agree')} act={agree} />, <Button action="guardian-refuse" label={t('refuse')} act={refuse} />]}
    >
      {/* A child who chose "under 14" is the one looking at the screen: told to hand it over before the confirmation. */}
      <p>{t('gHand')}</p>
      <p>{t('gIntro')}</p>
      <dl>
        {['gPurpose', 'gStorage', 'gSecurity', 'gRefuse', 'gContact', 'gRights'].map(key => [<dt>{t(`${key}T`)}</dt>, <dd>{m(t(key, vars))}</dd>])}
      </dl>
      {/* The recipients and what each collects, named before the guardian agrees (PIPL Art. 17, 23, 31; 儿童个人信息网络保护规定 Art. 10): the
          storage item points to the 清单, which a site without its own page of it (policy.sdkListUrl) has only here. */}
      {shared.length > 0 && (
        <details>
          <summary>{t('gShared', { n: shared.length })}</summary>
          <ul>
            {shared.map(s => (
              <li>{m([l(s.name) || s.id, s.provider && t('gBy', { provider: l(s.provider) }), s.purpose && t('gFor', { purpose: l(s.purpose) }), s.data && t(s.purpose ? 'gData' : 'gCollects', { data: l(s.data) })].join(''))}</li>
            ))}
          </ul>
        </details>
      )}
      <p>
        <Link href={policy.url} label={t('policy')} /> <Link href={policy.childrenUrl} label={t('children')} />
        {policy.sdkListUrl && [' ', <Link href={policy.sdkListUrl} label={t('gList')} />]}
      </p>
      {/* The policy asks a guardian to use youth mode (如您为监护人的，您应选择青少年模式): said where the guardian decides. */}
      {config.minors.youthModeUrl && (
        <p>
          {t('gYouth')} <Link href={config.minors.youthModeUrl} label={t('gYouthLink')} />
        </p>
      )}
      <label class="k">
        <input
          ref={(box: HTMLInputElement | null) => void (local.box = box)}
          type="checkbox"
          checked={!!local.sure}
          aria-invalid={!!local.error}
          aria-describedby={local.error ? 'cg-e' : undefined}
          onChange={(event: Event) => {
            local.sure = (event.currentTarget as HTMLInputElement).checked;
            local.error = false;
            c.update();
          }}
        />
        {t('gConfirm')}
      </label>
      {/* Said once, as the checkbox takes the focus and is described by it: an alert too would say it twice (WCAG
          4.1.3). */}
      {local.error && (
        <p id="cg-e" class="e">
          {t('gNeed')}
        </p>
      )}
    </Modal>
  );
}
