/** Turns the strings the SDK loads or runs into what a page under Trusted Types accepts (SPEC §8). */
export interface Trust {
  /** A script URL: the SDK's own files, a gated script's `src`. */
  url(value: string): string;
  /** A gated inline script's text, activated as the page wrote it. */
  script(value: string): string;
}

type Policy = { createScriptURL(value: string): unknown; createScript(value: string): unknown };
type Host = { trustedTypes?: { createPolicy(name: string, rules: { createScriptURL(v: string): string; createScript(v: string): string }): Policy } };

const plain: Trust = { url: value => value, script: value => value };

/**
 * Under `require-trusted-types-for 'script'` a string assigned to a script's `src` or text throws, so the views,
 * the gate and gated scripts would never load. The SDK creates one policy, `consent-gate` (the name a page lists in
 * its `trusted-types` directive), for exactly those: its own files beside the bundle and the page's own gated
 * markup. Without Trusted Types, or when the page does not allow the name (then reported), strings pass as they are.
 */
export function createTrust(report: (message: string) => void): Trust {
  const types = typeof window == 'undefined' ? undefined : (window as unknown as Host).trustedTypes;
  if (!types) return plain;
  try {
    const policy = types.createPolicy('consent-gate', { createScriptURL: value => value, createScript: value => value });
    return { url: value => policy.createScriptURL(value) as string, script: value => policy.createScript(value) as string };
  } catch (error) {
    report(`the Trusted Types policy "consent-gate" could not be created (add it to the page's trusted-types directive): ${error}`);
    return plain;
  }
}
