// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { originOfStorageId } from '../../src/cli/scan/watch-writes.js';

describe('originOfStorageId: the origin of a storage DevTools reports a key of', () => {
  it.each([
    [{ securityOrigin: 'https://www.ooopic.com' }, 'https://www.ooopic.com'],
    [{ storageKey: 'https://www.ooopic.com/' }, 'https://www.ooopic.com'],
    // A partitioned key: the frame's origin, then the top-level site after "^0".
    [{ storageKey: 'https://hm.baidu.com/^0https://ooopic.com' }, 'https://hm.baidu.com'],
    [{ securityOrigin: '', storageKey: 'http://127.0.0.1:4317/' }, 'http://127.0.0.1:4317'],
    // No page of a site: nothing to judge.
    [{ securityOrigin: 'null' }, undefined],
    [{ storageKey: 'chrome-extension://abc/' }, undefined],
    [{ storageKey: 'file:///tmp/page.html' }, undefined],
    [{}, undefined],
  ])('%j → %s', (id, expected) => {
    expect(originOfStorageId(id)).toBe(expected);
  });
});
