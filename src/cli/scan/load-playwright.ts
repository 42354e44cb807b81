import type { BrowserType } from 'playwright-core';

/** The packages that carry Playwright's `chromium`, in the order a user is likeliest to have installed them. */
export const PLAYWRIGHT_PACKAGES = ['playwright-core', 'playwright', '@playwright/test'] as const;

export const INSTALL_HINT = `consent-gate scan needs Playwright (an optional peer dependency of consent-gate) to drive a real browser.
Install it and a Chromium, then run the scan again:

  npm install --save-dev playwright-core
  npx playwright-core install chromium

(or point CHROMIUM_PATH at an installed Chromium or Chrome instead of the second command)
`;

/** Thrown when no Playwright package is installed: the command prints the hint and exits 2. */
export class MissingPlaywrightError extends Error {
  override name = 'MissingPlaywrightError';
  constructor() {
    super(INSTALL_HINT);
  }
}

type Importer = (name: string) => Promise<unknown>;

/** The package itself is missing ("Cannot find package 'playwright-core' imported from …"), not one of its own imports. */
const isNotFound = (error: unknown, name: string) =>
  error instanceof Error &&
  ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') &&
  error.message.includes(`'${name}'`);

/**
 * Playwright's Chromium, from the first package that is installed. Loaded with `import()` only when a scan runs,
 * so the SDK's users who never scan need none of it. A package that is there but fails to load is a real
 * error and is thrown as such, not hidden behind "install it".
 */
export async function loadPlaywright(importer: Importer = name => import(name)): Promise<BrowserType> {
  for (const name of PLAYWRIGHT_PACKAGES) {
    let module: unknown;
    try {
      module = await importer(name);
    } catch (error) {
      if (isNotFound(error, name)) continue;
      throw error;
    }
    const chromium = (module as { chromium?: BrowserType; default?: { chromium?: BrowserType } }).chromium ??
      (module as { default?: { chromium?: BrowserType } }).default?.chromium;
    if (chromium) return chromium;
  }
  throw new MissingPlaywrightError();
}
