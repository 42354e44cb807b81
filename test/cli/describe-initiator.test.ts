// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { describeInitiator, type Initiator } from '../../src/cli/scan/watch-initiators.js';

// Where a finding's request was asked for (scan: a finding names the template line or script to fix, not only the URL).
const frame = (url: string, lineNumber: number, columnNumber: number) => ({ url, lineNumber, columnNumber, functionName: '' });
const PAGE = 'https://www.ooopic.test/list/?q=1';
const SDK = 'https://www.ooopic.test/static/consent-gate.min.js';
const isSdk = (url: string) => url.startsWith('https://www.ooopic.test/static/');

describe('describeInitiator', () => {
  it.each<[string, Initiator, string | undefined]>([
    ['markup: the document and its line (from 1), without the query', { type: 'parser', url: PAGE, lineNumber: 11 }, 'https://www.ooopic.test/list/:12'],
    ['a script: its innermost frame, line and column from 1', { type: 'script', stack: { callFrames: [frame('https://cdn.test/ad.js?v=3', 0, 2044), frame(PAGE, 40, 2)] } }, 'https://cdn.test/ad.js:1:2045'],
    ['an inline script: the document with the line of the code', { type: 'script', stack: { callFrames: [frame(PAGE, 30, 8)] } }, 'https://www.ooopic.test/list/:31:9'],
    ['the SDK\'s wrappers on top are skipped for the page\'s code under them', { type: 'script', stack: { callFrames: [frame(SDK, 0, 9000), frame('https://cdn.test/snippet.js', 4, 0)] } }, 'https://cdn.test/snippet.js:5:1'],
    ['through the stack that scheduled it (a timer)', { type: 'script', stack: { callFrames: [frame(SDK, 0, 10)], parent: { callFrames: [frame(PAGE, 7, 4)] } } }, 'https://www.ooopic.test/list/:8:5'],
    ['only the SDK on the stack: the SDK is named', { type: 'script', stack: { callFrames: [frame(SDK, 0, 10)] } }, 'https://www.ooopic.test/static/consent-gate.min.js:1:11'],
    ['frames without a URL (eval) are skipped', { type: 'script', stack: { callFrames: [frame('', 0, 1), frame(PAGE, 2, 0)] } }, 'https://www.ooopic.test/list/:3:1'],
    ['a preload: the document', { type: 'preload', url: PAGE }, 'https://www.ooopic.test/list/'],
    ['nothing to name', { type: 'other' }, undefined],
  ])('%s', (_name, initiator, expected) => {
    expect(describeInitiator(initiator, isSdk)).toBe(expected);
  });
});
