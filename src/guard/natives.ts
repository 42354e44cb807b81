/**
 * What the guard decides with, independent of the page's later changes to `String.prototype`, `Array.prototype`,
 * `NodeList.prototype`, `RegExp.prototype`, `URL.prototype`, `Set.prototype`, `WeakMap.prototype`, `Math` and
 * `decodeURIComponent` (SPEC §6.6, §9: the page is not trusted, and the guard fails closed). The guard is installed
 * first thing in `<head>`; a script of the page after it that replaced one of these methods with one answering wrongly
 * (an `Array.prototype.includes` shim off by one, a `String.prototype.startsWith` that is always false, a
 * `Set.prototype.add` that drops what it is given, a `Math.max` of its own) made the guard take every tracker's URL for
 * no vendor's, and each one reached the vendor before consent. The String, RegExp, URL and WeakMap methods are the
 * browser's own, taken as this module is evaluated and called with the receiver as their first argument; replacing
 * text is an `exec` loop of its own; the Array, NodeList and Set work is written as index loops, which read no method
 * at all.
 */
import { exec, uncurry } from '../core/natives.js';

export { any, exec, matches, uncurry } from '../core/natives.js';

const text = String.prototype;
/**
 * How the guard calls what it wraps: `Reflect.apply`, `Reflect.construct` and `Reflect.get` as the browser has them,
 * taken as this module is evaluated. A wrapper calling `native.apply(this, args)` (or a getter's `get.call(this)`, a
 * face's `Function.prototype.toString.call(native)`) asked the page's `Function.prototype.apply` / `call`, whose
 * replacement received the browser's own `fetch`, `src` setter or `WebSocket` and sent what it liked through them
 * (SPEC §6.6, §9: the page is not trusted).
 */
export const apply = /* @__PURE__ */ (() => Reflect.apply)();
export const construct = /* @__PURE__ */ (() => Reflect.construct)();
export const reflectGet = /* @__PURE__ */ (() => Reflect.get)();
/** `Function.prototype.toString`, uncurried: a native's source for a wrapper's face. */
export const sourceOf = /* @__PURE__ */ uncurry(Function.prototype.toString as (this: unknown) => string);

/** `String.prototype.includes`: `contains(text, part)`. */
export const contains = /* @__PURE__ */ uncurry(text.includes as (this: string, part: string) => boolean);
/** `String.prototype.startsWith`, from an index if given. */
export const startsWith = /* @__PURE__ */ uncurry(text.startsWith as (this: string, part: string, from?: number) => boolean);
/** `String.prototype.endsWith`. */
export const endsWith = /* @__PURE__ */ uncurry(text.endsWith as (this: string, part: string) => boolean);
/** `String.prototype.toLowerCase`. */
export const lower = /* @__PURE__ */ uncurry(text.toLowerCase as (this: string) => string);

/** `String.prototype.normalize`. */
export const normalize = /* @__PURE__ */ uncurry(text.normalize as (this: string, form: string) => string);
/** `String.prototype.indexOf`. */
export const indexOf = /* @__PURE__ */ uncurry(text.indexOf as (this: string, part: string, from?: number) => number);
/** `String.prototype.lastIndexOf`. */
export const lastIndexOf = /* @__PURE__ */ uncurry(text.lastIndexOf as (this: string, part: string, from?: number) => number);
/** `String.prototype.slice`. */
export const slice = /* @__PURE__ */ uncurry(text.slice as (this: string, from: number, to?: number) => string);
/** The page's global `decodeURIComponent` may be replaced as easily as a method (one returning "" hid every escape). */
export const decode = /* @__PURE__ */ (() => decodeURIComponent)();
/**
 * `text.replace(pattern, by)` for a `pattern` with the `g` flag, found with `exec` as the browser has it: the browser's
 * own `String.prototype.replace` still asks the page's `RegExp.prototype[Symbol.replace]` and `exec` (one returning ""
 * made every text name no host, one answering `null` left escapes and tabs in). `by` is the text put in, or makes it
 * from what was found; no `$&` patterns.
 */
export const replace = (text: string, pattern: RegExp, by: string | ((found: string) => string)) => {
  let out = '';
  let from = 0;
  pattern.lastIndex = 0;
  for (let found; (found = exec(pattern, text)); from = pattern.lastIndex) {
    out += slice(text, from, found.index) + (typeof by == 'string' ? by : by(found[0]));
  }
  return from ? out + slice(text, from) : text;
};
/**
 * The browser's getter of `key`, found on `proto` or up its chain (a test environment's `URL` or `Request` may be a
 * subclass of the real one), uncurried: `getterOf(Node.prototype, 'nodeType')(node)`. Undefined where there is none.
 */
export const getterOf = <T>(proto: object | null, key: string) => {
  for (; proto; proto = Object.getPrototypeOf(proto)) {
    const get = Object.getOwnPropertyDescriptor(proto, key)?.get as ((this: unknown) => T) | undefined;
    if (get) return uncurry(get);
  }
};
/** The getters of `URL.prototype` the matcher reads (one answering "" took every tracker's URL for a host of no vendor). */
export const hostnameOf = /* @__PURE__ */ getterOf<string>(URL.prototype, 'hostname')!;
export const protocolOf = /* @__PURE__ */ getterOf<string>(URL.prototype, 'protocol')!;
export const pathnameOf = /* @__PURE__ */ getterOf<string>(URL.prototype, 'pathname')!;
/** `WeakMap.prototype.get` and `.set` (a `get` answering nothing let a held XHR's `send()` through). */
export const mapGet = /* @__PURE__ */ uncurry(WeakMap.prototype.get as (this: WeakMap<object, unknown>, key: object) => unknown);
export const mapSet = /* @__PURE__ */ uncurry(WeakMap.prototype.set as (this: WeakMap<object, unknown>, key: object, value: unknown) => unknown);

/**
 * Calls `fn` on each item of an array or a `NodeList`, whose `forEach` a page may replace (a no-op left inserted trees
 * unsearched).
 */
export const each = <T>(list: ArrayLike<T>, fn: (item: T) => unknown): void => {
  for (let i = 0; i < list.length; i++) fn(list[i]!);
};

/** Whether `item` is in `list` (`Array.prototype.includes`), making no closure: the guard asks it on each insertion. */
export const has = <T>(list: readonly T[], item: T): boolean => {
  for (let i = 0; i < list.length; i++) if (list[i] === item) return true;
  return false;
};

/** The first item that passes `test` (`Array.prototype.find`). */
export const pick = <T>(list: readonly T[], test: (item: T) => unknown): T | undefined => {
  for (let i = 0; i < list.length; i++) if (test(list[i]!)) return list[i];
};

/** The items that pass `test`, each once, in order (`[...new Set(list.filter(test))]`). */
export const only = <T>(list: readonly T[], test: (item: T) => unknown = () => 1): T[] => {
  const kept: T[] = [];
  for (let i = 0; i < list.length; i++) if (test(list[i]!) && !has(kept, list[i]!)) kept[kept.length] = list[i]!;
  return kept;
};
