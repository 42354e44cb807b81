import { documentProperty, guarded, listen, onReplaced } from './document-own.js';
import { any } from './natives.js';

/**
 * Tells the other tabs of this site that the record changed, so a decision in one tab applies in all without a
 * reload (SPEC §7.4). The message carries the encoded record itself: a cookie written in one tab reaches the
 * other tabs' renderers a moment later, so re-reading the cookie on the message can still see the old value.
 * BroadcastChannel reaches tabs of the same origin. Tabs on sibling subdomains (www. and m. share the cookie, not the
 * origin) re-read the cookie when the browser says it changed (the Cookie Store API's `change`, on https, in Chromium
 * and Safari 18.4+: it covers a window left open beside the other), and otherwise when the tab
 * becomes visible or its window takes the focus again, and when the page comes back from the back/forward cache or
 * from being frozen.
 */
export function createTabSync(cookieName: string, onRemoteChange: (value?: string) => void): { notify(value: string): void; stop(): void } {
  let channel: BroadcastChannel | undefined;
  const open = () => {
    try {
      channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`consent-gate:${cookieName}`) : undefined;
      if (channel) channel.onmessage = guarded((event: MessageEvent) => onRemoteChange(typeof event.data === 'string' ? event.data : undefined));
    } catch {
      channel = undefined;
    }
  };
  open();
  const hasDocument = typeof document !== 'undefined';
  // A page kept in the back/forward cache with its channel open is evicted by the first message another tab sends
  // (Chromium: "BroadcastChannelOnMessage"): a decision in one tab cost every other page of the site its instant "back".
  // Closed as the page is hidden for the cache, opened again as it comes back, when the record is read again anyway.
  const onHide = (event: Event) => {
    if ((event as PageTransitionEvent).persisted) channel?.close(), (channel = undefined);
  };
  const onVisible = guarded(() => {
    if (documentProperty('visibilityState') === 'visible') onRemoteChange();
  });
  // A page restored from the back/forward cache, or resumed after the browser froze it, may have missed a decision
  // (a sibling subdomain's refusal reaches it by no channel): read again before its trackers' own `resume` and
  // `pageshow` listeners run, visible or not. A first `pageshow` (not `persisted`) is the load this page just read at.
  const onResume = guarded((event: Event) => {
    if ((event as PageTransitionEvent).persisted === false) return;
    if (!channel) open();
    onRemoteChange();
  });
  type Change = Event & { changed?: Array<{ name?: string }>; deleted?: Array<{ name?: string }> };
  const onCookie = guarded(({ changed = [], deleted = [] }: Change) => {
    // Re-read, never take the value it carries: several copies of the name are read together (SPEC §4).
    const ours = (cookie: { name?: string }) => cookie.name === cookieName;
    if (any(changed, ours) || any(deleted, ours)) onRemoteChange();
  });
  const hearAll = (remove: boolean) => {
    // In the window's capture phase, added as the SDK starts (its `<script>` comes first in `<head>`): before any
    // listener of the page, on the window or the document, hears of the page coming back (`resume` and
    // `visibilitychange` are fired at the document, and the window is on their path).
    listen(window, 'visibilitychange', onVisible, true, remove);
    listen(window, 'resume', onResume, true, remove);
    listen(window, 'pageshow', onResume, true, remove);
    listen(window, 'pagehide', onHide, true, remove);
    listen(window, 'focus', onVisible, false, remove);
    try {
      // The page's own `cookieStore` may be anything (SPEC §9: nothing it does may throw into the page).
      const store = (window as { cookieStore?: EventTarget }).cookieStore;
      if (store) listen(store, 'change', onCookie, false, remove);
    } catch {
      // No Cookie Store API that works: focus and visibility still re-read.
    }
  };
  if (hasDocument) hearAll(false);
  // A document replaced by `document.open()` has lost them.
  const unreplaced = hasDocument ? onReplaced(() => hearAll(false)) : undefined;
  return {
    notify(value) {
      try {
        channel?.postMessage(value);
      } catch {
        // A closed channel (page unloading) has nobody left to tell.
      }
    },
    stop() {
      channel?.close();
      if (hasDocument) hearAll(true);
      unreplaced?.();
    },
  };
}
