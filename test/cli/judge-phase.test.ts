// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { judgePhase, phaseVerdict, ruleFor, type Observation } from '../../src/cli/scan/judge-phase.js';
import type { PhaseId, RequestSeen } from '../../src/cli/scan/report.js';

const unnamedThirdParty: Observation = { thirdParty: true };
const unnamedFirstParty: Observation = { thirdParty: false };
const necessary: Observation = { thirdParty: true, service: { category: 'necessary', configured: true } };
const optionalConfigured: Observation = { thirdParty: true, service: { category: 'analytics', configured: true } };
const optionalNotConfigured: Observation = { thirdParty: true, service: { category: 'analytics', configured: false } };
const firstPartyTrackerCookie: Observation = { thirdParty: false, service: { category: 'analytics', configured: true } };
const customCategory: Observation = { thirdParty: true, service: { category: 'recommend', configured: true } };

describe('ruleFor: the verdict table of judge-phase.ts', () => {
  it.each<[PhaseId, string, Observation, string | undefined]>([
    ['before', 'unnamed third party', unnamedThirdParty, 'unknown-third-party'],
    ['before', 'unnamed first party', unnamedFirstParty, undefined],
    ['before', 'necessary', necessary, undefined],
    ['before', 'optional, configured', optionalConfigured, 'optional-before-decision'],
    ['before', 'optional, not configured', optionalNotConfigured, 'optional-before-decision'],
    ['before', 'a tracker cookie on the site', firstPartyTrackerCookie, 'optional-before-decision'],
    ['before', 'a category the site added', customCategory, 'optional-before-decision'],
    ['reject', 'unnamed third party', unnamedThirdParty, 'unknown-third-party'],
    ['reject', 'unnamed first party', unnamedFirstParty, undefined],
    ['reject', 'necessary', necessary, undefined],
    ['reject', 'optional, configured', optionalConfigured, 'optional-after-refusal'],
    ['reject', 'optional, not configured', optionalNotConfigured, 'optional-after-refusal'],
    ['reject', 'a tracker cookie on the site', firstPartyTrackerCookie, 'optional-after-refusal'],
    ['accept', 'unnamed third party', unnamedThirdParty, 'unknown-third-party'],
    ['accept', 'unnamed first party', unnamedFirstParty, undefined],
    ['accept', 'necessary', necessary, undefined],
    ['accept', 'optional, configured', optionalConfigured, undefined],
    ['accept', 'optional, not configured', optionalNotConfigured, 'not-configured'],
    ['accept', 'a tracker cookie on the site', firstPartyTrackerCookie, undefined],
  ])('%s, %s → %s', (phase, _what, seen, rule) => {
    expect(ruleFor(phase, seen)).toBe(rule);
  });
});

describe('judgePhase', () => {
  const request = (url: string, service: string | null, category: string | null): RequestSeen => ({
    url,
    host: new URL(url).hostname,
    method: 'GET',
    type: 'script',
    step: 'load',
    status: 200,
    service,
    category,
  });
  const seen = {
    requests: [request('https://hm.baidu.com/hm.js?1', 'baidu-tongji', 'analytics'), request('https://x.unknown.test/a.js', null, null)],
    cookies: [
      { name: 'cg_consent', domain: '127.0.0.1', path: '/', value: 'v=1', thirdParty: false, step: 'reject-all' as const, service: 'consent-gate', category: 'necessary' },
      { name: 'PHPSESSID', domain: '127.0.0.1', path: '/', value: 'abc', thirdParty: false, step: 'load' as const, service: null, category: null },
      { name: 'BAIDUID', domain: '.baidu.com', path: '/', value: 'x', thirdParty: true, step: 'load' as const, service: null, category: null },
    ],
    storage: [{ area: 'local' as const, origin: 'http://127.0.0.1', key: 'Hm_unsent_1', thirdParty: false, step: 'load' as const, service: 'baidu-tongji', category: 'analytics' }],
  };

  it('before a decision: the optional service (request and storage) and both unknown third parties', () => {
    expect(judgePhase('before', seen, new Set(['consent-gate', 'baidu-tongji'])).map(f => [f.rule, f.kind, f.subject, f.host])).toEqual([
      ['optional-before-decision', 'request', 'https://hm.baidu.com/hm.js?1', 'hm.baidu.com'],
      ['unknown-third-party', 'request', 'https://x.unknown.test/a.js', 'x.unknown.test'],
      ['unknown-third-party', 'cookie', 'BAIDUID (.baidu.com)', 'baidu.com'],
      ['optional-before-decision', 'storage', 'local:Hm_unsent_1', '127.0.0.1'],
    ]);
  });

  it('after accept: only what the page did not configure or nobody names', () => {
    expect(judgePhase('accept', seen, new Set(['consent-gate', 'baidu-tongji'])).map(f => f.rule)).toEqual(['unknown-third-party', 'unknown-third-party']);
    expect(judgePhase('accept', seen, new Set(['consent-gate'])).map(f => f.rule)).toEqual([
      'not-configured',
      'unknown-third-party',
      'unknown-third-party',
      'not-configured',
    ]);
  });

  it.each([
    [[], true, 'clean'],
    [[], false, 'incomplete'],
    [[{}], true, 'leak'],
    [[{}], false, 'leak'],
  ] as const)('phaseVerdict(%j findings, completed %s) → %s', (findings, completed, verdict) => {
    expect(phaseVerdict(findings as never, completed)).toBe(verdict);
  });
});
