// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { INSTALL_HINT, loadPlaywright, MissingPlaywrightError, PLAYWRIGHT_PACKAGES } from '../../src/cli/scan/load-playwright.js';

const notFound = (name: string) => Object.assign(new Error(`Cannot find package '${name}' imported from /x.js`), { code: 'ERR_MODULE_NOT_FOUND' });
const chromium = { name: () => 'chromium' };

describe('loadPlaywright: an optional peer, found where the user has it', () => {
  it.each([
    ['playwright-core', {}],
    ['playwright', { 'playwright-core': 'missing' }],
    ['@playwright/test', { 'playwright-core': 'missing', playwright: 'missing' }],
  ])('takes chromium from %s', async (expected, missing: Record<string, string>) => {
    const tried: string[] = [];
    const found = await loadPlaywright(async name => {
      tried.push(name);
      if (missing[name]) throw notFound(name);
      return { chromium, from: name };
    });
    expect(found).toBe(chromium);
    expect(tried.at(-1)).toBe(expected);
  });

  it('a default export (CommonJS through import()) works too', async () => {
    expect(await loadPlaywright(async () => ({ default: { chromium } }))).toBe(chromium);
  });

  it('none installed: the error says how to install it and a browser', async () => {
    const tried: string[] = [];
    const failure = loadPlaywright(async name => {
      tried.push(name);
      throw notFound(name);
    });
    await expect(failure).rejects.toBeInstanceOf(MissingPlaywrightError);
    await expect(failure).rejects.toThrow(INSTALL_HINT);
    expect(tried).toEqual([...PLAYWRIGHT_PACKAGES]);
    expect(INSTALL_HINT).toContain('npm install --save-dev playwright-core');
    expect(INSTALL_HINT).toContain('npx playwright-core install chromium');
  });

  it('a package that is there but broken is reported as itself, not as missing', async () => {
    const broken = new SyntaxError('Unexpected token in playwright-core/index.mjs');
    await expect(loadPlaywright(async () => Promise.reject(broken))).rejects.toBe(broken);
    // A missing dependency *of* playwright-core is not playwright-core missing.
    const deep = Object.assign(new Error("Cannot find package 'ws' imported from playwright-core"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(loadPlaywright(async () => Promise.reject(deep))).rejects.toBe(deep);
  });
});
