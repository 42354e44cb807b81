import type { VNode } from 'preact';
import type { ConsentCore } from '../core/controller.js';
import type { ConsentGate, ConsentState, LocalText, ResolvedConfig, ViewName } from '../core/types.js';

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

/** A view or a language file loaded on demand: its component, if any, and its copy. */
export interface ViewModule {
  view?: (c: ViewContext) => VNode<any>;
  text: Strings;
  /** The view's stylesheet, added to the banner's. */
  css?: string;
}

/** Loads `views/<name>` or `i18n/<lang>`: `import()` chunks on npm, classic scripts from the script tag. */
export type Loader = (path: string) => Promise<ViewModule>;
