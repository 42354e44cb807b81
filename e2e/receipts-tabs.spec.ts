import { expect, test, type Page } from '@playwright/test';

// SPEC §7.4: proof of consent is kept until the log confirmed it. Regression (a probe of many tabs): two tabs deciding
// at once while the log was down each wrote back the one shared outbox list as they had read it, and one decision's
// receipt was lost for good (six runs in six). Each receipt now waits under a key of its own.

const CONFIG = JSON.stringify({ ui: false, reloadOnRevoke: false, services: ['baidu-tongji'], receipt: { url: '/log/receipts' } });

async function serve(page: Page) {
  await page.route('https://hm.baidu.com/**', route => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await page.route('**/log/receipts', route => route.fulfill({ status: 503, body: 'down' }));
  await page.route('**/outbox.html', route =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body:
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>outbox</title>' +
        `<script type="application/json" id="consent-gate-config">${CONFIG}</script>` +
        // Each tab decides when told on a channel of its own: both at once, as a visitor's two windows can.
        "<script>new BroadcastChannel('decide').onmessage = function (e) { var f = e.data[location.hash.slice(1)]; if (f) ConsentGate[f](); };</script>" +
        '<script src="/dist/consent-gate.min.js"></script></head><body><h1>我图网</h1></body></html>',
    }),
  );
}

const kept = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter(key => key.startsWith('consent-gate:receipt:'))
      .map(key => (JSON.parse(localStorage.getItem(key)!) as { action: string }).action)
      .sort(),
  );

test('regression: two tabs deciding at once while the log is down keep both receipts for a later page', async ({ context }) => {
  const posted: string[] = [];
  context.on('request', request => request.url().endsWith('/log/receipts') && posted.push((JSON.parse(request.postData()!) as { action: string }).action));
  const [a, b, trigger] = [await context.newPage(), await context.newPage(), await context.newPage()];
  for (const page of [a, b, trigger]) await serve(page);
  await a.goto('/outbox.html#a');
  await b.goto('/outbox.html#b');
  await trigger.goto('/outbox.html#t');
  // The writer and receipt.js are on the page before the decisions (asked for once it is idle, src/script.ts).
  for (const page of [a, b]) await page.waitForFunction(() => performance.getEntriesByType('resource').some(entry => entry.name.endsWith('/dist/receipt.js')));
  await trigger.evaluate(() => new BroadcastChannel('decide').postMessage({ a: 'acceptAll', b: 'rejectAll' }));
  // Each at least once: a tab whose receipt.js runs only after the decisions (a busy machine) resends the other's too.
  await expect.poll(() => posted.length).toBeGreaterThanOrEqual(2);
  await expect.poll(() => kept(trigger)).toEqual(['api', 'api']);
});
