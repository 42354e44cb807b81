import { test, expect, banner, consentCookie, days, state } from './demo-fixtures.js';

// The consent record over time (SPEC §4, §5.1): what a page's own clock, a tab left open and the browser's cookie
// store do to a decision.

// Regression: the cookie's lifetime was written as `expires=` from the page's `Date.now()`. A page whose
// `Date` is set back or frozen (a time-mocking library, an A/B tool's preview of a past date) had the browser drop the
// record at once: every page view asked again, and the console blamed disabled cookies.
test('a decision on a page whose Date runs 400 days behind is still stored by the browser (max-age, not expires)', async ({ page, context, ui }) => {
  const warnings: string[] = [];
  page.on('console', message => message.type() == 'warning' && warnings.push(message.text()));
  await page.clock.setSystemTime(Date.now() - days(400));
  await page.goto('/ui/plain.html');
  await ui.getByRole('button', { name: '全部拒绝' }).click();
  await expect(banner(ui)).toBeHidden();
  await expect.poll(() => consentCookie(context)).toContain('&a=reject-all');
  const [cookie] = (await context.cookies()).filter(c => c.name == 'cg_consent');
  // 180 days on the browser's own clock.
  expect(Math.round((cookie!.expires * 1000 - Date.now()) / days(1))).toBe(180);
  await page.waitForTimeout(500); // the read-back after the write runs when the page is idle
  expect((await state(page)).persisted).toBe(true);
  expect(warnings.filter(w => w.includes('cookies are unavailable'))).toEqual([]);
  await page.reload();
  const s = await state(page);
  expect([s.prompt, s.decided]).toEqual([null, true]);
  await expect(banner(ui)).toHaveCount(0);
});

// Regression: a tab left open past the record's expiry kept applying it. Coming back to the tab re-read
// the cookie, found the same record and changed nothing: grants applied (and new gated nodes activated) a day after a
// one-day consent had ended, while the server, reading the same cookie, applied none.
test('a tab left open past the expiry of its decision asks again when the visitor comes back to it', async ({ page, ui }) => {
  await page.clock.install();
  await page.goto('/ui/plain.html');
  await ui.getByRole('button', { name: '全部接受' }).click();
  await expect(banner(ui)).toBeHidden();
  const decided = (await state(page)).decision!.at;
  // Still within the 365 days: coming back changes nothing.
  await page.clock.setSystemTime(decided + days(364));
  await page.evaluate(() => dispatchEvent(new Event('focus')));
  expect((await state(page)).prompt).toBeNull();
  // Past them (the browser may keep the cookie longer: a record rewritten since, or a page clock of its own).
  await page.clock.setSystemTime(decided + days(366));
  await page.evaluate(() => dispatchEvent(new Event('focus')));
  const s = await state(page);
  expect([s.prompt, s.categories.analytics, s.services['baidu-tongji']]).toEqual(['expired', false, false]);
  expect(await page.evaluate(() => (window as unknown as { ConsentGate: { granted(c: string): boolean } }).ConsentGate.granted('analytics'))).toBe(false);
  await expect(banner(ui)).toBeVisible();
});

// Regression: the record's times were read only from 2020 on. A page whose clock starts at 0 (a test
// runner's fake clock, cy.clock() or sinon's default) or stands before 2020 wrote records no page could read: every
// page view asked again, a refusal included.
test('a decision made on a page clock that starts at 0 (a fake clock) is remembered on the next page view', async ({ page, ui }) => {
  await page.clock.install({ time: 0 });
  await page.goto('/ui/plain.html');
  await ui.getByRole('button', { name: '全部拒绝' }).click();
  await expect(banner(ui)).toBeHidden();
  await page.reload();
  const s = await state(page);
  expect([s.prompt, s.decided, s.decision?.action]).toEqual([null, true, 'reject-all']);
  await expect(banner(ui)).toHaveCount(0);
});
