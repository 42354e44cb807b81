import { matches } from './natives.js';

/**
 * Whether `src` is an http(s) URL, relative or not (SPEC §9): a `javascript:` or `data:` link in the banner, or a
 * script so addressed, would run in the host page and is no vendor's. Resolved against an https base, not the page's
 * address: an `about:srcdoc` frame's resolves nothing. The config's check and `load()` share it (`gate.js` borrows it).
 */
export const isHttp = (src: string) => {
  try {
    return matches(/^https?:$/, new URL(src, 'https://consent-gate.invalid/').protocol);
  } catch {
    // Not a URL at all.
    return false;
  }
};
