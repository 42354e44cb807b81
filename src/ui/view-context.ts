import type { ComponentChildren, VNode } from 'preact';
import type { ConsentCore } from '../core/controller.js';
import type { ConsentState, Disclosure, ResolvedConfig, ViewName } from '../core/types.js';
import type { Strings, Text } from './text.js';
import type { createViews } from './views/mount-views.js';

/** What every view renders from. Views are plain functions of it: no hooks, so a lazily loaded view needs only `h`. */
export interface ViewContext extends Omit<Text, 'm'> {
  /** `Text.m` with Preact's `h`: a text's runs of Chinese as spans of their own language in an English UI. */
  m(text: ComponentChildren): ComponentChildren;
  core: ConsentCore;
  config: ResolvedConfig;
  state: ConsentState;
  /** The open modal view. */
  view: Exclude<ViewName, 'banner'>;
  /** What `request(category, service)` asked for. */
  detail: { category?: string; service?: string };
  /** The open view's own state (switches not yet saved, the guardian's confirmation); reset when a view opens. */
  local: Record<string, any>;
  /** Renders again after `local` changed. */
  update(): void;
  /** What the open view says above its actions: a decision that could not be stored (mount-views.ts), or nothing. */
  alert: ComponentChildren;
  /** Closes the modal view (the minors view opened from the preferences goes back there). */
  close(): void;
  /** The dialog's keys: Esc closes, Tab wraps (frame.tsx `onKeyDown`). */
  keydown(event: KeyboardEvent): void;
}

/** A file of the UI loaded on demand: a view, a language, the presets' 清单 text, or the views' mount. */
export interface UIModule {
  view?: (c: ViewContext) => VNode<any>;
  text?: Strings;
  /** The view's stylesheet, added to the banner's. */
  css?: string;
  /** `presets/disclosures`: the 清单 text of each preset, by preset id. */
  disclosures?: Record<string, Disclosure>;
  /** `views`: the modal views' mount, with Preact (`views/mount-views.ts`). */
  createViews?: typeof createViews;
}

/**
 * Loads `views` (Preact and the views' frame), `views/<name>`, `i18n/<lang>`, `i18n/<lang>-views` or
 * `presets/disclosures`: `import()` chunks on npm, classic scripts beside `consent-gate.min.js` from the script tag.
 */
export type Loader = (path: string) => Promise<UIModule>;
