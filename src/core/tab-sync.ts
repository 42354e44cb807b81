/**
 * Tells the other tabs of this site that the record changed, so a decision in one tab applies in all without a
 * reload (SPEC §7.4). BroadcastChannel reaches tabs of the same origin; tabs on sibling subdomains (www. and m.
 * share the cookie, not the origin) re-read the cookie when they become visible again.
 */
export function createTabSync(channelName: string, onRemoteChange: () => void): { notify(): void; stop(): void } {
  let channel: BroadcastChannel | undefined;
  try {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : undefined;
    if (channel) channel.onmessage = () => onRemoteChange();
  } catch {
    channel = undefined;
  }
  const onVisible = () => {
    if (document.visibilityState === 'visible') onRemoteChange();
  };
  const hasDocument = typeof document !== 'undefined';
  if (hasDocument) document.addEventListener('visibilitychange', onVisible);
  return {
    notify() {
      try {
        channel?.postMessage('change');
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
