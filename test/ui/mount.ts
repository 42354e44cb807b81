import { configure, waitFor, within } from '@testing-library/preact';
import { afterEach } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent, type ConsentCore } from '../../src/core/controller.js';
import { memoryStorage } from '../../src/core/storage.js';
import type { ConsentGateConfig, Preset, PrivacySignals, ServiceConfig } from '../../src/core/types.js';
import { PRESETS } from '../../src/presets/index.js';
import { loadModule } from '../../src/ui/load-module.js';
import { mountUI } from '../../src/ui/mount-ui.js';
import type { Loader } from '../../src/ui/view-context.js';

/**
 * The UI's files as both entries load them: the npm chunks, plus the presets' 清单 text that only the script tag
 * loads on demand (its catalogue comes without it).
 */
export const loadAll: Loader = path => (path == 'presets/disclosures' ? import('../../src/presets/disclosures.js') : loadModule(path));

/** The fixture's services (data of our own, so the presets can change): two analytics, a pixel, a share. */
export const SERVICES: ServiceConfig[] = [
  {
    id: 'stats',
    category: 'analytics',
    name: { 'zh-CN': '示例统计', en: 'Example Stats' },
    provider: '示例统计科技有限公司',
    purpose: { 'zh-CN': '网站访问统计', en: 'Site analytics' },
    data: { 'zh-CN': '访问的页面、设备信息', en: 'Pages and device' },
    cookies: ['^st_', 'st_id'],
    policyUrl: 'https://stats.example/privacy',
  },
  { id: 'stats-two', category: 'analytics', name: '第二统计', provider: '第二统计有限公司', purpose: '访问统计', data: '页面' },
  { id: 'pixel', category: 'pixel', name: '示例像素', provider: '示例广告有限公司', purpose: '广告转化', data: '转化事件' },
  {
    id: 'share',
    category: 'share',
    name: { 'zh-CN': '示例分享', en: 'Example share' },
    provider: '示例分享有限公司',
    purpose: { 'zh-CN': '分享到示例', en: 'Sharing to Example' },
    data: { 'zh-CN': '分享的链接和图片', en: 'Shared link and image' },
    policyUrl: 'https://share.example/privacy',
  },
];

// Queries run inside the UI's shadow root; Testing Library cannot print a ShadowRoot in its error messages. A view's
// first import() is transformed on the fly, which can take a while.
configure({ getElementError: message => new Error(message ?? 'not found'), asyncUtilTimeout: 5000 });

const mounted: Array<() => void> = [];
afterEach(() => {
  mounted.splice(0).forEach(unmount => unmount());
  // jsdom keeps a removed element focused, where a browser falls back to <body>.
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  (active as HTMLElement | null)?.blur();
  document.getElementById('consent-gate')?.remove();
  document.documentElement.lang = '';
});

export interface MountOptions {
  signals?: Partial<PrivacySignals>;
  /** A stored record, e.g. from an earlier `mountGate` (`gate.storage.read()`). */
  storage?: ReturnType<typeof memoryStorage>;
  /**
   * The catalogue the string service ids refer to. Default: the whole of `consent-gate/presets`, 清单 text
   * included; `CATALOGUE` (src/presets/catalogue.ts) is the script tag's, whose text loads with the views.
   */
  presets?: Record<string, Preset>;
  /** How the UI's files load (default: `loadAll`). */
  load?: Loader;
  /** Whether the page view is a reload (default: what the browser says; jsdom's is a first navigation). */
  reloaded?: () => boolean;
  /** The clock, for a visit some time after another. */
  now?: () => number;
  /** Where the controller's console warnings go (none by default). */
  warn?: (message: string) => void;
}

/**
 * The controller's core with its UI, as the entries mount it, over memory storage and given privacy signals, once
 * the controller is ready. Returns the core (the public functions and the internals the UI is handed) and Testing
 * Library queries bound to the UI's shadow root.
 */
export async function mountGate(config: ConsentGateConfig = {}, options: MountOptions = {}) {
  // jsdom's navigator.languages is en-US: the page says zh-CN, as ooopic.com does, unless a test says otherwise.
  document.documentElement.lang ||= 'zh-CN';
  // Kept like a cookie the browser keeps: memory storage itself stands for a browser that keeps none (persisted false).
  const storage = options.storage ?? { ...memoryStorage(), persistent: true };
  const gate: ConsentCore = createConsent(normalizeConfig({ services: SERVICES, reloadOnRevoke: false, ...config }, options.presets ?? PRESETS), {
    storage,
    tabSync: false,
    warn: options.warn ?? (() => {}),
    signals: () => ({ dnt: false, gpc: false, ...options.signals }),
    ...(options.now ? { now: options.now } : {}),
    ...(options.reloaded ? { reloaded: options.reloaded } : {}),
  });
  const ui = mountUI(gate, options.load ?? loadAll);
  mounted.push(() => (ui.unmount(), gate.destroy()));
  await new Promise(resolve => setTimeout(resolve));
  const root = () => document.getElementById('consent-gate')!.shadowRoot!;
  return { gate, storage, root, ui: () => within(root() as unknown as HTMLElement) };
}

/** Waits for the UI's host: a language other than zh-CN loads before the banner renders. */
export const hostReady = () => waitFor(() => document.getElementById('consent-gate')!.shadowRoot!);

/**
 * A click as the visitor makes it. jsdom marks every event a test dispatches untrusted (`isTrusted` false), as a browser
 * marks a script's `.click()`; the SDK records a decision from such a click as the page's code (`api`, SPEC §4). This
 * dispatches through jsdom's own implementation objects, as jsdom does for an event of its own, so that a test can
 * stand for the visitor.
 */
export function visitorClick(element: Element) {
  type Impl = { isTrusted: boolean; _dispatch(event: Impl): void };
  const impl = (wrapper: object) => (wrapper as Record<symbol, Impl>)[Object.getOwnPropertySymbols(wrapper).find(symbol => symbol.description == 'impl')!]!;
  const event = impl(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
  event.isTrusted = true;
  impl(element)._dispatch(event);
}
