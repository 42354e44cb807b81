// The in-page half of a run, installed with page.addInitScript so it runs before any script of the page (and
// before the library). Everything it records is on the page's own clock (performance.now(), whose origin is
// the navigation start), so no timestamp ever crosses a process boundary.
//
// Two visits (SPEC §10):
//   first      no decision stored: the window ends 1 s after the banner is visible;
//   returning  a decision is stored: no banner may show; the window ends 1 s after the later of the load event
//              and the granted tag's run (a page that grants nothing, the baseline, ends at load + 1 s).
//
// It reports to the runner through a binding (`__benchSignal`):
//   'window'    the measurement window ended. First visit: banner + 1 s, or, while no banner is visible, load + 1 s
//               (provisional: a later banner, up to load + GIVE_UP_MS, ends a new window);
//   'giveup'    first visit: no banner by load + GIVE_UP_MS; returning visit: the tag never ran by then;
//   'banner'    returning visit: a banner showed (an error for that run);
//   'gated'     a request for the fake tracker started (resource timing);
//   'executed'  the fake tracker ran (it calls `__benchTrackerRan(performance.now())`, bench/fake/hm.js).

/**
 * The probe itself: serialised into the page, so it must not use anything from this module's scope.
 * @param {{ banner?: string[], windowMs: number, giveUpMs: number, tracker: string, mode: 'first' | 'returning', expectTracker: boolean }} options
 */
function probe({ banner, windowMs, giveUpMs, tracker, mode, expectTracker }) {
  const returning = mode === 'returning';
  const state = { banner: null, load: null, windowEnd: null, longtasks: [], frames: [], shifts: [], press: null, click: null, gated: [], executed: [] };
  Object.defineProperty(window, '__bench', { value: state });
  const signal = (type, data) => {
    try {
      window.__benchSignal(type, data ?? null);
    } catch {
      // The binding is missing only when the page was opened without the runner.
    }
  };
  const observe = (type, fn) => {
    try {
      new PerformanceObserver(list => list.getEntries().forEach(fn)).observe({ type, buffered: true });
    } catch {
      // An entry type this browser lacks: the figure is reported as n/a.
    }
  };
  observe('longtask', entry => state.longtasks.push({ start: entry.startTime, duration: entry.duration }));
  // Long animation frames name the scripts that ran in them (each run over 5 ms: its URL and duration), which long
  // tasks do not: the runner attributes blocking work to the library with them.
  observe('long-animation-frame', entry => state.frames.push({
    start: entry.startTime,
    duration: entry.duration,
    scripts: entry.scripts.map(script => ({ url: script.sourceURL, duration: script.duration, invoker: script.invoker })),
  }));
  // CLS counts shifts without recent input (Layout Instability API, `hadRecentInput`). What moved is kept by name
  // (tag, class, a few characters of its text) so the report can tell the host page's own shifts from the library's.
  const nameOf = node => {
    const element = node?.nodeType === 1 ? node : node?.parentElement;
    if (!element) return 'a node no longer in the page';
    const classes = [...element.classList].map(name => `.${name}`).join('');
    const text = (element.textContent ?? '').trim().slice(0, 12);
    return `${node.nodeType === 3 ? 'text in ' : ''}${element.localName}${classes}${text ? ` "${text}"` : ''}`;
  };
  observe('layout-shift', entry => entry.hadRecentInput || state.shifts.push({
    start: entry.startTime,
    value: entry.value,
    sources: (entry.sources ?? []).map(source => nameOf(source.node)),
  }));
  observe('resource', entry => {
    if (!entry.name.includes(tracker)) return;
    state.gated.push({ start: entry.startTime, name: entry.name });
    signal('gated');
  });
  // The tracker's own stamp of when it ran. Returning visit: the window waits for it (see the load listener).
  let awaitingTracker = false;
  Object.defineProperty(window, '__benchTrackerRan', {
    value: ran => {
      state.executed.push(ran);
      signal('executed');
      if (awaitingTracker) {
        awaitingTracker = false;
        setTimeout(endWindow, windowMs);
      }
    },
  });
  // The click's dispatch: a capture listener on window, registered before any library code, runs first of all
  // click listeners, so everything the library does for the click comes after this time. (Not event.timeStamp:
  // Playwright sends press and release back to back and Chromium stamps all three events with the press time,
  // so timeStamp would add the page's mousedown handling, which no real click waits for.)
  addEventListener('click', event => {
    if (event.isTrusted && state.click === null) state.click = performance.now();
  }, true);
  // The press, for a library that acts on pointerdown rather than click.
  addEventListener('pointerdown', event => {
    if (event.isTrusted && state.press === null) state.press = performance.now();
  }, true);

  let ended = false;
  const endWindow = () => {
    if (ended && returning) return;
    ended = true;
    state.windowEnd = performance.now();
    // The returning visit watches for a banner until the window ends: one showing late is still an error.
    if (returning) observer.disconnect();
    signal('window', { banner: state.banner, windowEnd: state.windowEnd });
  };
  // The baseline page looks for a button that never comes, so that it pays for the same observers as the others.
  const path = banner ?? ['#bench-baseline-has-no-banner'];
  /**
   * The accept button: each selector after the first is queried in the open shadow root of the previous match;
   * `onShadowRoot` sees each shadow root on the way.
   */
  const find = (onShadowRoot = () => {}) => {
    let node = document.querySelector(path[0]);
    for (let i = 1; node && i < path.length; i++) {
      const root = node.shadowRoot;
      if (root) onShadowRoot(root);
      node = root ? root.querySelector(path[i]) : null;
    }
    return node;
  };
  // Visible = rendered, not visibility:hidden, not at opacity 0 (fade-ins count from their first non-zero
  // frame), with a box inside the viewport.
  const isVisible = element => {
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
  };
  // Checking every frame from navigation on would cost each library ~0.4 ms of script per frame at 4× CPU (measured:
  // ~35 ms over a page load), so frames are checked only while the button exists but is not yet visible (fade-ins,
  // a stylesheet still loading). DOM mutations, including those inside the shadow roots on the path, say when
  // to look for it.
  let checking = false;
  let gaveUp = false;
  const check = () => {
    checking = false;
    if (state.banner !== null || gaveUp) return;
    const element = find();
    if (!element) return;
    if (isVisible(element)) {
      state.banner = performance.now(); // in a frame callback: the first frame painted with the banner
      if (returning) signal('banner', { banner: state.banner });
      else setTimeout(endWindow, windowMs);
    } else {
      watch();
    }
  };
  const watch = () => {
    if (!checking) {
      checking = true;
      requestAnimationFrame(check);
    }
  };
  const observed = new WeakSet();
  const onMutation = () => {
    if (state.banner !== null) return observer.disconnect();
    // Shadow roots along the path: their mutations do not reach the document's observer.
    const element = find(root => {
      if (observed.has(root)) return;
      observed.add(root);
      observer.observe(root, OPTIONS);
    });
    if (element) watch();
  };
  const OPTIONS = { childList: true, subtree: true, attributes: true };
  const observer = new MutationObserver(onMutation);
  observer.observe(document, OPTIONS);
  addEventListener('load', () => {
    state.load = performance.now();
    if (returning) {
      if (!expectTracker || state.executed.length) return void setTimeout(endWindow, windowMs);
      awaitingTracker = true;
      setTimeout(() => {
        if (!awaitingTracker) return;
        awaitingTracker = false;
        signal('giveup', { load: state.load });
        endWindow();
      }, giveUpMs);
      return;
    }
    setTimeout(() => { if (state.banner === null) endWindow(); }, windowMs);
    setTimeout(() => {
      if (state.banner !== null) return;
      gaveUp = true;
      observer.disconnect();
      signal('giveup', { load: state.load });
    }, giveUpMs);
  });
}

/** The init-script source for one library and one visit. */
export function probeSource({ banner, windowMs, giveUpMs, tracker, mode = 'first', expectTracker = false }) {
  return `(${probe})(${JSON.stringify({ banner, windowMs, giveUpMs, tracker, mode, expectTracker })});`;
}
