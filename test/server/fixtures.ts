import type { Receipt } from '../../src/core/receipt.js';

/** A receipt as the 0.1 SDK sends it (no "since 0.2" fields), for `consentId`. */
export function receipt(overrides: Partial<Receipt> & Record<string, unknown> = {}): Receipt {
  return {
    consentId: 'k3j9x0a1b2c3d4e5',
    time: '2026-11-29T08:30:00.000Z',
    action: 'accept-all',
    policyVersion: '2024-04-23',
    categories: { necessary: true, analytics: true, personalization: true, pixel: true, share: true },
    services: { 'baidu-tongji': true, 'weibo-share': true },
    forced: {},
    age: 'unknown',
    youthMode: false,
    guardianConsent: false,
    dnt: false,
    gpc: false,
    lang: 'zh-CN',
    page: 'https://www.ooopic.com/',
    sdkVersion: '0.1.0',
    ...overrides,
  } as Receipt;
}

/** A receipt as the 0.2 SDK sends it: every field, the optional ones included. */
export function fullReceipt(overrides: Partial<Receipt> = {}): Receipt {
  return receipt({
    id: 'r0000000000000001',
    choices: { categories: { analytics: true, pixel: true }, services: { 'baidu-tongji': true } },
    guardianMethod: 'guardian',
    source: 'account',
    notice: { policy: '2024-04-23', hash: 'a1b2c3d4' },
    expires: '2027-11-29T08:30:00.000Z',
    ...overrides,
  });
}

/** A fresh consent id (the SDK's shape). */
export const consentId = (n = Math.floor(Math.random() * 1e9)) => `t${String(n).padStart(15, '0')}`;

/** A fresh receipt id. */
let sequence = 0;
export const receiptId = () => `r${Date.now().toString(36)}${(sequence++).toString(36).padStart(6, '0')}`;
