import * as main from 'consent-gate';
import * as headless from 'consent-gate/headless';
import { PRESETS, weiboShare } from 'consent-gate/presets';

const npm = main.createConsentGate({ ui: false, cookie: { name: 'cg_parity_main' } });
const bare = headless.createConsentGate({ cookie: { name: 'cg_parity_headless' } });
// A custom UI names presets too: the catalogue comes from `consent-gate/presets`.
const withPresets = headless.createConsentGate({ cookie: { name: 'cg_parity_presets' }, services: ['baidu-tongji', { id: 'weibo', preset: 'weibo-share' }] }, { presets: PRESETS });
window.parity = {
  global: Object.keys(window.ConsentGate).sort(),
  npm: Object.keys(npm).sort(),
  headless: Object.keys(bare).sort(),
  mainExports: Object.keys(main).sort(),
  headlessExports: Object.keys(headless).sort(),
  presetServices: withPresets.config.services.map(s => [s.id, s.category, s.provider === weiboShare.provider || s.id !== 'weibo']),
  unbound: (() => { const { granted, get } = npm; return [granted('necessary'), typeof get().categories]; })(),
  // SPEC §7.2: exactly the contract names, frozen; nothing a page script could use to store or fake what it likes.
  frozen: [window.ConsentGate, npm, bare].map(gate => Object.isFrozen(gate)),
  internals: [window.ConsentGate, npm, bare].map(gate => ['decide', 'report', 'attach', 'close'].filter(name => name in gate)),
  overwritten: (() => {
    try {
      window.ConsentGate.granted = () => true;
    } catch {
      // strict-mode modules throw on a frozen object
    }
    return window.ConsentGate.granted('analytics');
  })(),
};
