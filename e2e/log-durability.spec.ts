import { expect, test } from '@playwright/test';
import { consentLog, startCollector } from './log-fixtures.js';

// SPEC §7.6: "loses nothing it acknowledged". The embedded log answers 201 only after PGlite has committed, and a
// commit reaches the operating system before the answer: a collector killed outright (SIGKILL, no shutdown) keeps
// every receipt it acknowledged. The next command takes over the lock the dead process left.

test('every receipt acknowledged before the collector is killed with SIGKILL is in the log', async () => {
  test.setTimeout(120_000);
  const collector = await startCollector(['--rate', 'off']);
  const acknowledged: string[] = [];
  let killed = false;
  let sequence = 0;
  const send = async () => {
    const id = `kill${String(sequence++).padStart(12, '0')}`;
    const body = JSON.stringify({
      id, consentId: 'durability000001', time: new Date().toISOString(), action: 'save', policyVersion: '2024-04-23',
      categories: { necessary: true, analytics: true }, services: {}, forced: {}, age: 'unknown', youthMode: false,
      guardianConsent: false, dnt: false, gpc: false, page: 'https://www.ooopic.com/', sdkVersion: '0.2.0',
    });
    const response = await fetch(collector.url, { method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8' } }).catch(() => undefined);
    if (response?.status === 201) acknowledged.push(id);
  };
  const senders = Array.from({ length: 8 }, async () => {
    while (!killed) await send();
  });
  await expect.poll(() => acknowledged.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(300);
  collector.process.kill('SIGKILL');
  killed = true;
  await Promise.all(senders);
  // Until this process reaps it, the dead collector is a zombie whose pid still answers: its lock would look held.
  await collector.exited;

  const exported = consentLog('export', '--db', collector.dir);
  await collector.dispose();
  expect(exported.err).toMatch(/^exported \d+ receipts/);
  expect(exported.code).toBe(0);
  const stored = new Set(exported.out.trim().split('\n').map(line => (JSON.parse(line) as { receipt: { id: string } }).receipt.id));
  expect(acknowledged.filter(id => !stored.has(id))).toEqual([]);
  // Receipts committed but not yet answered when the process died are kept too (the SDK's resend finds them by id).
  expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
});
