import type { ConsentCore } from '../core/controller.js';
import type { Trust } from '../core/trusted-types.js';
import type { AnyLoad, LoadedScript, LoadOptions } from '../core/types.js';
import type { LoadScript } from './load-script.js';
import type { Target } from './target.js';
import { BY_GATE } from '../guard/guard.js';
import { createOwn } from '../core/document-own.js';
import { isHttp } from '../core/http-url.js';
import { stringify } from '../core/json.js';

/**
 * `load()` of SPEC §6.2: `load(category, src, attrs?)` or `load({ category, service?, src, attrs? })` waits for
 * the grant, loads the script once per URL and resolves with it; a network error, a 404 or a timeout rejects
 * and fires an `error` event naming the service. An unknown category or service rejects at once (fail closed,
 * and said so) instead of waiting forever. `use` records what ran, for the reload on withdrawal.
 */
export type { AnyLoad };

export function createLoad(core: ConsentCore, loadScript: LoadScript, use: (target: Target) => void, trust: Trust, problemOf: typeof import('./target.js').problemOf): AnyLoad {
  const load: AnyLoad = (target, src, attrs) => {
    const options = (typeof target == 'string' ? { category: target, src, attrs } : target || {}) as LoadOptions;
    const wanted: Target = { categories: [options.category], refused: [], service: options.service };
    const problem = typeof options.src !== 'string' ? 'has no src' : !isHttp(options.src) ? `src must be an http(s) URL, got ${stringify(options.src)}` : problemOf(core.config, wanted);
    if (problem) {
      const message = `load(${stringify(options.category)}${options.service ? `, service ${stringify(options.service)}` : ''}) ${problem}`;
      core.report('api', message, { service: options.service });
      return Promise.reject(new TypeError(message));
    }
    // Its `signal` gives the wait up (WaitOptions), and the load after the grant: a component gone while the script
    // downloads must not have its `.then` run (the script itself, inserted, still runs: no browser takes one back).
    const { signal } = options;
    return core.whenGranted(options.category, options.service, options).then(() => {
      use(wanted);
      const script = createOwn('script');
      (script as unknown as Record<symbol, number>)[BY_GATE] = 1;
      // Own properties only: a page's polluted `Object.prototype.onload` must not become an inline handler (SPEC §9).
      for (const [name, value] of Object.entries(options.attrs ?? {})) script.setAttribute(name, value);
      // Before the `src`: the network guard gives a host several services share to the one the script names.
      if (options.service) script.setAttribute('data-service', options.service);
      script.src = trust.url(options.src);
      return loadScript(script, options.service).then(loaded => (signal?.aborted ? Promise.reject(signal.reason) : loaded)) as Promise<LoadedScript>;
    });
  };
  return load;
}
