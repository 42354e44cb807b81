/**
 * `RegExp.prototype.exec` as the browser had it when the bundle ran, for the rules the SDK reads its record and the
 * page's address with. The page is not trusted (SPEC §9): a script after the SDK's that replaced
 * `RegExp.prototype.test` with one answering nothing made every stored decision unreadable. The record the visitor had
 * just accepted was read back as none, taken for a withdrawal in another tab, and the page reloaded and asked again on
 * every visit. The network guard decides with the same functions (src/guard/natives.ts).
 */
// Marked pure: a file that imports one of these and calls none must not carry them (SPEC §10: `gate.js` is 4 KB).
export const uncurry = /* @__PURE__ */ Function.prototype.bind.bind(Function.prototype.call) as <T, A extends unknown[], R>(
  method: (this: T, ...args: A) => R,
) => (self: T, ...args: A) => R;
export const exec = /* @__PURE__ */ uncurry(RegExp.prototype.exec as (this: RegExp, text: string) => RegExpExecArray | null);
/**
 * Whether `pattern` matches, asked of the browser's own `exec`: `pattern.test()` is looked up on the page's
 * `RegExp.prototype`, and the browser's `test` calls the page's `exec`. A pattern with the `g` or `y` flag (a service's
 * own cookie pattern, from the config) is matched from the start each time: from where its last match ended, a
 * withdrawal skipped every other cookie of that service. Told by its own `lastIndex`, which only such a pattern moves:
 * its `global` and `sticky` are getters of the page's `RegExp.prototype`.
 */
export const matches = (pattern: RegExp, value: string) => (pattern.lastIndex && (pattern.lastIndex = 0), exec(pattern, value) != null);

/**
 * Whether any item passes `test` (`Array.prototype.some`), in an index loop: a decision asked the page's `some`, which,
 * answering nothing, kept the grants of the record a withdrawal replaced (SPEC §9). The guard asks it too.
 */
export const any = <T>(list: ArrayLike<T>, test: (item: T, index: number) => unknown): boolean => {
  for (let i = 0; i < list.length; i++) if (test(list[i]!, i)) return true;
  return false;
};

/**
 * Every match of `pattern` (with the `g` flag) in `text`, asked of the browser's own `exec` (`text.match(pattern)` asks
 * the page's: one answering nothing read every policy version as the same, and a policy update asked nobody again).
 */
export const allMatches = (pattern: RegExp, text: string): string[] => {
  const found: string[] = [];
  pattern.lastIndex = 0;
  // An empty match moves `lastIndex` on by hand, as `String.prototype.match` does: it would be found again for good.
  for (let match; (match = exec(pattern, text)); ) (found[found.length] = match[0]) || pattern.lastIndex++;
  return found;
};

/**
 * Whether `list` holds `item` (`Array.prototype.includes`), in an index loop: a page's `includes` answering `true`
 * stored every tracking category as excepted from Do Not Track, and one answering `false` refused `setAge('child')`
 * (SPEC §9: what decides a grant asks none of the page's array methods).
 */
export const has = <T>(list: ArrayLike<T> | undefined, item: unknown): boolean => !!list && any(list, each => each === item);

/**
 * The items that pass `test` (`Array.prototype.filter`), in an index loop: a page's `filter` that answers the list it
 * was given let a sibling's forged copy of the record grant what the visitor refused, as copies were merged (SPEC §9).
 */
export const only = <T>(list: ArrayLike<T>, test: (item: T) => unknown): T[] => {
  const kept: T[] = [];
  for (let i = 0; i < list.length; i++) if (test(list[i] as T)) kept[kept.length] = list[i] as T;
  return kept;
};

/**
 * The item `pick` keeps of each pair, from the first on (`Array.prototype.reduce` without a start): a page's `reduce`
 * answering its first item took a forged copy's age for the merge's, and a minor beside it was stored as nobody's
 * (SPEC §5.3).
 */
export const best = <T>(list: ArrayLike<T>, pick: (kept: T, item: T) => T): T => {
  let kept = list[0] as T;
  for (let i = 1; i < list.length; i++) kept = pick(kept, list[i] as T);
  return kept;
};

/**
 * The domains `host` is under, from its last label (`com`) to itself (`www.ooopic.com`), built without the page's
 * `split`, `slice` or `join` (SPEC §9): with a page's `String.prototype.split` answering nothing, a withdrawal's cookie
 * was neither written nor removed, and the acceptance it withdrew ran every tracker on the next page.
 */
export const suffixes = (host: string): string[] => {
  const labels = allMatches(/[^.]+/g, host);
  const found: string[] = [];
  for (let i = labels.length, domain = ''; i--; ) found[found.length] = domain = domain ? `${labels[i]}.${domain}` : labels[i]!;
  return found;
};
