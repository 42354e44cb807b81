import type { ConsentCore } from '../core/controller.js';
import type { LoadOptions } from '../core/types.js';
import { loadScript } from './load-script.js';

/**
 * `load()` of SPEC §6.2: waits for the grant, then loads the script once. A failure rejects and is reported as
 * an `error` event naming the service, so a page that does not catch still hears of it.
 */
export function createLoad(core: ConsentCore) {
  return function load(
    target: string | LoadOptions,
    src?: string,
    attrs?: Record<string, string>,
  ): Promise<HTMLScriptElement> {
    const options: LoadOptions = typeof target === 'string' ? { category: target, src: src!, attrs } : target;
    if (!options || typeof options.category !== 'string' || typeof options.src !== 'string') {
      core.report('api', 'load(): pass (category, src) or { category, service?, src }');
      return Promise.reject(new TypeError('consent-gate: load() needs a category and a src'));
    }
    return core.whenGranted(options.category, options.service).then(() =>
      loadScript(options.src, options.attrs).catch((error: unknown) => {
        core.report('load', `${options.src} failed to load`, { service: options.service, src: options.src, error });
        throw error;
      }),
    );
  };
}
