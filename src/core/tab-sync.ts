/**
 * Tells the other tabs of this site that the record changed, so a decision in one tab applies in all without a
 * reload (SPEC §7.4). The message carries the encoded record itself: a cookie written in one tab reaches the
 * other tabs' renderers a moment later, so re-reading the cookie on the message can still see the old value.
 * BroadcastChannel reaches tabs of the same origin; tabs on sibling subdomains (www. and m. share the cookie,
 * not the origin) re-read the cookie when they become visible again.
 */
export function createTabSync(channelName: string, onRemoteChange: (value?: string) => void): { notify(value: string): void; stop(): void } {
  let channel: BroadcastChannel | undefined;
  try {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : undefined;
    if (channel) channel.onmessage = event => onRemoteChange(typeof event.data === 'string' ? event.data : undefined);
  } catch {
    channel = undefined;
  }
  const onVisible = () => {
    if (document.visibilityState === 'visible') onRemoteChange();
  };
  const hasDocument = typeof document !== 'undefined';
  if (hasDocument) document.addEventListener('visibilitychange', onVisible);
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
      if (hasDocument) document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
