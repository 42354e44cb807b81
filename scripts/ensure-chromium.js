#!/usr/bin/env node
// Makes sure the e2e tests have a Chromium: uses one that is there, else installs one
// (Playwright's installer where the internet allows it, Debian's package as root), else says what to run.
// A full browser is needed (the two-tab tests); the headless shell, where there is one, runs the rest.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { e2eChromium, findChromium, HEADLESS_SHELL } from './chromium.js';

const run = command => {
  console.log(`ensure-chromium: ${command}`);
  try {
    execSync(command, { stdio: 'inherit', timeout: 600_000 });
    return true;
  } catch {
    return false;
  }
};

if (!findChromium()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell chromium');
  }
  if (!findChromium()) run('npx playwright install chromium');
  if (!findChromium()) {
    console.error(
      (existsSync(HEADLESS_SHELL)
        ? `ensure-chromium: only the headless shell (${HEADLESS_SHELL}) was found; the two-tab tests need a full Chromium. Install one, then run the tests again:\n`
        : 'ensure-chromium: no Chromium found. Install one, then run the tests again:\n') +
        '  Debian/Ubuntu (root):  apt-get install -y chromium-headless-shell chromium\n' +
        '  anywhere with internet: npx playwright install chromium\n' +
        '  or point CHROMIUM_PATH at a Chromium or Chrome executable.',
    );
    process.exit(1);
  }
}
const using = e2eChromium()?.path;
console.log(`ensure-chromium: using ${using ?? "Playwright's bundled Chromium"}`);
if (using && using !== HEADLESS_SHELL && existsSync('/usr/bin/apt-get') && !process.env.CHROMIUM_PATH) {
  console.log('ensure-chromium: `apt-get install -y chromium-headless-shell` runs the e2e suite about a third faster');
}
