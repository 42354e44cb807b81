// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { isRedirectedAway } from '../../src/cli/scan/scan-page.js';

// Regression (scan probe, login redirect): a member page that sent the scan to the login page was reported clean,
// and nothing said the page checked was another one.
describe('isRedirectedAway: the first load ended on another page than asked', () => {
  it.each([
    ['https://www.ooopic.com/member/', 'https://www.ooopic.com/login.html?back=%2Fmember%2F', true],
    ['https://www.ooopic.com/pic_1.html', 'https://m.ooopic.com/pic_1.html', true],
    ['http://127.0.0.1:4711/a.html', 'http://127.0.0.1:4712/a.html', true],
    ['http://www.ooopic.com/', 'https://www.ooopic.com/', false],
    ['https://www.ooopic.com/zt', 'https://www.ooopic.com/zt/', false],
    ['https://www.ooopic.com/a.html', 'https://www.ooopic.com/a.html?b=1#top', false],
    ['https://www.ooopic.com/a.html', 'chrome-error://chromewebdata/', true],
  ])('%s → %s: %s', (asked, landed, expected) => {
    expect(isRedirectedAway(asked, landed)).toBe(expected);
  });
});
