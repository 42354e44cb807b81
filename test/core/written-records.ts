import { normalizeConfig } from '../../src/core/config.js';
import { createConsent, type ConsentCore } from '../../src/core/controller.js';
import type { ConsentStorage } from '../../src/core/storage.js';
import type { ConsentState, PrivacySignals } from '../../src/core/types.js';
import { CATALOGUE } from '../../src/presets/catalogue.js';

/** The ooopic profile: the default categories and every preset of the catalogue (the demo's list, SPEC §6.5). */
export const OOOPIC_SERVICES = Object.keys(CATALOGUE);
export const WRITTEN_AT = Date.UTC(2026, 5, 1, 12);

export interface Written {
  /** The cookie's value, as the writer stored it. */
  value: string;
  /** What the page applies after the decision. */
  state: ConsentState;
  /** The privacy signals the page read (the request's `DNT` / `Sec-GPC` on the server). */
  signals: PrivacySignals;
}

/**
 * Decides through the real controller (reader and writer, the npm entries' composition) on the ooopic profile, and
 * returns what it stored in the consent cookie: SPEC §4's size is the size of these values.
 */
export function written(decide: (core: ConsentCore, signals: PrivacySignals) => void): Written {
  let value = '';
  const storage: ConsentStorage = {
    read: () => (value ? [value] : []),
    write: next => ((value = next), true),
    remove: () => void (value = ''),
    persistent: true,
  };
  const signals: PrivacySignals = { dnt: false, gpc: false };
  let now = WRITTEN_AT;
  const core = createConsent(normalizeConfig({ services: OOOPIC_SERVICES }, CATALOGUE), {
    storage,
    now: () => (now += 1000),
    signals: () => ({ ...signals }),
    tabSync: false,
    warn: () => {},
  });
  decide(core, signals);
  const state = core.get();
  core.destroy();
  return { value, state, signals: { ...signals } };
}

const ALL = { analytics: true, personalization: true, pixel: true, share: true };
const signalsOn = (signals: PrivacySignals) => Object.assign(signals, { dnt: true, gpc: true });

/** The realistic cases, the largest records among them: every field a decision of the ooopic profile can write. */
export const WRITTEN_CASES: Array<[string, (core: ConsentCore, signals: PrivacySignals) => void]> = [
  ['accept-all', core => void core.acceptAll()],
  ['accept-all, then Google Analytics\' separate consent (a later update: t apart from u)', core => {
    void core.acceptAll();
    void core.request('analytics', 'google-analytics');
    void core.decide({ services: { 'google-analytics': true } }, 'contextual');
  }],
  ['reject-all', core => void core.rejectAll()],
  ['api: save, two services refused', core => void core.save({ categories: ALL, services: { cnzz: false, 'tencent-ads': false } }, 'api')],
  ['DNT + GPC: accept-all', (core, signals) => (signalsOn(signals), void core.acceptAll())],
  ['DNT + GPC: every category switched on (three exceptions), two services refused', (core, signals) => {
    signalsOn(signals);
    void core.save({ categories: ALL, services: { cnzz: false, 'tencent-ads': false } });
  }],
  ['accept-all, then DNT + GPC and a save: the tracking grants suspended (e apart from c)', (core, signals) => {
    void core.acceptAll();
    signalsOn(signals);
    void core.save({ categories: { share: true } });
  }],
  ['a minor from the account, youth mode, accept-all', core => {
    void core.setAge('minor', { source: 'account' });
    void core.setYouthMode(true);
    void core.acceptAll();
  }],
  ['a child: guardian consent from the account, confirmed in the guardian view; youth mode; DNT + GPC; analytics as an exception, share', (core, signals) => {
    signalsOn(signals);
    void core.setAge('child', { guardianConsent: true, source: 'account' });
    void core.setYouthMode(true);
    core.show('guardian');
    void core.setAge('child', { guardianConsent: true, source: 'guardian' });
    void core.save({ categories: { analytics: true, share: true } });
  }],
  // Regression: the server said `decided` where the page still asked with its first-visit banner.
  ['only one share allowed in its dialog (the first-visit banner still asks)', core => {
    core.request('share', 'weibo-share');
    void core.decide({ services: { 'weibo-share': true } }, 'contextual');
  }],
];
