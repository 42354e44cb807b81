// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/scan/build-report.js';
import type { PageVerdict } from '../../src/cli/scan/report.js';

describe('exitCodeFor: 0 clean, 1 a leak, 2 a page that could not be scanned', () => {
  it.each<[PageVerdict[], number]>([
    [['clean'], 0],
    [['clean', 'clean'], 0],
    [['clean', 'leak'], 1],
    [['leak', 'leak'], 1],
    [['clean', 'unscannable'], 2],
    // A run that could not look at every page is no verdict on the site.
    [['leak', 'unscannable'], 2],
    // Nothing scanned is never clean.
    [[], 2],
  ])('%j → %i', (verdicts, code) => {
    expect(exitCodeFor(verdicts.map(verdict => ({ verdict })))).toBe(code);
  });
});
