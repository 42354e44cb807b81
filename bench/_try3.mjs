import { chromium } from '@playwright/test';
import { findChromium } from '/work/main/scripts/chromium.js';
import { startServer } from '/work/main/bench/server.js';
import { BASELINE } from '/work/main/bench/libs.js';
import { measureOnce } from '/work/main/bench/measure.js';
const server = await startServer();
const browser = await chromium.launch({ executablePath: findChromium()?.path, args: ['--disable-background-networking','--disable-component-update','--disable-sync','--disable-quic','--no-first-run'] });
for (let i = 0; i < 4; i++) {
  const s = await measureOnce(browser, server.origin, BASELINE, { cpuRate: 4 });
  console.log(JSON.stringify(s.longtasks.map(t => [Math.round(t.start), Math.round(t.duration)])), Math.round(s.load), Math.round(s.scriptMs));
}
await browser.close(); await server.close();
