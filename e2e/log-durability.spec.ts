import { once } from 'node:events';
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
  // Eight senders keep eight receipts in flight when the kill comes, however many went before.
  await expect.poll(() => acknowledged.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(150);
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

test('openers racing for a directory whose holder died: exactly one takes it', async () => {
  // Regression: each opener that found the dead holder removed the lock, the second one the lock the first had just
  // taken, and two processes opened one PGlite directory (2 rounds in 10 with 12 openers).
  test.setTimeout(120_000);
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { hostname, tmpdir } = await import('node:os');
  const { join, resolve } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const lockModule = pathToFileURL(resolve('dist/node/server/directory-lock.js')).href;
  const dir = mkdtempSync(join(tmpdir(), 'cg-lock-race-'));
  // Each opener starts at the same instant and says whether it got the lock; a winner keeps it until every opener has
  // answered (the test closes its stdin then). A fixed hold would let an opener the loaded machine started late take a
  // lock released meanwhile — a second "GOT" that is no race at all.
  const child = `
    const { lockDirectory } = await import(${JSON.stringify(lockModule)});
    while (Date.now() < Number(process.argv[1])) {}
    try {
      const lock = lockDirectory(${JSON.stringify(dir)}, 'racer');
      console.log('GOT');
      process.stdin.on('data', () => {}).on('end', () => lock.release());
    } catch (error) { console.log(error.name); }`;
  try {
    for (let round = 0; round < 6; round++) {
      writeFileSync(join(dir, 'consent-gate.lock'), JSON.stringify({ pid: 4_000_000, host: hostname(), command: 'dead', since: 'x' }) + '\n');
      const start = Date.now() + 800;
      const racers = Array.from({ length: 10 }, () => spawn(process.execPath, ['--input-type=module', '-e', child, String(start)]));
      const answers = await Promise.all(
        racers.map(
          racer =>
            new Promise<string>(done => {
              let out = '';
              racer.stdout.on('data', chunk => {
                out += chunk;
                if (out.includes('\n')) done(out.trim());
              });
              racer.on('close', () => done(out.trim()));
            }),
        ),
      );
      // Every opener has answered: the winner lets go, and the next round starts once all of them are gone.
      const gone = racers.map(racer => (racer.exitCode !== null || racer.signalCode !== null ? undefined : once(racer, 'exit')));
      for (const racer of racers) racer.stdin.on('error', () => {}).end();
      await Promise.all(gone);
      expect(answers.filter(answer => answer === 'GOT'), `round ${round}: ${answers.join(', ')}`).toHaveLength(1);
      expect(answers.filter(answer => answer !== 'GOT').every(answer => answer === 'DirectoryLockedError')).toBe(true);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
