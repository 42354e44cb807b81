/**
 * Client text (a header, a JSON key) for a reason that goes to the server's log: printable ASCII as it is, anything
 * else as `\u` escapes, quoted, cut at `max` characters. JSON.stringify is not enough: it leaves C1 controls (U+009B
 * CSI moves a terminal's cursor or clears it) and bidi overrides (U+202E reverses what follows) raw.
 */
export function printable(text: string | null, max = 100): string {
  const whole = String(text);
  const cut = whole.slice(0, max);
  return `"${cut.replace(/[^\x20-\x7e]|["\\]/g, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}"${cut.length < whole.length ? '…' : ''}`;
}
