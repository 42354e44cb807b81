import { AGE_GROUPS } from './lists.js';
import { any, best, has, only } from './natives.js';
import { decodeRecord } from './record.js';
import { comparePolicy } from './rules.js';
import type { ConsentRecord } from './types.js';
import { stringify } from './json.js';

const DAY = 86_400_000;

/**
 * A record this page can trust to be what a Consent Gate wrote (SPEC §4): decided no later than a day from now (a
 * clock gone back, or a record made up to outlive any expiry). One set to expire later than its decision plus this
 * page's days is read, and expires by those days (`promptReason` takes the sooner of the two): a site that shortened
 * `acceptDays` / `rejectDays`, or a sibling subdomain with longer ones, wrote it; as no record, every visitor was asked
 * again at once, as on a first visit, a refusal of ten days included.
 */
export function isPlausible(record: ConsentRecord, now: number) {
  return !(record.updatedAt > now + DAY || (record.decision && record.decision.at > now + DAY));
}

/**
 * Whether two records are copies of one decision: one consent id, the same grants, person (the account's lock and how
 * guardian consent was obtained included: a newer copy without them must not drop them) and policy (not when they
 * expire or what a page applied). The same grants under another id are another visitor's record (a sibling
 * subdomain's), whose id this page must not take.
 */
export const same = (a: ConsentRecord, b: ConsentRecord) =>
  stringify([a.id, a.categories, a.services, a.exceptions, a.age, a.ageFromAccount, a.guardianAt, a.guardianMethod, a.youthMode, a.policy, given(a)]) ===
  stringify([b.id, b.categories, b.services, b.exceptions, b.age, b.ageFromAccount, b.guardianAt, b.guardianMethod, b.youthMode, b.policy, given(b)]);

/**
 * The 单独同意 a record carries, in one order: a copy without one another copy carries (a sibling's earlier build wrote
 * it since; the page's own decision removed every other copy) is another grant, and their intersection applies, as the
 * server's reading does.
 */
const given = (record: ConsentRecord) => [...(record.separate ?? [])].sort().join();

/** The stricter of two age groups: a child's rules over a minor's over anyone else's. */
const stricter = (a: ConsentRecord['age'], b: ConsentRecord['age']) =>
  a == 'child' || b == 'child' ? 'child' : a == 'minor' || b == 'minor' ? 'minor' : a == 'unknown' || b == 'unknown' ? 'unknown' : 'adult';

/**
 * Several records that disagree, as one (SPEC §4): the grants all of them give (least privilege), the strictest
 * person any of them describes, the oldest policy and the soonest expiry. A forged record tossed onto the parent
 * domain by a sibling subdomain can take grants away this way, never add them; and the result inherits no consent id
 * only one of them claims. Guardian consent holds when every copy of the child says so; the account's lock on the age
 * group, when a copy of that age group carries it (it refuses only a looser group).
 */
export function intersect(records: ConsentRecord[]): ConsentRecord {
  // Index loops, not the page's array methods (SPEC §9: `natives.ts`).
  const granted = (map: Record<string, boolean>) => only(Object.keys(map), id => map[id]);
  // Each id counted once per record it is in, so that a header of many records costs as much as its length: a loop of
  // the records per id made one request of 128 KB of distinct copies (each with a valid checksum) take half a second.
  const counted = (pick: (r: ConsentRecord) => string[]) => {
    const counts: Record<string, number> = Object.create(null);
    for (const r of records) for (const id of new Set(pick(r))) counts[id] = (counts[id] ?? 0) + 1;
    return counts;
  };
  /** The ids `pick` gives in every record, in the first record's order. */
  const all = (pick: (r: ConsentRecord) => string[]) => {
    const counts = counted(pick);
    return only(pick(records[0]!), id => counts[id] === records.length);
  };
  const categories: Record<string, boolean> = Object.create(null);
  for (const id of all(r => granted(r.categories))) categories[id] = true;
  // A service any record names, granted where every record grants it.
  const services: Record<string, boolean> = Object.create(null);
  const grantedBy = counted(r => granted(r.services));
  for (const r of records) for (const id of Object.keys(r.services)) services[id] = grantedBy[id] === records.length;
  let age = records[0]!.age;
  for (let i = 1; i < records.length; i++) age = stricter(age, records[i]!.age);
  // The copies that describe that person speak for it: a copy of an unknown visitor (a page that never asked) denies
  // no guardian consent and lifts no account's lock; a child's copy without guardian consent beside one with it does.
  const those = only(records, r => r.age === age);
  const guardian = age === 'child' && !any(those, r => r.guardianAt === undefined);
  const soonest = best(records, (a, b) => ((a.decision?.at ?? 0) <= (b.decision?.at ?? 0) ? a : b));
  const newest = best(records, (a, b) => ((a.decision?.at ?? 0) >= (b.decision?.at ?? 0) ? a : b));
  const oldest = best(records, (a, b) => (comparePolicy(a.policy, b.policy) <= 0 ? a : b));
  // How the decision was made is told by a record that grants what the merge grants (the visitor's refusal beside a
  // forged accept-all): the cookie must not say "accept-all" of what applies a refusal. Where none does, the action
  // all of them share, else `save` (a selection, which is what an intersection is).
  const grants = (r: Pick<ConsentRecord, 'categories' | 'services'>) => stringify([granted(r.categories), granted(r.services)].map(ids => ids.sort()));
  const merged = grants({ categories, services });
  const action =
    records.find(r => grants(r) == merged)?.decision?.action ??
    (!any(records, r => r.decision?.action != soonest.decision?.action) ? soonest.decision?.action : 'save');
  // The newest decision that grants what the merge grants is the merge itself (the visitor's refusal of a minute ago
  // beside a copy an older build left on a path): its time and policy stand. Else the soonest time and the oldest
  // policy, so that a merge is asked again rather than kept longer: a stale copy's expired date or old policy made
  // the visitor's fresh refusal expired or outdated on every subdomain, asked again at once (SPEC §4: no nagging).
  const decided = !any(records, r => !r.decision);
  const basis = decided && grants(newest) == merged ? newest : undefined;
  return {
    ...(basis ?? soonest),
    policy: (basis ?? oldest).policy,
    decision: decided ? (basis ? basis.decision : { at: soonest.decision!.at, action: action! }) : undefined,
    updatedAt: best(records, (a, b) => (b.updatedAt > a.updatedAt ? b : a)).updatedAt,
    categories,
    services,
    exceptions: all(r => r.exceptions),
    // A 单独同意 all of them record (SPEC §5.4): a copy of an earlier build's "accept all" grants no transfer abroad.
    separate: all(r => r.separate ?? []),
    age: has(AGE_GROUPS, age) ? age : 'unknown',
    guardianAt: guardian ? best(those, (a, b) => (b.guardianAt! > a.guardianAt! ? b : a)).guardianAt : undefined,
    guardianMethod: guardian && !any(those, r => r.guardianMethod !== 'account') ? 'account' : guardian ? 'guardian' : undefined,
    // The account's age group stays locked when a copy of that age says the account set it: without the lock a minor
    // could declare an adult (SPEC §5.3). The lock refuses only a looser group (decision.ts), so a forged one keeps
    // nobody from a stricter group.
    ageFromAccount: any(those, r => r.ageFromAccount) || undefined,
    youthMode: any(records, r => r.youthMode),
    dnt: any(records, r => r.dnt),
    gpc: any(records, r => r.gpc),
    mergedFrom: [...new Set(records.map(r => r.id))],
  };
}

/**
 * The record of the consent cookies stored under one name (a host-only cookie, one per parent domain, one per path):
 * each value that decodes and is plausible counts, the others are ignored (a bad cookie never loses a good one).
 * When they disagree, `merged` says so: the page applies their intersection and writes its own record again.
 */
export function readRecords(values: readonly string[], now: number, own?: () => Own | undefined): { record?: ConsentRecord; merged: boolean } {
  return mergeRecords(values.map(decodeRecord).filter((r): r is ConsentRecord => r !== undefined && isPlausible(r, now)), own);
}

/** The page's own copy: the consent id its origin wrote last (`ConsentStorage.mine`), and the ids it configures. */
export interface Own {
  id: string;
  categories: string[];
  services: string[];
}

/**
 * What a record gives of what the page configures, and whom it describes as the rules read it: a sibling subdomain's
 * grants of services or categories of its own, or the age group a page that never asks it leaves unknown, are none of
 * this page's. Not the policy version: the record applied is the intersection, which takes it as the server does.
 */
const gives = (r: ConsentRecord, own: Own) => {
  const granted = (map: Record<string, boolean>, ids: string[]) => Object.keys(map).filter(id => map[id] && ids.includes(id)).sort();
  const young = r.age == 'minor' || r.age == 'child';
  return stringify([
    granted(r.categories, own.categories),
    granted(r.services, own.services),
    r.exceptions.filter(id => own.categories.includes(id)).sort(),
    // Whether a guardian consented, not when or how: two records of it (the account's, the guardian's view) agree.
    young && [r.age, !!r.ageFromAccount, r.guardianAt !== undefined],
    !!r.youthMode,
  ]);
};

/**
 * The newest of copies of one decision; of two written in the same millisecond, the one without its decision; of two
 * alike, the one listed last. A cookie is listed after those of its path created before it (RFC 6265 §5.4): a record
 * written again as it is (its effective grants outdated, writer.ts `stale`) on this page's level, beside its copy on
 * another (a sibling's, kept), is the later, and read first it was written again on every page view.
 */
const newest = (records: ConsentRecord[]) => [...records].reverse().sort((a, b) => b.updatedAt - a.updatedAt || +!!a.decision - +!!b.decision)[0];

/**
 * The records read (each decoded and plausible) as one: `readRecords` after the decoding. Records that disagree are
 * merged into their intersection, which the page takes under a new consent id (reader.ts): a copy a sibling subdomain
 * tossed onto the parent domain must not give the visitor its id. Where some of them are the page's own (`own`), under
 * its id; and where every copy gives what the own copy gives, their intersection is no merge to write: a subdomain
 * still on host-only cookies beside one writing to the parent domain (a staged change of `cookie.domain`) reads the
 * visitor's two decisions of the same choices, and merged and written with every other copy removed, they had the
 * sibling ask again after each visit here. A service the sibling's copy does not name is its own list's gap, no
 * refusal, there. A copy that gives more is merged all the same, so that it goes: left beside the page's refusal, a
 * forged "accept all" on the parent domain would be the record once the refusal's cookie expired.
 */
export function mergeRecords(records: ConsentRecord[], ownOf?: () => Own | undefined): { record?: ConsentRecord; merged: boolean } {
  // Copies that agree (the same decision on two levels): the newest; of two written in the same millisecond, the one
  // without its decision (a withdrawal waiting for its code voids the record: SPEC §9, fail closed).
  // Index loops, not the page's `every` (SPEC §9): one answering `true` took a sibling's forged copy for the record.
  if (records.length < 2 || !any(records, r => !same(r, records[0]!))) return { record: newest(records), merged: false };
  const plain = intersect(records);
  // Asked only here, where copies disagree: a page view with one record reads no localStorage for it.
  const own = ownOf?.();
  const owned = only(records, r => r.id === own?.id);
  const mine = newest(owned);
  if (!mine) return { record: plain, merged: true };
  // A gap is filled only with what every copy under the own id says of that service: the id is readable in the cookie,
  // and a copy forged under it that names a service the visitor's own copy never named (one added to the site since)
  // would otherwise grant it (SPEC §4: a forged copy takes grants away, never adds them).
  const agreed: Record<string, boolean> = Object.create(null);
  for (const id of Object.keys(mine.services)) if (!any(owned, r => r.services[id] !== mine.services[id])) agreed[id] = mine.services[id]!;
  // With its 单独同意 where every own copy records it (SPEC §5.4): filled without it, Google Analytics read as chosen and
  // not granted, and no banner asked.
  const given = only(Object.keys(agreed), id => !any(owned, r => !has(r.separate, id)));
  const filled = records.map(r => ({
    ...r,
    services: Object.assign(Object.create(null), agreed, r.services),
    separate: [...(r.separate ?? []), ...given.filter(id => !(id in r.services))],
  }));
  // The decision's time and the policy version as the server takes them, from the copies as they are.
  const record = { ...intersect(filled), id: own!.id, decision: plain.decision, policy: plain.policy };
  // The person and the effective grants of the page's own copy: the others describe no stricter person, and what
  // their pages applied is theirs (the server counts every copy's).
  const { age, ageFromAccount, guardianAt, guardianMethod, effective } = mine;
  return filled.every(r => gives(r, own!) == gives(mine, own!))
    ? { record: { ...record, age, ageFromAccount, guardianAt, guardianMethod, effective }, merged: false }
    : { record, merged: true };
}
