import { matches } from '../core/natives.js';

/**
 * Whether a script of this `type` runs: a JavaScript MIME type (HTML's list, case-blind, around spaces stripped:
 * `text/javascript1.5` and `" text/javascript "` run), `module`, or none. Anything else is data to the browser.
 * A module of its own: the bundle lends it to `gate.js` (src/script/shared.ts), which needs the room.
 */
export const runs = (type: string | null) =>
  matches(/^((application|text)\/(x-)?(java|ecma)script|text\/(javascript1\.[0-5]|jscript|livescript)|module|)$/i, (type ?? '').trim());
