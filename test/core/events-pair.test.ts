import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentCore } from '../../src/core/reader.js';
import type { Preset, ServiceInput } from '../../src/core/types.js';
import { googleAnalyticsText } from '../../src/presets/disclosures.js';
import { PRESETS as CATALOGUE } from '../../src/presets/index.js';
import { setup, T0 } from './helpers.js';

// A UI of the page's own renders from `get()` and the `show` / `hide` events alone (README "A UI of your own", SPEC
// §7.2): whatever the page's code does in its listeners, and whatever another tab decides, the events pair up per view
// and, at each of them, `get()` already says what it tells.

const heatmap = { id: 'heatmap-abroad', category: 'analytics', name: 'Heatmap', provider: 'H', purpose: 'x', data: 'x', crossBorder: googleAnalyticsText.crossBorder };
const presets: Record<string, Preset> = {
  'google-analytics': CATALOGUE['google-analytics']!,
  cnzz: CATALOGUE.cnzz!,
  'weibo-share': CATALOGUE['weibo-share']!,
  'ocean-engine': CATALOGUE['ocean-engine']!,
};
const services: ServiceInput[] = ['cnzz', { id: 'google-analytics', measurementId: 'G-1' }, heatmap, 'weibo-share', 'ocean-engine'];
const tick = () => new Promise(resolve => setTimeout(resolve));
const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach(stop => stop()));

/** A custom UI: the views it holds open from the events, and what disagreed with `get()` at each of them. */
function customUI(gate: ConsentCore, name = '') {
  const open = new Set<string>();
  const told: string[] = [];
  const problems: string[] = [];
  const shownNow = () => [gate.get().banner && 'banner', gate.get().view].filter(Boolean).sort();
  gate.on('ready', () => told.push('ready'));
  gate.on('show', ({ view, category, service }) => {
    told.push(['show', view, category, service].filter(Boolean).join(' '));
    const now = gate.get();
    if (open.has(view)) problems.push(`${name}show ${view}, open already`);
    if (view == 'banner' ? !now.banner : now.view != view || now.request?.category != category || now.request?.service != service) {
      problems.push(`${name}show ${view} ${category ?? ''}, get() ${JSON.stringify(now.view)} ${JSON.stringify(now.request)}`);
    }
    open.add(view);
  });
  gate.on('hide', ({ view = '' }) => {
    told.push(`hide ${view}`);
    if (!open.has(view)) problems.push(`${name}hide ${view}, never shown`);
    // The request view told closed may stay up with the next question (its `show` follows): only the banner is checked.
    if (view == 'banner' && gate.get().banner) problems.push(`${name}hide banner, get() still shows it`);
    open.delete(view);
  });
  const check = (when: string) => {
    const mine = [...open].sort();
    if (mine.join() != shownNow().join()) problems.push(`${name}${when}: the events say ${mine}, get() says ${shownNow()}`);
  };
  return { told, problems, check };
}

describe('regression: the banner closed without its `hide`, or was shown twice, when a listener acted during a decision', () => {
  it('a `granted` listener asking for a transfer\'s 单独同意 right after "accept all"', async () => {
    const { gate } = setup({ services }, {}, {}, presets);
    const ui = customUI(gate);
    await tick();
    const off = gate.on('granted', () => (off(), void gate.request('analytics', 'google-analytics')));
    await gate.acceptAll();
    expect([ui.told, gate.get().banner, gate.get().view]).toEqual([['ready', 'show banner', 'show request analytics google-analytics', 'hide banner'], false, 'request']);
    expect(ui.problems).toEqual([]);
  });

  it('another tab\'s decision ending a child\'s rules closes the guardian view, then the banner', async () => {
    const clock = { now: T0 };
    const a = setup({ services }, { clock }, { tabSync: true }, presets).gate;
    const b = setup({ services }, { clock }, { tabSync: true }, presets).gate;
    cleanup.push(a.destroy, b.destroy);
    const ui = customUI(b);
    await tick();
    void b.setAge('child', { source: 'visitor' });
    b.show('guardian');
    clock.now += 50;
    void a.acceptAll();
    await tick();
    await tick();
    expect([ui.told, b.get().banner]).toEqual([['ready', 'show banner', 'show guardian', 'hide guardian', 'hide banner'], false]);
    expect(ui.problems).toEqual([]);
  });

  it('a decision in the `ready` listener: the banner is never told, neither shown nor hidden', async () => {
    const { gate } = setup({ services }, {}, {}, presets);
    const ui = customUI(gate);
    gate.on('ready', () => void gate.rejectAll());
    await tick();
    expect([ui.told, gate.get().banner]).toEqual([['ready'], false]);
  });

  it('show("banner") from a `change` listener keeps the banner it was told shown: no second `show`', async () => {
    const { gate } = setup({ services }, {}, {}, presets);
    const ui = customUI(gate);
    await tick();
    gate.show('preferences');
    gate.on('change', state => state.decided && gate.show('banner'));
    await gate.save({ categories: { analytics: true } });
    expect([ui.told, gate.get().banner]).toEqual([['ready', 'show banner', 'show preferences', 'hide preferences'], true]);
    expect(ui.problems).toEqual([]);
  });
});

/** One random operation of the page's code, named. */
function operation(gate: ConsentCore, pick: (n: number) => number): [string, () => unknown] {
  const questions: Array<[string, string?]> = [['analytics'], ['analytics', 'google-analytics'], ['analytics', 'heatmap-abroad'], ['share', 'weibo-share'], ['pixel']];
  const [category, service] = questions[pick(questions.length)]!;
  const bool = () => pick(2) == 0;
  const all: Array<[string, () => unknown]> = [
    ['acceptAll', () => gate.acceptAll()],
    ['rejectAll', () => gate.rejectAll()],
    ['save categories', () => gate.save({ categories: { analytics: bool(), share: bool(), pixel: bool() } })],
    ['save a service', () => gate.save({ services: { [service ?? 'cnzz']: bool() } })],
    ['answer the question shown', () => {
      const asked = gate.get().request;
      return asked && gate.save(asked.service ? { services: { [asked.service]: true } } : { categories: { [asked.category]: true } });
    }],
    ['show()', () => gate.show()],
    ['show(banner)', () => gate.show('banner')],
    ['show(minor)', () => gate.show('minor')],
    ['show(services)', () => gate.show('services')],
    ['show(guardian)', () => gate.show('guardian')],
    ['hide()', () => gate.hide()],
    [`request(${category}, ${service})`, () => void gate.request(category, service)],
    ['a child', () => gate.setAge('child', { source: 'visitor' })],
    ['the guardian agrees', () => gate.setAge('child', { guardianConsent: true, source: 'guardian' })],
    ['the guardian refuses', () => gate.setAge('child', { guardianConsent: false, source: 'guardian' })],
    ['an adult', () => gate.setAge('adult', { source: 'visitor' })],
    ['a minor', () => gate.setAge('minor', { source: 'visitor' })],
    ['the account says adult', () => gate.setAge('adult', { source: 'account' })],
    ['youth mode', () => gate.setYouthMode(bool())],
    ['reset()', () => gate.reset()],
  ];
  return all[pick(all.length)]!;
}

const random = (seed: number) => {
  let x = (seed * 2654435761) >>> 0;
  return (n: number) => ((x = (x * 1103515245 + 12345) >>> 0), (x >>> 8) % n);
};

describe('the events a custom UI hears pair up and agree with get(), whatever the page does', () => {
  it.each(Array.from({ length: 120 }, (_, i) => i + 1))('one tab, sequence %i of 120', async seed => {
    const pick = random(seed);
    const clock = { now: T0 };
    const { gate } = setup({ services }, { clock, signals: { dnt: seed % 5 == 0, gpc: false } }, {}, presets);
    cleanup.push(gate.destroy);
    const ui = customUI(gate);
    // Some sequences act from the listeners too, as a page's code does.
    if (seed % 3 == 0) gate.on('granted', () => operation(gate, pick)[1]());
    if (seed % 4 == 0) gate.on('change', () => pick(3) == 0 && operation(gate, pick)[1]());
    await tick();
    const steps: string[] = [];
    for (let i = 0; i < 16 && !ui.problems.length; i++) {
      clock.now += 1000;
      const [name, run] = operation(gate, pick);
      steps.push(name);
      await run();
      await tick();
      ui.check(steps.join(' > '));
    }
    expect(ui.problems.slice(0, 1), ui.told.join(', ')).toEqual([]);
  });

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('two tabs, sequence %i of 40', async seed => {
    const pick = random(seed);
    const clock = { now: T0 };
    const a = setup({ services }, { clock }, { tabSync: true }, presets).gate;
    const b = setup({ services }, { clock }, { tabSync: true }, presets).gate;
    cleanup.push(a.destroy, b.destroy);
    const uis = [customUI(a, 'A: '), customUI(b, 'B: ')];
    await tick();
    const steps: string[] = [];
    for (let i = 0; i < 16 && !uis.some(ui => ui.problems.length); i++) {
      clock.now += 1000;
      const tab = pick(2) == 0 ? a : b;
      const [name, run] = operation(tab, pick);
      steps.push(`${tab == a ? 'A' : 'B'}.${name}`);
      await run();
      await tick();
      await tick();
      uis.forEach(ui => ui.check(steps.join(' > ')));
    }
    expect(uis.flatMap(ui => ui.problems).slice(0, 1)).toEqual([]);
  });
});
