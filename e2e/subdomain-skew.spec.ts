import { expect, test } from '@playwright/test';
import { encodeFormat2 } from '../test/core/old-formats.js';
import type { ConsentRecord } from '../src/core/types.js';
import { call, state } from './gate-fixtures.js';

// A deploy rolls out subdomain by subdomain: for days an older build or config runs on one subdomain beside the new
// one on another, and the visitor moves between them. The cookie is shared on the parent domain (SPEC §4).

const PORT = process.env.E2E_PORT || 4317; // the port playwright.config.ts serves on
const M = `http://m.ooopic.test:${PORT}/gate/withdraw.html`; // cookie.domain ".ooopic.test"
const DAY = 86_400_000;

/** The visitor's refusal as an older build of m. stored it: format 2, host-only (its config had no cookie.domain). */
function olderRefusal(): string {
  const at = Date.now() - 60_000;
  return encodeFormat2({
    format: 2, id: 'visitor0visitor0', policy: '2024-04-23', updatedAt: at, decision: { at, action: 'reject-all' },
    categories: {}, services: {}, exceptions: [], age: 'unknown', youthMode: false, dnt: false, gpc: false,
    expires: at + 180 * DAY, effective: { categories: [], off: [] },
  } as ConsentRecord);
}

const copies = async (context: import('@playwright/test').BrowserContext) =>
  (await context.cookies(M)).filter(c => c.name == 'cg_consent').map(c => c.domain);

test('regression: a choice made on the new build over an older host-only copy is kept on the next page, not intersected away with it', async ({ page, context }) => {
  await context.addCookies([{ name: 'cg_consent', value: olderRefusal(), url: M }]);
  await page.goto(M);
  expect((await state(page)).prompt).toBeNull();
  // The visitor changes their mind on the new build, which keeps the cookie on the parent domain.
  await call(page, 'save', { categories: { analytics: true } });
  expect((await state(page)).categories.analytics).toBe(true);
  // The older copy does not stay beside the new one: read together, their intersection was the refusal again.
  expect(await copies(context)).toEqual(['.ooopic.test']);
  await page.goto(M);
  const s = await state(page);
  expect([s.prompt, s.categories.analytics, s.consentId]).toEqual([null, true, 'visitor0visitor0']);
});
