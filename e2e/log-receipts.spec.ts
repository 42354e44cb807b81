import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { consentLog, startCollector, type Collector } from './log-fixtures.js';
import { outbox } from './outbox.js';

// SPEC §7.4 and §7.6 end to end: a visitor decides in the banner and the preferences of a page (the built bundle),
// each decision posts a receipt to the consent log's own server on another origin, and `log show` prints the
// visitor's history from the log's directory once the server has stopped.

let collector: Collector | undefined;
test.afterEach(async () => {
  await collector?.dispose();
  collector = undefined;
});

test("a visitor's decisions become receipts in the consent log, and log show prints them oldest first", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  collector = await startCollector(['--origin', origin]);
  const url = collector.url;
  const stored = () => page.waitForResponse(response => response.url() === url && response.request().method() === 'POST');

  await page.goto(`/log/collector.html?collector=${encodeURIComponent(url)}`);
  const consentId = await page.evaluate(() => (window as unknown as { ConsentGate: { get(): { consentId: string } } }).ConsentGate.get().consentId);
  const ui = page.locator('#consent-gate');

  let answer = stored();
  await ui.locator('[data-action="accept-all"]').click();
  expect((await answer).status()).toBe(201);

  // Regression: the log refused every reject-all (422) whose necessary services (sign-in, payment) stayed granted.
  answer = stored();
  await page.evaluate(() => (window as unknown as { ConsentGate: { show(view: string): void } }).ConsentGate.show('preferences'));
  await ui.locator('[data-action="reject-all"]').filter({ visible: true }).click();
  expect((await answer).status()).toBe(201);

  // While it runs, the server holds the embedded log: another process is told so instead of corrupting it.
  const dir = collector.dir;
  const busy = consentLog('show', consentId, '--db', dir);
  expect(busy.code).toBe(2);
  expect(busy.err).toContain('PGlite serves one process at a time');

  expect(await collector.stop()).toBe(0);
  expect(collector.output()).toContain('stopped. Since start: 2 stored');

  const shown = consentLog('show', consentId, '--db', dir);
  expect(shown.err).toBe('');
  expect(shown.code).toBe(0);
  expect(shown.out).toContain(`consent id ${consentId}: 2 receipts`);
  const accepted = shown.out.indexOf('accept-all');
  const rejected = shown.out.indexOf('reject-all');
  expect(accepted).toBeGreaterThan(0);
  expect(rejected).toBeGreaterThan(accepted);
  expect(shown.out).toContain(`page ${origin}/log/collector.html`);
  expect(shown.out).toContain(`received from ${origin}`);
  expect(shown.out).toMatch(/1\. .*accept-all[\s\S]*categories {2}granted necessary, analytics, personalization, pixel, share; refused —/);
  expect(shown.out).toMatch(/2\. .*reject-all[\s\S]*categories {2}granted necessary; refused analytics, personalization, pixel, share/);
});

test('a page of a site the log does not allow is refused, and nothing of it is stored', async ({ page }) => {
  collector = await startCollector(['--origin', 'https://www.ooopic.com']);
  const url = collector.url;
  // The 403 carries no CORS grant, so the browser reports the POST as failed rather than answered.
  const posted = page.waitForEvent('requestfailed', request => request.url() === url && request.method() === 'POST');
  await page.goto(`/log/collector.html?collector=${encodeURIComponent(url)}`);
  const consentId = await page.evaluate(() => (window as unknown as { ConsentGate: { get(): { consentId: string } } }).ConsentGate.get().consentId);
  await page.locator('#consent-gate [data-action="accept-all"]').click();
  await posted;
  // Not confirmed, the receipt waits in the outbox for the next page view (#13.5).
  expect((await outbox(page)).map(r => r.consentId)).toContain(consentId);
  const dir = collector.dir;
  expect(await collector.stop()).toBe(0);
  expect(collector.output()).toContain('stopped. Since start: 0 stored, 0 sent again (kept once), 1 refused');
  expect(consentLog('show', consentId, '--db', dir)).toMatchObject({ code: 1, err: expect.stringContaining(`no receipt of consent id ${consentId}`) });
});

test('a receipt endpoint that redirects is not followed: the receipt stays kept and the page is told', async ({ page, baseURL }) => {
  // Regression: a 302 in front of the collector (http → https, a trailing slash) turned the POST into a GET, the
  // log's health check answered it 200, and the receipt left the outbox as delivered — stored nowhere.
  const origin = new URL(baseURL!).origin;
  const methods: string[] = [];
  await page.route(`${origin}/moved/receipts`, route => route.fulfill({ status: 302, headers: { location: `${origin}/final/receipts` } }));
  await page.route(`${origin}/final/receipts`, route => {
    methods.push(route.request().method());
    return route.fulfill({ status: 200, contentType: 'application/json', body: '{"status":"ok"}' });
  });
  await page.goto(`/log/collector.html?collector=${encodeURIComponent(`${origin}/moved/receipts`)}`);
  const told = page.evaluate(
    () =>
      new Promise<string>(resolve =>
        (window as unknown as { ConsentGate: { on(event: string, fn: (e: { kind: string; message: string }) => void): void } }).ConsentGate.on('error', e => {
          if (e.kind === 'receipt') resolve(e.message);
        }),
      ),
  );
  await page.locator('#consent-gate [data-action="accept-all"]').click();
  expect(await told).toContain('(receipt endpoint redirects: give receipt.url its final address): kept, sent again on the next page');
  const kept = await outbox(page);
  expect(kept.map(receipt => receipt.action)).toEqual(['accept-all']);
  expect(methods).toEqual([]);
});

test('a receipt the log refuses with 409 (another receipt under its id) leaves the outbox, and the page is told', async ({ page, baseURL }) => {
  // Regression: kept, it was posted again on every page view for 30 days, though the log can never store it.
  const origin = new URL(baseURL!).origin;
  collector = await startCollector(['--origin', origin]);
  const url = collector.url;
  const stored = {
    id: 'conflict00000001', consentId: 'conflict00000001', time: new Date().toISOString(), action: 'accept-all', policyVersion: '2024-04-23',
    categories: { necessary: true, analytics: true }, services: {}, forced: {}, age: 'unknown', youthMode: false,
    guardianConsent: false, dnt: false, gpc: false, page: `${origin}/log/collector.html`, sdkVersion: '0.2.0',
  };
  expect((await fetch(url, { method: 'POST', body: JSON.stringify(stored), headers: { 'content-type': 'text/plain' } })).status).toBe(201);

  // The outbox holds another receipt under that id, left by an earlier page: this page sends it again once idle.
  const other = { ...stored, action: 'reject-all', categories: { necessary: true, analytics: false } };
  await page.addInitScript(kept => {
    localStorage.setItem(`consent-gate:receipt:${kept.id}`, JSON.stringify(kept));
    const told: string[] = ((window as unknown as { told: string[] }).told = []);
    (window as unknown as { ConsentGate: unknown[] }).ConsentGate = [
      (gate: { on(event: string, fn: (e: { kind: string; message: string }) => void): void }) => gate.on('error', e => e.kind === 'receipt' && told.push(e.message)),
    ];
  }, other);
  const warnings: string[] = [];
  page.on('console', message => void (message.type() === 'warning' && warnings.push(message.text())));
  const posts: number[] = [];
  page.on('response', response => void (response.url() === url && response.request().method() === 'POST' && posts.push(response.status())));
  await page.goto(`/log/collector.html?collector=${encodeURIComponent(url)}`);
  const message = `the receipt conflict00000001 was refused by ${url} with 409 (dropped, not sent again)`;
  await expect.poll(() => page.evaluate(() => (window as unknown as { told: string[] }).told)).toEqual([message]);
  expect(posts).toEqual([409]);
  // Out of the outbox: the next page view does not send it again.
  expect(await outbox(page)).toEqual([]);
  expect(warnings).toEqual([`consent-gate: ${message}`]);
  expect(await collector.stop()).toBe(0);
  expect(collector.output()).toContain('stopped. Since start: 1 stored, 0 sent again (kept once), 1 refused');
});

test('after a 429 with Retry-After no page sends the pending receipt again before that time; a new decision goes at once', async ({ page, baseURL }) => {
  // Regression: the pages ignored Retry-After (the collector did not expose it to their origin either) and resent every
  // pending receipt on each page view into a log that had asked them to wait.
  const origin = new URL(baseURL!).origin;
  // One receipt a minute: the second is answered 429 with Retry-After (about 60 s), by the log itself.
  collector = await startCollector(['--origin', origin, '--rate', '1/min', '--burst', '1']);
  const url = collector.url;
  // The page's clock stands still, so "within the wait" holds however slow the machine; it is moved past the wait below.
  const start = Date.now();
  await page.clock.setFixedTime(start);
  const posts: { action: string; id: string }[] = [];
  page.on('request', request => {
    if (request.url() === url && request.method() === 'POST') posts.push(JSON.parse(request.postData()!));
  });
  const answered = () => page.waitForResponse(response => response.url() === url && response.request().method() === 'POST');
  type Gate = { acceptAll(): Promise<unknown>; rejectAll(): Promise<unknown> };
  const gate = (action: 'acceptAll' | 'rejectAll') => page.evaluate(a => (window as unknown as { ConsentGate: Gate }).ConsentGate[a](), action);

  await page.goto(`/log/collector.html?collector=${encodeURIComponent(url)}`);
  let answer = answered();
  await page.locator('#consent-gate [data-action="accept-all"]').click();
  expect((await answer).status()).toBe(201);
  answer = answered();
  await gate('rejectAll');
  const limited = await answer;
  expect(limited.status()).toBe(429);
  const retryAfter = Number(limited.headers()['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  // Made by the page's code: recorded as `api` (SPEC §4).
  const [pending] = posts.splice(0).filter(r => r.action === 'api');
  // The page on another origin read it (the log exposes it): the wait is kept beside the outbox.
  const wait = () => page.evaluate(() => Number(localStorage.getItem('consent-gate:receipts-wait')));
  expect(await wait()).toBe(start + retryAfter * 1000);

  // A reload within the wait: the pending receipt stays put; a new decision's receipt is sent at once (its POST comes
  // after any resend, which would go as the receipts start).
  await page.reload();
  answer = answered();
  await gate('acceptAll');
  await answer;
  expect(posts.splice(0).map(r => r.action)).toEqual(['api']);
  const kept = (await outbox(page)).map(r => r.id);
  expect(kept).toContain(pending!.id);

  // The wait is over (on the page's clock; the log's own clock has not moved, so it may answer 429 again): a reload
  // sends what is pending.
  await page.clock.setFixedTime(await wait());
  await page.reload();
  await expect.poll(() => posts.map(r => r.id).sort()).toEqual([...kept].sort());
});

test('regression: a reader that goes away (log … | head) is no stack trace and no exit code 1', async () => {
  // Exit code 1 means "nothing found" to `log show`; the pipe's unhandled EPIPE gave it, with a stack trace.
  for (const args of [['log', '--help'], ['log', 'show', '--help'], ['scan', '--help']]) {
    const child = spawn(process.execPath, ['bin/consent-gate.js', ...args]);
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', chunk => (err += chunk));
    const code = await new Promise(resolve => child.on('exit', resolve));
    expect([args.join(' '), code, err]).toEqual([args.join(' '), 0, '']);
  }
});
