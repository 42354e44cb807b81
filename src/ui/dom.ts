import { documentProperty } from '../core/document-own.js';

/**
 * A JSX factory that builds DOM elements directly, for the banner (SPEC §8: the banner may be rendered without
 * Preact for the size budget of §10, written in the same component style). The banner re-renders only when what it
 * says changes, so it is rebuilt rather than diffed. Strings become text nodes, never HTML (SPEC §9).
 */
/**
 * `'api'` for a click no visitor made (`isTrusted` false: a script's `.click()` or `dispatchEvent`): a decision it
 * makes through the SDK's own buttons is the page's code deciding, and is recorded so (SPEC §4), never as the visitor's.
 */
export const by = (event: Event) => (event.isTrusted === false ? ('api' as const) : undefined);

/**
 * The page's `<body>`, from the browser's own getter: markup can take the name on the document (an `<img name="body">`
 * in user content makes `document.body` that image, and the UI's host went inside it, never shown).
 */
export const pageBody = () => documentProperty('body') as HTMLElement | null;

/** Names of markup already said by `sayHidden`. */
const hiddenSaid: Record<string, boolean> = Object.create(null);

/**
 * Says, once per name, markup that hides a document method the SDK and Preact call (`<img name="createElement">` in user
 * content makes `document.createElement` that image for every script: no consent UI can be built; SPEC §9), and
 * gives the names hidden: an error of the UI that names one says nothing more after it, any other is said as well.
 */
export const sayHidden = () =>
  ['createElement', 'createElementNS', 'createTextNode', 'getElementById', 'querySelectorAll', 'addEventListener'].filter(
    name =>
      typeof (document as unknown as Record<string, unknown>)[name] != 'function' &&
      (hiddenSaid[name] || console.error(`consent-gate: an element named "${name}" hides document.${name}, so no consent UI can be built: rename it`), (hiddenSaid[name] = true)),
  );

/**
 * Inserts `node` before `before` (at the end without it) and gives back the node itself, not what `insertBefore`
 * returned: a page's wrapper of it that forgets to return (an old library's) inserts all the same (SPEC §9).
 */
export const put = <T extends Node>(parent: Node, node: T, before: Node | null = null): T => (parent.insertBefore(node, before), node);

type Child = Node | string | number | false | null | undefined | Child[];
type Props = Record<string, unknown> | null;

function append(parent: Node, child: Child) {
  if (Array.isArray(child)) child.forEach(c => append(parent, c));
  else if (child instanceof Node) parent.appendChild(child);
  else if (child != null && child !== false) parent.appendChild(document.createTextNode(String(child)));
}

export function h(tag: string | ((props: Record<string, unknown>) => Node), props: Props, ...children: Child[]): Node {
  if (typeof tag == 'function') return tag({ ...props, children });
  const element = document.createElement(tag);
  // Own properties only: a page's `Object.prototype.hidden` would hide every element (SPEC §9).
  for (const [name, value] of Object.entries(props ?? {})) {
    if (name == 'ref') (value as (element: Element) => void)(element);
    // Event handlers as properties (`onClick` → `onclick`), so no inline handler attribute needs `unsafe-inline`.
    else if (name[0] == 'o' && name[1] == 'n') (element as unknown as Record<string, unknown>)[name.toLowerCase()] = value;
    // `aria-*` states are the words "true" / "false"; other boolean attributes are present or absent.
    else if (typeof value == 'boolean' && !name.startsWith('aria-')) value && element.setAttribute(name, '');
    else if (value != null) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function Fragment({ children }: { children?: Child }): Node {
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  return fragment;
}

/** JSX types for the DOM factory: any intrinsic element, props as attributes. */
export declare namespace h {
  namespace JSX {
    type Element = Node;
    interface IntrinsicElements {
      [tag: string]: Record<string, unknown>;
    }
    interface ElementChildrenAttribute {
      children: unknown;
    }
  }
}
