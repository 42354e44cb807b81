import * as main from 'consent-gate';
import * as headless from 'consent-gate/headless';

const npm = main.createConsentGate({ ui: false, cookie: { name: 'cg_parity_main' } });
const bare = headless.createConsentGate({ cookie: { name: 'cg_parity_headless' } });
window.parity = {
  global: Object.keys(window.ConsentGate).sort(),
  npm: Object.keys(npm).sort(),
  headless: Object.keys(bare).sort(),
  mainExports: Object.keys(main).sort(),
  headlessExports: Object.keys(headless).sort(),
  unbound: (() => { const { granted, get } = npm; return [granted('necessary'), typeof get().categories]; })(),
};
