import type { Page } from '@playwright/test';

/** A receipt as the outbox keeps it (src/core/receipt.ts), as far as the tests read it. */
export interface KeptReceipt {
  id: string;
  action: string;
  consentId: string;
  time: string;
}

/** The receipts waiting in the page's outbox (one localStorage key each: src/core/receipt.ts), oldest first. */
export const outbox = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter(key => key.startsWith('consent-gate:receipt:'))
      .map(key => JSON.parse(localStorage.getItem(key)!) as KeptReceipt)
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time)),
  );
