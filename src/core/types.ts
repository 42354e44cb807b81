/**
 * Public domain types of Consent Gate. Everything a host page or the SPA sees is declared here, so the
 * generated `.d.ts` reads as the reference (SPEC §3, §4, §5, §7).
 */
import type { ACTIONS, AGE_GROUPS, AGE_SOURCES, LANGS, VIEWS } from './lists.js';
import type { BannerCatalogue, ViewsCatalogue } from '../i18n/catalogue.js';

/** Age groups of SPEC §5.3 (contract). `child` is under 14, `minor` 14–17, `adult` 18 and over. */
export type AgeGroup = (typeof AGE_GROUPS)[number];

/**
 * A DOM `Event` as the decision functions take it, written without the DOM's types so that a project without them (a
 * server's) reads these declarations: only a real event the browser made counts (`acceptAll(event)`), or React's event
 * around one (its `nativeEvent`).
 */
export interface VisitorEvent {
  readonly isTrusted: boolean;
  readonly type: string;
}

/** How a decision was made; stored in the record and sent in receipts. */
export type DecisionAction = (typeof ACTIONS)[number];

/** Config `dnt` (contract): how the Do Not Track / Global Privacy Control signal is honoured. */
export type DntMode = 'respect' | 'strict' | 'ignore';

/** Languages the built-in copy ships in. */
export type Lang = (typeof LANGS)[number];

/** Views a UI can show (SPEC §7.2 `show(view?)`); `guardian` and `request` are reached from the flows. */
export type ViewName = (typeof VIEWS)[number];

/** Why a category is held off whatever the visitor chooses. */
export type ForcedReason = 'minor' | 'child' | 'youth' | 'dnt';

/** Text in each language; a plain string applies to all. */
export type LocalText = string | Partial<Record<Lang, string>>;

/** A category as configured (SPEC §3): extends or relabels the default set. */
export interface CategoryConfig {
  label?: LocalText;
  description?: LocalText;
  /** Tracking categories obey Do Not Track / GPC. */
  tracking?: boolean;
  /**
   * Whether minors may grant it. `personalization` and `pixel` never (未成年人网络保护条例 Art. 24 forbids
   * automated-decision marketing to minors: `true` there is a config error); a tracking category a site adds
   * defaults to `false` (minors' rules fail closed, SPEC §5.3); `analytics` and non-tracking categories to `true`.
   */
  minors?: boolean;
}

/** A third-party service as configured: a preset id, or an object (SPEC §7.3). */
export type ServiceInput = string | ServiceConfig;

export interface ServiceConfig {
  id: string;
  /** Preset this service is based on (defaults to `id` when such a preset exists). */
  preset?: string;
  category?: string;
  name?: LocalText;
  provider?: LocalText;
  purpose?: LocalText;
  data?: LocalText;
  policyUrl?: string;
  /** Exact cookie names; a string starting with `^` is a pattern; RegExp allowed from JS. */
  cookies?: Array<string | RegExp>;
  storage?: Array<string | RegExp>;
  /**
   * Hosts its requests go to, for the network guard and the scan: `hm.baidu.com`, `*.example.com` (subdomains),
   * `.example.com` (the domain and its subdomains), or a host and a path prefix (`res.wx.qq.com/open/js/`).
   */
  hosts?: string[];
  src?: string;
  /** How to reach the recipient about personal information, shown in the 清单 (PIPL Art. 17). */
  contact?: LocalText;
  /** How long the recipient keeps what it receives, shown in the 清单 beside the cookies (数据条例 Art. 21). */
  retention?: LocalText;
  /** The service sends personal information out of China (SPEC §5.4): what PIPL Art. 39 requires to be told. */
  crossBorder?: CrossBorder;
  [presetOption: string]: unknown;
}

/**
 * A transfer out of China (PIPL Art. 38–39, SPEC §5.4): granted only in its own 单独同意 dialog, which tells all of
 * these; never by "accept all", a category switch or markup naming only the category.
 */
export interface CrossBorder {
  /** Country or region of the recipient. */
  country: LocalText;
  /** The overseas recipient's name. */
  recipient: LocalText;
  /** How to contact it. */
  contact: LocalText;
  purpose: LocalText;
  /** How it processes the data. */
  method: LocalText;
  /** Which personal information is sent. */
  data: LocalText;
  /** How the visitor exercises their rights with the overseas recipient. */
  rights: LocalText;
  /**
   * The recipient's security safeguards and the transfer's risks: the privacy policy promises to tell them with any
   * transfer abroad (its 存储地点: 安全保障措施、安全风险).
   */
  safeguards: LocalText;
  risks: LocalText;
  /** Whether minors (14–17) may consent to it; a child never can. @default false */
  minors?: boolean;
}

/** A service after normalisation: preset merged in, every field present. */
export interface Service {
  id: string;
  /** The preset it is based on, if any. */
  preset?: string;
  category: string;
  name: LocalText;
  provider: LocalText;
  purpose: LocalText;
  data: LocalText;
  policyUrl?: string;
  cookies: RegExp[];
  storage: RegExp[];
  hosts: string[];
  src?: string;
  contact?: LocalText;
  retention?: LocalText;
  /**
   * A transfer abroad (SPEC §5.4). From a preset in the script tag its Art. 39 items arrive with the 清单 text and
   * are merged in by the views (`withDisclosures`); the rules read only whether there is one, and `minors`.
   */
  crossBorder?: Partial<CrossBorder>;
  /** Preset loader, when the vendor has one (e.g. the `_hmt` queue + `hm.js`). @internal */
  loader?: ServiceLoader;
  /** Preset options such as `siteId`. */
  options: Record<string, unknown>;
}

/**
 * The `<script>` element `load()` resolves with; `unknown` to a project compiled without the DOM library (a back end
 * reading the types of `consent-gate/server`, which share this file).
 */
export type LoadedScript = typeof globalThis extends { HTMLScriptElement: { prototype: infer E } } ? E : unknown;

/** `load()` as it is called: either of its two forms (the public type spells them as overloads). */
export type AnyLoad = (target: string | LoadOptions, src?: string, attrs?: Record<string, string>) => Promise<LoadedScript>;

/**
 * Loads a service's vendor code once it is granted: a preset's snippet (the `_hmt` queue, gtag, …) and then its
 * script through `load`, so the gate keeps the order, the once-only rule and the error reporting.
 */
export type ServiceLoader = (
  service: Service,
  load: (src: string, attrs?: Record<string, string>) => Promise<LoadedScript>,
) => Promise<unknown> | void;

/**
 * What the 第三方SDK服务商清单 says of a preset's vendor (SPEC §6.5). The script tag and the npm UI entry load it
 * with the first view that shows it (SPEC §10); `consent-gate/presets` carries it in each preset.
 */
export interface Disclosure {
  name: LocalText;
  provider: LocalText;
  purpose: LocalText;
  data: LocalText;
  policyUrl?: string;
  contact?: LocalText;
  retention?: LocalText;
  /** What the 单独同意 of a transfer abroad tells (PIPL Art. 39), for a preset that makes one. */
  crossBorder?: CrossBorder;
}

/** A preset: the catalogue entry behind a service id (SPEC §6.5). */
export interface Preset extends Partial<Omit<Disclosure, 'crossBorder'>> {
  id: string;
  category: string;
  cookies?: Array<string | RegExp>;
  storage?: Array<string | RegExp>;
  hosts?: string[];
  /**
   * Builds the script URL from preset options; absent when the vendor has no script to load. Its `option`, where set,
   * is the one option the preset takes (the config check refuses any other key).
   */
  src?: ((options: Record<string, unknown>) => string | undefined) & { option?: string };
  loader?: ServiceLoader;
  /** Options the preset requires, e.g. `['siteId']`. */
  required?: string[];
  /**
   * The vendor sends personal information out of China (SPEC §5.4). The script tag's catalogue carries only the
   * rule (`{}`, or `{ minors: true }`); the text comes with the 清单 (`Disclosure.crossBorder`), which the views merge
   * in before they show it; `consent-gate/presets` carries both.
   */
  crossBorder?: Partial<CrossBorder>;
}

/**
 * The keys of the built-in copy (`accept`, `reject`, `settings`, …) and those made from an id (`c.<category>` and
 * `d.<category>` a category's label and description, `a.<age group>`, `f.<reason>`): what `texts` may override. The
 * copy's keys are i18n's data; named here by type only, so that a misspelt key is a compile error.
 */
export type TextKey = keyof BannerCatalogue | keyof ViewsCatalogue | `${'a' | 'c' | 'd' | 'f'}.${string}`;
/** Strings of the built-in copy overridden: `{ accept: '同意' }` for every language, `{ en: { accept: 'OK' } }` for one. */
export type Texts = { [K in TextKey]?: string } & { [L in Lang]?: { [K in TextKey]?: string } };

/** The config a page or the SPA passes in (SPEC §7.3, contract): every key optional, the defaults the ooopic profile. */
export interface ConsentGateConfig {
  /**
   * The privacy policy the consent is given to. A `version` newer than the visitor's record shows the "updated"
   * banner and suspends optional grants until the visitor decides again (versions are ordered: dates, or numbers
   * part by part).
   */
  policy?: {
    /** 1–32 letters, digits, `.`, `_`, `-`. @default '2024-04-23' */
    version?: string;
    /**
     * Shown in the updated banner, `YYYY-MM-DD`. @default the `version` where it is a date; else none is shown (and
     * the console says so)
     */
    updated?: string;
    /** Shown in the updated banner, `YYYY-MM-DD`. @default `updated` */
    effective?: string;
    /** The privacy policy (http or https). @default ooopic's */
    url?: string;
    /** 《儿童个人信息保护规则》 (http or https). @default ooopic's */
    childrenUrl?: string;
    /** The third-party SDK list (第三方 SDK 清单). */
    sdkListUrl?: string;
    /** The change summary the updated banner shows. */
    changes?: LocalText;
  };
  /** Who processes the data and how to reach them (PIPL Art. 17). @default 上海我图网络科技有限公司 */
  operator?: { name?: LocalText; contact?: LocalText };
  /**
   * Relabel the default categories (`necessary`, `analytics`, `personalization`, `pixel`, `share`) or add your own,
   * by id.
   */
  categories?: Record<string, CategoryConfig>;
  /**
   * The third parties: preset ids (`'baidu-tongji'`) or objects (`{ id: 'baidu-tongji', siteId: '…' }`, or a service of
   * your own with `id`, `category` and what the 清单 shows). From npm, pass the presets you use to `createConsentGate`.
   * @default []
   */
  services?: ServiceInput[];
  /** The consent cookie. */
  cookie?: {
    /** @default 'cg_consent' */
    name?: string;
    /** e.g. `.ooopic.com`, or `'auto'` to probe for the broadest domain the browser accepts. @default the host only */
    domain?: string;
    /** Days until a decision that granted something expires, 1–400. @default 365 */
    acceptDays?: number;
    /** Days until a refusal expires (it is not asked again before), 1–400. @default 180 */
    rejectDays?: number;
  };
  /** Do Not Track / Global Privacy Control: `'respect'`, `'strict'` or `'ignore'` (SPEC §5.2). @default 'respect' */
  dnt?: DntMode;
  /** The site's youth-mode page, linked from the minors view. */
  minors?: { youthModeUrl?: string };
  /** `'auto'` reads `<html lang>`, then `navigator.languages`. @default 'auto' */
  lang?: 'auto' | Lang;
  /** Override any built-in string, for every language or for one. */
  texts?: Texts;
  /** `false` for no UI (a UI of your own on the headless entry); the floating button and the theme's `--cg-*` values. */
  ui?: false | { floatingButton?: boolean; theme?: Record<string, string> };
  /** Reload once after a withdrawal, so that trackers already running stop (SPEC §6.3). @default true */
  reloadOnRevoke?: boolean;
  /** Each decision posts a receipt there (the consent log, SPEC §7.4). */
  receipt?: { url: string };
  /** Google Consent Mode v2 signals. @default true when a Google tag (Analytics, Ads) is among the services, else false */
  gcm?: boolean;
  /** Push each change to `window.dataLayer` (or the named array). @default false */
  dataLayer?: boolean | string;
  /**
   * The network guard (SPEC §6.6): holds requests to configured services' hosts made by untagged code until the
   * service is granted. @default true in the script tag; from npm, on when `createConsentGate(config, { guard })` is
   * given `networkGuard` from `consent-gate/guard` (without it, `true` here is an error)
   */
  guard?: boolean;
}

export interface Category {
  id: string;
  label: LocalText;
  description: LocalText;
  tracking: boolean;
  minors: boolean;
  /** Only `necessary` is read-only. */
  readOnly: boolean;
}

/** Config after normalisation and validation: every default filled in. */
export interface ResolvedConfig {
  policy: {
    version: string;
    /** `''` where a version of the page's own has no date. */
    updated: string;
    effective: string;
    url: string;
    childrenUrl: string;
    sdkListUrl?: string;
    changes?: LocalText;
  };
  operator: { name: LocalText; contact: LocalText };
  categories: Category[];
  services: Service[];
  cookie: { name: string; domain?: string; acceptDays: number; rejectDays: number };
  dnt: DntMode;
  minors: { youthModeUrl?: string };
  lang: 'auto' | Lang;
  texts: Record<string, unknown>;
  ui: false | { floatingButton: boolean; theme: Record<string, string> };
  reloadOnRevoke: boolean;
  receipt?: { url: string };
  gcm: boolean;
  dataLayer: false | string;
  /** As configured; the entry decides the default (on in the script tag, off from npm). */
  guard?: boolean;
}

/** What the visitor chose, kept apart from what the rules then allow (SPEC §5.2). */
export interface Choices {
  /** Optional categories the visitor switched on. */
  categories: Record<string, boolean>;
  /** Per-service choices inside granted categories; absent means "as the category". */
  services: Record<string, boolean>;
  /** Tracking categories granted explicitly while a DNT/GPC signal was on (a user-granted exception). */
  exceptions: string[];
}

/** The stored consent record (SPEC §4). */
export interface ConsentRecord extends Choices {
  /**
   * Format version of the encoding: 2 added the expiry, the effective grants and the guardian method; 3 writes the same
   * in fewer bytes (record.ts).
   */
  format: 1 | 2 | 3;
  id: string;
  policy: string;
  /** When the record was last written (ms since epoch). */
  updatedAt: number;
  /** The last decision, absent while only age / youth mode have been recorded. */
  decision?: { at: number; action: DecisionAction };
  age: AgeGroup;
  youthMode: boolean;
  /** When a guardian consented (ms); absent without guardian consent. */
  guardianAt?: number;
  /** How guardian consent was obtained: verified by the site's account, or confirmed in the guardian view (SPEC §5.3). */
  guardianMethod?: 'account' | 'guardian';
  /** When the cookie expires (ms): the decision plus `acceptDays` or `rejectDays` (SPEC §4). */
  expires?: number;
  /**
   * The services `services` grants by their own 单独同意 (PIPL Art. 39, SPEC §5.4: the dialog naming the transfer
   * abroad). A service that sends data abroad is granted by nothing else: a grant of it without this (a record of an
   * earlier build, whose "accept all" granted it, or one made before the site marked it `crossBorder`) is none.
   */
  separate?: string[];
  /**
   * What the page applied when it wrote the record (SPEC §4): the effective categories, and in format 2 records the
   * services held off although their category is effective (format 3 leaves them to `services`, which refuses or omits
   * each of them). A server reads these; the page recomputes them from the choices.
   */
  effective?: { categories: string[]; off?: string[] };
  /** The age group was set from the account (`setAge(…, { source: 'account' })`): the visitor cannot change it. */
  ageFromAccount?: boolean;
  /** Privacy signals when the decision was made. */
  dnt: boolean;
  gpc: boolean;
  /**
   * The consent ids of the copies a record read as their intersection was made from (SPEC §4): named in its `merge`
   * receipt, never written to the cookie.
   */
  mergedFrom?: string[];
}

/** Why the visitor is asked (the banner shows), or `null` when the stored grants apply. */
export type PromptReason = 'first-visit' | 'expired' | 'policy' | 'new-service' | 'guardian' | null;

/** The state a UI renders and `get()` returns. */
export interface ConsentState {
  /** Effective grant per category (after age, DNT and policy rules). */
  readonly categories: Readonly<Record<string, boolean>>;
  /** Effective grant per configured service. */
  readonly services: Readonly<Record<string, boolean>>;
  /** Categories held off by a rule, with the reason. */
  readonly forced: Readonly<Record<string, ForcedReason>>;
  /** What the visitor chose (shown in preferences; may differ from the effective grants). */
  readonly choices: { readonly categories: Readonly<Record<string, boolean>>; readonly services: Readonly<Record<string, boolean>>; readonly exceptions: readonly string[] };
  readonly prompt: PromptReason;
  readonly decided: boolean;
  readonly decision?: { readonly at: number; readonly action: DecisionAction };
  readonly age: AgeGroup;
  /** The age group comes from the account: a visitor's own answer does not change it. */
  readonly ageFromAccount: boolean;
  readonly youthMode: boolean;
  readonly guardianConsent: boolean;
  readonly signals: Readonly<PrivacySignals>;
  /**
   * `false` when cookies are unavailable and choices live in memory only. A cookie the browser drops without an error
   * is found when it is read back, once the page is idle after the decision: a `change` then says `false`.
   */
  readonly persisted: boolean;
  readonly consentId: string;
  readonly policyVersion: string;
  /**
   * Whether the banner is up. The controller owns what is shown (`banner`, `view`, `request`); a UI, the built-in
   * one or a custom one, renders it from `get()` and the `show` / `hide` events.
   */
  readonly banner: boolean;
  /** The modal view open over the page (and over the banner, which stays while a decision is owed), if any. */
  readonly view?: Exclude<ViewName, 'banner'>;
  /** What the open `request` view asks for, or, on the guardian view a child's `request()` opened, will ask next. */
  readonly request?: { readonly category: string; readonly service?: string };
  /**
   * What the network guard held or refused on this page (SPEC §6.6), per service: how many requests, of which kinds,
   * and the first URL.
   */
  readonly held: Readonly<Record<string, Readonly<HeldRequests>>>;
}

/** Requests to one service the network guard held or refused on this page. */
export interface HeldRequests {
  count: number;
  /**
   * `script`, `img` (a `srcset`, a `<picture>`'s source, an image button too), `iframe`, `base`, `object` (`<embed>` too),
   * `media` (video, audio, their sources and tracks), `link`, `html`, `fetch`, `xhr`, `beacon` (also `fetchLater`),
   * `websocket`, `eventsource`, `webtransport`.
   */
  kinds: string[];
  /** The first URL held. */
  url: string;
}

export interface PrivacySignals {
  dnt: boolean;
  gpc: boolean;
}

/** Grants that changed in one step. */
export interface GrantDelta {
  categories: string[];
  services: string[];
  /** Present when the change was read, not made here: another tab, or a page of a sibling subdomain, decided. */
  elsewhere?: true;
}

/**
 * What an `error` event is about: `config` (a refused config), `api` (a call the API refuses), `storage` (the cookie or
 * storage), `receipt` (a receipt refused or kept), `load` (a script that failed), `gate` (gated markup that stays
 * closed), `untagged` (a tracker outside any gate), `trusted-types`, `ui`, `page` (the page's own objects), `queue`
 * (a queued function), `listener` (a listener that threw), `writer`, `loaders`, `mistakes` (a file of the script tag),
 * `internal`.
 */
export type ErrorKind =
  | 'config' | 'api' | 'storage' | 'receipt' | 'load' | 'gate' | 'untagged' | 'trusted-types' | 'ui' | 'page' | 'queue'
  | 'listener' | 'writer' | 'loaders' | 'mistakes' | 'internal';

export interface ErrorDetail {
  kind: ErrorKind;
  message: string;
  service?: string;
  src?: string;
  error?: unknown;
}

/** Event map of `on(event, fn)` (SPEC §7.2). */
export interface ConsentEvents {
  ready: ConsentState;
  change: ConsentState;
  granted: GrantDelta;
  revoked: GrantDelta;
  show: { view: ViewName; category?: string; service?: string };
  hide: { view: ViewName };
  age: { age: AgeGroup; guardianConsent: boolean; youthMode: boolean; source?: AgeSource };
  child: { guardianConsent: boolean; source?: AgeSource };
  /** The network guard held or refused a request (SPEC §6.6). */
  held: { service: string; kind: string; url: string };
  /**
   * The visitor asked, in the preferences, to delete their interest tags (GB/T 35273 §7.5; 数据条例 Art. 42): the back
   * end deletes them for this consent id (a receipt with action `delete-interests` says the same).
   */
  interests: { consentId: string };
  error: ErrorDetail;
}

export interface SaveInput {
  categories?: Record<string, boolean>;
  services?: Record<string, boolean>;
}

/**
 * Where an age group or a guardian's answer came from (SPEC §5.3), passed on in the `age` and `child` events and in
 * receipts: `account` — the site's own records, verified (the visitor cannot change it then); `guardian` — the
 * guardian answered (the guardian view, or the site's own guardian flow); `visitor` — the visitor said so (the
 * minors view).
 */
export type AgeSource = (typeof AGE_SOURCES)[number];

export interface SetAgeOptions {
  guardianConsent?: boolean;
  source?: AgeSource;
}

export interface LoadOptions extends WaitOptions {
  category: string;
  service?: string;
  src: string;
  attrs?: Record<string, string>;
}

/**
 * A wait for a grant given up: the `signal` of an `AbortController` the page aborts (a component unmounted, a route
 * left) rejects the promise with its reason and lets the wait go. Under a refusal or DNT a grant may never come, and
 * each wait of a component mounted again and again stayed, with all it held, for the life of the page. `load()`'s,
 * aborted while the granted script downloads, rejects once it has loaded: the script runs all the same (no browser takes
 * an inserted one back), but the component's `.then` does not.
 */
export interface WaitOptions {
  signal?: AbortSignalLike;
}

/** An `AbortSignal`, as much of it as a wait reads: the types compile without the DOM's too (a server's). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The controller (SPEC §7.2, contract): exactly these names, frozen; every function works unbound. Decision
 * functions return a promise that settles once the decision is applied and stored (in the script tag a call made
 * before the code that writes decisions arrived is queued in order).
 */
export interface ConsentGate {
  readonly version: string;
  /**
   * The resolved config, frozen: categories (ids, `tracking`, `minors`, labels only when the page set them), services
   * (preset merged in, with their 清单 text when the preset carries it), policy, cookie, texts the page set. A custom
   * UI renders from it with `get()`.
   */
  readonly config: ResolvedConfig;
  readonly get: () => ConsentState;
  /**
   * Whether `service` and its `category` are granted now. Without a service: whether the whole category is, i.e.
   * the category and every configured service in it (markup naming no service could be any of them).
   * @example if (consent.granted('analytics', 'baidu-tongji')) …
   */
  readonly granted: (category: string, service?: string) => boolean;
  /**
   * Decisions made by the page's code: the record and the receipt say `api` (SPEC §4), where the SDK's own banner and
   * preferences say `accept-all`, `reject-all`, `save`. A custom UI passes its button's event, being dispatched (a
   * click, a key, a touch, a form sent, a control changed, made by the browser): the decision is then recorded as the
   * visitor's, as the SDK's own buttons record it. A `save()` answering the open contextual dialog stays `contextual`.
   * Never call these on the visitor's behalf.
   * @example button.addEventListener('click', event => consent.acceptAll(event));
   */
  readonly acceptAll: (event?: VisitorEvent) => Promise<void>;
  readonly rejectAll: (event?: VisitorEvent) => Promise<void>;
  readonly save: (choices: SaveInput, event?: VisitorEvent) => Promise<void>;
  /** Opens a view (default `preferences`); `guardian` is the banner's 请监护人确认. The contextual dialog opens from `request()`. */
  readonly show: (view?: Exclude<ViewName, 'request'>) => void;
  readonly hide: () => void;
  readonly setAge: (group: AgeGroup, options?: SetAgeOptions) => Promise<void>;
  readonly setYouthMode: (on: boolean) => Promise<void>;
  /** Asks in context (SPEC §6.4); resolves `true` at once when granted, `false` when refused or impossible. */
  readonly request: (category: string, service?: string) => Promise<boolean>;
  /** Loads a script once its grant exists (`load(category, src, attrs?)` or `load({ category, service, src, attrs })`). */
  readonly load: {
    (category: string, src: string, attrs?: Record<string, string>): Promise<LoadedScript>;
    (options: LoadOptions): Promise<LoadedScript>;
  };
  /** Resolves once the grant exists (at once when it does); `{ signal }` gives the wait up (`WaitOptions`). */
  readonly whenGranted: {
    (category: string, options?: WaitOptions): Promise<void>;
    (category: string, service?: string, options?: WaitOptions): Promise<void>;
  };
  readonly on: <K extends keyof ConsentEvents>(event: K, fn: (detail: ConsentEvents[K]) => void) => () => void;
  readonly reset: () => Promise<void>;
  readonly destroy: () => void;
  /** Runs `fn(controller)` now: the script-tag queue `(window.ConsentGate = window.ConsentGate || []).push(fn)`. */
  readonly push: (fn: (gate: ConsentGate) => void) => void;
}

/**
 * The controller of a script tag whose config is invalid (SPEC §9): the same names, every gate closed, nothing
 * stored or shown, and no `config`.
 */
export interface FailClosedConsentGate extends Omit<ConsentGate, 'config' | 'push'> {
  readonly config?: undefined;
  readonly push: (fn: (gate: FailClosedConsentGate) => void) => void;
}

/** `window.ConsentGate` once the script tag ran. */
export type ScriptConsentGate = ConsentGate | FailClosedConsentGate;
