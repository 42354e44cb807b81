import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { BASELINE, FAKE_TRACKER, LIBS } from '../bench/libs.js';
import { pagePath, renderPages } from '../bench/make-pages.js';
import { startServer } from '../bench/server.js';

// Smoke test of the `npm run bench` pages: each loads, shows its banner, keeps its gated tracker off until
// accept-all, then loads it. Without this, a peer upgrade or a config typo would make the bench time a
// banner that never shows. The pages are served by the bench's own server (bench/server.js), as in a bench run.

let server: Awaited<ReturnType<typeof startServer>>;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.close();
});

test('bench pages are the shared host page plus each library fragment (not edited by hand)', () => {
  for (const [id, html] of Object.entries(renderPages())) {
    expect(readFileSync(pagePath(id), 'utf8'), `bench/pages/${id}.html is stale: run node bench/make-pages.js`).toBe(html);
  }
});

for (const lib of LIBS) {
  test(`${lib.id}: banner shows, the tracker waits for accept-all, then loads`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    const trackerRequests: string[] = [];
    page.on('request', request => {
      if (request.url().includes(FAKE_TRACKER)) trackerRequests.push(request.url());
    });
    await page.goto(`${server.origin}/bench/pages/${lib.id}.html`);
    const accept = page.locator(lib.accept!).first();
    await expect(accept).toBeVisible();
    expect(trackerRequests).toEqual([]);
    const tracker = page.waitForRequest(request => request.url().includes(FAKE_TRACKER));
    await accept.click();
    await tracker;
    expect(errors).toEqual([]);
  });
}

test('baseline: the host page alone loads without errors and requests no tracker', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  const trackerRequests: string[] = [];
  page.on('request', request => {
    if (request.url().includes(FAKE_TRACKER)) trackerRequests.push(request.url());
  });
  await page.goto(`${server.origin}/bench/pages/${BASELINE.id}.html`);
  await expect(page.getByRole('search')).toBeVisible();
  expect(trackerRequests).toEqual([]);
  expect(errors).toEqual([]);
});
