import { h, type ComponentChildren } from 'preact';
import { hasSignal } from '../../core/privacy-signals.js';
import { crossBorderReason } from '../../core/rules.js';
import type { Category, Service } from '../../core/types.js';
import { text as age } from '../../i18n/zh-CN/age.js';
import { text as preferences } from '../../i18n/zh-CN/preferences.js';
import { text as services } from '../../i18n/zh-CN/services.js';
import type { ViewContext } from '../view-context.js';
import { Button, Link, Modal } from './frame.js';

export const text = { ...age, ...services, ...preferences };

/** A cookie pattern as a person reads it: `^_ga_.*$` → `_ga_*`. */
const cookieName = (pattern: RegExp) =>
  pattern.source.replace(/^\^|\$$/g, '').replace(/\.\*|\.\+|\\d\+/g, '*').replace(/\\(.)/g, '$1') +
  (pattern.source.endsWith('$') ? '' : '*');

/** The 第三方SDK服务商清单 (policy 附件二): every service with its provider's legal name, purpose, data, cookies and policy. */
function ServiceList({ c }: { c: ViewContext }) {
  const { t, l, m, config, view } = c;
  // Plain functions, not components: a component made anew on each render would be remounted, and lose focus. A text
  // keeps its Chinese marked as such in an English UI (`m`: a provider's legal name, a purpose given in zh-CN only).
  const row = (label: string, children: ComponentChildren) =>
    children ? (
      <div>
        <dt>{label}</dt>
        <dd>{m(children)}</dd>
      </div>
    ) : null;
  // Alone (`show('services')`), the list is titled by its dialog; in the preferences it is a region of its own.
  const alone = view == 'services';
  // A level under the list's title: h3 under the dialog's h2 when the list is the view, h4 under its own h3 otherwise.
  const Heading = alone ? 'h3' : 'h4';
  return (
    <section aria-labelledby={alone ? 'cg-h' : 'cg-l'}>
      {!alone && <h3 id="cg-l">{t('list')}</h3>}
      {config.services.length ? (
        config.services.map((s: Service) => (
          <div class="v">
            <Heading>
              {/* A space before each badge: a line may break there (WCAG 1.4.10), and a screen reader reads them as
                  words. */}
              {m(l(s.name))} <small>{t('third')}</small>
              {s.crossBorder && [' ', <small>{t('abroad')}</small>]}
            </Heading>
            <dl>
              {row(t('provider'), l(s.provider))}
              {row(t('contact'), l(s.contact))}
              {row(t('purpose'), l(s.purpose))}
              {row(t('data'), l(s.data))}
              {row(t('cookies'), s.cookies.map(cookieName).join(', '))}
              {row(t('retention'), l(s.retention))}
              {/* Where the data is processed (数据条例 Art. 21; PIPL Art. 38–39 for a transfer abroad). */}
              {row(t('place'), s.crossBorder ? t('abroadIn', { c: l(s.crossBorder.country) }) : t('inChina'))}
              {row(t('vendorPolicy'), s.policyUrl && <Link href={s.policyUrl} label={m(l(s.name))} />)}
            </dl>
          </div>
        ))
      ) : (
        <p>{t('none')}</p>
      )}
      {config.policy.sdkListUrl && (
        <p>
          <Link href={config.policy.sdkListUrl} label={t('fullList')} />
        </p>
      )}
      <p class="m">{t('ownCookie', { name: config.cookie.name, accept: config.cookie.acceptDays, reject: config.cookie.rejectDays })}</p>
      <p class="m">{t('vendorNote')}</p>
    </section>
  );
}

/**
 * Preferences (SPEC §8): each category with its description and switch, its services beneath, the DNT note, the
 * age status and the 第三方SDK服务商清单; `show('services')` opens the list alone. Switches start as the grants now
 * in force (nothing on before a decision) and only what the visitor flips is saved, so a grant that DNT holds
 * suspended stays as the visitor left it (SPEC §5.2). Forced-off categories show off and disabled, with the reason.
 * The actions come in the banner's order: accept, refuse, then this view's own (save).
 */
/**
 * The controllers already told that nothing acts on 删除我的兴趣标签, by their `report`: the views decide through a core of
 * their own, made again with them (a language, `document.open()`), and the warning came again each time.
 */
const untold = new WeakSet<object>();

export function view(c: ViewContext) {
  const { t, l, m, state, config, core } = c;
  const flipped: { c: Record<string, boolean>; s: Record<string, boolean> } = (c.local.f ??= { c: Object.create(null), s: Object.create(null) });
  const isOn = (id: string) => flipped.c[id] ?? state.categories[id] === true;
  // A service sending data abroad is on only by its own separate consent (SPEC §5.4), never with its category.
  const serviceOn = (s: Service) =>
    isOn(s.category) && (flipped.s[s.id] ?? (state.categories[s.category] && !s.crossBorder ? state.services[s.id] === true : !s.crossBorder || state.services[s.id] === true));
  const mine = (category: string) => config.services.filter(s => s.category == category);
  // A category switched on here shows its services on (but a transfer abroad): held as the visitor's own flips, so
  // that a decision made meanwhile (a transfer's 单独同意 stores its grant at once) does not turn them off again.
  const flipCategory = (id: string) => {
    const on = (flipped.c[id] = !isOn(id));
    if (on && !state.categories[id]) for (const s of mine(id)) if (!s.crossBorder) flipped.s[s.id] ??= true;
  };
  const person = { age: state.age, youthMode: state.youthMode, guardianConsent: state.guardianConsent };
  // Someone acts on 删除我的兴趣标签: the back end through its receipt, or the page's `interests` listener. Else the
  // button would say "requested" of a request that goes nowhere: it is left out, and the integration told once.
  const acted = !!config.receipt || core.listens('interests');
  if (!acted && !untold.has(core.report) && config.categories.some(x => x.id == 'personalization')) {
    untold.add(core.report);
    const message = '删除我的兴趣标签 is not offered: nothing acts on it. Set config.receipt (the back end gets a delete-interests receipt) or listen to the interests event (GB/T 35273 §7.5)';
    console.warn(`consent-gate: ${message}`);
    core.report('config', message);
  }
  // Plain functions, not components: a component made anew on each render would be remounted, and the switch the
  // visitor just flipped would lose focus.
  const toggle = ({ label, on, disabled, flip, reason, ...data }: { label: string; on: boolean; disabled: boolean; flip: () => void; reason?: string; [data: string]: unknown }) => (
    <button class="w" role="switch" aria-checked={on} aria-label={label} aria-describedby={reason} disabled={disabled} onClick={() => (flip(), c.update())} {...data} />
  );

  if (c.view == 'services') {
    return (
      <Modal c={c} title={t('list')} actions={<Button action="preferences" label={t('open')} act={() => core.show('preferences')} />}>
        <ServiceList c={c} />
      </Modal>
    );
  }
  const category = (cat: Category) => {
    const services = mine(cat.id);
    const reason = state.forced[cat.id];
    const locked = cat.readOnly || !!reason;
    const label = l(cat.label) || t(`c.${cat.id}`) || cat.id;
    const note = `cg-c-${cat.id}`;
    return (
      <section>
        <div class="r">
          <h3>{m(label)}</h3>
          {toggle({ label, on: cat.readOnly || (!reason && isOn(cat.id)), disabled: locked, flip: () => flipCategory(cat.id), reason: note, 'data-category': cat.id })}
        </div>
        <p class="m" id={note}>
          {m(l(cat.description) || t(`d.${cat.id}`))}
          {reason && ` ${t(`f.${reason}`)}`}
          {cat.readOnly && ` ${t('always')}`}
        </p>
        {services.length > 0 && !locked && !isOn(cat.id) && (
          <span hidden id={`${note}-o`}>
            {m(t('catOff', { c: label }))}
          </span>
        )}
        {/* No list where a category has no service: an empty list is announced as one. */}
        {services.length > 0 && (
          <ul>
            {services.map(s => {
              const held = crossBorderReason(s, person);
              return (
                <li class="r">
                  <span>
                    {m(l(s.name))} <small>{t('third')}</small>
                    {s.crossBorder && [' ', <small>{t('abroad')}</small>]}
                    {held && [' ', <small id={`cg-s-${s.id}`}>{t(`f.${held}`)}</small>]}
                  </span>
                  {toggle({
                    label: l(s.name),
                    on: cat.readOnly || (!reason && !held && serviceOn(s)),
                    disabled: locked || !isOn(cat.id) || !!held,
                    // A disabled switch says why (WCAG 1.3.1, 3.3.2): its category's reason, its own, or its category off.
                    reason: locked ? note : held ? `cg-s-${s.id}` : isOn(cat.id) ? undefined : `${note}-o`,
                    // Switching on a transfer abroad opens its own 单独同意 instead (PIPL Art. 39).
                    flip: () => (s.crossBorder && !serviceOn(s) ? void core.request(cat.id, s.id) : (flipped.s[s.id] = !serviceOn(s))),
                    'data-category': cat.id,
                    'data-service': s.id,
                  })}
                </li>
              );
            })}
          </ul>
        )}
        {/* GB/T 35273 §7.5, 数据条例 Art. 42: the visitor can have the profile built from their browsing deleted — offered
            only where a receipt or a listener carries the request to someone who acts on it (else the page says so). */}
        {cat.id == 'personalization' && acted && (
          <p>
            {/* It takes the focus of the button it replaces (which would otherwise fall out of the dialog: WCAG 2.4.3),
                and the focus reads it: no live region, which would say it a second time (WCAG 4.1.3). */}
            <span tabIndex={-1} ref={(el: HTMLElement | null) => void (c.local.said = el)}>
              {c.local.interests && t('interestsDeleted')}
            </span>
            {!c.local.interests && (
              <Button
                action="delete-interests"
                label={t('deleteInterests')}
                look="l"
                act={() => void core.deleteInterests().then(() => ((c.local.interests = true), c.update(), (c.local.said as HTMLElement | undefined)?.focus()))}
              />
            )}
          </p>
        )}
      </section>
    );
  };
  return (
    <Modal
      c={c}
      title={t('open')}
      actions={[
        // For a child the guardian chooses service by service: no "accept all" (SPEC §5.3).
        state.age != 'child' && <Button action="accept-all" label={t('accept')} act={core.acceptAll} />,
        <Button action="reject-all" label={t('reject')} act={core.rejectAll} />,
        <Button action="save" label={t('save')} act={by => core.save({ categories: flipped.c, services: flipped.s }, by)} />,
      ]}
    >
      <p>{t('prefsIntro')}</p>
      <p class="m">{m(t('operator', { name: l(config.operator.name), contact: l(config.operator.contact) }))}</p>
      {hasSignal(state.signals) && config.dnt != 'ignore' && <p class="n">{t(config.dnt == 'respect' && state.choices.exceptions.length ? 'dntExcept' : 'dnt', { signal: t(state.signals.dnt && state.signals.gpc ? 'both' : state.signals.dnt ? 'dntOnly' : 'gpcOnly') })}</p>}
      {!state.persisted && <p class="n">{t('memory')}</p>}
      <p>
        <span id="cg-age-now">{t('age', { a: t(`a.${state.age}`) + (state.guardianConsent ? t('guardianOk') : '') })}</span>
        {/* An age group from the account is not the visitor's to change: said, not offered. "修改" alone names nothing to a
            screen reader moving by control: it is described by the age it changes (WCAG 2.4.6). */}
        {state.ageFromAccount ? t('fromAccount') : [' ', <Button action="minor" label={t('changeAge')} look="l" act={() => core.show('minor')} aria-describedby="cg-age-now" />]}
        {state.youthMode && ` ${t('youth')}`}
      </p>
      {config.categories.map(category)}
      <ServiceList c={c} />
    </Modal>
  );
}
