import type { Ledger } from './reader.js';
import { checksum, createConsentId } from './record.js';
import { MERGED_IDS } from './lists.js';
import { matches } from './natives.js';
import { datedAfter, expiryOf } from './rules.js';
import type { ConsentRecord, ConsentState, DecisionAction, ResolvedConfig } from './types.js';
import { VERSION } from './version.js';
import { parse, stringify } from './json.js';

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
  /**
   * `age` records an age group or youth mode change, `reset` the end of a consent id, `delete-interests` a request to
   * delete interest tags, `merge` the record a page wrote under a new consent id from several that disagreed (their
   * intersection, SPEC §4; since 0.2).
   */
  action: DecisionAction | 'age' | 'reset' | 'delete-interests' | 'merge';
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
  /** What the visitor was shown: the policy version and a short hash of the policy, services and texts (since 0.2). */
  notice?: { policy: string; hash: string };
  /** When the consent cookie written with this decision expires, ISO 8601 (since 0.2; absent for `reset`). */
  expires?: string;
  /**
   * Of a `merge`: the consent ids of the records it was made from, so the log ties the new id to the decisions behind
   * it (since 0.2).
   */
  merged?: string[];
}

/**
 * JSON of plain data, the same text as `JSON.stringify` would give on a page no library has touched. A page's own
 * `toJSON` on `Array.prototype` or `Object.prototype` (Prototype.js 1.6 adds one that returns a string) is not called:
 * with it, a receipt's arrays became strings the log refuses, the outbox a string it no longer read as a list, and
 * the notice hash changed from page to page for one notice.
 */
export function toJson(value: unknown): string | undefined {
  // A primitive's own JSON never calls `toJSON`; a function's would (functions are objects): left out, as by JSON.
  if (typeof value == 'function') return undefined;
  if (!value || typeof value != 'object') return stringify(value);
  const list = Array.isArray(value);
  const keys = Object.keys(value);
  let out = '';
  for (let i = 0; i < (list ? value.length : keys.length); i++) {
    const key = list ? i : keys[i]!;
    const item = toJson((value as Record<string, unknown>)[key]);
    if (item === undefined && !list) continue;
    out += `${out ? ',' : ''}${list ? '' : `${stringify(key)}:`}${item ?? 'null'}`;
  }
  return list ? `[${out}]` : `{${out}}`;
}

/**
 * A short fingerprint of what the visitor was shown (SPEC §7.4; PIPL Art. 17: proof of what was told): the policy
 * version, dates, change summary and links, the categories and services with all each one says of itself, how long the
 * choice is kept, the DNT mode, and the page's own texts. A receipt that carries it can be tied to a notice years
 * later.
 */
export function noticeOf(config: ResolvedConfig): NonNullable<Receipt['notice']> {
  // Everything the 清单 and the 单独同意 dialog show of a service: the cookies it sets, how long it keeps data, how to
  // reach it, and each item of a transfer abroad (PIPL Art. 39).
  const services = config.services.map(s => [s.id, s.preset, s.category, s.name, s.provider, s.purpose, s.data, s.policyUrl, s.cookies.map(String), s.retention, s.contact, s.crossBorder]);
  const categories = config.categories.map(c => [c.id, c.label, c.description, c.tracking, c.minors]);
  // And what the views tell besides the services: an update's dates and change summary (PIPL Art. 14, 17), the policy
  // and children's-rules links, how long the choice is kept (the 清单; the guardian view's storage period, 儿童个人信息
  // 网络保护规定 Art. 10), and whether DNT is honoured (the policy's promise, SPEC §5.2).
  const { policy, cookie } = config;
  return { policy: policy.version, hash: checksum(toJson([categories, services, config.texts, config.operator, policy, cookie.acceptDays, cookie.rejectDays, config.dnt, config.minors])!) };
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
    // Origin and path only: a query string may carry search terms or click ids, and a path segment's parameters a
    // session (a servlet's `;jsessionid=…` where cookies are off), kept for years beside the proof.
    page: typeof location === 'undefined' ? '' : location.origin + location.pathname.replace(/;[^/]*/g, ''),
    sdkVersion: extra.version,
    notice: noticeOf(config),
  };
  if (record?.guardianMethod && state.guardianConsent) receipt.guardianMethod = record.guardianMethod;
  if (extra.lang) receipt.lang = extra.lang;
  if (extra.source) receipt.source = extra.source;
  if (record?.decision) receipt.expires = new Date(expiryOf(config, record)).toISOString();
  if (action == 'merge' && record?.mergedFrom) receipt.merged = record.mergedFrom.slice(0, MERGED_IDS);
  return receipt;
}

/**
 * Whether an endpoint's answer refuses a receipt for good: a 409, the consent log storing another receipt under its id
 * (SPEC §7.6), which no resend and no change on the server can turn. A receipt is the proof of a consent, so any other
 * answer keeps it for the next page view: a 400 may be a body cut off on its way or a proxy's header limit, a 413 a
 * `--max-body` the operator can raise, a 403 or 404 a misrouted endpoint, a 422 a log older than the pages' SDK (a field
 * it does not know yet), and a 408, 429 (RFC 9110 §15.5.9, RFC 6585 §4) or 5xx ask for it again.
 */
export const isFinalRefusal = (status: number): boolean => status == 409;

/**
 * Posts a receipt and settles once the endpoint has answered 2xx, or with the status of an answer that refuses it for
 * good (`isFinalRefusal`; SPEC §7.4). `fetch` with `keepalive` outlives the reload that follows a withdrawal and,
 * unlike a beacon, says whether the receipt arrived; the body is JSON sent as `text/plain`, a CORS-safelisted type, so
 * an endpoint on another origin needs no preflight. A redirect is not followed: after a 301, 302 or 303 the browser
 * asks again with GET, and the log's health check answers that 200 — a receipt lost while it looked delivered. Where
 * `fetch` cannot take it at once (no fetch, or it throws), `sendBeacon` carries it, unconfirmed. A fetch that fails
 * later (no network, the collector refusing this origin, Chromium's keepalive quota spent) or is answered a 5xx, 408 or
 * 429 is not sent again as a beacon: the receipt stays kept and goes with the next page, where a beacon would double
 * every failed request. Any answer's `Retry-After`, read or absent, goes to `wait`. Never throws.
 */
export function sendReceipt(given: string, receipt: Receipt, wait?: (retryAfter: string | null) => void): Promise<number | void> {
  const body = toJson(receipt)!;
  // A relative `receipt.url` is the site's own path: resolved against the page's address, not its `<base href>` (a CDN
  // for its images), where `fetch` would have sent the proof of consent to another site.
  let url = given;
  try {
    url = new URL(given, location.href).href;
  } catch {
    // No page (a worker, a test without one): as given.
  }
  const fallback = (error: unknown) =>
    Promise.reject(typeof navigator != 'undefined' && typeof navigator.sendBeacon == 'function' && navigator.sendBeacon(url, body) ? new Error('sent as a beacon, unconfirmed') : error);
  try {
    // An init without a prototype: WebIDL reads a dictionary's members through the prototype chain, and a page's
    // Object.prototype.headers or .mode (an old query parser) made fetch() reject before any request (SPEC §9).
    return fetch(url, Object.assign(Object.create(null), { method: 'POST', body, keepalive: true, redirect: 'manual' })).then(response => {
      wait?.(response.headers.get('retry-after'));
      if (response.type == 'opaqueredirect') throw new Error('receipt endpoint redirects: give receipt.url its final address');
      if (isFinalRefusal(response.status)) return response.status;
      if (!response.ok) throw new Error(`receipt endpoint answered ${response.status}`);
    });
  } catch (error) {
    return fallback(error);
  }
}

/**
 * A failure's message, never a throw: what rejects may be the page's (its own `fetch` wrapper rejecting with a symbol
 * or an object without a prototype, a `DOMException.prototype.message` getter that throws), in a promise nobody catches.
 */
function why(error: unknown): string {
  try {
    return String((error as Error).message ?? error);
  } catch {
    return 'unknown error';
  }
}

/**
 * Where each receipt waits until its endpoint confirmed it (localStorage: per site, no cookie weight), under a key of
 * its own, the receipt's id after this: two tabs deciding at once each wrote back one shared list as they had read it,
 * and one decision's proof was lost.
 */
const OUTBOX = 'consent-gate:receipt:';
/** The outbox's keys. */
const outboxKeys = () => {
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(OUTBOX)) keys.push(key);
  }
  return keys;
};
/** How many wait at most, and for how long: a lost log must not grow the visitor's storage for ever. */
const KEEP = 20;
const KEEP_DAYS = 30;
/** Beside the outbox: the time before which what it holds is not sent again, in milliseconds since 1970. */
const WAIT = 'consent-gate:receipts-wait';
/**
 * The longest wait taken from a `Retry-After`: a broken or hostile one (a day, a date in 2099) must not hold a site's
 * receipts back for the thirty days they are kept.
 */
const MAX_WAIT = 36e5;

/**
 * When an endpoint's `Retry-After` (RFC 9110 §10.2.3) lets receipts be sent again, at most an hour from `now`; 0 when
 * it asks for no wait or cannot be read, which changes nothing. It is delta-seconds or an HTTP-date: IMF-fixdate or the
 * obsolete RFC 850 form, which both end in "GMT" (`Date.parse` alone would take "5,5" or "1.5" for dates in 2001). The
 * obsolete asctime form, which no server has been allowed to send since RFC 7231, is not read.
 */
export function retryAt(retryAfter: string | null, now: number): number {
  const value = retryAfter || '';
  const at = matches(/^\d+$/, value) ? now + +value * 1e3 : matches(/ GMT$/, value) ? Date.parse(value) : 0;
  return at > now ? Math.min(at, now + MAX_WAIT) : 0;
}

/**
 * Receipts not yet confirmed (SPEC §7.4: proof of consent is never lost to a network hiccup): each is kept before it is
 * sent and dropped once the endpoint answered 2xx or refused it for good; what is left is sent again, with the same id
 * (the log stores it once), on the next page view that is not `waiting()` for the time an endpoint's `Retry-After`
 * asked (`wait`). Bounded: the newest 20, none older than 30 days, and one wait of at most an hour, dropped with the
 * last receipt. Storage denied: nothing is kept, and nothing waits.
 */
export function createOutbox(now: () => number) {
  /** What waits, oldest first; what is no receipt, is too old or is past the newest 20 is dropped here. */
  const read = (): Receipt[] => {
    try {
      const kept: Array<[string, Receipt]> = [];
      for (const key of outboxKeys()) {
        let receipt: Receipt | undefined;
        try {
          receipt = parse(localStorage.getItem(key)!);
        } catch {}
        if (receipt && OUTBOX + receipt.id == key && now() - Date.parse(receipt.time) < KEEP_DAYS * 864e5) kept.push([key, receipt]);
        else localStorage.removeItem(key);
      }
      kept.sort(([, a], [, b]) => Date.parse(a.time) - Date.parse(b.time));
      kept.splice(0, kept.length - KEEP).forEach(([key]) => localStorage.removeItem(key));
      if (!kept.length) localStorage.removeItem(WAIT);
      return kept.map(([, receipt]) => receipt);
    } catch {
      return [];
    }
  };
  // A stored wait that is no number, is past, or ends more than an hour from now (written by hand, or the clock set
  // back) is none.
  const waiting = () => {
    try {
      const at = +localStorage.getItem(WAIT)!;
      return at > now() && at <= now() + MAX_WAIT ? at : 0;
    } catch {
      return 0;
    }
  };
  return {
    pending: read,
    /** Until when resends wait, or 0: they go now. */
    waiting,
    /** Takes an answer's `Retry-After`; of two waits asked for, the longer holds. */
    wait: (retryAfter: string | null) => {
      const at = retryAt(retryAfter, now());
      try {
        if (at > waiting()) localStorage.setItem(WAIT, String(at));
      } catch {
        // Storage full or denied: resends go on every page view, as they would with no Retry-After.
      }
    },
    add(receipt: Receipt) {
      try {
        localStorage.setItem(OUTBOX + receipt.id, toJson(receipt)!);
      } catch {
        // Storage full or denied: the receipt is only sent, not kept.
      }
      read();
    },
    remove(id: string) {
      try {
        localStorage.removeItem(OUTBOX + id);
      } catch {}
      // The last one gone: its wait with it.
      read();
    },
  };
}

/** Posts the receipt of a decision: the state after it, the action, where it came from and the record written. */
export type Receipts = (of: ConsentState, action: Receipt['action'], source?: string, record?: ConsentRecord, after?: number) => void;

/**
 * Makes the receipt of each decision and keeps it in the outbox, where it stays until its endpoint confirmed it: the
 * proof of consent is stored with the decision, whether or not the code that sends it is there (the script tag's
 * `receipt.js` may be slow or missing, SPEC §7.4: receipts never block the UI). Returns the receipt kept.
 */
export function keepReceipts(ledger: Ledger): (...decision: Parameters<Receipts>) => Receipt {
  const outbox = createOutbox(ledger.deps.now);
  return (of, action, source, record, after) => {
    // Dated as the record written is, or after the record it ends (a reset) or acts on (`after`): never before it where
    // the clock was set back since (rules.ts `datedAfter`).
    const now = Math.max(record?.updatedAt ?? 0, datedAfter(after, ledger.deps.now()));
    const body = createReceipt(ledger.config, of, action, { now, version: VERSION, lang: ledger.deps.lang?.(), source, record });
    outbox.add(body);
    return body;
  };
}

/**
 * Sends the receipts kept in the outbox: those waiting (an earlier page's) once, now, unless an endpoint's Retry-After
 * asked to wait; this page's from before this started (`fresh`) and each one kept later as it is handed over. Each is dropped from the outbox once its endpoint confirmed it, a failure told
 * as an `error` event and kept for the next page. A receipt refused for good is dropped, and its id and the status
 * told in the `error` event and the console: proof of consent lost, which the site must hear of even where nothing
 * listens (SPEC §9).
 */
export function sendReceipts(ledger: Ledger, send: typeof sendReceipt = sendReceipt, fresh: Receipt[] = []): (kept: Receipt) => void {
  const url = ledger.config.receipt!.url;
  const outbox = createOutbox(ledger.deps.now);
  // A request the page's own leaving cut off (a reload right after a decision) may well have arrived: it is sent again
  // on the next page (the log keeps one per id), and is no failure to tell.
  let leaving = false;
  globalThis.addEventListener?.('pagehide', () => (leaving = true));
  globalThis.addEventListener?.('pageshow', () => (leaving = false));
  const deliver = (body: Receipt) =>
    send(url, body, outbox.wait).then(
      refused => {
        outbox.remove(body.id!);
        if (!refused) return;
        const message = `the receipt ${body.id} was refused by ${url} with ${refused} (dropped, not sent again)`;
        ledger.deps.warn(`consent-gate: ${message}`);
        ledger.report('receipt', message);
      },
      // Why, in the message: an answer the log gave (a 422 of an older log, a 503) is no network failure to look for.
      error => leaving || ledger.report('receipt', `the receipt was not stored by ${url} (${why(error)}): kept, sent again on the next page`, { error }),
    )
      // Nothing thrown into the page (SPEC §9): the outbox or the report failing with a built-in the page replaced after the
      // SDK started leaves the receipt kept, for the next page.
      .then(undefined, () => {});
  // An endpoint that asked for a wait (a 429 or 503 with Retry-After) gets no resend from any page of the site before it
  // ends: resends of every visitor's every page view are the load that keeps an overloaded or recovering log down.
  if (!outbox.waiting()) {
    const waiting = outbox.pending().filter(kept => !fresh.some(each => each.id == kept.id));
    // Taken for 30 seconds by the page that resends them, as a `Retry-After: 30` would: tabs opened together (a session
    // restored) each sent every receipt waiting, ten tabs posting one receipt five times. One that fails goes again from
    // a page after that.
    if (waiting[0]) outbox.wait('30');
    waiting.forEach(deliver);
  }
  // This page's own receipts (`fresh`: kept before this code arrived) and each one handed over later go at once, even
  // during a wait: each is the proof of a decision (SPEC §7.4), and one request for one act of the visitor is not the
  // herd the wait holds back; if it is not taken, it waits with the rest.
  fresh.forEach(deliver);
  return deliver;
}

/**
 * Receipts kept with each decision and sent by code that may come later (the script tag's `receipt.js`): once `sender`
 * gives it, it sends what was kept meanwhile, then each receipt as it is kept; where it never comes (`sender` gives
 * nothing), the receipts wait in the outbox for a page where it does.
 */
export const keptUntilSent =
  (sender: PromiseLike<typeof sendReceipts | void>) =>
  (ledger: Ledger): Receipts => {
    const keep = keepReceipts(ledger);
    const fresh: Receipt[] = [];
    let deliver: ((kept: Receipt) => void) | undefined;
    sender.then(start => start && (deliver = start(ledger, undefined, fresh))).then(undefined, error =>
      // What failed as the sender started (a built-in the page replaced since): the receipts wait in the outbox.
      ledger.report('receipt', `receipts could not be sent from this page (${error}): kept, sent again on the next page`, { error }),
    );
    return (...decision) => {
      const kept = keep(...decision);
      deliver ? deliver(kept) : fresh.push(kept);
    };
  };

/**
 * The receipts of a page whose config has `receipt` (SPEC §7.4), for the npm entries: each kept, then sent; what an
 * earlier page could not deliver goes again, once, now. The script tag keeps them with the cookie write (`cookie.js`)
 * and sends them from `receipt.js`, loaded beside it only where the config asks for receipts.
 */
export function createReceipts(ledger: Ledger, send: typeof sendReceipt = sendReceipt): Receipts {
  const keep = keepReceipts(ledger);
  const deliver = sendReceipts(ledger, send);
  return (...decision) => deliver(keep(...decision));
}

/** Whether receipts wait to be sent again (the script tag then loads the writer when idle). */
export function hasPendingReceipts(): boolean {
  try {
    return outboxKeys().length > 0;
  } catch {
    return false;
  }
}
