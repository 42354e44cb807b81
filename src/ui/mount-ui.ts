import { h, render } from 'preact';
import type { Disclosure, Service, ViewName } from '../core/types.js';
import { banner as renderBanner } from './banner.js';
import { resolveLang } from './lang.js';
import { button } from './parts.js';
import { adopt, CSS } from './styles.js';
import { createText } from './text.js';
import type { Loader, UIGate, ViewContext, ViewModule } from './view-context.js';

/**
 * Services with the 清单 text of their preset where the page's config left it out (a name still equal to the id,
 * no provider, purpose, data or policy link): the SDK with its UI loads that text with the first view (SPEC §10).
 */
const withDisclosures = (services: readonly Service[], disclosures: Record<string, Disclosure>): Service[] =>
  services.map(s => {
    const text = s.preset ? disclosures[s.preset] : undefined;
    return text
      ? {
          ...s,
          name: s.name === s.id ? text.name : s.name,
          provider: s.provider || text.provider,
          purpose: s.purpose || text.purpose,
          data: s.data || text.data,
          policyUrl: s.policyUrl ?? text.policyUrl,
        }
      : s;
  });

/** The element focused in the page, or in a shadow root inside it. */
function deepActive() {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active as HTMLElement | null;
}

/**
 * Mounts the UI in an open shadow root on `<div id="consent-gate">` (SPEC §8, contract) and keeps it in step with
 * the controller's `show` / `hide` / `change` events. The banner is non-modal and stays beneath a modal view while a
 * decision is owed; closing the last modal view returns focus to where it was. Views other than the banner, and
 * languages other than zh-CN, load on first use (SPEC §10). Nothing here throws into the page: failures become
 * `error` events.
 */
export function mountUI(gate: UIGate, load: Loader) {
  const { config } = gate;
  const lang = resolveLang(config.lang);
  if (!config.ui) return { lang, unmount() {} };
  const { theme, floatingButton } = config.ui;
  const { t, l, add } = createText(config.texts, lang);
  const views: Record<string, ViewModule['view']> = {};
  const loading: Record<string, Promise<void>> = {};
  let root: ShadowRoot | undefined;
  let bannerOpen = false;
  let bannerShown = false;
  let modal: ViewName | undefined;
  let detail: ViewContext['detail'] = {};
  let local: ViewContext['local'] = {};
  let opener: HTMLElement | null = null;
  /** The view the minors view returns to. */
  let returnTo: ViewName | undefined;
  /** What the status region last said (a decision saved). */
  let said = '';
  let ready = lang == 'zh-CN';
  // Services from the catalogue come without their 清单 text, which loads with the first view (a view that asks
  // for consent names who receives what), or before a banner that names new services.
  let disclosed = !config.services.some(s => s.preset && (s.name == s.id || !s.provider));
  /** The config the views render: the controller's, with the 清单 text once it came (the controller's is frozen). */
  let shown = config;
  /** Whether a banner naming new services is done waiting for their names (loaded, failed or too slow). */
  let namesAwaited = disclosed;
  let namesAsked = false;

  const report = (error: unknown) => gate.report('ui', `consent UI: ${error}`, { error });

  /**
   * Loads once a view (`views/…`, with the views' copy of a language other than zh-CN and, for the views listing
   * services, the presets' 清单 text until it came), a language (`i18n/…`) or that text alone
   * (`presets/disclosures`). A view that fails, or whose 清单 text fails, closes and loads again when next shown: it
   * never asks for consent without naming the recipient (UI review). A language that fails leaves the zh-CN copy.
   */
  const need = (path: string): Promise<void> =>
    (loading[path] ??= Promise.all([
      load(path),
      path[0] == 'v' && lang != 'zh-CN' && need(`i18n/${lang}-views`),
      /preferences|request/.test(path) && !disclosed && load('presets/disclosures'),
    ]).then(
      ([module, , names]) => {
        if (module.text) add(module.text, path[0] == 'i');
        if (module.css && root) adopt(root, module.css);
        const text = (names || module).disclosures;
        if (text) {
          shown = { ...config, services: withDisclosures(config.services, text) };
          disclosed = true;
        }
        views[path] = module.view;
        update();
      },
      error => {
        delete loading[path];
        report(error);
        if (path[0] == 'v') close();
      },
    ));

  function close() {
    if (!modal) return;
    // The minors view opened from the preferences ("修改") goes back there (UI review: it closed both).
    if (modal == 'minor' && returnTo) return gate.show(returnTo);
    // hide() resolves a pending request() with false; a decision still owed brings the banner back.
    gate.hide();
    if (gate.get().prompt && !bannerOpen) gate.show('banner');
  }

  function update() {
    try {
      if (!ready) return;
      // A banner naming new services (rare: a granted category gained a recipient) waits for their names, at
      // most three seconds; without them it names the services by id (review: a stalled file hid the banner).
      // The views stay usable meanwhile.
      const waiting = bannerOpen && !namesAwaited && gate.get().prompt == 'new-service';
      if (waiting && !namesAsked) {
        namesAsked = true;
        const go = () => {
          if (namesAwaited) return;
          namesAwaited = true;
          update();
        };
        void need('presets/disclosures').then(go);
        setTimeout(go, 3000);
      }
      const banner = bannerOpen && !waiting;
      if (!document.body) return document.addEventListener('DOMContentLoaded', update, { once: true });
      if (!root) {
        let host = document.getElementById('consent-gate');
        if (!host) {
          host = document.createElement('div');
          host.id = 'consent-gate';
          document.body.appendChild(host);
        }
        // Screen readers pick the voice from the nearest lang, which the page's <html lang> may not match (WCAG 3.1.2).
        host.lang = lang;
        root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
        adopt(root, CSS + `:host{${Object.entries(theme).map(e => e.join(':')).join(';')}}`);
      }
      const path = modal && `views/${modal == 'services' ? 'preferences' : modal}`;
      const view = path && views[path];
      if (path && !view) need(path);
      const c: ViewContext = { gate, config: shown, state: gate.get(), view: modal, detail, t, l, local, update, close };
      render(
        [
          banner && renderBanner(c),
          view && view(c),
          !bannerOpen && floatingButton && button('preferences', t('open'), () => gate.show('preferences'), 'f'),
          // Always present, so the message is announced when it changes (a live region added with its text is not).
          h('p', { role: 'status', class: 's' }, said),
        ],
        root,
      );
      // Focus moves into a new banner only when nothing else holds it: a visitor typing in the page goes on typing.
      // It waits until after the first paint: focusing forces a layout of the whole page, which inside the
      // page's first task blocks the main thread (bench: ~150 ms of blocking time at 4× CPU).
      if (banner && !bannerShown && !modal) {
        requestAnimationFrame(() =>
          setTimeout(() => {
            reserve();
            if (bannerOpen && !modal && (deepActive() || document.body) == document.body) {
              root?.querySelector<HTMLElement>('.b')?.focus({ preventScroll: true });
            }
          }),
        );
      }
      if (!banner && bannerShown) reserve();
      bannerShown = banner;
      if (!modal && opener) {
        // The opener may have gone with the banner it was in: the floating button, when there is one, takes focus.
        (opener.isConnected ? opener : root.querySelector<HTMLElement>('.f'))?.focus();
        opener = null;
      }
    } catch (error) {
      report(error);
    }
  }

  /**
   * While the banner shows, the page keeps room for it at its end, so that what the keyboard reaches there (the
   * footer's policy links, "Cookie 设置") can scroll clear of it (WCAG 2.4.11 Focus Not Obscured; UI review). The
   * host grows only when it is the body's last element, and only on a page that already scrolls: room added there
   * moves nothing on screen, so nothing shifts.
   */
  function reserve() {
    const host = root?.host as HTMLElement | undefined;
    const box = bannerOpen ? root?.querySelector<HTMLElement>('.b') : null;
    if (!host || host.nextElementSibling) return;
    // A custom property, set through the CSSOM (a strict CSP allows that): `all: initial` on :host resets every
    // other property the page could set.
    const room = box && document.documentElement.scrollHeight > innerHeight ? `${box.offsetHeight + 16}px` : '';
    if (room || host.style.length) host.style.setProperty('--cg-room', room || '0');
  }

  /**
   * A page control the keyboard reaches wholly under the banner scrolls clear of it. Keyboard focus only
   * (`:focus-visible`): scrolling under a pointer between mousedown and click would move the click elsewhere.
   */
  function uncover(event: FocusEvent) {
    const box = bannerShown && root?.querySelector('.b')?.getBoundingClientRect();
    const target = event.target as Element;
    if (!box || target == root?.host || !target.matches?.(':focus-visible')) return;
    const rect = target.getBoundingClientRect();
    if (rect.top >= box.top && rect.bottom <= box.bottom) scrollBy({ top: rect.bottom - box.top + 8, behavior: 'instant' });
  }
  document.addEventListener('focusin', uncover);

  const off = [
    gate.on('show', event => {
      if (event.view == 'banner') {
        bannerOpen = true;
        modal = undefined;
      } else {
        if (!modal) opener = deepActive();
        returnTo = event.view == 'minor' && modal == 'preferences' ? modal : undefined;
        if (modal != event.view) local = {};
        modal = event.view;
        detail = event;
      }
      update();
    }),
    gate.on('hide', () => {
      const decided = bannerOpen && !gate.get().prompt;
      if (!modal || !gate.get().prompt) bannerOpen = false;
      modal = undefined;
      // A decision closed the banner: say so, and give the focus it held to the floating button, not to <body>.
      if (decided) {
        said = t('saved');
        if (!opener && root?.activeElement) opener = root.activeElement as HTMLElement;
      }
      update();
    }),
    gate.on('change', update),
  ];
  if (!ready) {
    need(`i18n/${lang}`).then(() => {
      ready = true;
      update();
    });
  } else if (floatingButton) update();
  return {
    lang,
    unmount() {
      off.forEach(f => f());
      document.removeEventListener('focusin', uncover);
      if (root) render(null, root);
    },
  };
}
