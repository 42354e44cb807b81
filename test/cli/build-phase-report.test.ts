// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildPhaseReport, createPhaseRecord } from '../../src/cli/scan/build-phase-report.js';
import { PRESET_SPECS } from '../../src/cli/scan/preset-specs.js';
import { createServiceCatalogue } from '../../src/cli/scan/service-catalogue.js';
import { isFirstParty } from '../../src/cli/scan/site-of.js';

const naming = {
  catalogue: createServiceCatalogue({ presets: Object.values(PRESET_SPECS), configured: [PRESET_SPECS.cnzz!] }),
  configured: new Set(['consent-gate', 'cnzz']),
  isFirstParty: (host: string) => isFirstParty(host, 'www.ooopic.com'),
};

describe('buildPhaseReport', () => {
  it('one cookie per name and domain, the write (its earlier step) before the snapshots; named and judged', () => {
    const phase = createPhaseRecord('reject');
    phase.completed = true;
    phase.cookies.push(
      // Written by script during the click, then seen in the profile after the reload and on the second page.
      { name: 'CNZZDATA1', domain: '.ooopic.com', path: '/', value: 'a', step: 'reject-all' },
      { name: 'CNZZDATA1', domain: 'ooopic.com', path: '/', value: 'a', step: 'reload' },
      { name: 'CNZZDATA1', domain: '.ooopic.com', path: '/', value: 'a', step: 'second-page' },
      { name: 'cg_consent', domain: 'www.ooopic.com', path: '/', value: 'v=1', step: 'reject-all' },
      { name: 'BAIDUID', domain: '.baidu.com', path: '/', value: 'x', step: 'reload' },
    );
    const report = buildPhaseReport(phase, naming);
    expect(report.cookies.map(c => [c.name, c.domain, c.step, c.thirdParty, c.service])).toEqual([
      ['CNZZDATA1', '.ooopic.com', 'reject-all', false, 'cnzz'],
      ['cg_consent', 'www.ooopic.com', 'reject-all', false, 'consent-gate'],
      ['BAIDUID', '.baidu.com', 'reload', true, null],
    ]);
    expect(report.findings.map(f => `${f.rule} ${f.subject}`)).toEqual([
      'optional-after-refusal CNZZDATA1 (.ooopic.com)',
      'unknown-third-party BAIDUID (.baidu.com)',
    ]);
    expect(report.verdict).toBe('leak');
  });

  // Regression: the SDK loaded from a CDN of another site was "an unknown third party" in every phase, a leak.
  it('regression: the SDK\'s own files on another site are named consent-gate, necessary, and judged no leak', () => {
    const phase = createPhaseRecord('before');
    phase.completed = true;
    const request = (url: string) => ({ url, host: new URL(url).hostname, method: 'GET', type: 'script', step: 'load' as const, status: 200 });
    phase.requests.push(request('https://static.ooopic-cdn.com/cg/consent-gate.min.js'), request('https://static.ooopic-cdn.com/cg/decide.js'), request('https://tj.other.example/t.js'));
    const report = buildPhaseReport(phase, { ...naming, isSdkFile: url => url.includes('/cg/') });
    expect(report.requests.map(r => [r.host, r.service, r.category])).toEqual([
      ['static.ooopic-cdn.com', 'consent-gate', 'necessary'],
      ['static.ooopic-cdn.com', 'consent-gate', 'necessary'],
      ['tj.other.example', null, null],
    ]);
    expect(report.findings.map(f => `${f.rule} ${f.subject}`)).toEqual(['unknown-third-party https://tj.other.example/t.js']);
  });

  it('a request\'s place (where the page asked for it) carries to the request and its finding; none is none', () => {
    const phase = createPhaseRecord('before');
    phase.completed = true;
    const at = 'https://www.ooopic.com/topic/:22:20';
    phase.requests.push(
      { url: 'https://hm.baidu.com/hm.js?1', host: 'hm.baidu.com', method: 'GET', type: 'script', step: 'load', status: 200, from: at },
      { url: 'https://tj.other.example/t.gif', host: 'tj.other.example', method: 'GET', type: 'image', step: 'load', status: 200 },
    );
    const report = buildPhaseReport(phase, naming);
    expect(report.requests.map(r => r.from)).toEqual([at, undefined]);
    expect(report.findings.map(f => [f.subject, f.from])).toEqual([['https://hm.baidu.com/hm.js?1', at], ['https://tj.other.example/t.gif', undefined]]);
    expect('from' in report.findings[1]!).toBe(false);
  });

  it.each([
    ['before', true, []],
    ['reject', false, []],
    ['reject', true, ['reload: the banner showed again after "reject all": the choice was not kept']],
    ['accept', true, ['accept-all: the banner showed again after "accept all": the choice was not kept']],
  ] as const)('%s phase, banner %s → notes %j', (id, banner, notes) => {
    const phase = createPhaseRecord(id);
    phase.completed = true;
    phase.steps.push({ step: id === 'before' ? 'load' : id === 'reject' ? 'reload' : 'accept-all', url: 'https://www.ooopic.com/', banner });
    expect(buildPhaseReport(phase, naming)).toMatchObject({ verdict: 'clean', notes });
  });

  it("storage of another site's frame is third party; a phase that stopped early is incomplete", () => {
    const phase = createPhaseRecord('before');
    phase.storage.push({ area: 'local', origin: 'https://widget.vendor.test', key: 'vid', step: 'load' });
    phase.storage.push({ area: 'session', origin: 'https://www.ooopic.com', key: 'cart', step: 'load' });
    const report = buildPhaseReport(phase, naming);
    expect(report.storage.map(s => [s.key, s.thirdParty])).toEqual([['vid', true], ['cart', false]]);
    expect(report.findings.map(f => `${f.rule} ${f.subject} ${f.host}`)).toEqual(['unknown-third-party local:vid widget.vendor.test']);
    expect(buildPhaseReport(createPhaseRecord('accept'), naming).verdict).toBe('incomplete');
  });
});
