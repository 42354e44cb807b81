/**
 * The gate of the script-tag build (rollup.config.ts puts this module where `headless.ts` imports
 * `gate/index.js`). A first-visit banner needs none of the gate: every gated node is inert until a grant, and
 * none exists yet. So the bundle keeps only the part that must run at once (click hooks, Consent Mode
 * defaults: `gate/early.ts`) and loads the rest, `gate.js` beside `consent-gate.min.js`, after the banner has
 * painted — at once when no banner shows, since stored grants then apply (SPEC §5.1, §10).
 */
import type { ConsentCore } from './core/controller.js';
import type { ConsentGate } from './core/types.js';
import { startEarly } from './gate/early.js';
import type { Gate } from './gate/index.js';
import { createLoader } from './ui/load-view-script.js';

type GateModule = { createGate: typeof import('./gate/index.js').createGate };

export function createGate(core: ConsentCore): Gate {
  const early = startEarly(core);
  const loadChunk = createLoader() as unknown as (path: string) => Promise<GateModule>;
  let gate: Gate | undefined;
  let destroyed = false;
  const ready = new Promise<Gate>((resolve, reject) => {
    // A gate that throws while starting is reported like one that does not load (review R5).
    const start = () =>
      loadChunk('gate')
        .then(module => {
          if (destroyed) return;
          gate = module.createGate(core, { backlog: early.takeBacklog() });
          resolve(gate);
        })
        .catch(reject);
    // requestAnimationFrame runs before the next paint, the timeout after it.
    if (core.get().prompt) requestAnimationFrame(() => setTimeout(start));
    else start();
  });
  // A gate that cannot load keeps everything closed; its `load()` calls fail and say why.
  ready.catch(error => core.report('gate', `the gate could not load (${error})`, { error }));
  const load: ConsentGate['load'] = (...args) => ready.then(g => g.load(...args));
  return {
    load,
    destroy() {
      destroyed = true;
      early.stop();
      gate?.destroy();
    },
  };
}
