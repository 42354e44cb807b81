import type { ConsentCore } from '../core/controller.js';
import { reloadedPage } from '../core/reader.js';
import { whenIdle } from '../core/idle.js';
import type { Disclosure, Lang } from '../core/types.js';
import { Banner } from './banner/banner.js';
import { h, pageBody, put, sayHidden } from './dom.js';
import { createRoom, deepActive, first, focusStill, start } from './focus.js';
import { createHost, unzoom } from './host.js';
import { resolveLang, tagOf } from './lang.js';
import { adopt, themed, CSS } from './styles.js';
import { createText } from './text.js';
import type { Loader, UIModule } from './view-context.js';
import type { Kept } from './views/mount-views.js';
import { documentProperty, guarded, listen, onReplaced } from '../core/document-own.js';
import { stringify } from '../core/json.js';

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
 * button and the status region are built here without Preact; the modal views come with Preact on first use
 * (`views/mount-views.ts`), as do languages other than zh-CN (SPEC §10). Nothing here throws into the page:
 * failures become `error` events.
 */
export function mountUI(core: ConsentCore, load: Loader, firstRender: (render: () => void) => void = render => render()): MountedUI {
  const { config } = core;
  let lang = resolveLang(config.lang);
  if (!config.ui) return { lang, unmount() {} };
  const { floatingButton } = config.ui;
  let { t, l, m, add, zh } = createText(config.texts, lang);
  let root: ShadowRoot | undefined;
  let room: ReturnType<typeof createRoom> | undefined;
  let parts: { views: HTMLElement; status: HTMLElement } | undefined;
  let banner: HTMLElement | null = null;
  /** Banners a decision closed, hidden until the browser is idle (`renderBanner`). */
  let leaving: HTMLElement[] = [];
  /** What the banner on screen says: it is rebuilt only when that changes. */
  let bannerKey = '';
  let floating: HTMLElement | null = null;
  let focusFloating = false;
  /**
   * The page's control the focus left for the UI. A decision that closes the UI gives the focus back to it where no
   * floating button takes it, or to where a keyboard starts on the page where none did (`start`): else it fell to
   * <body> at the page's end, and the next Tab left the page (WCAG 2.4.3).
   */
  let cameFrom: HTMLElement | null = null;
  /**
   * Where and when the UI was last clicked (`renderFloating`), the floating button aside: heard as the click bubbles,
   * after the button's own. A click on the floating button, a view closed with Esc and the button clicked again at
   * once is no double tap.
   */
  let tapped: [x: number, y: number, at: number] = [0, 0, -1e9];
  /**
   * The shadow root's and the window's listeners: `document.open()` erases them with the document's (`restore` adds
   * them again; a listener added twice is added once).
   */
  const ears: [target: EventTarget, type: string, listener: EventListener, capture: boolean][] = [];
  const heard = ([target, type, listener, capture]: (typeof ears)[number], remove?: boolean) => listen(target, type, listener, capture, remove);
  const hear = (...ear: (typeof ears)[number]) => {
    ears.push(ear);
    heard(ear);
    off.push(() => heard(ear, true));
  };
  const back = () => (cameFrom?.isConnected && !cameFrom.closest('[inert]') ? cameFrom : start());
  /** "Saved" waits while a modal view is open: the status region is inert behind it and would say nothing. */
  let savedOwed = false;
  /** What the visitor is told while a view's file is slow, or after it failed (`tell`). */
  let notice: HTMLElement | undefined;
  /** The files a view is waiting for (`waitFor`). */
  const waiting = new Set<object>();
  let views: ReturnType<NonNullable<UIModule['createViews']>> | undefined;
  let viewsAsked = false;
  /** The open view as the views left it when the language changed (`src/ui/views/mount-views.ts`, `Kept`). */
  let kept: Kept | undefined;
  let ready = lang == 'zh-CN';
  const fromHead = !pageBody();
  let unmounted = false;
  /**
   * The visitor's withdrawal the gate reloaded the page for (SPEC §6.3): the reload took the "saved" the status region
   * was to say, and the focus the closing preferences were to give back (WCAG 4.1.3, 2.4.3). Both come after it: the
   * words say why the page reloaded, and the focus goes to what opens the choices again.
   */
  let withdrawn = false;
  try {
    // A read on every page view; the write and the navigation entry only where the gate left the mark.
    if (sessionStorage.getItem('cg_withdrawn')) {
      sessionStorage.removeItem('cg_withdrawn');
      withdrawn = reloadedPage();
    }
  } catch {}
  /** The presets' 清单 text, for a banner that names new services; loaded only then. */
  let disclosures: Record<string, Disclosure> | undefined;
  let namesAwaited = !config.services.some(s => s.preset && s.name === s.id);
  let namesAsked = false;

  /**
   * A UI that cannot show is said in the console as well (SPEC §9: a page's `attachShadow` that throws, a removed
   * built-in), where a developer who listens to no `error` event looks: by the markup that hid a document method where
   * the error names it, and not again for a file the loader said did not load.
   */
  const report = (error: unknown) => {
    const message = `consent UI: ${error}`;
    let said = message.includes('consent-gate:');
    try {
      said ||= sayHidden().some(name => message.includes(name));
    } catch {
      // The check itself failed (a page's `Array.prototype.filter` replaced after the SDK started): said below.
    }
    if (!said) console.error(`consent-gate: ${message}`);
    core.report('ui', message, { error });
  };

  /** `fn` run later, unless the UI was unmounted meanwhile; like `update`, it never throws into the page. */
  const later = (fn: () => void) => () => {
    try {
      if (!unmounted) fn();
    } catch (error) {
      report(error);
    }
  };
  /** Runs `fn` in a task after the next frame has painted: work that reads layout stays out of the current task. */
  const afterPaint = (fn: () => void) => requestAnimationFrame(() => setTimeout(later(fn)));
  /** Runs `fn` when the browser is idle (`whenIdle`). */
  const idle = (fn: () => void) => whenIdle(later(fn));

  /** A banner button's action; what fails in it (a built-in the page replaced after the SDK started) is said, not thrown. */
  const act = guarded(decide);
  function decide(action: 'accept-all' | 'reject-all' | 'preferences' | 'minor' | 'guardian', by?: 'api') {
    if (action != 'accept-all' && action != 'reject-all') return core.show(action);
    const decided = action == 'accept-all' ? core.acceptAll(by) : core.rejectAll(by);
    // A decision that waits for its code (the script tag's decide.js, still on its way on a slow phone: 0.6–1 s at 6×
    // CPU on slow 4G) leaves the banner as it was: it says it is busy meanwhile, so the tap is seen to have been taken.
    // (A decision's promise settles, applied or not: it never rejects.)
    const shown = banner;
    // Each run by `later`: what fails there (a built-in the page replaced since) is said, not thrown into the page.
    if (shown && core.get().banner) shown.setAttribute('aria-busy', 'true'), decided.then(later(() => shown.removeAttribute('aria-busy')));
    // Settled unstored: the code that stores decisions could not load (a failed or refused decide.js), or threw. Said,
    // where the tap did nothing visible; the views say it by the same test (mount-views.ts).
    decided.then(later(() => core.unsaved() && tell('notSaved')));
  }

  /** The shadow root and its parts, made once `<body>` exists. */
  function mount() {
    root = createHost(core, tagOf(lang));
    adopt(root, CSS + themed(config.ui ? config.ui.theme : {}));
    parts = {
      views: put(root, document.createElement('div')),
      // Always present, so the message is announced when it changes (a live region added with its text is not).
      status: put(root, h('p', { role: 'status', class: 's' }) as HTMLElement),
    };
    room = createRoom(root, () => banner || floating);
    const entered = guarded((event: Event) => {
      const from = (event as FocusEvent).relatedTarget as HTMLElement | null;
      if (from && from != root!.host && from.getRootNode?.() != root) cameFrom = from;
    });
    hear(root, 'focusin', entered, false);
    const clicked = guarded((event: Event) => event.target != floating && (tapped = [(event as MouseEvent).clientX, (event as MouseEvent).clientY, event.timeStamp]));
    hear(root, 'click', clicked, false);
    // A swipe on the UI is not the page's: the WeChat "no bounce" trick (`touchmove` cancelled on the document, as it
    // bubbles or as it is captured) kept the views from scrolling, their last controls out of reach (SPEC §8: every
    // view operable by touch). Stopped as the window captures it, before any listener of the document's; the window's
    // touch listeners are passive (Chromium's intervention), so no swipe waits on this one.
    const ownTouch = (event: Event) => event.composedPath().includes(root!.host) && event.stopPropagation();
    hear(window, 'touchmove', ownTouch, true);
    // The shadow root outlives the controller (a root cannot be attached twice): a listener left on it kept every
    // destroyed controller alive, one more with each `createConsentGate()` after `destroy()` (a hot reload, a remount).
    // `hear` takes each off as the controller goes.
    keep();
    // A page's own #consent-gate hidden after the UI mounted on it (in a `.pc-only` footer as the window narrows) hid
    // the banner and every view with it, unsaid (SPEC §8: a hidden host is replaced and reported): it goes to the end of
    // <body>. A box that goes is a size that changes; a <body> hidden itself leaves nowhere better.
    try {
      const hidden = new ResizeObserver(() => {
        const host = root!.host;
        if (parentOf.call(host) != pageBody() && host.checkVisibility?.() === false) report('the page hid #consent-gate (or an element around it): the UI moved to the end of <body>'), restore();
      });
      hidden.observe(root.host);
      off.push(() => hidden.disconnect());
    } catch {}
    // After the first paint (reading the zoom recalculates the page's style), and again when a page that scales itself
    // to the window sets another zoom on resize.
    const fit = later(() => unzoom(root!.host as HTMLElement));
    afterPaint(fit);
    hear(window, 'resize', fit, false);
  }

  /**
   * Takes a banner a decision closed out of the page when the browser is idle. A function of its own: V8 keeps one
   * context for all the closures of a call, so the banner captured here inside `renderBanner` was kept alive by the
   * next banner's click handlers made in the same call, and each banner drawn again (another language, age group,
   * choices) kept every one before it.
   */
  function retire(gone: HTMLElement) {
    leaving.push(gone);
    idle(() => {
      gone.remove();
      leaving = leaving.filter(element => element != gone);
      if (banner) return;
      room?.reserve();
      savedOwed = core.get().decided;
      announce();
    });
  }

  function renderBanner(show: boolean) {
    const state = core.get();
    const key = show ? stringify([state.prompt, state.signals, state.choices, !!disclosures, lang, state.age]) : '';
    if (key == bannerKey) return;
    const first = !bannerKey;
    bannerKey = key;
    const focused = banner && root!.activeElement && banner.contains(root!.activeElement) ? (root!.activeElement as HTMLElement) : null;
    const held = focused?.getAttribute('data-action');
    const gone = banner;
    banner = null;
    if (gone && !show && core.get().decided) {
      // A decision closes the banner without a layout in the click's frame: removing it (or giving back the room, or
      // writing the status text) costs the page a layout (6–8 ms at 4× CPU on the bench page) that the scripts the
      // click just started wait behind (SPEC §10: accept → executed). Inert (hidden by the stylesheet) it is out of
      // sight, of the accessibility tree, of the focus order and of hit testing at once (`aria-hidden` says so where
      // no style applies); it leaves the page when the browser is idle, and only then is the room given back and the
      // choice announced.
      // Focus held inside leaves it first (a blur needs no layout): no hidden control keeps it.
      focused?.blur();
      gone.setAttribute('inert', '');
      gone.setAttribute('aria-hidden', 'true');
      retire(gone);
    } else gone?.remove();
    if (show) {
      // A later decision says "saved" again: the region must change to be announced.
      parts!.status.textContent = '';
      savedOwed = false;
      const names = (id: string) => {
        const service = config.services.find(s => s.id == id)!;
        return l(service.name === id && service.preset && disclosures?.[service.preset] ? disclosures[service.preset]!.name : service.name);
      };
      const made = (banner = put(root!, Banner({ t, l, m, state, config, names, act }) as HTMLElement, parts!.views));
      // The first banner paints as a fixed box and goes to the top layer after that paint: showPopover() recalculates
      // the page's style, ~28 ms at 4× CPU inside the bundle's own task (SPEC §10: tasks under 50 ms).
      // Not over a view opened meanwhile: the banner would cover it in the top layer.
      if (first) afterPaint(() => banner == made && made.isConnected && !core.get().view && raise(made));
      // Drawn again (another language, age group, choices): its text is a new element, whose keyboard stop (focus.ts)
      // is measured again.
      else raise(made), afterPaint(() => room?.reserve());
      if (held) banner.querySelector<HTMLElement>(`[data-action="${held}"]`)?.focus();
      // Focus moves into a new banner only when nothing else holds it: a visitor typing in the page goes on typing.
      // It waits until after the first paint: focusing forces a layout of the whole page, which inside the page's
      // first task blocks the main thread (~150 ms of blocking time at 4× CPU, measured).
      if (first) {
        afterPaint(() => {
          room?.lift();
          room?.reserve();
          if (banner && !core.get().view && (deepActive() || pageBody()) == pageBody()) focusStill(banner);
        });
      }
    } else if (!gone || !core.get().decided) {
      // Without a banner the room is given back without reading layout.
      room?.reserve();
    } else {
      // A decision closed the banner: the focus it held goes to the floating button, or back to the page, not to <body>.
      focusFloating = !!focused;
    }
  }

  /**
   * Tells the visitor that a view is on its way (a slow file: Escape gives up waiting) or could not be opened (its file
   * failed twice), in a box of its own in the top layer, announced; `null` takes it away. Without it a click on 设置 did
   * nothing visible, and the view could take focus seconds later.
   */
  function tell(what: 'loading' | 'unavailable' | 'notSaved' | null) {
    listen(window, 'keydown', giveUp, true, true);
    listen(window, 'click', giveUp, true, true);
    if (parts?.status.textContent == t('loading')) parts.status.textContent = '';
    notice?.remove();
    notice = undefined;
    if (!what || !root) return;
    // A failure is an alert; "opening" is said by the status region, which is there before its text (a live region
    // added with its text is often not read out).
    notice = put(root, h('p', { class: 'f o', role: what == 'loading' ? null : 'alert' }, t(what)) as HTMLElement, parts!.views);
    raise(notice);
    listen(window, 'keydown', giveUp, true);
    if (what == 'loading') parts!.status.textContent = t('loading');
    // An alert stays until the visitor's next click (or tap, or Enter on a button) or Escape: one that went by itself
    // after seconds could go unread (WCAG 2.2.1). A click, not a press: a tap's press took the alert away, and its
    // click then fell on the page's link under it. A click that tries again says it again if it fails again.
    else listen(window, 'click', giveUp, true);
  }
  /** An alert goes once what it said is past: a view opened, or a choice stored, by the page's code as much. */
  const past = () => notice?.getAttribute('role') && !core.unsaved() && tell(null);
  function giveUp(event: KeyboardEvent | MouseEvent) {
    if (event.type == 'keydown' && (event as KeyboardEvent).key != 'Escape') return;
    const opening = !notice!.getAttribute('role');
    tell(null);
    // Files given up on are waited for no more: one that never comes must not keep the next view's notice up.
    if (opening) waiting.clear(), core.close();
  }
  /**
   * Calls `tell('loading')` if `promise` is still pending a moment later, and takes the notice away once it and every
   * other file waited for meanwhile have settled: "opening" is said once for a view whose files come one after another.
   */
  function waitFor<T>(promise: Promise<T>): Promise<T> {
    const token = {};
    waiting.add(token);
    // The "opening" notice has no role (the status region says it); a failure's alert is replaced, and stays (`tell`).
    const opening = () => notice && !notice.getAttribute('role');
    const slow = setTimeout(later(() => waiting.has(token) && (opening() || tell('loading'))), 400);
    const done = () => (clearTimeout(slow), waiting.delete(token), waiting.size || (opening() && tell(null)));
    return promise.then(
      value => (done(), value),
      error => {
        done();
        throw error;
      },
    );
  }

  /** Says "saved" once no modal view makes the status region inert (`showModal()` makes all but the dialog inert). */
  function announce() {
    const { view, age } = core.get();
    if (view) return;
    if (ageOwed) parts!.status.textContent = t('ageSaved', { a: t(`a.${age}`) });
    ageOwed = false;
    if (!savedOwed) return;
    savedOwed = false;
    // Nothing was saved where the browser keeps no cookie: the choice holds on this page only (`persisted`, SPEC §9).
    parts!.status.textContent = t(core.get().persisted ? 'saved' : 'unsaved');
  }

  function renderFloating(show: boolean) {
    if (show && !floating) {
      // It appears where the banner's buttons were, under the finger that tapped one: the second tap of a double tap on
      // 全部接受 opened the preferences over the decision just made. A tap within 0.6 s and 40 px of the UI's last one
      // is taken and dropped (`pointer-events: none` passed it to the page's link underneath); a keyboard's click
      // (`detail` 0) and a click elsewhere are not. A click whose event cannot be read (a getter the page replaced since)
      // opens them: the way to withdraw must not fail.
      const open = guarded(
        (event: MouseEvent) =>
          (!event.detail || event.timeStamp - tapped[2] > 600 || Math.hypot(event.clientX - tapped[0], event.clientY - tapped[1]) > 40) && core.show('preferences'),
        () => core.show('preferences'),
      );
      floating = put(root!, h('button', { class: 'f', 'data-action': 'preferences', onClick: open }, t('open')) as HTMLElement, parts!.views);
      raise(floating);
      // The room at the page's end is the button's now (a banner closing gives it back once it has left the page), and
      // it rises above a bar the page fixes at the bottom.
      afterPaint(() => (room?.lift(), !banner && !leaving.length && room?.reserve()));
    } else if (!show && floating) {
      floating.remove();
      floating = null;
    }
  }

  /** The modal views: their code (with Preact) loads the first time one opens. */
  function renderViews() {
    if (views) return views.render();
    if (!core.get().view || viewsAsked) return;
    viewsAsked = true;
    // Made and rendered while still waited for: the first render asks for the view's own file, and one notice covers
    // both files (its "opening" said once, not again when the view's file is slow too).
    waitFor(
      load('views').then(module => {
        if (unmounted) return;
        const handed = kept;
        kept = undefined;
        views = module.createViews!({
          core, lang, load, t, l, m, add, zh, report, update, tell, waitFor, kept: handed,
          container: parts!.views,
          adopt: css => adopt(root!, css),
          // A banner rebuilt without that control (a child's: 请监护人确认 took the minors line's place) gives its first.
          floating: action => {
            const controls = [...(banner?.querySelectorAll<HTMLElement>('[data-action]') ?? [])];
            return controls.find(control => control.getAttribute('data-action') == action) ?? controls[0] ?? floating ?? back();
          },
        });
        update();
      }),
    ).catch(error => {
        viewsAsked = false;
        kept = undefined;
        report(error);
        if (core.get().view) tell('unavailable');
        core.close();
      });
  }

  function update() {
    if (!ready || unmounted) return;
    try {
      // Mounted from <head>, the UI waits for the whole <body>: a render in a later task (the first render's own, a
      // language file's) can come while the parser is halfway through it, and the host would then sit before the
      // page's later elements instead of at its end, where it keeps room for the banner (WCAG 2.4.11).
      if (!pageBody() || (fromHead && documentProperty('readyState') == 'loading')) return void listen(document, 'DOMContentLoaded', update, { once: true });
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
        load('presets/disclosures').then(module => (disclosures = module.disclosures), report).then(go);
        setTimeout(go, 3000);
      }
      renderBanner(state.banner && !waiting);
      renderFloating(floatingButton && !state.banner);
      // After the next paint: focusing forces a layout, which inside the click would hold back the granted scripts.
      // Not where the visitor has moved on meanwhile, and without scrolling: a pointer's click leaves the page where it was.
      if (focusFloating) (focusFloating = false), afterPaint(() => (floating || (deepActive() || pageBody()) == pageBody()) && focusStill(floating ?? back()));
      if (withdrawn) {
        withdrawn = false;
        idle(() => {
          parts!.status.textContent = t('reloaded');
          if ((deepActive() || pageBody()) == pageBody()) focusStill(floating ?? first(document, '[data-consent-open=""],[data-consent-open=preferences]'));
        });
      }
      renderViews();
      announce();
    } catch (error) {
      report(error);
    }
  }

  // A decision made without the banner (the preferences, a request dialog, the page's own control) is announced too
  // (WCAG 4.1.3): the region is emptied so that the same words are said again, once no modal view makes it inert.
  const decisionOf = (state: ReturnType<typeof core.get>) => state.decision && stringify([state.decision, state.choices]);
  let decided = decisionOf(core.get());
  const saved = (state: ReturnType<typeof core.get>) => {
    const now = decisionOf(state);
    if (now === decided) return;
    decided = now;
    // A banner this decision closes says it as it leaves (`renderBanner`); one that still asks (a request dialog's
    // consent for one service) leaves it to be said here.
    if (!now || !parts || (banner && !state.banner)) return;
    parts.status.textContent = '';
    // In a later task: emptied and written back in one, the region would not have changed for the accessibility tree.
    idle(() => ((savedOwed = true), announce()));
  };
  // An age the visitor chose in the minors view is said too, once the view has closed: the focus goes back to the control
  // that opened it, which says nothing of the answer (WCAG 4.1.3). Not a child's (the guardian view that follows is its
  // answer), not the account's, and only in words the views brought (an age the page's own control set is the page's to say).
  // Not one chosen from the preferences either: their 修改 the focus goes back to is described by the age now, and a
  // second message as they close was overwritten by "saved" in the same moment.
  let age = core.get().age;
  let ageOwed = false;
  const aged = (state: ReturnType<typeof core.get>) => {
    if (state.age == age) return;
    age = state.age;
    if (!parts || state.ageFromAccount || age == 'child' || age == 'unknown' || !t(`a.${age}`)) return;
    parts.status.textContent = '';
    idle(() => ((ageOwed = !core.get().view), announce()));
  };
  const off = [core.on('show', update), core.on('show', past), core.on('hide', update), core.on('change', saved), core.on('change', past), core.on('change', aged), core.on('change', update)];
  // A document replaced by `document.open()` lost the host with every other node, and every node its listeners (the
  // shadow tree's too): the host goes into the new document, and the banner, the floating button and the views are
  // made again (leaving the document also took them out of the top layer). Without it the visitor could neither
  // decide nor withdraw (SPEC §2). A UI still waiting for `<body>` lost its `DOMContentLoaded` listener: `update()`
  // adds it again.
  function restore() {
    if (root && pageBody()) {
      pageBody()!.append(root.host);
      room?.listen();
      ears.forEach(ear => heard(ear));
      floating?.remove();
      floating = null;
      // The files waited for went with the document (their views are made again): none keeps the next notice up.
      waiting.clear();
      tell(null);
      views?.unmount();
      views = undefined;
      viewsAsked = false;
      bannerKey += '.';
      keep();
    }
    update();
  }
  off.push(onReplaced(restore));

  /**
   * The page's own code may take the host out with everything around it: `body.innerHTML += …` (a toast), a body's
   * children replaced as a page starts, `document.body = …`. The host then sits outside the document (its copy the
   * parser made has no shadow root), and the visitor could neither decide nor withdraw (SPEC §2): it goes back, and
   * what was shown is made again, as after `document.open()`. The host's parent and each element around it are
   * watched, not their subtrees (a busy page pays nothing for it): a page's own host in a wrapper that a pjax
   * navigation replaces went with it, unseen. A page that keeps removing it is told so, not fought forever.
   */
  let restored = 0;
  let restoredAt = 0;
  /** `Node.prototype.parentNode`'s getter as the browser had it when the UI mounted (the SDK runs first, SPEC §6.6). */
  const parentOf = Object.getOwnPropertyDescriptor(Node.prototype, 'parentNode')!.get as (this: Node) => Node | null;
  // Guarded, said once: a page whose `isConnected` getter (or another built-in) throws since is not thrown at on each
  // insertion, nor told so at each one; the keeper goes on watching (a failure that passes leaves the host kept).
  const keeper = new MutationObserver(guarded(keepHost, undefined, true));
  function keepHost() {
    if (!root || root.host.isConnected) return;
    // Five times within a second is a page script removing it on purpose (an observer of its own body).
    restored = Date.now() - restoredAt < 1000 ? restored + 1 : 1;
    restoredAt = Date.now();
    if (restored > 5) return void (keeper.disconnect(), report('the page keeps removing #consent-gate: the consent UI is left out of it'));
    // The copy the page's parser made of the host, without its shadow root, gives the id back.
    const copy = document.getElementById('consent-gate');
    if (copy && copy != root.host && !copy.shadowRoot && !copy.firstChild) Element.prototype.removeAttribute.call(copy, 'id');
    restore();
  }
  function keep() {
    keeper.disconnect();
    keeper.observe(documentProperty('documentElement'), { childList: true });
    // The browser's own `parentNode`, read when the SDK started: a page's later getter answering a `<textarea>` led this
    // walk in a circle, and the page hung (SPEC §9).
    for (let node = root && parentOf.call(root.host); node; node = parentOf.call(node)) keeper.observe(node, { childList: true });
  }
  off.push(() => keeper.disconnect());
  // Nothing renders before `firstRender` lets it (the script tag: in a task after the boot's own, SPEC §10: tasks
  // under 50 ms), and a language other than zh-CN loads first. What was asked for meanwhile renders then.
  const go = () => {
    ready = true;
    const state = core.get();
    if (floatingButton || state.banner || state.view || withdrawn) update();
  };
  /** The language last asked for: a copy that arrives after another was asked for is not used. */
  let asked = lang;
  /**
   * Loads the copy of `next` (zh-CN is in the bundle) and speaks it from then on. A file that hangs (a stalled
   * connection, which the browser may keep for minutes) is given up after 5 s, as one that failed (the loader has asked
   * for a stalled page-included copy again by then), and what arrives later is not used. The timeout's message is said
   * in the console (`report` leaves out the loader's own, said already).
   */
  const speak = (next: Lang) => {
    asked = next;
    const copy = createText(config.texts, next);
    return Promise.race([
      next == 'zh-CN' || load(`i18n/${next}`).then(module => copy.add(module.text!, true)),
      new Promise<never>((_, reject) => setTimeout(reject, 5e3, new Error(`i18n/${next}.js did not arrive within 5 s: the UI shows in zh-CN`))),
    ]).then(
      () => asked == next && ((lang = next), ({ t, l, m, add, zh } = copy)),
      // A language that fails leaves the zh-CN copy, and the UI is zh-CN throughout: the host's `lang` (a screen reader
      // read the Chinese in an English voice: WCAG 3.1.1), the views' copy, the receipts' language, and the page's own
      // `texts` of zh-CN (its English "Accept all" beside a Chinese 全部拒绝 made refusing the harder choice).
      error => asked == next && ((lang = 'zh-CN'), ({ t, l, m, add, zh } = createText(config.texts, lang)), report(error)),
    );
  };
  if (ready) {
    ready = false;
    firstRender(go);
  } else {
    // A language file the page included beside the bundle has already run: its promise settles inside the boot's
    // task, and the render still waits for a task of its own.
    void speak(lang).then(() => firstRender(go));
  }
  // `lang: 'auto'` follows the page's <html lang> as it changes: an SPA that sets it once it has started (after the SDK
  // in <head> read it) or switches language. The UI then speaks the new language: the banner is made again, an open
  // view too, and the receipts say it (SPEC §8).
  if (config.lang == 'auto') {
    const html = documentProperty('documentElement');
    const follow = new MutationObserver(() => {
      const next = resolveLang('auto');
      if (next != asked)
        void speak(next).then(() => {
          if (!root || asked != next) return;
          (root.host as HTMLElement).lang = tagOf(lang);
          if (floating) floating.textContent = t('open');
          // A second switch before the views were made again keeps what the first one kept.
          kept = views?.unmount(true) ?? kept;
          views = undefined;
          viewsAsked = false;
          update();
        });
    });
    follow.observe(html, { attributes: true, attributeFilter: ['lang'] });
    off.push(() => follow.disconnect());
  }
  return {
    get lang() {
      return lang;
    },
    unmount() {
      unmounted = true;
      off.forEach(f => f());
      room?.stop();
      views?.unmount();
      waiting.clear();
      tell(null);
      banner?.remove();
      leaving.forEach(element => element.remove());
      floating?.remove();
      parts?.views.remove();
      parts?.status.remove();
      // The host and its shadow root stay (a root cannot be attached twice): the next mount adopts its sheets again, or
      // adds its `<style>` elements again where the browser adopts none (src/ui/styles.ts).
      root?.querySelectorAll('style').forEach(style => style.remove());
      if (root?.adoptedStyleSheets) root.adoptedStyleSheets = [];
    },
  };
}
