/** `gate.js` beside `consent-gate.min.js`: the gate's activation, loaders and withdrawal (src/script.ts loads it). */
export { createGate } from '../gate/index.js';
export { LOADERS as loaders } from '../presets/loaders.js';
