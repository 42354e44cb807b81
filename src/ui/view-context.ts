import type { VNode } from 'preact';
import type { ConsentCore } from '../core/controller.js';
import type { ConsentGate, ConsentState, Disclosure, LocalText, ResolvedConfig, ViewName } from '../core/types.js';

/** The controller as the UI sees it: the public one plus the core's `config`, `decide` and `report`. */
export type UIGate = ConsentGate & Pick<ConsentCore, 'config' | 'decide' | 'report'>;

export type Strings = Record<string, string>;

/** What every view renders from. Views are plain functions of it: no hooks, so a lazily loaded view needs only `h`. */
export interface ViewContext {
  gate: UIGate;
  config: ResolvedConfig;
  state: ConsentState;
  /** The open modal view, or `undefined` for the banner. */
  view?: ViewName;
  /** What `request(category, service)` asked for. */
  detail: { category?: string; service?: string };
  /** The copy for `key`, with `{name}` placeholders filled. */
  t(key: string, vars?: Record<string, string | number>): string;
  /** A config text in the visitor's language. */
  l(text: LocalText | undefined): string;
  /** The open view's own state (switches not yet saved, the guardian's confirmation); reset when a view opens. */
  local: Record<string, any>;
  /** Renders again after `local` changed. */
  update(): void;
  /** Closes the modal view; the banner stays while a decision is still needed. */
  close(): void;
}

/** A view, a language or the presets' 清单 text, loaded on demand: a component, copy, styles or disclosures. */
export interface ViewModule {
  view?: (c: ViewContext) => VNode<any>;
  text?: Strings;
  /** The view's stylesheet, added to the banner's. */
  css?: string;
  /** `presets/disclosures`: the 清单 text of each preset, by preset id. */
  disclosures?: Record<string, Disclosure>;
}

/**
 * Loads `views/<name>`, `i18n/<lang>` or `presets/disclosures`: `import()` chunks on npm, classic scripts from the
 * script tag.
 */
export type Loader = (path: string) => Promise<ViewModule>;
