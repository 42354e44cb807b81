import { answersRequest, changeAge, checkChoices, decide, personOf, withPerson } from './decision.js';
import type { Ledger, Writer } from './reader.js';
import type { Receipts } from './receipt.js';
import { whenIdle } from './idle.js';
import { any } from './natives.js';
import { createConsentId, type encodeRecord } from './record.js';
import { anyGranted, crossBorderReason, datedAfter, effectiveGrants, expiryOf } from './rules.js';
import { memoryStorage, type ConsentStorage } from './storage.js';
import type { AgeGroup, ConsentRecord, DecisionAction, GrantDelta, SaveInput, SetAgeOptions } from './types.js';

export interface WriterDeps {
  /**
   * The record's cookie value (`encodeRecord` of record.ts). Given, not imported: in the script tag it comes with the
   * cookie write in `cookie.js`, which leaves `decide.js` room within its SPEC §10 budget (4 KB).
   */
  encode: typeof encodeRecord;
  /** Where to write, when the reader was given a read-only storage (the script tag's `cookieReader`). */
  storage?: ConsentStorage;
  /** Starts the receipts, where the config asks for them (`createReceipts` of receipt.ts; `keptUntilSent` in the script tag). */
  startReceipts?: (ledger: Ledger) => Receipts;
  /**
   * What the console says of a record the browser did not keep (`unstoredWarning` of cookie-storage.ts): in the script
   * tag its words come with `cookie.js`, for the same budget as `encode`.
   */
  unstored: () => string;
}

/**
 * The half of the controller that decides and writes (SPEC §5, §7.2): decisions, age groups and youth mode, reset;
 * the cookie write with its expiry and the effective grants; receipts; telling the other tabs. The npm entries attach
 * it at once; the script tag loads it (`decide.js`) after the banner has painted.
 */
export function createWriter(ledger: Ledger, deps: WriterDeps): Writer {
  const { encode } = deps;
  const { config } = ledger;
  const { now, warn } = ledger.deps;
  if (deps.storage && ledger.storage.persistent) ledger.storage = deps.storage;

  /** Writes the record; `clean` first removes every copy of the name (a refusal, or records merged from several). */
  function store(next: ConsentRecord, clean = false, takes = false) {
    const [value, days, granting] = cookieOf(next);
    const storage = ledger.storage;
    let stored = false;
    try {
      // A refusal takes every copy of the name with it first: one tossed onto the parent domain or a sub-path by a
      // sibling subdomain must not outlive it (SPEC §4). The one this write overwrites stays until it does.
      if ((clean || !granting) && storage.persistent) storage.remove(true);
      // Under its consent id: this origin's own copy from now on, known among those a sibling subdomain keeps (SPEC §4).
      stored = storage.write(value, days, next.id);
    } catch (error) {
      ledger.report('storage', 'the consent cookie could not be written', { error });
    }
    if (!stored) {
      // Where it takes grants away, the copy this write was to overwrite goes too (fail closed, SPEC §9): a withdrawal
      // whose cookie could not be written (a page's `Math.round` or `String.prototype.split` throwing since) left the
      // acceptance it withdrew stored, and the next page ran every tracker. A decision that takes nothing away leaves
      // the record as it was (a refusal on the parent domain stays). Where cookies are blocked, this fails harmlessly.
      if (takes || !granting) {
        try {
          storage.remove();
        } catch {}
      }
      return lose(value, days);
    }
    if (!storage.stuck) return;
    // Whether the browser kept it is asked once the page is idle, and only while this record is still the one in
    // force on this page: after a reset, another decision or another tab's record, the cookie rightly holds something
    // else, and taking that for a dropped cookie would put this older record back in memory.
    whenIdle(() => {
      if (ledger.destroyed() || ledger.record() !== next || ledger.storage !== storage) return;
      try {
        if (!storage.stuck!(value)) lose(value, days, true);
      } catch (error) {
        ledger.report('internal', `the consent cookie could not be read back: ${error}`, { error });
      }
    });
  }

  /** The cookie of `next`: its value, its lifetime in days, and whether it grants anything (or is no decision yet). */
  function cookieOf(next: ConsentRecord): [string, number, boolean] {
    const granting = !next.decision || anyGranted(next);
    const value = encode({ ...next, expires: next.decision ? expiryOf(config, next) : undefined, effective: effectiveGrants(config, ledger.state()) });
    return [value, granting ? config.cookie.acceptDays : config.cookie.rejectDays, granting];
  }

  /**
   * Cookies stopped working (blocked mid-session, storage full, a cookie the browser dropped): the choice is kept for
   * this page (SPEC §4). Found after the decision was told, it is told again (`persisted: false`).
   */
  function lose(value: string, days: number, later = false) {
    if (!ledger.storage.persistent) return;
    ledger.storage = memoryStorage();
    ledger.storage.write(value, days);
    ledger.lost(later);
    warn(deps.unstored());
  }

  /** Whether `next` grants less than `prior`: a category or service `prior` grants that `next` does not. */
  const takesFrom = (prior: ConsentRecord, next: ConsentRecord) =>
    any(['categories', 'services'] as const, list => any(Object.keys(prior[list]), id => prior[list][id] && !next[list][id]));

  /** Posts the receipt of a decision when `config.receipt` is set. */
  const receipt: Receipts = (config.receipt && deps.startReceipts?.(ledger)) || (() => {});

  function write(next: ConsentRecord, receiptAction?: Parameters<Receipts>[1], source?: string, clean?: boolean): boolean {
    const prior = ledger.record();
    // A record read before is replaced on every domain level and path: the page writes on its configured domain, and a
    // copy it read elsewhere (host-only, from a subdomain whose build or config kept it there) would be read beside the
    // visitor's new choice next time, and their intersection (SPEC §4) undo it. A first visit has none to take.
    const revoked = ledger.commit(next, { persist: () => store(next, clean || !!prior, !!prior && takesFrom(prior, next)) });
    // A listener decided again meanwhile: that newer record is the one stored, receipted and sent to other tabs.
    if (!revoked) return false;
    // Grants of a stale record (another policy version, expired, suspended by DNT) were already off on this
    // page, so the step above saw no withdrawal; their trackers may still have cookies from earlier visits.
    if (prior) {
      const gone = (stored: Record<string, boolean>, kept: Record<string, boolean>, known: Array<{ id: string }>, told: string[]) =>
        known.filter(({ id }) => stored[id] && !kept[id] && !told.includes(id)).map(({ id }) => id);
      const stale: GrantDelta = {
        categories: gone(prior.categories, next.categories, config.categories, revoked.categories),
        services: gone(prior.services, next.services, config.services, revoked.services),
      };
      if (stale.categories.length || stale.services.length) ledger.emit('revoked', stale);
    }
    if (receiptAction) receipt(ledger.state(), receiptAction, source, next);
    ledger.notify(encode(next));
    return true;
  }

  function decideNow(input: SaveInput, action: DecisionAction, by?: 'api') {
    const checked = checkChoices(config, input, action === 'save' ? 'save()' : action === 'contextual' ? 'allow' : action);
    if (typeof checked === 'string') return ledger.report('api', checked);
    if (action === 'save' && answersRequest(ledger.state(), checked)) action = 'contextual';
    // Any other save switching on a transfer abroad is no 单独同意 (PIPL Art. 39, SPEC §5.4): `decide` leaves it off, and
    // the page is told how to ask for it. One given before stands (its own `choices`, with its 单独同意 in the record:
    // `separate`, even where DNT or a policy update holds it off now); none is asked where the person may not give it
    // (a minor).
    if (action === 'save') {
      const state = ledger.state();
      for (const s of config.services) {
        const given = state.choices.services[s.id] && ledger.record()?.separate?.includes(s.id);
        if (s.crossBorder && checked.services![s.id] && !given && !crossBorderReason(s, state)) {
          ledger.report('api', `save(): ${s.id} goes abroad: request('${s.category}', '${s.id}')`);
        }
      }
    }
    // What the record and the receipt say: `api` for the page's code (SPEC §4), except for an answer to the open
    // contextual dialog, which stays `contextual` whoever answers it: the rules read that action to keep the first-visit
    // banner asking about the rest (rules.ts `isContextualOnly`; the visitor has not seen the policy link yet).
    const recorded = by && action !== 'contextual' ? by : action;
    const outcome = decide(ledger.context(), checked, action, recorded);
    if (outcome === 'guardian') return ledger.show('guardian');
    // A contextual allow that changes nothing (what it asks was granted meanwhile) still answers its dialog.
    if (outcome ? write(outcome, recorded) : action === 'contextual') ledger.closeAfterDecision(action);
  }

  function setAge(group: AgeGroup, options: SetAgeOptions, inGuardianView: boolean, given?: unknown) {
    const change = changeAge(ledger.context(), group, options, given);
    if (typeof change === 'string') return ledger.report('api', change);
    // The guardian is at the keyboard only when confirming in the guardian view (SPEC §5.3), until a view closes: a
    // call with no such view open, or one refused above, would let the child's own 全部接受 grant after it.
    if (group === 'child' && options.guardianConsent === true && options.source === 'guardian' && inGuardianView) ledger.guardianHere = true;
    if (!change) return;
    const { record, guardianConsent, refusal, childRuleChanged } = change;
    if (guardianConsent && (options.source === 'account' || options.source === 'guardian')) record.guardianMethod = options.source;
    if (!write(record, refusal ? 'guardian' : 'age', options.source)) return;
    ledger.emit('age', { age: group, guardianConsent, youthMode: record.youthMode, source: options.source });
    if (childRuleChanged || refusal) ledger.emit('child', { guardianConsent, source: options.source });
    // A guardian's refusal is a decision: the banner it answers goes.
    if (refusal) ledger.closeAfterDecision();
    ledger.promptIfNeeded();
  }

  function setYouthMode(on: boolean) {
    if (typeof on !== 'boolean') return ledger.report('api', 'setYouthMode(): pass true or false');
    const state = ledger.state();
    if (on === state.youthMode) return;
    if (!write(withPerson(ledger.context(), { ...personOf(state), youthMode: on }, true), 'age')) return;
    ledger.emit('age', { age: state.age, guardianConsent: state.guardianConsent, youthMode: on });
  }

  function reset() {
    try {
      ledger.storage.remove();
    } catch (error) {
      ledger.report('storage', 'the consent cookie could not be removed', { error });
    }
    const previous = ledger.state();
    const record = ledger.record();
    const consentId = createConsentId();
    // What the site set is no choice of the visitor's to forget (SPEC §5.3): a minor's or a child's age group from the
    // account, with its lock and the guardian consent the account verified, and youth mode stay, and the visitor is
    // asked again under them (the lock gone, the minors view could make a minor an adult and grant advertising).
    const locked = record?.ageFromAccount && (record.age === 'minor' || record.age === 'child');
    let kept: ConsentRecord | undefined;
    if (locked || record?.youthMode) {
      const context = ledger.context();
      kept = withPerson({ ...context, record: undefined, state: { ...context.state, consentId } }, { age: locked ? record!.age : 'unknown', youthMode: record!.youthMode, guardianConsent: false }, false);
      kept.ageFromAccount = locked || undefined;
      // After the record it replaces and the reset's receipt (rules.ts `datedAfter`), where the clock was set back since.
      kept.updatedAt = datedAfter((record?.updatedAt ?? -1) + 1, now());
      if (locked && record!.guardianMethod === 'account') (kept.guardianAt = record!.guardianAt), (kept.guardianMethod = 'account');
    }
    // One change, one word to the other tabs: the record gone, or the person kept under a new consent id.
    ledger.commit(kept, { consentId, persist: kept && (() => store(kept!)) });
    // The receipt of a reset names the consent id it ends, and is dated after its record; a kept person is receipted
    // under the new one.
    receipt({ ...ledger.state(), consentId: previous.consentId }, 'reset', undefined, undefined, record?.updatedAt);
    if (kept) receipt(ledger.state(), 'age', locked ? 'account' : undefined, kept);
    ledger.notify(kept ? encode(kept) : '');
    ledger.show('banner');
  }

  // Records that disagreed were merged into their intersection: this page writes it as its own, under a new
  // consent id, and every other copy goes (SPEC §4). Its receipt puts that id in the log: the consent id a visitor's
  // cookie names is always one the log can show.
  const merged = ledger.merged();
  // A record whose effective grants are no longer what the page applies (DNT turned off since, an age rule) is written
  // again as it is, with them: the server reads `e`, and must apply what the page does (SPEC §4).
  const stale = ledger.stale();
  if (merged) write({ ...merged, id: ledger.state().consentId, updatedAt: datedAfter(merged.updatedAt, now()) }, 'merge', undefined, true);
  // A 0.1 record (format 1) is written again once with every other copy of it removed, so that no 0.1 host-only
  // cookie is left beside the rewrite on the configured domain. Other records keep their copies: a sibling subdomain's
  // copy on the parent domain, removed, left that subdomain without a record, and its banner asked again (here the
  // rewrite, listed after it, is the record: read-records.ts `newest`).
  else if (stale) store(stale, stale.format == 1);
  // A record a landing page wrote, which Safari may drop after a day, is written again, as it is (the same value), from
  // a tab whose writes it does not cap (ITP 2.2). Once the page is idle: it reads localStorage.
  whenIdle(() => {
    try {
      const value = !ledger.destroyed() && ledger.renewal();
      if (value) ledger.storage.write(value, cookieOf(ledger.record()!)[1], ledger.record()!.id);
    } catch (error) {
      ledger.report('storage', 'the consent cookie could not be written', { error });
    }
  });

  /** A request to delete interest tags: what the back end acts on, told as an event and a receipt. */
  function deleteInterests() {
    const state = ledger.state();
    ledger.emit('interests', { consentId: state.consentId });
    receipt(state, 'delete-interests', undefined, undefined, ledger.record()?.updatedAt);
  }

  return { decide: decideNow, setAge, setYouthMode, reset, deleteInterests, restore: () => store(ledger.record()!), dropped: () => {
      // The record in force, whoever wrote it (this page, another tab, a sibling subdomain): the one this page applies.
      const record = ledger.record();
      if (!record) return;
      const [value, days] = cookieOf(record);
      lose(value, days, true);
    },
  };
}
