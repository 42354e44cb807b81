import { defineConfig, devices } from '@playwright/test';
// @ts-ignore -- a plain ES module shared with scripts/ensure-chromium.js
import { CHROMIUM_ARGS, e2eChromium } from './scripts/chromium.js';

const PORT = Number(process.env.E2E_PORT || 4317);
const chromiumPath: string | undefined = e2eChromium()?.path;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  // Three on CI's two cores: a third of the time the suite waits (the scan command's runs watch idle pages for
  // seconds, the consent log's tests wait on PostgreSQL), and two workers left a core idle then: 8.0 → 7.3 min.
  workers: process.env.CI ? 3 : undefined,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: '.reports/e2e.json' }]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // A trace only for a retry (CI retries once): recording one for every test (DOM snapshots, screencast) made the
    // suite half as long again, 4.2 → 6.3 min on CI's two cores. Locally: --trace on.
    trace: 'on-first-retry',
    browserName: 'chromium',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: 'node scripts/serve.js',
    env: { PORT: String(PORT) },
    url: `http://127.0.0.1:${PORT}/receipts`,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    // SIGTERM, not Playwright's default SIGKILL: the demo server then deletes its temporary consent log.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5000 },
  },
});
