/**
 * The first name an object of `json` (text `JSON.parse` has taken) gives twice, decoded (`"a"` and `"\u0061"` are one
 * name), or `undefined`. `JSON.parse` keeps the last of them without a word (RFC 8259 §4: names SHOULD be unique, and
 * parsers differ on which one counts): a receipt is proof of a consent, and a log that stored one of two answers
 * would be choosing for the visitor.
 */
export function duplicateKey(json: string): string | undefined {
  /** For each object or array open around the scan: the names an object has given so far, `null` for an array. */
  const open: Array<Set<string> | null> = [];
  /** Whether the next string is a name: after `{`, or after `,` inside an object. */
  let name = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (char == '{') (open.push(new Set()), (name = true));
    else if (char == '[') (open.push(null), (name = false));
    else if (char == '}' || char == ']') (open.pop(), (name = false));
    else if (char == ',') name = open.at(-1) != null;
    else if (char == '"') {
      let end = i + 1;
      while (json[end] != '"') end += json[end] == '\\' ? 2 : 1;
      if (name) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        const names = open.at(-1)!;
        if (names.has(key)) return key;
        names.add(key);
        name = false;
      }
      i = end;
    }
  }
  return undefined;
}
