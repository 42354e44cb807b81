import { expect, test } from './ui-fixtures.js';

// WCAG 2.2 SC 2.4.11 Focus Not Obscured: with the banner open, the page's own controls the keyboard
// reaches — down to the footer's policy links — are never wholly hidden under it.

test('tabbing through the page, no focused page control is wholly under the banner', async ({ page, ui }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
  await expect(banner).toBeVisible();
  await page.locator('body').focus();
  const hidden: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const covered = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      if (!active || active.id === 'consent-gate' || active === document.body) return null;
      const host = document.getElementById('consent-gate')!.shadowRoot!.querySelector('.b');
      if (!host) return null;
      const box = host.getBoundingClientRect();
      const rect = active.getBoundingClientRect();
      return rect.top >= box.top && rect.bottom <= box.bottom && rect.height > 0 ? active.textContent?.trim() || active.outerHTML.slice(0, 60) : null;
    });
    if (covered) hidden.push(covered);
  }
  expect(hidden).toEqual([]);
  await expect(banner).toBeVisible();
});

test('the room kept for the banner at the page end is given back when a decision closes it', async ({ page, ui }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  const banner = ui.getByRole('dialog', { name: '我们如何使用 Cookie' });
  await expect(banner).toBeVisible();
  const room = () => page.evaluate(() => getComputedStyle(document.getElementById('consent-gate')!).height);
  // Kept after the banner's first paint, on a page that scrolls.
  await expect.poll(room).not.toBe('0px');
  await banner.getByRole('button', { name: '全部接受' }).click();
  await expect(banner).toHaveCount(0);
  await expect.poll(room).toBe('0px');
});
