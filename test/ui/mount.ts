import { configure, waitFor, within } from '@testing-library/preact';
import { afterEach } from 'vitest';
import { memoryStorage } from '../../src/core/storage.js';
import type { ConsentGate, ConsentGateConfig, Preset, PrivacySignals, ServiceConfig } from '../../src/core/types.js';
import { createConsentGate } from '../../src/index.js';
import { PRESETS } from '../../src/presets/index.js';

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

const gates: ConsentGate[] = [];
afterEach(() => {
  gates.splice(0).forEach(gate => gate.destroy());
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
   * included; `undefined` leaves the UI entry's own (text loaded with the views).
   */
  presets?: Record<string, Preset> | undefined;
}

/**
 * The npm entry as a page gets it: the real controller with its UI, over memory storage and given privacy
 * signals, once the controller is ready. Returns the controller and Testing Library queries bound to the UI's
 * shadow root.
 */
export async function mountGate(config: ConsentGateConfig = {}, options: MountOptions = {}) {
  // jsdom's navigator.languages is en-US: the page says zh-CN, as ooopic.com does, unless a test says otherwise.
  document.documentElement.lang ||= 'zh-CN';
  const storage = options.storage ?? memoryStorage();
  const gate = createConsentGate(
    { services: SERVICES, reloadOnRevoke: false, ...config },
    {
      ...('presets' in options ? (options.presets ? { presets: options.presets } : {}) : { presets: PRESETS }),
      storage,
      tabSync: false,
      warn: () => {},
      signals: () => ({ dnt: false, gpc: false, ...options.signals }),
    },
  );
  gates.push(gate);
  await new Promise(resolve => setTimeout(resolve));
  const root = () => document.getElementById('consent-gate')!.shadowRoot!;
  return { gate, storage, root, ui: () => within(root() as unknown as HTMLElement) };
}

/** Waits for the UI's host: a language other than zh-CN loads before the banner renders. */
export const hostReady = () => waitFor(() => document.getElementById('consent-gate')!.shadowRoot!);
