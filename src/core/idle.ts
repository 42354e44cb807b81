/**
 * Runs `fn` once: when the browser is next idle, or after `within` ms, whichever comes first. Work that waits on the
 * browser (reading back a cookie just written, taking a closed banner out of the page) then stays out of the task of
 * the visitor's click and out of its frame, so the scripts the click started run first (SPEC §10: accept →
 * executed), and the SDK's later files load without delaying the page. A page's `requestIdleCallback` that never
 * calls back is backed by the timer at `within` ms; where there is none (Safari) or it throws, the timer runs `fn`
 * soon after, at 50 ms. What `fn` throws stays here (SPEC §9: nothing thrown into the page); callers that have words
 * for a failure catch and report it themselves.
 */
export function whenIdle(fn: () => void, within = 300): void {
  let done = false;
  let asking = true;
  let wait = 50;
  const once = () => {
    try {
      if (!done) (done = true), fn();
    } catch {}
  };
  try {
    // A page's polyfill that calls back at once would run `fn` inside the caller's own work (a decision being told):
    // it is put in a task of its own instead.
    requestIdleCallback(() => (asking ? setTimeout(once) : once()), { timeout: within });
    wait = within;
  } catch {
    // No idle callbacks here: the timer runs it.
  }
  asking = false;
  setTimeout(once, wait);
}
