import { describe, expect, it } from 'vitest';
import { explain } from '../../src/script/mistakes.js';
import { jsonMistake } from '../../src/script/json-mistake.js';

const TAG = 'of the element (line 1 is its <script> tag\'s)';

// Regression: a config element that did not parse was said with the engine's message alone, whose line (where it gave
// one) was counted in the element's text with nothing to say so, and whose snippet, for an unexpected token, broke the
// console line where the config did.
describe("a config element's JSON error says the line in the element and the text around the mistake", () => {
  // Each engine's own message for the text, as Chromium 156 (V8), Firefox and Safari word it.
  it.each([
    [
      'V8, a trailing comma in an object (position, line and column)',
      '{\n  "services": ["cnzz"],\n}',
      'Expected double-quoted property name in JSON at position 26 (line 3 column 1)',
      `(Expected double-quoted property name), line 3 ${TAG}: ervices": ["cnzz"], ▶}`,
    ],
    [
      'V8, a missing comma between properties',
      '{\n  "services": [\n    "cnzz"\n  ]\n  "dnt": "strict"\n}',
      "Expected ',' or '}' after property value in JSON at position 35 (line 5 column 3)",
      `(Expected ',' or '}' after property value), line 5 ${TAG}: [ "cnzz" ] ▶"dnt": "st`,
    ],
    [
      'V8, single quotes',
      "{\n  'dnt': 'strict'\n}",
      "Expected property name or '}' in JSON at position 4 (line 2 column 3)",
      `(Expected property name or '}'), line 2 ${TAG}: { ▶'dnt': 'st`,
    ],
    [
      'V8, text after the JSON',
      '{ "services": [] }}',
      'Unexpected non-whitespace character after JSON at position 18 (line 1 column 19)',
      `(Unexpected non-whitespace character after JSON), line 1 ${TAG}: { "services": [] }▶}`,
    ],
    [
      'V8, a trailing comma in an array: a token and the text around it, no position',
      '{\n  "services": ["cnzz",]\n}',
      'Unexpected token \']\', ...": ["cnzz",]\n}" is not valid JSON',
      `(Unexpected token ']'), line 2 ${TAG}: "services": ["cnzz",▶] }`,
    ],
    [
      'V8, a comment at the start: a token and the text from the start',
      '// 我图网\n{ "services": ["cnzz"] }',
      'Unexpected token \'/\', "// 我图网\n{ ""... is not valid JSON',
      `(Unexpected token '/'), line 1 ${TAG}: ▶// 我图网 { "`,
    ],
    [
      'Firefox, line and column',
      '{\n  "services": ["cnzz"],\n}',
      'JSON.parse: expected double-quoted property name at line 3 column 1 of the JSON data',
      `(JSON.parse: expected double-quoted property name at line 3 column 1 of the JSON data), line 3 ${TAG}: ervices": ["cnzz"], ▶}`,
    ],
    ['Safari, no place named', '{\n  "services": ["cnzz"],\n}', "JSON Parse error: Expected '}'", "(JSON Parse error: Expected '}')"],
    ['V8, an empty text', '  ', 'Unexpected end of JSON input', '(Unexpected end of JSON input)'],
  ])('%s', (_, text, message, said) => {
    expect(jsonMistake(text, message)).toBe(said);
  });

  it("this engine's own messages, for each place", () => {
    for (const [text, line, where] of [
      ['{\n  "services": ["cnzz"],\n}', 3, 'ervices": ["cnzz"], ▶}'],
      ['{\n  "services": ["cnzz",]\n}', 2, '"services": ["cnzz",▶] }'],
      ["{\n  'dnt': 'strict'\n}", 2, "{ ▶'dnt': 'st"],
    ] as const) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(jsonMistake(text, message)).toMatch(new RegExp(`^\\(.+\\), line ${line} of the element .*: ${where.replace(/[[\]{}()]/g, '\\$&')}$`));
    }
  });
});

describe('mistakes.js: the message for the config element the bundle could not parse, read again', () => {
  const page = (text: string) => (document.body.innerHTML = `<script type="application/json" id="consent-gate-config">${text}</script>`);
  const terse = (text: string) => {
    try {
      JSON.parse(text);
    } catch (error) {
      return `consent-gate: #consent-gate-config is not valid JSON (${(error as Error).message})`;
    }
    throw new Error('parses');
  };
  const broken = '{\n  "services": ["cnzz"],\n}';

  it('names the element, the line and the place', () => {
    page(broken);
    expect(explain(undefined, terse(broken))).toMatch(/^consent-gate: #consent-gate-config is not valid JSON \(.+\), line 3 of the element \(line 1 is its <script> tag's\): ervices": \["cnzz"\], ▶\}$/);
  });

  it('says nothing where the element says another refusal now, or none (the bundle keeps its own message)', () => {
    page('{ "services": [] }');
    expect(explain(undefined, terse(broken))).toBeUndefined();
    page('{ "services": [,] }');
    expect(explain(undefined, terse(broken))).toBeUndefined();
  });
});
