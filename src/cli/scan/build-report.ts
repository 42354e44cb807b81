import { REPORT_FORMAT, type PageReport, type ScanReport } from './report.js';

/**
 * 0 every page clean, 1 a page leaks, 2 a page could not be scanned. 2 wins over 1, as with grep: a run that could
 * not look at every page is no verdict on the site, and CI must not read "only a leak" from it. No page at all is
 * 2 too: nothing was checked.
 */
export function exitCodeFor(pages: Array<Pick<PageReport, 'verdict'>>): 0 | 1 | 2 {
  if (!pages.length || pages.some(page => page.verdict === 'unscannable')) return 2;
  return pages.some(page => page.verdict === 'leak') ? 1 : 0;
}

export function buildReport(
  pages: PageReport[],
  meta: { version: string; browser: string; startedAt: Date; finishedAt: Date; options: ScanReport['options'] },
): ScanReport {
  return {
    format: REPORT_FORMAT,
    tool: { name: 'consent-gate', version: meta.version },
    browser: meta.browser,
    startedAt: meta.startedAt.toISOString(),
    finishedAt: meta.finishedAt.toISOString(),
    durationMs: meta.finishedAt.getTime() - meta.startedAt.getTime(),
    options: meta.options,
    exitCode: exitCodeFor(pages),
    summary: {
      pages: pages.length,
      clean: pages.filter(page => page.verdict === 'clean').length,
      leaking: pages.filter(page => page.verdict === 'leak').length,
      unscannable: pages.filter(page => page.verdict === 'unscannable').length,
      findings: pages.reduce((sum, page) => sum + page.phases.reduce((n, phase) => n + phase.findings.length, 0), 0),
    },
    pages,
  };
}
