import { liveChoices, resolveGrants } from './rules.js';
import type { ConsentRecord, ConsentState, PrivacySignals, ResolvedConfig } from './types.js';
import { stringify } from './json.js';
import { any } from './natives.js';

/** What the state is computed from besides the config and the record. */
export interface StateContext {
  signals: PrivacySignals;
  now: number;
  persisted: boolean;
  consentId: string;
}

/** What is shown: the part of the state the views change, kept when grants are recomputed. */
export type Shown = Pick<ConsentState, 'banner' | 'view' | 'request'>;

/** What the network guard held, kept when grants are recomputed. */
export type Held = ConsentState['held'];

/** Maps without a prototype, frozen: a polluted `Object.prototype` (`?__proto__[pixel]=1` through a careless
 * query-string parser) cannot make `categories.pixel` read as granted, and nobody can grant by writing into them. */
const frozenMap = <T extends object>(value: T): T => Object.freeze(Object.assign(Object.create(null), value));

/**
 * The state `get()` hands out (SPEC §7.2): the effective grants of the rules, the visitor's live choices, the person
 * and signals, and what is shown. Pure and frozen all the way down.
 */
export function computeState(config: ResolvedConfig, record: ConsentRecord | undefined, context: StateContext, shown: Shown, held: Held = {}): ConsentState {
  const grants = resolveGrants(config, record, context);
  const live = liveChoices(record, grants.prompt);
  return Object.freeze({
    categories: frozenMap(grants.categories),
    services: frozenMap(grants.services),
    forced: frozenMap(grants.forced),
    prompt: grants.prompt,
    choices: Object.freeze({
      categories: frozenMap(live ? live.categories : {}),
      services: frozenMap(live ? live.services : {}),
      exceptions: Object.freeze(live ? [...live.exceptions] : []) as string[],
    }),
    decided: Boolean(live?.decision && (grants.prompt === null || grants.prompt === 'new-service')),
    decision: live?.decision,
    age: record?.age ?? 'unknown',
    ageFromAccount: record?.ageFromAccount === true,
    youthMode: record?.youthMode ?? false,
    guardianConsent: record?.guardianAt !== undefined,
    signals: Object.freeze({ ...context.signals }),
    persisted: context.persisted,
    consentId: context.consentId,
    policyVersion: config.policy.version,
    held,
    // Own properties even when nothing is open: a page's `Object.prototype.view` is no open view (SPEC §9).
    view: undefined,
    request: undefined,
    ...shown,
  });
}

/** The same state with other views shown. */
export const withShown = (state: ConsentState, shown: Shown): ConsentState =>
  Object.freeze({ ...state, view: undefined, request: undefined, ...shown });

/**
 * The same state with every optional grant off, the necessary ones kept: what the page applies while a decision that
 * may take grants away waits for the code that writes it (SPEC §7.2; fail closed: a withdrawal whose code cannot load
 * still withdraws on this page). The state itself where nothing optional is granted.
 */
export function withheld(config: ResolvedConfig, state: ConsentState): ConsentState {
  const necessary = (category?: string) => any(config.categories, c => c.id == category && c.readOnly);
  const keep = (map: Record<string, boolean>, kept: (id: string) => boolean) =>
    frozenMap(Object.fromEntries(Object.keys(map).map(id => [id, map[id]! && kept(id)])));
  const categories = keep(state.categories, necessary);
  // A service is granted only with its category (rules.ts): where no category is held off, no service is.
  return stringify(categories) == stringify(state.categories)
    ? state
    : Object.freeze({ ...state, categories, services: keep(state.services, id => any(config.services, s => s.id == id && necessary(s.category))) });
}

/** Whether `service` is configured in `category`. */
export const isIn = (config: ResolvedConfig, service: string, category: string) =>
  any(config.services, s => s.id === service && s.category === category);

/**
 * `granted(category, service?)` (SPEC §7.2): a service, its category and itself; a whole category (markup, `load()`
 * or a request naming no service, which may be any of its services), the category and every service in it — after
 * "allow 微博" alone, or with one service switched off, category-wide markup stays closed (SPEC §6.3).
 */
export const isGranted = (config: ResolvedConfig, state: ConsentState, category: string, service?: string) =>
  state.categories[category] === true &&
  (service === undefined
    ? !any(config.services, s => s.category === category && state.services[s.id] !== true)
    : state.services[service] === true && isIn(config, service, category));
