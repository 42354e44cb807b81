import type { PrivacySignals } from './types.js';

interface SignalSources {
  navigator?: { doNotTrack?: string | null; msDoNotTrack?: string; globalPrivacyControl?: boolean };
  window?: { doNotTrack?: string };
}

/**
 * Reads Do Not Track in its three historical spellings (the standard `navigator.doNotTrack`, IE 11's
 * `window.doNotTrack`, IE 9–10's `navigator.msDoNotTrack`) and Global Privacy Control
 * (https://privacycg.github.io/gpc-spec/: `navigator.globalPrivacyControl === true`). Read on each call, never
 * at import time, so the demo and tests can switch a signal on and off.
 */
export function readPrivacySignals(sources: SignalSources = globalThis as SignalSources): PrivacySignals {
  const nav = sources.navigator ?? {};
  const win = sources.window ?? (sources as SignalSources['window']) ?? {};
  return {
    dnt: nav.doNotTrack === '1' || win.doNotTrack === '1' || nav.msDoNotTrack === '1',
    gpc: nav.globalPrivacyControl === true,
  };
}

export const hasSignal = (signals: PrivacySignals) => signals.dnt || signals.gpc;
