// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { duplicateKey } from '../../src/server/duplicate-key.js';

describe('duplicateKey: a name an object gives twice', () => {
  it.each<[string, string, string | undefined]>([
    ['none', '{"action":"accept-all","categories":{"analytics":true}}', undefined],
    ['one at the top', '{"action":"accept-all","action":"reject-all"}', 'action'],
    ['one in a nested object', '{"categories":{"analytics":true,"pixel":false,"analytics":false}}', 'analytics'],
    ['the same name in two objects is no duplicate', '{"a":{"x":1},"b":{"x":2},"x":3}', undefined],
    ['names spelt with escapes are decoded', '{"action":"a","\\u0061ction":"b"}', 'action'],
    ['a string value that looks like a name', '{"a":"b","c":["a","a"],"d":"a"}', undefined],
    ['quotes and backslashes in strings', '{"a":"x\\"y\\\\","b":"\\\\","a":1}', 'a'],
    ['objects inside arrays', '[{"a":1},{"a":2,"a":3}]', 'a'],
    ['whitespace around the tokens', '{ "a" : 1 ,\n "b" : { } , "a" : 2 }', 'a'],
    ['a prototype name is a name like any other', '{"__proto__":1,"__proto__":2}', '__proto__'],
    ['no object at all', '"a"', undefined],
  ])('%s', (_what, json, expected) => {
    JSON.parse(json);
    expect(duplicateKey(json)).toBe(expected);
  });
});
