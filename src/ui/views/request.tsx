import { h, type ComponentChildren } from 'preact';
import { CROSS_BORDER_ITEMS } from '../../core/lists.js';
import { crossBorderReason } from '../../core/rules.js';
import type { Service } from '../../core/types.js';
import { text as request } from '../../i18n/zh-CN/request.js';
import { text as services } from '../../i18n/zh-CN/services.js';
import type { ViewContext } from '../view-context.js';
import { Button, Link, Modal } from './frame.js';

export const text = { ...services, ...request };

/**
 * The contextual-consent dialog of `request(category, service?)` and of `data-consent-allow` buttons (SPEC §6.4):
 * names the service, its provider and what it receives. Allow grants that service alone, or the category with every
 * service in it when no service is named — then each of them is listed, since each receives data — as a
 * `contextual` decision, which resolves the pending `request()` with true; cancel and Esc resolve it with false. A
 * service of the category that sends data abroad is named apart and asked next in its own dialog.
 *
 * For a service that sends data out of China it is the 单独同意 (SPEC §5.4): every item PIPL Art. 39 requires — the
 * overseas recipient and how to reach it, the country, purpose, method, the data sent, how to exercise rights —
 * before 同意 and 不同意, side by side with one look. Nothing else grants such a service.
 */
export function view(c: ViewContext) {
  const { t, l, m, config, core, detail } = c;
  const service = config.services.find(s => s.id == detail.service);
  const category = config.categories.find(x => x.id == detail.category);
  // A text keeps its Chinese marked as such in an English UI (`m`: a provider's legal name, a purpose given in zh-CN only).
  const row = (label: string, children: ComponentChildren) => (children ? [<dt>{t(label)}</dt>, <dd>{m(children)}</dd>] : null);
  // A contact given as a web address can be followed (PIPL Art. 23, 39: how to reach the recipient).
  const reach = (contact: string) => (/^https:\/\//.test(contact) ? <Link href={contact} label={contact} /> : contact);
  const describe = (s: Service) => (
    <dl>
      {row('provider', l(s.provider))}
      {row('contact', reach(l(s.contact)))}
      {row('purpose', l(s.purpose))}
      {row('data', l(s.data))}
      {row('vendorPolicy', s.policyUrl && <Link href={s.policyUrl} label={m(l(s.name))} />)}
    </dl>
  );
  const recipients = config.services.filter(s => s.category == detail.category && !s.crossBorder);
  // A transfer abroad is never granted with its category (SPEC §5.4): each such service this person may agree to (a
  // minor's or a child's is not theirs to give) is asked after the allow, in its own 单独同意 dialog.
  const abroadOnes = () => config.services.filter(s => s.category == detail.category && s.crossBorder && !crossBorderReason(s, core.get()) && !core.granted(s.category, s.id));
  // The controller closes the dialog once the allow is applied, or asks next about each transfer abroad in the
  // category (SPEC §5.4): closing it here first would answer the pending request "no" (in the script tag a decision
  // may wait a moment for the code that writes it).
  const allow = () => void core.decide(service ? { services: { [service.id]: true } } : { categories: { [detail.category!]: true } }, 'contextual');
  const abroad = service?.crossBorder;
  if (service && abroad) {
    // PIPL Art. 39: consent to a transfer abroad is informed by every item; without one, nothing to agree to.
    const told = CROSS_BORDER_ITEMS.every(item => abroad[item]);
    const refuse = <Button action="cancel" label={t('cbRefuse')} act={c.close} />;
    return (
      <Modal c={c} title={t('cbTitle')} about="cg-q" actions={told ? [<Button action="allow" label={t('cbAllow')} act={allow} />, refuse] : [refuse]}>
        <p id="cg-q">{m(t('cbIntro', { name: l(service.name) }))}</p>
        <dl>
          {row('cbRecipient', l(abroad.recipient))}
          {row('contact', reach(l(abroad.contact)))}
          {row('cbCountry', l(abroad.country))}
          {row('cbPurpose', l(abroad.purpose))}
          {row('cbMethod', l(abroad.method))}
          {row('cbData', l(abroad.data))}
          {row('cbRights', l(abroad.rights))}
          {row('cbSafeguards', l(abroad.safeguards))}
          {row('cbRisks', l(abroad.risks))}
          {row('vendorPolicy', service.policyUrl && <Link href={service.policyUrl} label={m(l(service.name))} />)}
        </dl>
        <p class="m">{t('cbNote')}</p>
      </Modal>
    );
  }
  return (
    <Modal c={c} title={t('reqTitle')} about="cg-q" actions={[<Button action="allow" label={t('allow')} act={allow} />, <Button action="cancel" label={t('cancel')} act={c.close} />]}>
      {service
        ? [<p id="cg-q">{m(t('reqService', { name: l(service.name) }))}</p>, describe(service)]
        : [
            <p id="cg-q">{m(t('reqCategory', { category: (category && (l(category.label) || t(`c.${category.id}`))) || detail.category! }))}</p>,
            recipients.length > 0 && [<p>{t('reqRecipients')}</p>, recipients.map(s => [<h3>{m(l(s.name))}</h3>, describe(s)])],
            abroadOnes().length > 0 && [<p>{t('reqAbroad')}</p>, <ul>{abroadOnes().map(s => <li>{m(l(s.name))}</li>)}</ul>],
          ]}
    </Modal>
  );
}
