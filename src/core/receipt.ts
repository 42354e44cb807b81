import { checksum, createConsentId } from './record.js';
import { expiryOf } from './rules.js';
import type { ConsentRecord, ConsentState, DecisionAction, ResolvedConfig } from './types.js';

/**
 * What the back end receives for each decision (SPEC §7.4): proof of consent without personal data. The consent
 * log (`consent-gate/server`) validates exactly these keys; fields marked "since 0.2" are absent in receipts of
 * earlier versions.
 */
export interface Receipt {
  /** A random id of this receipt, so a receipt sent again after a failure is stored once (since 0.2). */
  id?: string;
  consentId: string;
  /** The browser's clock, ISO 8601; the log stamps its own time beside it. */
  time: string;
  /** `age` records an age group or youth mode change, `reset` the end of a consent id, `delete-interests` a request to delete interest tags. */
  action: DecisionAction | 'age' | 'reset' | 'delete-interests';
  policyVersion: string;
  /** The effective grants the page applies (after DNT, minors' rules and a pending policy update). */
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  /** The visitor's own choices, apart from what the rules allow (since 0.2). */
  choices?: { categories: Record<string, boolean>; services: Record<string, boolean> };
  forced: Record<string, string>;
  age: ConsentRecord['age'];
  youthMode: boolean;
  guardianConsent: boolean;
  /** How guardian consent was obtained: verified by the site's account, or confirmed in the guardian view (since 0.2). */
  guardianMethod?: 'account' | 'guardian';
  dnt: boolean;
  gpc: boolean;
  lang?: string;
  /** Origin and path of the page. */
  page: string;
  sdkVersion: string;
  source?: string;
  /** What the visitor was shown: the policy version and a short hash of the services and texts (since 0.2). */
  notice?: { policy: string; hash: string };
  /** When the consent cookie written with this decision expires, ISO 8601 (since 0.2; absent for `reset`). */
  expires?: string;
}

/**
 * A short fingerprint of what the visitor was shown (SPEC §7.4; PIPL Art. 17: proof of what was told): the policy
 * version, the categories and services with what each one says of itself, and the page's own texts. A receipt that
 * carries it can be tied to a notice years later.
 */
export function noticeOf(config: ResolvedConfig): NonNullable<Receipt['notice']> {
  const services = config.services.map(s => [s.id, s.preset, s.category, s.name, s.provider, s.purpose, s.data, s.policyUrl]);
  const categories = config.categories.map(c => [c.id, c.label, c.description, c.tracking, c.minors]);
  return { policy: config.policy.version, hash: checksum(JSON.stringify([categories, services, config.texts, config.operator])) };
}

/** The receipt of a decision, from the state after it and the record written. */
export function createReceipt(
  config: ResolvedConfig,
  state: ConsentState,
  action: Receipt['action'],
  extra: { now: number; version: string; lang?: string; source?: string; record?: ConsentRecord },
): Receipt {
  const { record } = extra;
  const receipt: Receipt = {
    id: createConsentId(),
    consentId: state.consentId,
    time: new Date(extra.now).toISOString(),
    action,
    policyVersion: state.policyVersion,
    categories: { ...state.categories },
    services: { ...state.services },
    choices: { categories: { ...state.choices.categories }, services: { ...state.choices.services } },
    forced: { ...state.forced },
    age: state.age,
    youthMode: state.youthMode,
    guardianConsent: state.guardianConsent,
    dnt: state.signals.dnt,
    gpc: state.signals.gpc,
    // Origin and path only: a query string may carry search terms or click ids.
    page: typeof location === 'undefined' ? '' : location.origin + location.pathname,
    sdkVersion: extra.version,
    notice: noticeOf(config),
  };
  if (record?.guardianMethod && state.guardianConsent) receipt.guardianMethod = record.guardianMethod;
  if (extra.lang) receipt.lang = extra.lang;
  if (extra.source) receipt.source = extra.source;
  if (record?.decision) receipt.expires = new Date(expiryOf(config, record)).toISOString();
  return receipt;
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
