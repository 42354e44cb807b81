import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** SPEC §8: WCAG 2.2 AA. */
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core over the page, or only over `include` (a selector; axe looks into open shadow roots). On a page of one
 * frame axe runs in the page itself, injected once per document: AxeBuilder's analyze() injects it again on every
 * call and finishes each run in a new blank page, about 1 s a call on the CI machine against 0.1 s this way, with
 * the same results (rule by rule, node by node). A page with frames goes through AxeBuilder, which checks each one.
 */
export async function axe(page: Page, include?: string): Promise<AxeResults> {
  if (page.frames().length > 1) {
    const builder = new AxeBuilder({ page }).withTags(WCAG);
    return (include ? builder.include(include) : builder).analyze();
  }
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  return page.evaluate(
    ([selector, tags]) =>
      (window as unknown as { axe: typeof import('axe-core') }).axe.run(selector ? { include: [[selector]] } : document, {
        runOnly: { type: 'tag', values: tags },
        iframes: false,
      }),
    [include, WCAG] as const,
  );
}
