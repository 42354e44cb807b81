// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { describeBusy } from '../../src/cli/scan/watch-network.js';

// QA report: "the network was still busy after 15000 ms" named nothing, so nobody could tell which request to look at.
describe('describeBusy: what kept a step from going quiet', () => {
  it('groups what kept starting by URL without the query, most frequent first', () => {
    const beats = Array.from({ length: 10 }, (_, n) => ({ url: `https://www.ooopic.com/api/online?n=${n}`, type: 'fetch' }));
    const busy = { starting: [{ url: 'https://stats.example.net/t.gif?a=1', type: 'image' }, ...beats], loading: [] };
    expect(describeBusy(busy, 15_000)).toBe(
      'the network was still busy after 15000 ms (11 requests started in the last 3 s: https://www.ooopic.com/api/online (fetch, 10×), https://stats.example.net/t.gif (image)); requests after that are not in this report',
    );
  });

  it('names three, then counts the rest, and what is still loading', () => {
    const starting = ['a', 'b', 'c', 'd', 'e'].map(name => ({ url: `https://cdn.example.net/${name}.js`, type: 'script' }));
    const busy = { starting, loading: [{ url: 'https://cdn.example.net/slow.js?v=2', type: 'script', openMs: 2_400 }] };
    expect(describeBusy(busy, 5_000)).toBe(
      'the network was still busy after 5000 ms (5 requests started in the last 3 s: https://cdn.example.net/a.js (script), https://cdn.example.net/b.js (script), https://cdn.example.net/c.js (script) and 2 more; still loading: https://cdn.example.net/slow.js (script, open 2.4 s)); requests after that are not in this report',
    );
  });
});
