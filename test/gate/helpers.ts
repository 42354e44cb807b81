import { normalizeConfig } from '../../src/core/config.js';
import { createConsent, type ConsentDeps } from '../../src/core/controller.js';
import { whenIdle } from '../../src/core/idle.js';
import { memoryStorage } from '../../src/core/storage.js';
import { PLAIN } from '../../src/core/trusted-types.js';
import type { ConsentGateConfig, ErrorDetail, PrivacySignals } from '../../src/core/types.js';
import { forgetSnippets, startEarly } from '../../src/gate/early.js';
import { createGate } from '../../src/gate/index.js';
import { forgetLoadedScripts } from '../../src/gate/load-script.js';
import { PRESETS } from '../../src/presets/index.js';

/** Services of the fixture pages: two analytics, one pixel, one share; no site ids, so nothing loads by itself. */
export const SERVICES = ['cnzz', 'baidu-tongji', 'ocean-engine', 'weibo-share'];

/** What inline test scripts log into: jsdom runs them in its own realm, but the document is shared. */
export const ran = (): string[] => ((document as unknown as { ran?: string[] }).ran ??= []);
export const log = (name: string) => `document.ran.push(${JSON.stringify(name)})`;

/**
 * A page with `html` in its body and a controller + gate on memory storage (no reload by default), with the
 * errors it reported. Remember to `destroy()` (the afterEach in each file does).
 */
export function mount(html: string, config: ConsentGateConfig = {}, signals: PrivacySignals = { dnt: false, gpc: false }, deps: Partial<ConsentDeps> = {}) {
  document.body.innerHTML = html;
  const core = createConsent(normalizeConfig({ services: SERVICES, reloadOnRevoke: false, ...config }, PRESETS), {
    storage: memoryStorage(),
    signals: () => signals,
    tabSync: false,
    warn: () => {},
    ...deps,
  });
  const errors: ErrorDetail[] = [];
  core.on('error', detail => errors.push(detail));
  const gate = createGate(core, startEarly(core), { idle: whenIdle, trust: PLAIN });
  mounted.push(() => (gate.destroy(), core.destroy()));
  return { core, gate, errors };
}

const mounted: Array<() => void> = [];

/** Tears down every mounted gate and the page. */
export function cleanup() {
  mounted.splice(0).forEach(destroy => destroy());
  forgetLoadedScripts();
  forgetSnippets();
  document.head.querySelectorAll('script').forEach(script => script.remove());
  document.body.innerHTML = '';
  (document as unknown as { ran?: string[] }).ran = [];
  for (const pair of document.cookie.split('; ')) if (pair) document.cookie = `${pair.split('=')[0]}=;max-age=0;path=/`;
}

/** External scripts do not load in jsdom: the test plays the network. */
export function respond(src: string, type: 'load' | 'error' = 'load') {
  const script = [...document.querySelectorAll('script')].find(s => s.src === src);
  if (!script) throw new Error(`no script ${src} in the page`);
  script.dispatchEvent(new Event(type));
}

export const scriptSources = () => [...document.querySelectorAll('script')].map(s => s.src).filter(Boolean);
export const flush = () => new Promise(resolve => setTimeout(resolve, 0));
