/**
 * `loaders.js` beside `consent-gate.min.js`: the presets' own snippets (the `_hmt` queue before hm.js, gtag, …), asked
 * for in parallel with `gate.js` only where the config lists a preset service with a `src` (src/script.ts).
 */
export { LOADERS as loaders } from '../presets/loaders.js';
