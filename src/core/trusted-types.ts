/** Turns the strings the SDK loads or runs into what a page under Trusted Types accepts (SPEC §8). */
export interface Trust {
  /** A script URL: the SDK's own files, a gated script's `src`. */
  url(value: string): string;
  /** A gated inline script's text, activated as the page wrote it. */
  script(value: string): string;
  /** A gated `<iframe data-srcdoc>`, activated as the page wrote it. */
  html(value: string): string;
}

type Rules = { createScriptURL(v: string): string; createScript(v: string): string; createHTML(v: string): string };
type Policy = { [rule in keyof Rules]: (value: string) => unknown };
type Host = { trustedTypes?: { createPolicy(name: string, rules: Rules): Policy } };

const same = (value: string) => value;
export const PLAIN: Trust = { url: same, script: same, html: same };

/**
 * The policy, once per copy of the SDK: a page allows one policy of a name, and a controller may be created again.
 * Kept in this module, never on `window`: the policy passes its strings as they are, so a page script that could reach
 * it would have a way around the page's own Trusted Types enforcement.
 */
let kept: Trust | undefined;

/**
 * Under `require-trusted-types-for 'script'` a string assigned to a script's `src` or text (or an iframe's `srcdoc`)
 * throws, so the views, the gate and gated scripts would never load. The SDK creates one policy, `consent-gate` (the name a page lists in
 * its `trusted-types` directive), for exactly those: its own files beside the bundle and the page's own gated
 * markup. Without Trusted Types, or when the page does not allow the name (then reported), strings pass as they are.
 * A second copy of the SDK in one page (a module loaded again by hot reload, the npm build beside the script tag)
 * needs `'allow-duplicates'` in the directive to create its own.
 */
export function createTrust(report: (message: string) => void): Trust {
  const types = typeof window == 'undefined' ? undefined : (window as unknown as Host).trustedTypes;
  if (!types) return PLAIN;
  if (kept) return kept;
  try {
    const policy = types.createPolicy('consent-gate', { createScriptURL: same, createScript: same, createHTML: same });
    // Bound as the policy is made: a page's later `TrustedTypePolicy.prototype.createHTML` answering other HTML made
    // the HTML the guard looked at other than the HTML written (SPEC §6.6, §9).
    return (kept = {
      url: policy.createScriptURL.bind(policy) as Trust['url'],
      script: policy.createScript.bind(policy) as Trust['script'],
      html: policy.createHTML.bind(policy) as Trust['html'],
    });
  } catch (error) {
    // An integration mistake (the page's directive lacks the name): said in the console as well as reported (SPEC §9).
    const message = `the Trusted Types policy "consent-gate" could not be created, so the page refuses its gated scripts (add it to the page's trusted-types directive; 'allow-duplicates' where two copies of the SDK share the page): ${error}`;
    console.error(`consent-gate: ${message}`);
    report(message);
    return PLAIN;
  }
}
