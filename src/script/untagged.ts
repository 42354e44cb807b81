/** `untagged.js` beside `consent-gate.min.js`: the words for a tracker the HTML fetched untagged (src/script.ts). */
export { reportUntagged } from '../gate/untagged.js';
