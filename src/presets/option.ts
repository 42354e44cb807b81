/**
 * A preset's `src`: the vendor URL built from one option (a site id, a token), URL-encoded. Without the option
 * there is no `src`, and the service loads only through the page's own gated markup or `load()` calls.
 */
export const fromOption = (key: string, url: (value: string) => string) =>
  // `option` names the one option the preset takes: the config check refuses another (a misspelt `siteid` loaded nothing).
  Object.assign(
    (options: Record<string, unknown>): string | undefined =>
      options[key] == null || options[key] === '' ? undefined : url(encodeURIComponent(String(options[key]))),
    { option: key },
  );

/** The page's globals, where vendor snippets keep their queues (`_hmt`, `_czc`, `gdt`, …). */
export const globals = (): Record<string, any> => window as unknown as Record<string, any>;
