const loaded = new Map<string, Promise<HTMLScriptElement>>();

/**
 * Appends `<script src>` once per URL and resolves when it has run; rejects on a network error (404, DNS,
 * timeout) so one failing vendor never stops the others (SPEC §9).
 */
export function loadScript(src: string, attrs: Record<string, string> = {}): Promise<HTMLScriptElement> {
  let promise = loaded.get(src);
  if (!promise) {
    promise = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      for (const name of Object.keys(attrs)) script.setAttribute(name, attrs[name]!);
      script.src = src;
      script.onload = () => resolve(script);
      script.onerror = () => {
        loaded.delete(src);
        reject(new Error(`consent-gate: ${src} failed to load`));
      };
      (document.head || document.documentElement).appendChild(script);
    });
    loaded.set(src, promise);
  }
  return promise;
}
