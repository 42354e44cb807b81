import { hasSignal } from '../../core/privacy-signals.js';
import type { ConsentState, LocalText, ResolvedConfig } from '../../core/types.js';
import { by, h } from '../dom.js';
import type { Text } from '../text.js';

/** What the banner renders from: the state the controller owns, the config, the copy, and what its buttons do. */
export interface BannerContext extends Text {
  state: ConsentState;
  config: ResolvedConfig;
  /** Services' names by id, once their 清单 text is known (a banner naming new services). */
  names(id: string): string;
  /** `by`: `'api'` for a click no visitor made (`Button`). */
  act(action: 'accept-all' | 'reject-all' | 'preferences' | 'minor' | 'guardian', by?: 'api'): void;
}

/**
 * A button with its `data-action` hook (SPEC §8, contract). `p` is the primary look, shared by accept and refuse. `act`
 * is told `'api'` for a click no visitor made (a script's `.click()` reaches into the open shadow root: `isTrusted`
 * false), so that a decision it makes is recorded as the page's code, never as the visitor's click (SPEC §4).
 */
export const Button = ({ action, label, look = 'p', act }: { action: string; label: string; look?: string; act: (by?: 'api') => void }) => (
  <button class={look} data-action={action} onClick={(event: Event) => act(by(event))}>
    {label}
  </button>
);

/** A link opening in a new tab, so the visitor keeps the banner; plain text when the URL is not configured. */
export const Link = ({ href, label }: { href?: string; label: string }) =>
  href ? (
    <a href={href} target="_blank" rel="noopener">
      {label}
    </a>
  ) : (
    document.createTextNode(label)
  );

/** Which privacy signal is on, named as the visitor's browser names it (DNT, GPC or both). */
export const signalKey = ({ dnt, gpc }: ConsentState['signals']) => (dnt && gpc ? 'both' : dnt ? 'dntOnly' : 'gpcOnly');

/** The operator's line (SPEC §2, PIPL Art. 17): who processes, how to reach them, and how to exercise rights. */
export const Operator = ({ t, l, m, config }: Pick<BannerContext, 't' | 'l' | 'm' | 'config'>) => (
  <p class="m">{m(t('operator', { name: l(config.operator.name as LocalText), contact: l(config.operator.contact as LocalText) }), h)}</p>
);

/**
 * The banner (SPEC §5.1, §8): first visit, or "updated" with the policy's dates and change summary when the policy
 * version changed, or the new services when a granted category gained a recipient (PIPL Art. 23). It never blocks
 * the page: it covers no more than its own box, so the page scrolls and clicks as before, and nothing shifts. Accept
 * and refuse share one look and come in the order every view uses (accept, refuse, then the settings).
 */
export function Banner(c: BannerContext) {
  const { t, l, m, state, config, act } = c;
  const { prompt, choices } = state;
  const { policy } = config;
  const date = (iso: string) => {
    // Chinese writes 2025年3月1日, unpadded; `{mm}` / `{dd}` are the two digits an ISO date wants (en: 2025-03-01).
    const [y, mm, dd] = iso.split('-');
    return t('date', { y: y!, m: +mm!, d: +dd!, mm: mm!, dd: dd! });
  };
  const added =
    prompt == 'new-service' &&
    config.services
      .filter(s => choices.categories[s.category] && !(s.id in choices.services))
      .map(s => c.names(s.id))
      .join(t('sep'));
  return (
    // Described by its intro, as the views by their question: focused as it shows, the banner is read as its title and
    // what it asks, not its title alone (WCAG 4.1.2); asking again, by what changed first (a policy's dates and changes,
    // the services added), which the intro alone left out.
    <div class="b" role="dialog" aria-labelledby="cg-b" aria-describedby={prompt == 'policy' || added ? 'cg-u cg-i' : 'cg-i'} tabindex="-1">
      <div class="t">
        <h2 id="cg-b">{t(prompt == 'policy' ? 'updated' : 'title')}</h2>
        {prompt == 'policy' && (
          <p id="cg-u">
            {policy.updated && `${t('dates', { u: date(policy.updated), e: date(policy.effective) })} `}
            {m(l(policy.changes) || t('changes'), h)}
          </p>
        )}
        {added && <p id="cg-u">{m(t('added', { s: added }), h)}</p>}
        <p id="cg-i">
          {t('intro')} <Link href={policy.url} label={t('policy')} />
        </p>
        {hasSignal(state.signals) && config.dnt != 'ignore' && <p class="n">{t('dnt', { signal: t(signalKey(state.signals)) })}</p>}
        {/* A child: say why the way to agree is the guardian's (accept alone cannot grant), with guardian consent on
            file from the account too, where 请监护人确认 stands in 全部接受's place all the same. The minors line
            (SPEC §5.3) stays but while the guardian's answer is awaited, which the line says instead. */}
        {state.age == 'child' && <p class="n">{t('guardian')}</p>}
        {prompt != 'guardian' && (
          <p>
            {t('minors')} <Button action="minor" label={t('minor')} look="l" act={() => act('minor')} />
          </p>
        )}
        <Operator {...c} />
      </div>
      <div class="a">
        {/* A child accepts nothing alone, guardian's consent or not (SPEC §5.3: the guardian chooses per service): the
            way to agree is the guardian's, in 全部接受's place and as prominent as 全部拒绝 (SPEC §8). */}
        {state.age == 'child' ? (
          <Button action="guardian" label={t('guardianOpen')} act={() => act('guardian')} />
        ) : (
          <Button action="accept-all" label={t('accept')} act={by => act('accept-all', by)} />
        )}
        <Button action="reject-all" label={t('reject')} act={by => act('reject-all', by)} />
        <Button action="preferences" label={t('settings')} look="" act={() => act('preferences')} />
      </div>
    </div>
  );
}
