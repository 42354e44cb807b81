/** A preset option (a site id, a token) as it goes into a vendor URL: URL-encoded, never raw. */
export const option = (options: Record<string, unknown>, key: string): string => encodeURIComponent(String(options[key]));

/** The page's globals, where vendor snippets keep their queues (`_hmt`, `_czc`, `gdt`, …). */
export const globals = (): Record<string, any> => window as unknown as Record<string, any>;
