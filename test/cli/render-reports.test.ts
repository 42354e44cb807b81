// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/cli/scan/build-report.js';
import { unknownHostsOf } from '../../src/cli/scan/collapse-findings.js';
import { formatTable, safeText } from '../../src/cli/scan/format-table.js';
import { escapeHtml, renderHtmlReport } from '../../src/cli/scan/render-html-report.js';
import type { PageReport, PhaseReport } from '../../src/cli/scan/report.js';

// URLs, cookie names and values come from the scanned page: a report must show them, never run them.
const HOSTILE_URL = 'https://evil.test/"><script>alert(1)</script><img src=x onerror=alert(2)>';
const HOSTILE_VALUE = "</code><script>alert('v')</script>";

const phase = (id: PhaseReport['phase'], extra: Partial<PhaseReport> = {}): PhaseReport => ({
  phase: id,
  verdict: 'clean',
  steps: [{ step: id === 'accept' ? 'accept-all' : 'load', url: 'https://www.ooopic.com/', banner: id === 'before' }],
  requests: [],
  cookies: [],
  storage: [],
  findings: [],
  unknownHosts: [],
  notes: [],
  ...extra,
});

const leaking: PageReport = {
  url: 'https://www.ooopic.com/',
  finalUrl: 'https://www.ooopic.com/',
  site: 'ooopic.com',
  verdict: 'leak',
  pageConfig: { source: 'element', services: ['baidu-tongji'], problems: [] },
  durationMs: 4200,
  phases: [
    phase('before', {
      verdict: 'leak',
      screenshot: 'p1-before.jpg',
      requests: [{ url: HOSTILE_URL, host: 'evil.test', method: 'GET', type: 'script', step: 'load', status: 200, service: null, category: null }],
      cookies: [{ name: 'Hm_lvt_1', domain: 'www.ooopic.com', path: '/', value: HOSTILE_VALUE, thirdParty: false, step: 'load', service: 'baidu-tongji', category: 'analytics' }],
      findings: [
        { rule: 'unknown-third-party', kind: 'request', service: null, category: null, subject: HOSTILE_URL, host: 'evil.test', step: 'load' },
        { rule: 'optional-before-decision', kind: 'cookie', service: 'baidu-tongji', category: 'analytics', subject: 'Hm_lvt_1 (www.ooopic.com)', host: 'www.ooopic.com', step: 'load' },
      ],
    }),
    phase('reject', {
      verdict: 'leak',
      requests: ['reject-all', 'reload', 'second-page'].map(step => ({ url: 'https://v1.cnzz.com/z.js', host: 'v1.cnzz.com', method: 'GET', type: 'script', step: step as 'reload', status: 200, service: 'cnzz', category: 'analytics' })),
      findings: ['reject-all', 'reload', 'second-page'].map(step => ({ rule: 'optional-after-refusal' as const, kind: 'request' as const, service: 'cnzz', category: 'analytics', subject: 'https://v1.cnzz.com/z.js', host: 'v1.cnzz.com', step: step as 'reload' })),
      notes: ['second-page: \u001b[2Jcleared'],
    }),
    phase('accept'),
  ],
};
const failed: PageReport = {
  url: 'https://www.ooopic.com/500',
  finalUrl: 'https://www.ooopic.com/500',
  site: 'ooopic.com',
  verdict: 'unscannable',
  error: { phase: 'before', step: 'load', reason: 'http-status', message: 'the page answered HTTP 500 Internal Server Error', status: 500 },
  pageConfig: { source: null, services: [], problems: [] },
  durationMs: 300,
  phases: [phase('before', { verdict: 'incomplete', steps: [] }), phase('reject', { verdict: 'incomplete', steps: [] }), phase('accept', { verdict: 'incomplete', steps: [] })],
};
const report = buildReport([leaking, failed], {
  version: '0.1.0',
  browser: 'chromium 140.0.0.0',
  startedAt: new Date('2026-11-29T12:00:00Z'),
  finishedAt: new Date('2026-11-29T12:00:05Z'),
  options: { lang: 'zh-CN', timeoutMs: 30000, network: 'offline' },
});

describe('the JSON report', () => {
  it('carries its format, the summary and the exit code', () => {
    expect(report).toMatchObject({
      format: 'consent-gate-scan/1',
      tool: { name: 'consent-gate', version: '0.1.0' },
      durationMs: 5000,
      exitCode: 2,
      summary: { pages: 2, clean: 0, leaking: 1, unscannable: 1, findings: 5 },
    });
  });
});

describe('the terminal table', () => {
  const text = formatTable(report);

  it('a phase table per page, findings by service, the reason a page was not scanned, the totals', () => {
    expect(text).toContain('LEAK   https://www.ooopic.com/');
    expect(text).toMatch(/before decision +shown +1 +1 +0 +LEAK \(2\)/);
    expect(text).toMatch(/after reject all +hidden +3 +0 +0 +LEAK \(3\)/);
    expect(text).toContain('could not scan: the page answered HTTP 500 Internal Server Error (before decision, step load)');
    expect(text).toContain('2 pages: 0 clean, 1 leaking, 1 not scanned · 5 findings · 5.0 s · exit code 2');
  });

  it('the same request after the click, the reload and on the second page is one line', () => {
    expect(text).toMatch(/cnzz \(analytics\) +request +https:\/\/v1\.cnzz\.com\/z\.js \(3×\) — after a refusal\n/);
  });

  it('control characters from the page cannot drive the terminal', () => {
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\x1b[2Jcleared');
  });

  it.each([
    ['plain', 'plain'],
    ['a\nb\rc', 'a\\x0ab\\x0dc'],
    ['x'.repeat(200), `${'x'.repeat(109)}…`],
  ])('safeText(%j)', (input, output) => {
    expect(safeText(input)).toBe(output);
  });
});

describe('the HTML report', () => {
  const html = renderHtmlReport(report);

  it('escapes every string from the page', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(escapeHtml(HOSTILE_URL));
    expect(html).toContain(escapeHtml(HOSTILE_VALUE));
  });

  it('runs nothing and loads nothing remote', () => {
    expect(html).toContain(`content="default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
  });

  it('links only http(s) URLs', () => {
    const withJs = renderHtmlReport({ ...report, pages: [{ ...failed, url: 'javascript:alert(1)' }] });
    expect(withJs).not.toContain('href="javascript:');
    expect(html).toContain('<a href="https://www.ooopic.com/" rel="noreferrer noopener">');
  });

  it('shows the screenshots and groups findings by service', () => {
    expect(html).toContain('<img src="p1-before.jpg" alt="before decision"');
    expect(html).toContain('<th scope="row">cnzz (analytics)</th>');
    expect(html).toContain('<th scope="row">unknown third party: evil.test</th>');
    expect(html).toContain('<code>https://v1.cnzz.com/z.js</code> 3×');
  });

  it.each([
    ['<b>&"\'', '&#60;b&#62;&#38;&#34;&#39;'],
    ['plain 文字', 'plain 文字'],
  ])('escapeHtml(%j)', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });
});

// Regression (scan probe, login redirect): a page redirected to the login page read clean, and only a dim "→" line
// in the table said where it went.
describe('a page redirected away from the one asked for', () => {
  const login = 'https://www.ooopic.com/login.html?back=%2Fmember%2F';
  const redirected: PageReport = { ...failed, url: 'https://www.ooopic.com/member/', finalUrl: login, redirected: login, verdict: 'clean', error: undefined, phases: [phase('before'), phase('reject'), phase('accept')] };
  const one = buildReport([redirected], { version: '0.1.0', browser: 'chromium', startedAt: new Date(0), finishedAt: new Date(0), options: { lang: 'zh-CN', timeoutMs: 30000, network: 'offline' } });
  it('is said in the table and in the HTML report', () => {
    expect(formatTable(one)).toContain(`       → ${login} (redirected: the page checked is not the one asked for)`);
    expect(renderHtmlReport(one)).toContain('<strong>Redirected</strong> to ');
  });
});

// QA report: a page calling 40 URLs of one unknown third party printed 40 lines (cut at twelve).
describe('an unknown third party called at many URLs', () => {
  const urls = Array.from({ length: 20 }, (_, n) => `https://tj.unknown-vendor.example/p.gif?n=${n}`);
  const many = phase('before', {
    verdict: 'leak',
    requests: urls.map((url, n) => ({ url, host: 'tj.unknown-vendor.example', method: 'GET', type: n ? 'image' : 'script', step: 'load' as const, status: 200, service: null, category: null })),
    findings: [
      ...urls.map(url => ({ rule: 'unknown-third-party' as const, kind: 'request' as const, service: null, category: null, subject: url, host: 'tj.unknown-vendor.example', step: 'load' as const })),
      { rule: 'unknown-third-party', kind: 'cookie', service: null, category: null, subject: 'tjid (.unknown-vendor.example)', host: 'unknown-vendor.example', step: 'load' },
    ],
  });
  const page: PageReport = { ...leaking, phases: [many, phase('reject'), phase('accept')] };
  const single = buildReport([page], { version: '0.1.0', browser: 'chromium', startedAt: new Date(0), finishedAt: new Date(1000), options: report.options });

  it('groups them by host: count, kinds, first URL', () => {
    expect(unknownHostsOf(many.findings, many.requests)).toEqual([
      { host: 'tj.unknown-vendor.example', count: 20, first: urls[0], kinds: ['script', 'image'], steps: ['load'] },
      { host: 'unknown-vendor.example', count: 1, first: 'tjid (.unknown-vendor.example)', kinds: ['cookie'], steps: ['load'] },
    ]);
  });

  it('is one line in the table; a host seen once keeps its own line', () => {
    const text = formatTable(single);
    expect(text).toContain(`unknown third party  request  tj.unknown-vendor.example: 20 requests (script, image), first ${urls[0]} — names no known service\n`);
    expect(text).toContain('unknown third party  cookie   tjid (.unknown-vendor.example) — names no known service\n');
    expect(text).not.toContain('p.gif?n=1 ');
  });

  it('is one summary in the HTML report, the URLs folded below', () => {
    const html = renderHtmlReport(single);
    expect(html).toContain(`<td>20 requests (script, image), first <code>${escapeHtml(urls[0]!)}</code>`);
    expect(html).toContain('<summary>all 20</summary>');
  });
});
