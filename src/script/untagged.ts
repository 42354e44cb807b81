/** `untagged.js` beside `consent-gate.min.js`: the words for a tracker fetched before the guard could hold it (src/script.ts). */
import type { ConsentCore } from '../core/controller.js';
import { documentProperty, queryDocument } from '../core/document-own.js';
import { reportUntagged as report, type SdkScript } from '../gate/untagged.js';

/**
 * The SDK's own `<script>`, found from this file's: only while this file runs does `document.currentScript` name it,
 * and the bundle loads it from beside itself. Of the scripts there, the one named like the bundle (the file loader's
 * own fallback); `null` where the page renamed it, and the words then say where the SDK goes without looking at it.
 */
const sdk: SdkScript = (() => {
  try {
    const own = documentProperty('currentScript') as HTMLScriptElement | null;
    if (!own) return null;
    for (const script of queryDocument<HTMLScriptElement>('script[src*="consent-gate"]')) {
      if (script != own && new URL('untagged.js', script.src).href == own.src) return script;
    }
  } catch {}
  return null;
})();

export const reportUntagged = (core: ConsentCore) => report(core, sdk);
