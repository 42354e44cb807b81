/**
 * `gate.js` beside `consent-gate.min.js`: the gate's activation and withdrawal (src/script.ts loads it; the presets'
 * loaders come in `loaders.js`, where the config needs them).
 */
export { createGate } from '../gate/index.js';
