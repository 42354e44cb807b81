/** One `document.cookie = "…"` assignment, as the browser would store it. */
export interface CookieWrite {
  name: string;
  value: string;
  /** The Domain attribute with its leading dot (`.ooopic.com`), or the frame's host for a host-only cookie. */
  domain: string;
  path: string;
  /** `Max-Age` ≤ 0 or `Expires` in the past: the write removes the cookie (how withdrawal clears trackers). */
  deletion: boolean;
}

/**
 * Parses a cookie string written by script (RFC 6265 §5.2): name and value before the first ";", attributes
 * after it, case-insensitive. Max-Age wins over Expires. The default path is the directory of the document's
 * path (§5.1.4). `undefined` for a string with no name=value pair, which the browser ignores too.
 */
export function parseCookieWrite(text: string, documentUrl: string, now = Date.now()): CookieWrite | undefined {
  const [pair = '', ...attributes] = text.split(';');
  const eq = pair.indexOf('=');
  const name = (eq < 0 ? '' : pair.slice(0, eq)).trim();
  if (!name) return undefined;
  const url = new URL(documentUrl);
  let domain = url.hostname;
  let path = url.pathname.slice(0, Math.max(url.pathname.lastIndexOf('/'), 1)) || '/';
  let maxAge: number | undefined;
  let expires: number | undefined;
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at < 0 ? '' : attribute.slice(at + 1).trim();
    if (key === 'domain' && value) domain = `.${value.replace(/^\./, '').toLowerCase()}`;
    else if (key === 'path' && value.startsWith('/')) path = value;
    else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (key === 'expires' && !Number.isNaN(Date.parse(value))) expires = Date.parse(value);
  }
  const deletion = maxAge !== undefined ? maxAge <= 0 : expires !== undefined && expires <= now;
  return { name, value: pair.slice(eq + 1).trim(), domain, path, deletion };
}
