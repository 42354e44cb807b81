import { normalizeConfig } from '../../src/core/config.js';
import { consentReceipts } from '../../src/receipts/index.js';
import { createConsent, type ConsentDeps } from '../../src/core/controller.js';
import { memoryStorage, type ConsentStorage } from '../../src/core/storage.js';
import type { ConsentGateConfig, Preset, PrivacySignals } from '../../src/core/types.js';

export const MINUTE = 60_000;
export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 0, 15, 12);

/** Two analytics services and one share service, so service-level rules have something to bite on. */
export const PRESETS: Record<string, Preset> = {
  'baidu-tongji': { id: 'baidu-tongji', category: 'analytics', name: '百度统计', provider: 'Baidu', purpose: 'stats', data: 'pages', cookies: ['^Hm_lvt_'] },
  cnzz: { id: 'cnzz', category: 'analytics', name: 'CNZZ', provider: 'Umeng', purpose: 'stats', data: 'pages' },
  'weibo-share': { id: 'weibo-share', category: 'share', name: '微博', provider: 'Weibo', purpose: 'share', data: 'url' },
  'ocean-engine': { id: 'ocean-engine', category: 'pixel', name: '巨量引擎', provider: 'ByteDance', purpose: 'ads', data: 'clicks' },
};

export interface Harness {
  storage: ConsentStorage;
  clock: { now: number };
  signals: PrivacySignals;
  sent: unknown[];
}

/** A controller on memory storage with a clock and privacy signals the test controls. */
export function setup(config: ConsentGateConfig = {}, harness: Partial<Harness> = {}, deps: Partial<ConsentDeps> = {}, presets: Record<string, Preset> = PRESETS) {
  const h: Harness = {
    storage: harness.storage ?? memoryStorage(),
    clock: harness.clock ?? { now: T0 },
    signals: harness.signals ?? { dnt: false, gpc: false },
    sent: harness.sent ?? [],
  };
  const resolved = normalizeConfig({ services: ['baidu-tongji', 'cnzz', 'weibo-share', 'ocean-engine'], ...config }, presets);
  const gate = createConsent(resolved, {
    storage: h.storage,
    now: () => h.clock.now,
    signals: () => ({ ...h.signals }),
    tabSync: false,
    receipts: consentReceipts,
    send: async (_url, receipt) => void h.sent.push(receipt),
    warn: () => {},
    ...deps,
  });
  return { gate, ...h, h };
}

/** The receipts kept in the outbox (src/core/receipt.ts: one localStorage key each), oldest first. */
export function keptReceipts(): Array<{ id: string; action: string; time: string }> {
  const kept = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)!;
    if (key.startsWith('consent-gate:receipt:')) kept.push(JSON.parse(localStorage.getItem(key)!));
  }
  return kept.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
