import type { ConsentCore } from '../core/controller.js';
import type { Disclosure, Lang, ResolvedConfig, Service, ViewName } from '../core/types.js';
import { Banner } from './banner/banner.js';
import { h } from './dom.js';
import { createRoom, deepActive } from './focus.js';
import { createHost } from './host.js';
import { resolveLang } from './lang.js';
import { adopt, themed, CSS } from './styles.js';
import { createText } from './text.js';
import type { Loader, UIModule, ViewContext } from './view-context.js';

/**
 * Services with the 清单 text of their preset where the page's config left it out (a name still equal to the id,
 * no provider, purpose, data or policy link): the script tag loads that text with the first view (SPEC §10).
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

/**
 * Puts a box in the top layer as a manual popover, where the browser has one: no ancestor's `transform`, `overflow`
 * or `z-index` can move or hide it then (SPEC §8). Where it has none, the box stays `position: fixed` (the attribute
 * alone would hide it).
 */
function raise(box: HTMLElement) {
  if (!box.showPopover) return;
  box.setAttribute('popover', 'manual');
  box.showPopover();
}

export interface MountedUI {
  lang: Lang;
  unmount(): void;
}

/**
 * Mounts the UI (SPEC §8) in the open shadow root of `<div id="consent-gate">` and renders what the controller says
 * is shown (`get().banner`, `get().view`): it owns no state of what is shown, only how. The banner, the floating
 * button and the status region are built without Preact (src/ui/banner/); the modal views load on first use with
 * Preact, as do languages other than zh-CN (SPEC §10). Closing the last modal view returns focus to where it was.
 * Nothing here throws into the page: failures become `error` events.
 */
export function mountUI(core: ConsentCore, load: Loader): MountedUI {
  const { config } = core;
  const lang = resolveLang(config.lang);
  if (!config.ui) return { lang, unmount() {} };
  const { floatingButton } = config.ui;
  const { t, l, add } = createText(config.texts, lang);
  const loading: Record<string, Promise<void>> = {};
  /** Which view is being loaded, so that rendering again while it loads asks once. */
  let asked: string | undefined;
  const views: Record<string, UIModule['view']> = {};
  let frame: UIModule['renderView'];
  let root: ShadowRoot | undefined;
  let room: ReturnType<typeof createRoom> | undefined;
  let parts: { views: HTMLElement; status: HTMLElement } | undefined;
  let banner: HTMLElement | null = null;
  /** What the banner on screen says: it is rebuilt only when that changes. */
  let bannerKey = '';
  let floating: HTMLElement | null = null;
  let focusFloating = false;
  let open: ViewContext['view'] | undefined;
  let local: ViewContext['local'] = {};
  let opener: HTMLElement | null = null;
  /** The view the minors view returns to. */
  let returnTo: ViewName | undefined;
  let ready = lang == 'zh-CN';
  let unmounted = false;
  // Services from the catalogue come without their 清单 text, which loads with the first view that names services
  // (a view that asks for consent names who receives what), or before a banner that names new services.
  let disclosed = !config.services.some(s => s.preset && (s.name == s.id || !s.provider));
  /** The config the views render: the controller's, with the 清单 text once it came (the controller's is frozen). */
  let shown: ResolvedConfig = config;
  /** Whether a banner naming new services is done waiting for their names (loaded, failed or too slow). */
  let namesAwaited = disclosed;
  let namesAsked = false;

  const report = (error: unknown) => core.report('ui', `consent UI: ${error}`, { error });

  /** Takes in what a loaded file brings. */
  function take(module: UIModule | undefined, path: string) {
    if (!module) return;
    if (module.text) add(module.text, path[0] == 'i');
    if (module.css && root) adopt(root, module.css);
    if (module.disclosures) {
      shown = { ...config, services: withDisclosures(config.services, module.disclosures) };
      disclosed = true;
    }
    if (module.renderView) frame = module.renderView;
    if (module.view) views[path] = module.view;
  }

  /** Loads a file once (again after a failure) and takes in what it brings. */
  const fetchOnce = (path: string) =>
    (loading[path] ??= load(path).then(
      module => take(module, path),
      error => {
        delete loading[path];
        throw error;
      },
    ));

  /**
   * Loads what a view, a language or the 清单 text needs, then renders: a view needs the views' frame (Preact), the
   * views' copy of a language other than zh-CN and, for the views listing services, the 清单 text until it came. A
   * view that fails, or whose 清单 text fails, closes and loads again when next shown: it never asks for consent
   * without naming the recipient.
   */
  const need = (path: string): Promise<void> =>
    Promise.all([
      path[0] == 'v' && fetchOnce('views'),
      path[0] == 'v' && lang != 'zh-CN' && fetchOnce(`i18n/${lang}-views`),
      /preferences|request/.test(path) && !disclosed && fetchOnce('presets/disclosures'),
      fetchOnce(path),
    ]).then(update, error => {
      report(error);
      if (path[0] == 'v' && core.get().view) core.close();
    });

  /** Closes the open view: the minors view opened from the preferences ("修改") goes back there. */
  function close() {
    if (core.get().view == 'minor' && returnTo) core.show(returnTo);
    else core.close();
  }

  function act(action: 'accept-all' | 'reject-all' | 'preferences' | 'minor' | 'guardian') {
    if (action == 'accept-all') void core.acceptAll();
    else if (action == 'reject-all') void core.rejectAll();
    else core.show(action);
  }

  /** The shadow root and its parts, made once `<body>` exists. */
  function mount() {
    root = createHost(core, lang);
    adopt(root, CSS + themed(config.ui ? config.ui.theme : {}));
    parts = {
      views: root.appendChild(document.createElement('div')),
      // Always present, so the message is announced when it changes (a live region added with its text is not).
      status: root.appendChild(h('p', { role: 'status', class: 's' }) as HTMLElement),
    };
    room = createRoom(root, () => banner);
  }

  function renderBanner(show: boolean) {
    const state = core.get();
    const key = show ? JSON.stringify([state.prompt, state.signals, state.choices, shown === config, lang]) : '';
    if (key == bannerKey) return;
    const first = !bannerKey;
    bannerKey = key;
    const held = banner && root!.activeElement && banner.contains(root!.activeElement) ? root!.activeElement.getAttribute('data-action') : null;
    banner?.remove();
    banner = null;
    if (show) {
      const names = (id: string) => l(shown.services.find(s => s.id == id)?.name);
      banner = root!.insertBefore(Banner({ t, l, state, config: shown, names, act }) as HTMLElement, parts!.views);
      raise(banner);
      if (held) banner.querySelector<HTMLElement>(`[data-action="${held}"]`)?.focus();
      // Focus moves into a new banner only when nothing else holds it: a visitor typing in the page goes on typing.
      // It waits until after the first paint: focusing forces a layout of the whole page, which inside the page's
      // first task blocks the main thread (~150 ms of blocking time at 4× CPU, measured).
      if (first) {
        requestAnimationFrame(() =>
          setTimeout(() => {
            room?.reserve();
            if (banner && !core.get().view && (deepActive() || document.body) == document.body) banner.focus({ preventScroll: true });
          }),
        );
      }
    } else {
      room?.reserve();
      // A decision closed the banner: say so, and give the focus it held to the floating button, not to <body>.
      if (core.get().decided) {
        parts!.status.textContent = t('saved');
        focusFloating = !!held;
      }
    }
  }

  function renderFloating(show: boolean) {
    if (show && !floating) {
      floating = root!.insertBefore(
        h('button', { class: 'f', 'data-action': 'preferences', onClick: () => core.show('preferences') }, t('open')) as HTMLElement,
        parts!.views,
      );
      raise(floating);
    } else if (!show && floating) {
      floating.remove();
      floating = null;
    }
  }

  function renderView() {
    const state = core.get();
    const view = state.view;
    if (!view) {
      if (!open) return;
      open = undefined;
      frame?.(parts!.views, null);
      // The opener may have gone with the banner it was in: the floating button, when there is one, takes focus.
      (opener?.isConnected ? opener : floating)?.focus();
      opener = null;
      return;
    }
    const path = `views/${view == 'services' ? 'preferences' : view}`;
    const render = views[path];
    if (!frame || !render) {
      if (asked != path) (asked = path), void need(path).then(() => (asked = undefined));
      return;
    }
    if (view != open) {
      if (!open) opener = deepActive();
      returnTo = view == 'minor' && open == 'preferences' ? open : undefined;
      local = {};
      open = view;
    }
    frame(parts!.views, render({ core, config: shown, state, view, detail: state.request ?? {}, t, l, local, update, close }));
  }

  function update() {
    if (!ready || unmounted) return;
    try {
      if (!document.body) return void document.addEventListener('DOMContentLoaded', update, { once: true });
      if (!root) mount();
      const state = core.get();
      // A banner naming new services (rare: a granted category gained a recipient) waits for their names, at most
      // three seconds; without them it names the services by id. The views stay usable meanwhile.
      const waiting = state.banner && !namesAwaited && state.prompt == 'new-service';
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
      renderBanner(state.banner && !waiting);
      renderFloating(floatingButton && !state.banner);
      if (focusFloating) (focusFloating = false), floating?.focus();
      renderView();
    } catch (error) {
      report(error);
    }
  }

  const off = [core.on('show', update), core.on('hide', update), core.on('change', update)];
  if (!ready) {
    void need(`i18n/${lang}`).then(() => {
      ready = true;
      update();
    });
  } else if (floatingButton || core.get().banner) update();
  return {
    lang,
    unmount() {
      unmounted = true;
      off.forEach(f => f());
      room?.stop();
      if (parts) frame?.(parts.views, null);
      banner?.remove();
      floating?.remove();
      parts?.views.remove();
      parts?.status.remove();
    },
  };
}
