import { hasSignal } from './privacy-signals.js';
import { allMatches, any, has, matches } from './natives.js';
import type {
  AgeGroup,
  Category,
  Choices,
  ConsentRecord,
  ConsentState,
  DntMode,
  ForcedReason,
  PrivacySignals,
  PromptReason,
  ResolvedConfig,
  Service,
} from './types.js';

/** What the rules look at besides the record. */
export interface RuleContext {
  signals: PrivacySignals;
  now: number;
}

export interface Person {
  age: AgeGroup;
  youthMode: boolean;
  guardianConsent: boolean;
}

const DAY = 86_400_000;

/**
 * The time of what replaces a record dated `prior` (a decision, a merge, a withdrawal's receipt): now, but never before
 * it. A clock set back since (the visitor's, by hand or by the network) dated a refusal before the accept it withdrew,
 * and the log showed the accept as the last act. Within the day ahead a record may be dated (read-records.ts
 * `isPlausible`), so that it is read back.
 */
// Compared by hand, not with the page's `Math` (SPEC §9): one answering NaN dated a refusal NaN, read as no record.
export const datedAfter = (prior: number | undefined, now: number) => {
  const after = (prior ?? 0) + 1;
  return after > now ? (after < now + DAY ? after : now + DAY) : now;
};

/**
 * Why a category is held off whatever anyone clicks (SPEC §5.2, §5.3), or `undefined`.
 * - a child without guardian consent: every optional category (PIPL Art. 31);
 * - a minor, a child, or youth mode on: categories minors may not grant (未成年人网络保护条例 Art. 24);
 * - DNT `strict` with a signal: tracking categories.
 */
export function forcedReason(category: Category, person: Person, dnt: DntMode, signals: PrivacySignals): ForcedReason | undefined {
  if (category.readOnly) return undefined;
  // What no guardian can allow is said as such first: a child's personalised ads read "not for minors", never "needs
  // a guardian's consent", which would promise the guardian a switch they do not have (SPEC §5.3).
  if (!category.minors && (person.age === 'minor' || person.age === 'child')) return 'minor';
  if (person.age === 'child' && !person.guardianConsent) return 'child';
  // Youth mode (青少年模式) locks the same categories for anyone, and says so: an adult must not read "not for minors".
  if (!category.minors && person.youthMode) return 'youth';
  if (category.tracking && dnt === 'strict' && hasSignal(signals)) return 'dnt';
  return undefined;
}

/**
 * Why a service that sends data out of China is held off for this person (SPEC §5.4), or `undefined`: a child's
 * always (儿童个人信息网络保护规定 Art. 9, PIPL Art. 31) — `minor`, for no guardian can allow it — a minor's and in
 * youth mode unless its config allows minors.
 */
export function crossBorderReason(service: Service, person: Person): ForcedReason | undefined {
  if (!service.crossBorder) return undefined;
  if (person.age === 'child') return 'minor';
  if (service.crossBorder.minors) return undefined;
  return person.age === 'minor' ? 'minor' : person.youthMode ? 'youth' : undefined;
}

/** Under DNT `respect`, a tracking category is on only as a user-granted exception (W3C TPE). */
export function suspendedByDnt(category: Category, dnt: DntMode, signals: PrivacySignals): boolean {
  return category.tracking && dnt === 'respect' && hasSignal(signals);
}

export const anyGranted = (choices: Choices) => any(Object.keys(choices.categories), id => choices.categories[id]);

/**
 * A decision made only in context (one share allowed from its dialog, a placeholder's allow button) grants what
 * it names, but the first-visit banner keeps asking about the rest: the visitor never saw the policy link.
 */
export const isContextualOnly = (record: ConsentRecord, prompt: PromptReason) =>
  prompt === 'first-visit' && record.decision?.action === 'contextual';

/**
 * The visitor's choices that apply now, or `undefined`: a record asked again (another policy, expired, a child
 * awaiting a guardian) keeps its choices suspended until the visitor decides again; a new service alone does not
 * suspend what was agreed, nor does the first-visit banner after an allow in context. The one "live record" rule.
 */
export const liveChoices = (record: ConsentRecord | undefined, prompt: PromptReason) =>
  record && (prompt === null || prompt === 'new-service' || isContextualOnly(record, prompt)) ? record : undefined;

/**
 * Orders policy versions (SPEC §5.1): dates and dotted numbers of one style compare part by part, numerically
 * (`2024-04-23` < `2024-12-01`, `3.9` < `3.10`, `v2` < `v10`, `2` < `2.1`). Negative: `a` is older.
 */
export function comparePolicy(a: string, b: string): number {
  const parts = (version: string) => allMatches(/\d+|[^\d._-]+/g, version);
  const x = parts(a);
  const y = parts(b);
  // Versions written in different styles (a date, then `3.0`; `20240423`, then `2024-05-01`; `v2`, then a date) have
  // no order: the other one is newer, so it is asked again rather than a style change keeping an old consent for good
  // (SPEC §5.1). While pages of both styles are served (a staged rollout across a style change), each asks again for
  // its own. Same style: the same words, the same kind of leading number (a date's year, by its digits, or a number),
  // further numbers anywhere (`2` and `2.1`, `999` and `1000`).
  const kind = (part: string, i: number, all: string[]) =>
    matches(/^\d+$/, part) ? (i || all.length < 2 || part.length < 4 ? '#' : part.length) : part.toLowerCase();
  const longer = x.length > y.length ? x : y;
  const differ = (part: string, i: number) => (i < x.length && i < y.length ? kind(x[i]!, i, x) !== kind(y[i]!, i, y) : kind(part, 1, longer) != '#');
  if (any(longer, differ)) return a == b ? 0 : -1;
  // Without the page's `Number` and `Math` (SPEC §9): one answering 0 read an older policy as the same, and its grants
  // applied again without asking.
  for (let i = 0; i < longer.length; i++) {
    const p = x[i] ?? '0';
    const q = y[i] ?? '0';
    const order = matches(/^\d+$/, p) && matches(/^\d+$/, q) ? +p - +q : 0;
    if (order) return order;
  }
  return 0;
}

/** What the reading rule needs of a site's config: the back end (`readConsent`) has no more than this. */
export interface SiteRules {
  cookie: Pick<ResolvedConfig['cookie'], 'acceptDays' | 'rejectDays'>;
  policy: Pick<ResolvedConfig['policy'], 'version'>;
  services: readonly Pick<Service, 'id' | 'category'>[];
}

/** When a decision expires: `acceptDays` after one that granted something, `rejectDays` after a refusal (SPEC §4). */
export const expiryOf = (config: Pick<SiteRules, 'cookie'>, record: ConsentRecord) =>
  (record.decision?.at ?? record.updatedAt) + (anyGranted(record) ? config.cookie.acceptDays : config.cookie.rejectDays) * DAY;

/** When the banner shows (SPEC §5.1), or `null` when the stored grants apply. */
export function promptReason(config: SiteRules, record: ConsentRecord | undefined, now: number): PromptReason {
  // A child's grants wait for a guardian (PIPL Art. 31).
  // A refusal ends it too, the guardian's or the child's own "全部拒绝" or a save of nothing, or the page's own call
  // granting nothing (`api`): nothing optional runs.
  const action = record?.decision?.action ?? '';
  if (record?.age === 'child' && record.guardianAt === undefined && !matches(/^(guardian|reject-all)$/, action) && !(matches(/^(save|api)$/, action) && !anyGranted(record))) {
    return 'guardian';
  }
  if (!record?.decision) return 'first-visit';
  // Only an older policy asks again: a record for a newer one (a staged rollout, a cached page) is honoured.
  if (comparePolicy(record.policy, config.policy.version) < 0) return 'policy';
  // A decision dated more than a day ahead was made on a clock that has since gone back: its expiry cannot be
  // trusted, so it is asked again. The record's own expiry counts too: the back end reads it (`readConsent`), and
  // the page must not honour what the server holds expired.
  if (now >= expiryOf(config, record) || now >= (record.expires ?? now + 1) || record.decision.at > now + DAY) return 'expired';
  // A new recipient in a granted category needs new consent (PIPL Art. 23).
  const isNew = any(config.services, s => record.categories[s.category] && !(s.id in record.services));
  return record.decision.action === 'contextual' ? 'first-visit' : isNew ? 'new-service' : null;
}

export interface Grants {
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  forced: Record<string, ForcedReason>;
  prompt: PromptReason;
}

/**
 * The effective grants: the visitor's choices filtered by the policy version, expiry, age group and privacy
 * signals. Pure, so the spec's tables are tested as tables.
 */
export function resolveGrants(config: ResolvedConfig, record: ConsentRecord | undefined, context: RuleContext): Grants {
  const prompt = promptReason(config, record, context.now);
  const choices = liveChoices(record, prompt);
  const person: Person = {
    age: record?.age ?? 'unknown',
    youthMode: record?.youthMode ?? false,
    guardianConsent: record?.guardianAt !== undefined,
  };
  const categories: Record<string, boolean> = Object.create(null);
  const forced: Record<string, ForcedReason> = Object.create(null);
  for (const category of config.categories) {
    const reason = forcedReason(category, person, config.dnt, context.signals);
    if (reason) forced[category.id] = reason;
    categories[category.id] = category.readOnly || (
      !reason &&
      choices?.categories[category.id] === true &&
      (!suspendedByDnt(category, config.dnt, context.signals) || has(choices.exceptions, category.id))
    );
  }
  // A decision lists every service of the categories it granted, so a service missing from it is new: off. A transfer
  // abroad is granted by its own 单独同意 only (SPEC §5.4): an earlier build's "accept all" granted Google Analytics, and
  // a site may mark a service `crossBorder` after visitors accepted it.
  const services: Record<string, boolean> = Object.create(null);
  for (const service of config.services) {
    services[service.id] = categories[service.category] === true &&
      (service.category === 'necessary' || choices?.services[service.id] === true) &&
      !crossBorderReason(service, person) &&
      !(service.crossBorder && !has(choices?.separate, service.id));
  }
  return { categories, services, forced, prompt };
}

/**
 * What the page applies, as the record carries it for the server (SPEC §4: `e`): the effective categories. The services
 * it holds off inside them are the ones the record's own choices refuse or leave out (decision.ts), which a reader of
 * `s` holds off already.
 */
export const effectiveGrants = (
  config: Pick<ResolvedConfig, 'categories'>,
  state: Pick<ConsentState, 'categories'>,
): NonNullable<ConsentRecord['effective']> => ({
  categories: config.categories.filter(c => !c.readOnly && state.categories[c.id]).map(c => c.id),
});
