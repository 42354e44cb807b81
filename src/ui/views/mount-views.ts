import { h } from 'preact';
import type { ConsentCore } from '../../core/controller.js';
import type { Disclosure, Lang, ResolvedConfig, Service, ViewName } from '../../core/types.js';
import { pageBody } from '../dom.js';
import { CONTROLS, deepActive, focusStill, reached } from '../focus.js';
import type { Strings, Text } from '../text.js';
import type { Loader, UIModule, ViewContext } from '../view-context.js';
import { css, onKeyDown, renderView } from './frame.js';

/**
 * Services with the 清单 text of their preset where the page's config left it out (a name still equal to the id,
 * no provider, purpose, data, contact, retention or policy link, a transfer abroad without its Art. 39 items): the
 * script tag loads that text with the first view (SPEC §10).
 */
export const withDisclosures = (services: readonly Service[], disclosures: Record<string, Disclosure>): Service[] =>
  services.map(s => {
    // Its own fields only: a page's `Object.prototype.contact` (an old query parser) was shown as every vendor's contact.
    const given = s.preset && disclosures[s.preset];
    const text: Disclosure | undefined = given && Object.assign(Object.create(null), given);
    return text
      ? {
          ...s,
          name: s.name === s.id ? text.name : s.name,
          provider: s.provider || text.provider,
          purpose: s.purpose || text.purpose,
          data: s.data || text.data,
          contact: s.contact || text.contact,
          retention: s.retention || text.retention,
          policyUrl: s.policyUrl ?? text.policyUrl,
          // The page's own transfer text wins item by item; the preset's fills the rest.
          crossBorder: s.crossBorder && text.crossBorder ? { ...text.crossBorder, ...s.crossBorder } : s.crossBorder,
        }
      : s;
  });

/** The first control shown after `element` in its document or shadow root: where Tab from it would go. */
const after = (element: Element) =>
  [...(element.getRootNode() as ParentNode).querySelectorAll<HTMLElement>(CONTROLS)].find(e => element.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING && reached(e));

/** What the views get from the UI's mount. */
export interface ViewsHost extends Text {
  core: ConsentCore;
  lang: Lang;
  load: Loader;
  /** Where the modal views render, inside the UI's shadow root. */
  container: HTMLElement;
  /** Adds copy: a language file replaces, a view's zh-CN copy fills in. */
  add(strings: Strings, replace?: boolean): void;
  /** The copy in zh-CN throughout, for views whose language file failed. */
  zh: Text;
  adopt(css: string): void;
  report(error: unknown): void;
  /**
   * What takes focus when the element that opened a view is gone: the control of the same action in the banner shown
   * now (a banner rebuilt meanwhile: the visitor entered the child rules), that banner's first control, the floating
   * button, or where a keyboard starts on the page.
   */
  floating(action?: string | null): HTMLElement | null;
  /** Renders the whole UI again (a file arrived). */
  update(): void;
  /** Tells the visitor a view is on its way or could not be opened (`null`: nothing to tell). */
  tell(what: 'loading' | 'unavailable' | null): void;
  /** Tells the visitor a view is on its way if `promise` takes a moment. */
  waitFor<T>(promise: Promise<T>): Promise<T>;
  /** What the views made in the language before left open (`unmount(true)`'s answer). */
  kept?: Kept;
}

/**
 * A view open when the UI changed language, as the visitor left it: made again in the new language, it keeps their
 * unsaved switches and a guardian's tick (WCAG 3.2.2: a change of language is no reason to lose input), and where it
 * returns to.
 */
export interface Kept {
  view: ViewContext['view'];
  local: ViewContext['local'];
  /**
   * `n`: where `at` was among the view's elements of its kind, for a view made again in another language (its names
   * changed; the English copy adds elements of its own around the Chinese it quotes, no controls).
   */
  left: { local: ViewContext['local']; top: number; at: HTMLElement | null; n: number } | undefined;
  returnTo: ViewName | undefined;
}

/**
 * The modal views (SPEC §8), with Preact, loaded on first use (SPEC §10): renders the view the controller says is
 * open, loads each view with what it needs (the views' copy of a language other than zh-CN, the 清单 text for the
 * views that list services), and returns focus to where it was when the last view closes. In the script tag this
 * comes with `views.js`; from npm it is a chunk.
 */
export function createViews(host: ViewsHost) {
  const { core, lang, load, container, report, update } = host;
  const { config } = core;
  // Without prototypes: what is read from these through the chain (ECMA-262 OrdinaryGet) would be a page's polluted
  // Object.prototype (an old query parser): a view that "loaded", a switch "flipped", a guardian's box "ticked" (SPEC §9).
  const bare = () => Object.create(null) as Record<string, any>;
  const views: Record<string, UIModule['view']> = bare();
  const loading: Record<string, Promise<void>> = bare();
  /**
   * The core the views decide through: a decision that settled unstored (the script tag's decide.js failed, or was
   * refused as another build's) is said in the open view (`Modal`), as the banner says it (mount-ui.ts): 保存设置 or
   * 允许 did nothing visible, and a screen reader heard nothing (WCAG 4.1.3).
   */
  const deciding: ConsentCore = Object.create(core);
  for (const name of ['acceptAll', 'rejectAll', 'save', 'decide', 'setAge', 'setYouthMode', 'deleteInterests'] as const) {
    deciding[name] = ((...args: never[]) => {
      const shown = local;
      // Unstored, the view goes on with nothing (删除我的兴趣标签 said "received" of a request that went nowhere).
      return (core[name] as (...args: never[]) => Promise<void>)(...args).then(() => {
        if (!core.unsaved()) return;
        if (shown == local) (local.unsaved = true), update();
        return new Promise(() => {});
      });
    }) as never;
  }
  let open: ViewContext['view'] | undefined;
  let local: ViewContext['local'] = bare();
  let opener: HTMLElement | null = null;
  /** The view the minors view returns to. */
  let returnTo: ViewName | undefined;
  /** The preferences as a nested view left them. */
  let left: Kept['left'];
  let kept = host.kept;
  /** Which view is being loaded, so that rendering again while it loads asks once. */
  let asked: string | undefined;
  // The 清单 text is needed when a preset service lacks its name or provider, or its transfer abroad lacks the
  // PIPL Art. 39 items (the script tag's catalogue carries only the rule): the 单独同意 must show every one.
  let disclosed = !config.services.some(s => s.preset && (s.name === s.id || !s.provider || (s.crossBorder && !s.crossBorder.recipient)));
  /** The config the views render: the controller's, with the 清单 text once it came (the controller's is frozen). */
  let shown: ResolvedConfig = config;
  /**
   * The views' copy of the visitor's language failed: they open in zh-CN throughout, marked so, rather than an English
   * title over the Chinese a view carries (WCAG 3.1.2: a screen reader reads each part in its own language's voice).
   */
  let zh = false;
  host.adopt(css);

  /** Loads a file once (again after a failure) and takes in what it brings. */
  const fetchOnce = (path: string) =>
    (loading[path] ??= load(path).then(
      module => {
        if (module.text) host.add(module.text, path[0] == 'i');
        if (module.css) host.adopt(module.css);
        if (module.disclosures) {
          shown = { ...config, services: withDisclosures(config.services, module.disclosures) };
          disclosed = true;
        }
        if (module.view) views[path] = module.view;
      },
      error => {
        delete loading[path];
        throw error;
      },
    ));

  /**
   * Loads a view with what it needs, then renders. A view that fails, or whose 清单 text fails, closes and loads
   * again when next shown: it never asks for consent without naming the recipient.
   */
  const need = (path: string): Promise<void> =>
    host
      .waitFor(
        Promise.all([
          // Without its language file a view still opens, in the zh-CN copy it carries (as the banner would).
          lang != 'zh-CN' && fetchOnce(`i18n/${lang}-views`).then(() => (zh = false), error => ((zh = true), report(error))),
          /preferences|request/.test(path) && !disclosed && fetchOnce('presets/disclosures'),
          // The guardian's view lists the recipients from it where it comes, and opens without it: agreeing there only
          // opens the preferences, which name each recipient before anything is granted, and refusing needs no list.
          path == 'views/guardian' && !disclosed && fetchOnce('presets/disclosures').catch(report),
          fetchOnce(path),
        ]),
      )
      .then(update, error => {
        report(error);
        if (core.get().view) host.tell('unavailable'), core.close();
      });

  /**
   * Closes the open view: the minors view opened from the preferences ("修改") goes back there, and so does the
   * separate-consent dialog a switch of the preferences opened.
   */
  function close() {
    if (returnTo && core.get().view != returnTo) core.show(returnTo);
    else core.close();
  }

  const keydown = (event: KeyboardEvent) => onKeyDown(close, event);

  function render() {
    const state = core.get();
    const view = state.view;
    if (!view) {
      // Closed before the views made again had rendered it: a view opened later starts afresh.
      kept = undefined;
      if (!open) return;
      open = left = undefined;
      renderView(container, null);
      // The opener may have gone with the banner it was in (a banner a decision closed is inert until it leaves, one
      // rebuilt for the child rules): the same control of the banner now, the banner or the floating button.
      const back = opener?.isConnected && !opener.closest('[inert]') ? opener : host.floating(opener?.getAttribute('data-action'));
      // One the decision hid, a placeholder's 允许 (SPEC §6.1: hidden once its grant holds), takes no focus: it fell to
      // <body>, and the next Tab started over at the top of the page (WCAG 2.4.3). The control after it takes it.
      // The page scrolls to none but the opener: a pointer's click leaves the page where it was.
      const to = back?.checkVisibility?.() === false ? after(back) : back;
      if (to == opener) to?.focus();
      else focusStill(to);
      opener = null;
      return;
    }
    const path = `views/${view == 'services' ? 'preferences' : view}`;
    const draw = views[path];
    if (!draw) {
      if (asked != path) (asked = path), void need(path).then(() => (asked = undefined));
      return;
    }
    let back: typeof left;
    if (view != open) {
      // <body> is no opener (a view the page's code opened with nothing focused): what the UI gives focus back to is then.
      if (!open) opener = deepActive() == pageBody() ? null : deepActive();
      const nested = (view == 'minor' || view == 'request') && open == 'preferences';
      // The preferences a nested view came from are left as they were: their unsaved switches, where they were
      // scrolled to and the control that opened the view come back with them (WCAG 2.4.3, 3.2.2).
      if (nested) {
        const at = deepActive();
        left = { local, top: container.querySelector('dialog')?.scrollTop ?? 0, at, n: at ? [...container.querySelectorAll(at.localName)].indexOf(at) : -1 };
      }
      // Back straight from that view only: one that led elsewhere (the minors view to the guardian's: another person
      // decides) leaves the preferences to start over.
      else if (view == 'preferences' && returnTo == 'preferences' && (open == 'minor' || open == 'request')) back = left;
      returnTo = nested ? open : view == 'preferences' ? undefined : returnTo;
      local = back ? back.local : bare();
      if (kept?.view == view) ({ local, left, returnTo } = kept);
      kept = undefined;
      open = view;
    }
    const { t, l, m } = zh ? host.zh : host;
    if (zh) container.setAttribute('lang', 'zh-CN');
    else container.removeAttribute('lang');
    // A decision that could not be stored, said in the dialog: outside it, the modal made the notice inert, unheard by
    // a screen reader. Made here, once for every view file.
    const alert = local.unsaved && h('p', { class: 'e', role: 'alert' }, t('notSaved'));
    // No question: an empty detail without a prototype (a page's `Object.prototype.category` asks nothing, SPEC §9).
    renderView(container, draw({ core: deciding, config: shown, state, view, detail: state.request ?? bare(), t, l, m: text => m(text, h), local, update, close, alert, keydown }));
    if (back) {
      container.querySelector('dialog')!.scrollTop = back.top;
      // The control rendered anew: the one of the same kind, hooks, name and text.
      const at = back.at;
      const same = (e: HTMLElement) => ['data-service', 'data-category', 'data-action', 'aria-label'].every(name => e.getAttribute(name) == at!.getAttribute(name)) && e.textContent == at!.textContent;
      const kind = at ? [...container.querySelectorAll<HTMLElement>(at.localName)] : [];
      (kind.find(same) ?? kind[back.n])?.focus();
    }
  }

  return {
    render,
    // Destroyed with a view open (an SPA's route change): focus goes back to what opened it, as when it closes, if
    // that is the page's own and still there — the UI it may have been in goes with the unmount. Made again in another
    // language (`again`), the views that follow take it from there as their opener, wherever it is.
    unmount(again?: boolean): Kept | undefined {
      const back = open && opener?.isConnected && (again || opener.getRootNode() == document) ? opener : null;
      // Made again before it rendered its view (its files still on their way): what it was handed, handed on.
      const handed = again ? (open ? { view: open, local, left, returnTo } : kept) : undefined;
      open = undefined;
      renderView(container, null);
      back?.focus();
      return handed;
    },
  };
}
