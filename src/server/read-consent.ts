import { decodeRecord } from '../core/record.js';
import { comparePolicy } from '../core/rules.js';
import type { AgeGroup, ConsentRecord } from '../core/types.js';

/** What the back end needs to know of the site besides the cookie. Every key is optional. */
export interface ReadConsentOptions {
  /** The consent cookie's name. @default 'cg_consent' */
  name?: string;
  /** The policy version the site shows now: a record for an older one grants nothing until the visitor decides again. */
  policyVersion?: string;
  /** The site's `cookie.acceptDays` / `cookie.rejectDays`, for records written before 0.2 (no expiry in them). */
  acceptDays?: number;
  rejectDays?: number;
  /** The site's tracking categories (SPEC §3). @default ['analytics', 'personalization', 'pixel'] */
  tracking?: string[];
  /** The site's `dnt` mode (SPEC §5.2). @default 'respect' */
  dnt?: 'respect' | 'strict' | 'ignore';
  /** Now, in ms. @default Date.now() */
  now?: number;
}

/** What the cookie allows on this request. */
export interface ConsentReading {
  /** A current decision was found (not missing, damaged, expired or for an older policy). */
  decided: boolean;
  consentId?: string;
  age?: AgeGroup;
  /** Effective categories for this request: `necessary`, and what the visitor granted that the rules let through. */
  categories: string[];
  /** Whether a category, or a service of it, may run for this request. */
  granted(category: string, service?: string): boolean;
  /** The request's own privacy signals (the `DNT` and `Sec-GPC` headers). */
  signals: { dnt: boolean; gpc: boolean };
}

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;
const DAY = 86_400_000;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() == name)?.[1];
  return Array.isArray(found) ? found[0] : found;
}

/**
 * The server's reading rule for the consent cookie (SPEC §4), as a pure function a back end can call or port: from
 * the `Cookie` header and the request's headers to what may run for this request.
 *
 * 1. Every `cg_consent` value is decoded; one that fails its checks counts as absent.
 * 2. A record is current when it holds a decision, that decision is not dated more than a day ahead, it has not
 *    expired (its `ex`, or for older records the decision plus `acceptDays` / `rejectDays`), its expiry is no later
 *    than the decision plus those days, and its policy version is not older than the site's.
 * 3. Several current records (copies on other domain levels or paths, one tossed by a sibling subdomain) are
 *    intersected: a category or service is granted only if every copy grants it.
 * 4. The effective categories are the record's `e` (what the page applied: after Do Not Track, the minors' rules and a
 *    pending policy update), `c` where `e` is absent; `eo` lists services held off inside them.
 * 5. The request's own `DNT: 1` or `Sec-GPC: 1` holds the tracking categories off (`dnt: 'respect'`: except those the
 *    visitor granted as exceptions, `x`; `'strict'`: all of them; `'ignore'`: none).
 */
export function readConsent(cookieHeader: string | null | undefined, headers?: HeaderSource, options: ReadConsentOptions = {}): ConsentReading {
  const name = options.name ?? 'cg_consent';
  const now = options.now ?? Date.now();
  const signals = { dnt: header(headers, 'dnt') == '1', gpc: header(headers, 'sec-gpc') == '1' };
  const values = (cookieHeader ?? '')
    .split(/;\s*/)
    .filter(pair => pair.slice(0, pair.indexOf('=')) == name)
    .map(pair => {
      const value = pair.slice(pair.indexOf('=') + 1);
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    });
  const current = values.map(decodeRecord).filter((record): record is ConsentRecord => {
    if (!record?.decision || record.decision.at > now + DAY) return false;
    const granting = Object.values(record.categories).some(Boolean);
    const lasts = (granting ? options.acceptDays ?? 365 : options.rejectDays ?? 180) * DAY;
    const expires = record.expires ?? record.decision.at + lasts;
    if (now >= expires || expires > record.decision.at + lasts) return false;
    return !options.policyVersion || comparePolicy(record.policy, options.policyVersion) >= 0;
  });
  const tracking = options.tracking ?? ['analytics', 'personalization', 'pixel'];
  const signal = options.dnt != 'ignore' && (signals.dnt || signals.gpc);
  const effective = (record: ConsentRecord) =>
    (record.effective?.categories ?? Object.keys(record.categories).filter(id => record.categories[id])).filter(
      id => !(signal && tracking.includes(id) && (options.dnt == 'strict' || !record.exceptions.includes(id))),
    );
  const categories = current.length ? effective(current[0]!).filter(id => current.every(record => effective(record).includes(id))) : [];
  const services = (service: string) => current.every(record => record.services[service] === true && !record.effective?.off.includes(service));
  return {
    decided: current.length > 0,
    consentId: current.length == 1 ? current[0]!.id : undefined,
    age: current[0]?.age,
    categories: ['necessary', ...categories],
    granted: (category, service) => category == 'necessary' || (categories.includes(category) && (!service || services(service))),
    signals,
  };
}
