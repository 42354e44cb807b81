import { ACTIONS, AGE_GROUPS, AGE_SOURCES } from './lists.js';
import { any, has, only } from './natives.js';
import { hasSignal } from './privacy-signals.js';
import { anyGranted, comparePolicy, crossBorderReason, datedAfter, forcedReason, suspendedByDnt, type Person } from './rules.js';
import type {
  AgeGroup,
  Choices,
  ConsentRecord,
  ConsentState,
  DecisionAction,
  PrivacySignals,
  ResolvedConfig,
  SaveInput,
  SetAgeOptions,
} from './types.js';
import { stringify } from './json.js';

/*
 * Decisions as pure functions: from the record and state in force, what the visitor (or the page) asked for, and
 * the signals and time, the next record — or "the guardian decides". The controller stores, tells and receipts
 * what these return; the rules they follow are tested through the controller (test/core/controller.test.ts, compliance.test.ts,
 * rules-held.test.ts).
 */

/** Everything a decision is made from. */
export interface DecisionContext {
  config: ResolvedConfig;
  /** The stored record, live or stale. */
  record: ConsentRecord | undefined;
  state: ConsentState;
  signals: PrivacySignals;
  now: number;
  /** When the decision being applied was made, where that was before now (it waited for its code). */
  made?: number;
  /** The guardian confirmed in the guardian view, and the views have not closed since: they decide now. */
  guardianHere: boolean;
}

/**
 * Whether a `save()` names just what the open contextual dialog asks (SPEC §6.4): a custom UI answers its own dialog,
 * a 单独同意 included, with `save()`, and that is the dialog's allow (`contextual`: the first-visit banner keeps asking,
 * a refusal in force stays), not a decision about everything.
 */
export function answersRequest(state: ConsentState, input: SaveInput): boolean {
  const open = state.view === 'request' && state.request;
  const only = (map: Record<string, boolean> | undefined, id?: string) => {
    const keys = Object.keys(map ?? {});
    return id ? keys.length === 1 && keys[0] === id && map![id] === true : !keys.length;
  };
  return !!open && (open.service ? only(input.services, open.service) && only(input.categories) : only(input.categories, open.category) && only(input.services));
}

/** What a decision comes to: a record to store, or the guardian's view to open first (`'guardian'`), or nothing. */
export type Outcome = ConsentRecord | 'guardian' | undefined;

const emptyChoices = (): Choices => ({ categories: Object.create(null), services: Object.create(null), exceptions: [] });

/** The person behind the state. */
export const personOf = (state: ConsentState): Person => ({ age: state.age, youthMode: state.youthMode, guardianConsent: state.guardianConsent });

/**
 * A new record for this person, without choices. It keeps a newer policy version the visitor already agreed to on
 * another page (a staged rollout: SPEC §5.1), so that a page carrying the older one never brings the prompt back.
 * Agreed to: a record that grants nothing carries no version forward. A refusal a sibling subdomain tossed onto the
 * parent domain with a far-off version (`p=9999-12-31`) had kept every later policy's banner away once the visitor
 * accepted (SPEC §4: a forged record adds nothing).
 */
function baseRecord({ config, record, state, signals, now }: DecisionContext): ConsentRecord {
  const policy = record && anyGranted(record) && comparePolicy(record.policy, config.policy.version) > 0 ? record.policy : config.policy.version;
  return {
    format: 1,
    id: state.consentId,
    policy,
    updatedAt: datedAfter(record?.updatedAt, now),
    age: state.age,
    ageFromAccount: state.ageFromAccount || undefined,
    youthMode: state.youthMode,
    guardianAt: record?.guardianAt,
    guardianMethod: record?.guardianAt !== undefined ? record.guardianMethod : undefined,
    // Its own, though undefined until written or decided: an inherited `Object.prototype.expires` (an old query parser)
    // made every decision expired as it was made (rules.ts), and nothing was applied; an inherited `.decision` refused
    // a child's "under 14".
    expires: undefined,
    decision: undefined,
    separate: undefined,
    dnt: signals.dnt,
    gpc: signals.gpc,
    ...emptyChoices(),
  };
}

/**
 * The record of a decision (SPEC §5): what minors may not grant stays off; under DNT only explicit grants count, and
 * a grant the signal suspends is kept, not deleted (SPEC §5.2); a service the visitor was never asked about is
 * granted only by accept-all or by switching its category on now (a new recipient needs new consent, PIPL Art. 23).
 * A child decides nothing alone: a grant goes to the guardian's view instead (PIPL Art. 31), and with guardian
 * consent on file a decision granting more than the stored choices does too (儿童个人信息网络保护规定 Art. 14),
 * unless the guardian confirmed there on this page. Refusing needs nobody. `action` is what was asked for, `recorded`
 * how the record says it was made (`api` for the page's code: SPEC §4).
 */
export function decide(context: DecisionContext, input: SaveInput, action: DecisionAction, recorded: DecisionAction = action): Outcome {
  const { config, state, signals } = context;
  const who = personOf(state);
  // Refusing needs nobody: a save that grants nothing is a child's refusal as "reject all" is.
  const grantsSome = () => any([input.categories, input.services], map => map && any(Object.values(map), on => on === true));
  if (who.age === 'child' && !who.guardianConsent && action !== 'reject-all' && action !== 'guardian' && (action !== 'save' || grantsSome())) {
    return action === 'contextual' ? undefined : 'guardian';
  }
  const base = state.choices;
  const next = baseRecord(context);
  // An allow in context after a decision in force (a refusal, a saved choice) adds to it, and that decision stays the
  // record's: otherwise the banner came back on every page (SPEC §4: no nagging), as after a first visit's allow.
  const earlier = context.record?.decision;
  // Dated when the visitor made it (a click while its code was on its way), never after the record (SPEC §4: `t`).
  next.decision =
    action === 'contextual' && earlier && earlier.action !== 'contextual' && state.decided
      ? earlier
      : { at: (context.made ?? Infinity) < next.updatedAt ? context.made! : next.updatedAt, action: recorded };
  const asked: Record<string, boolean | undefined> = Object.assign(Object.create(null), input.categories);
  const services: Record<string, boolean> = Object.assign(Object.create(null), input.services);
  // A service granted on its own brings its category along; a category switched on this way brings only that
  // service (contextual consent).
  for (const id of Object.keys(services)) {
    const service = only(config.services, s => s.id === id)[0];
    if (!services[id] || !service || asked[service.category] !== undefined) continue;
    asked[service.category] = true;
    if (base.categories[service.category]) continue;
    for (const other of config.services) {
      if (other.category === service.category && !(other.id in services)) services[other.id] = false;
    }
  }
  for (const c of config.categories) {
    if (c.readOnly) continue;
    const wanted = asked[c.id];
    const had = base.categories[c.id] === true;
    let on = wanted ?? had;
    let exception = on && has(base.exceptions, c.id);
    if (suspendedByDnt(c, config.dnt, signals)) {
      if (action === 'accept-all') on = had;
      else if (wanted === true) exception = true;
    } else if (!hasSignal(signals)) exception = false;
    const reason = forcedReason(c, who, config.dnt, signals);
    // DNT `strict` locks the category while the signal is on; what the visitor chose before stays stored.
    if (reason === 'dnt') (on = had), (exception = had && has(base.exceptions, c.id));
    else if (reason) on = exception = false;
    if (on) next.categories[c.id] = true;
    if (on && exception) next.exceptions.push(c.id);
  }
  /** The services granted by a 单独同意: those of the record that stay granted, and each given now. */
  // Asked of no `Set` of the page's: one whose `has` answered `true` kept an earlier build's grant of a transfer abroad.
  const agreed = context.record?.separate;
  const given: Record<string, boolean> = Object.create(null);
  for (const s of config.services) {
    if (s.category === 'necessary' || !next.categories[s.category]) continue;
    if (s.crossBorder) {
      // A transfer out of China is granted only by its own 单独同意 (PIPL Art. 39, SPEC §5.4): the contextual dialog
      // naming it (a custom UI's `save()` answering that open dialog is its allow: `answersRequest`). Accept-all, a
      // category switched on, or markup naming only the category never grant it; an earlier separate consent stands
      // until turned off.
      const separately = action === 'contextual' && services[s.id] === true;
      if (separately) given[s.id] = true;
      // An earlier one stands while its category stayed on (one kept through a refusal of the category made on a page
      // that does not list the service does not come back with the category). A grant without its 单独同意 (an earlier
      // build's "accept all") is none, and goes.
      next.services[s.id] =
        !crossBorderReason(s, who) &&
        (separately || (services[s.id] !== false && base.categories[s.category] === true && base.services[s.id] === true && has(agreed, s.id)));
      continue;
    }
    // Accept-all, a category switched on now, or a whole category allowed in context: its services come along.
    const fresh = action === 'accept-all' || !base.categories[s.category] || (action === 'contextual' && input.categories?.[s.category] === true);
    next.services[s.id] = services[s.id] ?? (fresh || base.services[s.id] === true);
  }
  keepOthers(config, base, next, action);
  next.separate = Object.keys(next.services).filter(id => next.services[id] && (given[id] || has(agreed, id)));
  // A refusal keeps the newer policy version of the record it replaces (a tab of the older policy left open, refusing
  // again after the visitor refused the newer one): written with the older one, every page of the newer policy asked
  // again (SPEC §4: a refusal is not asked again, §5.1). It grants nothing, so a forged far-off version gains nothing.
  if (!anyGranted(next) && context.record && comparePolicy(context.record.policy, next.policy) > 0) next.policy = context.record.policy;
  const widens = (now: Record<string, boolean>, before: Record<string, boolean>) => any(Object.keys(now), id => now[id] && !before[id]);
  if (who.age === 'child' && action !== 'guardian' && !context.guardianHere && (widens(next.categories, base.categories) || widens(next.services, base.services))) {
    return 'guardian';
  }
  return next;
}

/**
 * The choices about services this page does not list, kept from the record: subdomains share one record (SPEC §4)
 * and each lists its own services, so a decision on `m.` must not erase what the visitor chose on `www.` (its page
 * would ask again for a service the visitor had granted). A category still applies to them (a refusal here reaches
 * them there). A grant of theirs is kept only when this decision switches no category on: a category switched on
 * brings the services this page showed, never a recipient the visitor was not shown here (PIPL Art. 23), and their
 * page asks for it. A grant kept while its category was off is no grant there (below: a 单独同意 stands only while its
 * category does). What would not fit the cookie's 600 characters (record.ts) is left out, not the whole record.
 * A category this page does not configure (a site's own, on www. only) keeps its grant and DNT exception the same way:
 * nothing here asked about it, as far as the cookie's 400 characters of categories go. Only "reject all" refuses it too.
 */
function keepOthers(config: ResolvedConfig, before: ConsentState['choices'], next: ConsentRecord, action: DecisionAction) {
  // The `c` field's length, ids in full (record.ts writes some shorter): past its 400 characters the whole record would
  // be refused as it is read, the choice lost and asked for on every page (a site that renamed its categories twice).
  let size = Object.keys(next.categories).reduce((sum, id) => sum + id.length + 1, 0);
  for (const id of Object.keys(before.categories)) {
    if (action != 'reject-all' && !listed(config.categories, id) && size + id.length < 401) {
      size += id.length + 1;
      (next.categories[id] = true), has(before.exceptions, id) && next.exceptions.push(id);
    }
  }
  const widened = any(Object.keys(next.categories), id => !before.categories[id]);
  // The `s` field's length: each id, its `!` when refused, a separator.
  let length = Object.keys(next.services).reduce((sum, id) => sum + id.length + (next.services[id] ? 1 : 2), 0);
  for (const id of Object.keys(before.services)) {
    const choice = before.services[id]!;
    const size = id.length + (choice ? 1 : 2);
    if (listed(config.services, id) || (choice && widened) || length + size > 601) continue;
    next.services[id] = choice;
    length += size;
  }
}

/** Every optional category on, with every service: what "accept all" asks for (the rules then filter it). */
export function everything(config: ResolvedConfig): SaveInput {
  const categories: Record<string, boolean> = Object.create(null);
  const services: Record<string, boolean> = Object.create(null);
  for (const c of config.categories) if (!c.readOnly) categories[c.id] = true;
  for (const s of config.services) services[s.id] = true;
  return { categories, services };
}

/** Every optional category off: "reject all". */
export function nothing(config: ResolvedConfig): SaveInput {
  const categories: Record<string, boolean> = Object.create(null);
  for (const c of config.categories) categories[c.id] = false;
  return { categories, services: Object.create(null) };
}

/**
 * Whether `list` has an entry `id`, asked without the page's `Array.prototype.some` (`any`): one answering nothing made
 * every id of the preferences' save unknown (the visitor's withdrawal refused as an API mistake) and every category of
 * the record it replaced one this page does not list (its grant kept), SPEC §9.
 */
const listed = (list: ReadonlyArray<{ id: string }>, id: string) => any(list, entry => entry.id === id);

/**
 * The choices of `save()` (or of an allow hook) as a decision takes them, or the message of an `api` error: a wrong
 * shape, an unknown id or a non-boolean decides nothing (`save({ analytics: true })` must not store a refusal for
 * 180 days).
 */
export function checkChoices(config: ResolvedConfig, input: unknown, caller: string): SaveInput | string {
  const clean: Required<SaveInput> = { categories: Object.create(null), services: Object.create(null) };
  if (!input || typeof input !== 'object' || Array.isArray(input)) return `${caller}: pass { categories, services }`;
  const given = input as Record<string, unknown>;
  // In an index loop, as every look-up of a decision (SPEC §9): a page's `find` answering the first key refused a
  // withdrawal as naming an unknown key "categories".
  const extra = only(Object.keys(given), key => key !== 'categories' && key !== 'services')[0];
  if (extra) return `${caller}: unknown key "${extra}" (pass { categories, services })`;
  for (const [key, known] of [
    ['categories', config.categories],
    ['services', config.services],
  ] as const) {
    // Own properties only: a polluted Object.prototype adds no choice (SPEC §9).
    const list = Object.prototype.hasOwnProperty.call(given, key) ? given[key] : undefined;
    if (list === undefined) continue;
    if (!list || typeof list !== 'object' || Array.isArray(list)) return `${caller}: ${key} must be an object of true / false`;
    for (const id of Object.keys(list)) {
      const value = (list as Record<string, unknown>)[id];
      if (!listed(known, id)) return `${caller}: unknown ${key === 'categories' ? 'category' : 'service'} "${id}"`;
      if (typeof value !== 'boolean') return `${caller}: ${key}.${id} must be true or false`;
      clean[key][id] = value;
    }
  }
  return clean;
}

/** Whether `action` is a decision action (`decide()` from a view or a hook). */
export const isAction = (action: unknown): action is DecisionAction => has(ACTIONS, action);

/**
 * The record with another person behind it. `keepChoices` re-filters the visitor's choices for the new age group
 * (what it may not grant is dropped, not kept for later); otherwise the choices and decision start over.
 */
export function withPerson(context: DecisionContext, who: Person, keepChoices: boolean): ConsentRecord {
  const { config, record, signals, now } = context;
  const next: ConsentRecord = record ? { ...record, ...emptyChoices(), updatedAt: now } : baseRecord(context);
  next.age = who.age;
  next.youthMode = who.youthMode;
  next.guardianAt = who.guardianConsent ? (record?.age === 'child' ? record.guardianAt : undefined) ?? now : undefined;
  // How the consent was obtained goes with it: a method without its time is a record no page reads back (record.ts).
  // Fields go as undefined, not deleted: a deleted one is read through the prototype chain (a page's polluted
  // `Object.prototype.decision` was written as the child's decision, `a=undefined`, and the age group was lost).
  if (next.guardianAt !== record?.guardianAt) next.guardianMethod = undefined;
  if (keepChoices && record) {
    for (const c of config.categories) {
      const reason = forcedReason(c, who, config.dnt, signals);
      // Minors' rules drop what the age group may not grant; DNT `strict` only suspends it (SPEC §5.2).
      if (!record.categories[c.id] || (reason && reason !== 'dnt')) continue;
      next.categories[c.id] = true;
      if (has(record.exceptions, c.id)) next.exceptions.push(c.id);
      for (const s of config.services) {
        // A transfer abroad the new age group may not make is dropped too, not kept for later (SPEC §5.4): a minor
        // who becomes an adult again is asked for it in its own dialog.
        if (s.category === c.id && s.id in record.services) next.services[s.id] = record.services[s.id]! && !crossBorderReason(s, who);
      }
    }
    // What this page does not list is kept for the pages that do (subdomains share the record, SPEC §4), unless the
    // age group or youth mode now restricts: their rules are not known here, and what they drop must not come back
    // with an adult's age group later (SPEC §5.3), so that page asks again.
    if (who.age != 'minor' && who.age != 'child' && !who.youthMode) keepOthers(config, record, next, 'save');
  } else {
    next.policy = config.policy.version;
    next.decision = undefined;
  }
  return next;
}

/** What `setAge()` comes to: the next record and what to tell, or the message of an `api` error, or nothing. */
export type AgeChange =
  | { record: ConsentRecord; guardianConsent: boolean; refusal: boolean; childRuleChanged: boolean }
  | string
  | undefined;

/**
 * `setAge(group, options)` (SPEC §5.3): entering the child rules, or a guardian's answer changing, starts the
 * choices over (someone else decides); a guardian's refusal is a decision, not asked again before `rejectDays`
 * (数据条例 Art. 22). An age group the account set is not the visitor's to change: a child could otherwise click
 * "adult" in the minors view and unlock advertising.
 */
export function changeAge(context: DecisionContext, group: AgeGroup, options: SetAgeOptions, raw: unknown = options): AgeChange {
  const { state, record } = context;
  // JSON, like the messages below, not `String()`: `decide.js` then reads no `String` of the page's (SPEC §9).
  if (!has(AGE_GROUPS, group)) return `setAge(): unknown age group ${stringify(group)}`;
  // `setAge('child', true)` meant the guardian's consent and `{ sourc: 'account' }` the account's lock: read as no
  // options, each recorded less than the page meant, and said nothing (an SPA's JSON from its account).
  if (raw != null) {
    const shaped = typeof raw == 'object' && !Array.isArray(raw);
    const stray = shaped ? only(Object.keys(raw), key => key != 'source' && key != 'guardianConsent')[0] : raw;
    if (!shaped || stray !== undefined) return `setAge(): options take source and guardianConsent, not ${stringify(stray) ?? typeof stray}`;
  }
  // Options come from an account's JSON in an SPA: `"false"`, `"Account"` must not pass for an answer (a truthy
  // string was guardian consent; an unknown source the visitor's own answer, which the visitor could then undo).
  const { guardianConsent: given, source } = options;
  if (given !== undefined && typeof given != 'boolean') return `setAge(): options.guardianConsent must be true or false, got ${stringify(given)}`;
  if (source !== undefined && !has(AGE_SOURCES, source)) {
    return `setAge(): options.source must be "account", "guardian" or "visitor", got ${stringify(source)}`;
  }
  const before = personOf(state);
  const fromAccount = options.source === 'account';
  // The lock refuses what would loosen the rules: a stricter group stays the visitor's to give (a lock a forged copy of
  // the cookie carried would otherwise keep a minor from saying so).
  // `unknown` is as loose as `adult`. Written out: with a page's `indexOf` or `Math.max` answering nothing, the
  // strictness read off AGE_GROUPS was NaN, and the lock let a minor declare an adult.
  const strictness = (age: AgeGroup) => (age == 'child' ? 3 : age == 'minor' ? 2 : 1);
  if (state.ageFromAccount && !fromAccount && group !== before.age && strictness(group) <= strictness(before.age)) {
    return `setAge(): the age group "${before.age}" comes from the account`;
  }
  const guardianConsent = group === 'child' && (options.guardianConsent ?? (before.age === 'child' && before.guardianConsent));
  // `source: 'account'` reports what the account knows ("no guardian consent on file"), not a guardian's answer:
  // only an answer is recorded as a refusal that ends the prompt.
  const refusal = group === 'child' && options.guardianConsent === false && !fromAccount;
  const unchanged = group === before.age && guardianConsent === before.guardianConsent && (!fromAccount || state.ageFromAccount);
  if (unchanged && !(refusal && record?.decision?.action !== 'guardian')) return undefined;
  // The child rules change when the child enters them or the guardian's answer changes; the account confirming what
  // is on file (the guardian's consent given in the view, a refusal) only adds its lock, and keeps the choices.
  const childRuleChanged = group === 'child' && (before.age !== 'child' || guardianConsent !== before.guardianConsent);
  const next = withPerson(context, { age: group, youthMode: before.youthMode, guardianConsent }, !childRuleChanged && !refusal);
  if (fromAccount) next.ageFromAccount = true;
  if (refusal) next.decision = { at: next.updatedAt, action: 'guardian' };
  return { record: next, guardianConsent, refusal, childRuleChanged };
}
