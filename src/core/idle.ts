/**
 * Runs `fn` once: when the browser is next idle, or after `within` ms, whichever comes first. Work that waits on the
 * browser (reading back a cookie just written, taking a closed banner out of the page) then stays out of the task of
 * the visitor's click and out of its frame, so the scripts the click started run first (SPEC §10: accept →
 * executed). A page's `requestIdleCallback` that throws or never calls back is backed by the timer; without one the
 * timer alone runs it. `fn` must not throw: callers catch and report.
 */
export function whenIdle(fn: () => void, within = 300): void {
  let done = false;
  let asking = true;
  const once = () => {
    if (!done) (done = true), fn();
  };
  try {
    // A page's polyfill that calls back at once would run `fn` inside the caller's own work (a decision being told):
    // it is put in a task of its own instead.
    requestIdleCallback(() => (asking ? setTimeout(once) : once()), { timeout: within });
  } catch {
    // No idle callbacks here: the timer runs it.
  }
  asking = false;
  setTimeout(once, within);
}
