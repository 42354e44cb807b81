import { decodeRecord } from '../core/record.js';
import { isPlausible, mergeRecords } from '../core/read-records.js';
import { liveChoices, promptReason, type SiteRules } from '../core/rules.js';
import type { AgeGroup, ConsentRecord } from '../core/types.js';
import { CATALOGUE } from '../presets/catalogue.js';

/** What the back end needs to know of the site besides the cookie. */
export interface ReadConsentOptions {
  /**
   * The policy version the site shows now (`policy.version` of its config): a record for an older one grants nothing
   * until the visitor decides again. Required: without it no record could be told current.
   */
  policyVersion: string;
  /** The consent cookie's name. @default 'cg_consent' */
  name?: string;
  /** The site's `cookie.acceptDays` / `cookie.rejectDays` (SPEC §4). @default 365 / 180 */
  acceptDays?: number;
  rejectDays?: number;
  /** The site's tracking categories (SPEC §3). @default ['analytics', 'personalization', 'pixel'] */
  tracking?: string[];
  /**
   * The site's other categories minors may not have (SPEC §5.3): those whose config resolves to `minors: false` — a
   * category with `tracking: true` that does not say `minors: true`, or one that says `minors: false`. Off for a minor,
   * a child or youth mode whatever a record carries, as the page holds them off. `personalization` and `pixel` are off
   * for them in any case (no config may let minors have them). @default []
   */
  notForMinors?: string[];
  /** The site's `dnt` mode (SPEC §5.2). @default 'respect' */
  dnt?: 'respect' | 'strict' | 'ignore';
  /** Now, in ms (a finite number: anything else is a TypeError). @default Date.now() */
  now?: number;
  /**
   * The site's `services`, as in its config: preset ids (`'baidu-tongji'`) and objects with an `id` and a `category`
   * (or a `preset`), and a `crossBorder` where the service sends data abroad; other keys are ignored. With it
   * `granted(category)` answers as the page's `granted()` does: the category, and every service of it granted. Without
   * it the server does not know which services a category has, and `granted(category)` says whether the category is
   * effective only; which services send data abroad, it then knows from the catalogue's presets only.
   */
  services?: ReadonlyArray<string | { id: string; category?: string; preset?: string; crossBorder?: unknown }>;
}

/** What the cookie allows on this request. */
export interface ConsentReading {
  /**
   * The visitor has decided, as the page's `get().decided` says: a decision was found, current, for this policy, not
   * awaiting a guardian, and not only an allow in context (one share allowed from its dialog: the banner still asks,
   * while `categories` and `granted()` carry what that allow granted).
   */
  decided: boolean;
  /** The visitor's consent id, when every record the request carries names the same one. */
  consentId?: string;
  /** The strictest age group any of the request's records describes. */
  age?: AgeGroup;
  /** Effective categories for this request: `necessary`, and what the visitor granted that the rules let through. */
  categories: string[];
  /** Whether a category, or a service of it, may run for this request. */
  granted(category: string, service?: string): boolean;
  /** The request's own privacy signals (the `DNT` and `Sec-GPC` headers). */
  signals: { dnt: boolean; gpc: boolean };
}

type HeaderValue = string | readonly string[] | undefined;
/**
 * A fetch `Headers`, as far as it is read: by its shape, so that the types compile where there is no global `Headers`
 * (an edge runtime's project on `lib: ["es2022"]`, which this entry serves).
 */
interface HeadersLike {
  get(name: string): string | null;
}
/** Node's `req.headers`, a fetch `Headers`, a plain object, or the request itself (its `headers` are read). */
type HeaderSource = HeadersLike | Record<string, HeaderValue> | { headers: HeadersLike | Record<string, HeaderValue> } | null | undefined;

function headerValues(source: HeaderSource, name: string): string[] {
  if (!source || typeof source != 'object') return [];
  // A request given where its headers were meant (Node's IncomingMessage, a fetch Request): its headers.
  const inner = (source as { headers?: unknown }).headers;
  const headers = inner && typeof inner == 'object' ? (inner as HeadersLike | Record<string, HeaderValue>) : (source as HeadersLike | Record<string, HeaderValue>);
  // Every key of a plain object that names it, whatever its case: a gateway that keeps the case it received may pass
  // `{ DNT: '0', dnt: '1' }`, where the first alone read the signal off (fail open).
  const found: HeaderValue[] =
    typeof (headers as HeadersLike).get == 'function'
      ? [(headers as HeadersLike).get(name) ?? undefined]
      : Object.entries(headers as Record<string, HeaderValue>).filter(([key]) => key.toLowerCase() == name).map(([, value]) => value);
  // A header sent twice arrives joined (`1, 1`: Node and fetch alike) or as an array: every value counts.
  return found
    .flatMap(value => (typeof value == 'string' ? [value] : Array.isArray(value) ? value : []))
    .flatMap(value => String(value).split(','))
    .map(value => value.trim());
}

/**
 * The server's reading rule for the consent cookie (SPEC §4): the browser's own, as a pure function a back end can
 * call or port, from the `Cookie` header and the request's headers to what may run for this request.
 *
 * 1. Every `cg_consent` value is decoded; one that fails its checks, or that no Consent Gate could have written (dated
 *    more than a day ahead), counts as absent. One set to expire later than its decision plus `acceptDays` /
 *    `rejectDays` (written before the site shortened them, or by a sibling with longer ones) expires by those days.
 * 2. Several records (copies on other domain levels or paths, one tossed by a sibling subdomain) are read as one, as
 *    the page reads them: the grants all of them give, the strictest person any describes, the oldest policy, the
 *    soonest decision. A record can take grants away this way, never add them — an expired or outdated copy, or one
 *    without a decision, leaves no decision at all.
 * 3. That record's choices apply when the page would apply them: a decision, not expired, for this policy version or
 *    a newer one, and not a child's awaiting a guardian.
 * 4. The effective categories are each record's `e` (what its page applied: after Do Not Track, the minors' rules and
 *    a pending policy update), `c` where `e` is absent. A service is granted where `s` grants it (and, in a format 2
 *    record, `eo` does not hold it off); one that sends data abroad (`crossBorder` in `services`, or a preset of the
 *    catalogue that does), only where `b` names it too: its own 单独同意. For a minor, a child or youth mode,
 *    `personalization`, `pixel` and `notForMinors` are off whatever `e` says.
 * 5. The request's own `DNT: 1` or `Sec-GPC: 1` holds the tracking categories off (`dnt: 'respect'`: except those the
 *    visitor granted as exceptions, `x`; `'strict'`: all of them; `'ignore'`: none).
 */
export function readConsent(cookieHeader: string | readonly string[] | null | undefined, headers: HeaderSource, given: ReadConsentOptions): ConsentReading {
  // Own properties only, as the page's config is read (SPEC §9): a polluted Object.prototype on the server (`dnt:
  // 'ignore'` through an old query parser's `__proto__`) would otherwise read every request's DNT as granting.
  const options: ReadConsentOptions = Object.assign(Object.create(null), given);
  if (typeof options?.policyVersion != 'string' || !options.policyVersion) {
    throw new TypeError(
      `readConsent: options.policyVersion must be the policy version the site shows now (its config's policy.version, e.g. "2024-04-23"), got ${JSON.stringify(options?.policyVersion) ?? 'undefined'}`,
    );
  }
  // A NaN now (Date.parse of a missing header) makes every expiry and "dated ahead" comparison false, and an expired
  // record would grant: refused, as the policy version is, rather than read open.
  const now = options.now ?? Date.now();
  if (typeof now != 'number' || !Number.isFinite(now)) {
    const shown = typeof now == 'number' ? String(now) : typeof now == 'string' ? JSON.stringify(now) : `a${typeof now == 'object' ? 'n' : ''} ${typeof now}`;
    throw new TypeError(`readConsent: options.now must be a time in milliseconds such as Date.now(), got ${shown}`);
  }
  // The other options come from a back end's own settings, often JavaScript reading an environment: a wrong one read
  // more open than the page (`dnt: 'Strict'` as 'respect', `tracking: 'analytics'` a string whose includes() let
  // personalization and pixel through, `notForMinors: 'heatmap'` spread into letters). Refused, naming the option, as
  // the page's config is.
  const check = (key: keyof ReadConsentOptions, isValid: (value: unknown) => boolean, expected: string) => {
    const value = options[key];
    if (value !== undefined && !isValid(value)) {
      const shown = typeof value == 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : value && typeof value == 'object' ? 'an object' : String(value);
      throw new TypeError(`readConsent: options.${key} must be ${expected}, got ${shown}`);
    }
  };
  const ids = (value: unknown) => Array.isArray(value) && value.every(id => typeof id == 'string');
  const days = (value: unknown) => typeof value == 'number' && value >= 1 && value <= 400;
  check('name', value => typeof value == 'string' && value != '', `the consent cookie's name (its config's cookie.name)`);
  check('acceptDays', days, 'a number of days from 1 to 400');
  check('rejectDays', days, 'a number of days from 1 to 400');
  check('tracking', ids, 'an array of category ids');
  check('notForMinors', ids, 'an array of category ids');
  check('dnt', value => value == 'respect' || value == 'strict' || value == 'ignore', `'respect', 'strict' or 'ignore'`);
  check('services', value => Array.isArray(value), `the site's config.services, an array`);
  const siteServices = options.services && options.services.map(serviceCategory);
  const name = options.name ?? 'cg_consent';
  const signals = { dnt: headerValues(headers, 'dnt').includes('1'), gpc: headerValues(headers, 'sec-gpc').includes('1') };
  // The site's rules as far as the back end knows them: it lists no services, so none is new to it (a service
  // missing from a record is off anyway, below).
  const site: SiteRules = {
    cookie: { acceptDays: options.acceptDays ?? 365, rejectDays: options.rejectDays ?? 180 },
    policy: { version: options.policyVersion },
    services: [],
  };
  const values = (typeof cookieHeader == 'string' ? [cookieHeader] : Array.isArray(cookieHeader) ? cookieHeader : [])
    .flatMap(line => String(line).split(';'))
    .map(pair => pair.trim())
    .filter(pair => pair.slice(0, pair.indexOf('=')) == name)
    .map(pair => {
      const value = pair.slice(pair.indexOf('=') + 1);
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    });
  // The page's own reading (`readRecords`): copies that agree are the newest of them (an expired copy beside its
  // renewal is no refusal), copies that disagree their intersection, each copy counting below.
  // One of each value: the same copy twice (one header line per cookie path) is one copy, and a header stuffed with
  // copies costs what its distinct values do.
  const distinct = [...new Set(values)];
  const records = distinct.map(decodeRecord).filter((record): record is ConsentRecord => record !== undefined && isPlausible(record, now));
  const { record: merged } = mergeRecords(records);
  // Every copy counts, also copies of one decision: one without the restrictions another carries (`e`, `eo`: a copy
  // tossed by a sibling, or one written before a rule applied) must not lift them, and the page recomputes them anyway.
  const prompt = merged && promptReason(site, merged, now);
  const live = merged && liveChoices(merged, prompt!) ? records : [];
  const tracking = options.tracking ?? ['analytics', 'personalization', 'pixel'];
  const signal = options.dnt != 'ignore' && (signals.dnt || signals.gpc);
  const young = !!merged && (merged.age == 'minor' || merged.age == 'child' || merged.youthMode);
  const notForMinors = ['personalization', 'pixel', ...(options.notForMinors ?? [])];
  const effective = (record: ConsentRecord) =>
    (record.effective?.categories ?? Object.keys(record.categories).filter(id => record.categories[id])).filter(
      id =>
        !(signal && tracking.includes(id) && (options.dnt == 'strict' || !record.exceptions.includes(id))) &&
        !(young && notForMinors.includes(id)),
    );
  // What the page forces off whatever a record grants (SPEC §5.3): a child without a guardian's consent — also one a
  // merge left without it — has no optional category. For a minor, a child or youth mode, `notForMinors` are off
  // (above) and what else remains depends on the site's categories, which only a record's own `e` carries: with a
  // record without one (format 1), nothing optional.
  const forced =
    !!merged && ((merged.age == 'child' && merged.guardianAt === undefined) || (young && live.some(record => !record.effective)));
  // Each record's categories worked out once: per category and record, a header of many copies cost their square.
  const each = live.map(record => new Set(effective(record)));
  const categories = live.length && !forced ? [...each[0]!].filter(id => each.every(set => set.has(id))) : [];
  // A transfer abroad only by its own 单独同意, as on the page (SPEC §5.4, record.ts `b`): the site's services say which
  // services send data abroad, the catalogue where it lists none.
  const abroad = (service: string) => (siteServices ? siteServices.some(([id, , far]) => id == service && far) : !!CATALOGUE[service]?.crossBorder);
  const services = (service: string) =>
    live.every(record => record.services[service] === true && !record.effective?.off?.includes(service) && (!abroad(service) || !!record.separate?.includes(service)));
  return {
    // As the page's `decided` (state.ts): an allow made only in context grants what it named, but the first-visit
    // banner still asks, so the visitor has not decided.
    decided: live.length > 0 && (prompt === null || prompt === 'new-service'),
    // Also where the choices do not apply (an age group recorded alone, a child awaiting the guardian, an expired or
    // outdated decision): the id is the visitor's all the same, under which the page posted its receipts.
    consentId: records.length && records.every(record => record.id == records[0]!.id) ? records[0]!.id : undefined,
    age: merged?.age,
    categories: ['necessary', ...categories],
    // With the site's services, the page's rule (state.ts `isGranted`): a whole category needs each of its services,
    // a service needs to be one of the category. `necessary` is always granted, a service in it only where the site's
    // services say it is one: `granted('necessary', 'baidu-ocpc')` (a wrong or default category in the back end's code)
    // granted a pixel nobody allowed.
    granted: (category, service) =>
      category == 'necessary' ? service === undefined || !!siteServices?.some(([id, of]) => id == service && of == category) :
      (categories.includes(category) &&
        (service === undefined
          ? !siteServices || siteServices.every(([id, of]) => of != category || services(id))
          : services(service) && (!siteServices || siteServices.some(([id, of]) => id == service && of == category)))),
    signals,
  };
}

/**
 * A service of the site's config as `[id, category, abroad]`; a preset's category and `crossBorder` are the catalogue's
 * unless it says its own.
 */
function serviceCategory(entry: unknown, index: number): [string, string, boolean] {
  const path = `readConsent: options.services[${index}]`;
  const known = (id: unknown) => typeof id == 'string' && Object.prototype.hasOwnProperty.call(CATALOGUE, id);
  const words = `a preset id (${Object.keys(CATALOGUE).slice(0, 3).join(', ')}, …) or { id, category }`;
  if (typeof entry == 'string') {
    if (known(entry)) return [entry, CATALOGUE[entry]!.category, !!CATALOGUE[entry]!.crossBorder];
    throw new TypeError(`${path} must be ${words}, got ${JSON.stringify(entry)}: it is no preset of consent-gate/presets`);
  }
  const { id, category, preset, crossBorder } = Object.assign(Object.create(null), entry && typeof entry == 'object' ? entry : {}) as Record<string, unknown>;
  const from = known(preset ?? id) ? CATALOGUE[(preset ?? id) as string] : undefined;
  const of = category ?? from?.category;
  if (typeof id != 'string' || !id || typeof of != 'string' || !of) {
    const shown =
      !entry || typeof entry != 'object'
        ? String(entry)
        : Array.isArray(entry)
          ? 'an array'
          : typeof id != 'string' || !id
            ? 'an object without an id'
            : `${JSON.stringify(id)} without a category (and no preset of that name)`;
    throw new TypeError(`${path} must be ${words}, got ${shown}`);
  }
  return [id, of, !!(crossBorder ?? from?.crossBorder)];
}
