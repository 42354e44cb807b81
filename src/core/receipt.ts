import type { ConsentRecord, ConsentState, DecisionAction } from './types.js';

/** What the back end receives for each decision (SPEC §7.4): proof of consent without personal data. */
export interface Receipt {
  consentId: string;
  time: string;
  action: DecisionAction | 'age' | 'reset';
  policyVersion: string;
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  forced: Record<string, string>;
  age: ConsentRecord['age'];
  youthMode: boolean;
  guardianConsent: boolean;
  dnt: boolean;
  gpc: boolean;
  lang?: string;
  page: string;
  sdkVersion: string;
  source?: string;
}

export function createReceipt(
  state: ConsentState,
  action: Receipt['action'],
  extra: { now: number; version: string; lang?: string; source?: string },
): Receipt {
  return {
    consentId: state.consentId,
    time: new Date(extra.now).toISOString(),
    action,
    policyVersion: state.policyVersion,
    categories: { ...state.categories },
    services: { ...state.services },
    forced: { ...state.forced },
    age: state.age,
    youthMode: state.youthMode,
    guardianConsent: state.guardianConsent,
    dnt: state.signals.dnt,
    gpc: state.signals.gpc,
    lang: extra.lang,
    // Origin and path only: a query string may carry search terms or click ids.
    page: typeof location === 'undefined' ? '' : location.origin + location.pathname,
    sdkVersion: extra.version,
    source: extra.source,
  };
}

/**
 * Posts a receipt without ever blocking the UI: `sendBeacon` survives the reload that follows a withdrawal;
 * `fetch` with `keepalive` is the fallback where the beacon is missing or refused. The body is JSON sent as
 * `text/plain`, a CORS-safelisted type, so a receipt endpoint on another origin needs no preflight.
 */
export function sendReceipt(url: string, receipt: Receipt, onError: (error: unknown) => void): void {
  const body = JSON.stringify(receipt);
  try {
    if (typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(url, body)) {
      return;
    }
    fetch(url, { method: 'POST', body, keepalive: true, credentials: 'include' })
      .then(response => {
        if (!response.ok) onError(new Error(`receipt endpoint answered ${response.status}`));
      })
      .catch(onError);
  } catch (error) {
    onError(error);
  }
}
