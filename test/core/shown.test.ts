// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { createShown, type Question } from '../../src/core/shown.js';
import type { Shown } from '../../src/core/state.js';
import type { ConsentState, ViewName } from '../../src/core/types.js';
import { googleAnalyticsText } from '../../src/presets/disclosures.js';
import { PRESETS } from './helpers.js';

// The one owner of what is shown (SPEC §7.2, §8), on its own: each step of a table is an operation, and the table says
// what is shown after it, what was told (`show` / `hide`, in order) and how the questions asked were answered.

const abroad = (id: string) => ({ id, category: 'analytics', name: id, provider: 'P', purpose: 'x', data: 'x', crossBorder: googleAnalyticsText.crossBorder });
const config = normalizeConfig({ services: ['baidu-tongji', 'weibo-share', abroad('ga-a'), abroad('ga-b')] }, PRESETS);

type Step =
  | ['show', ViewName?, Partial<Question>?]
  | ['close'] | ['hide'] | ['prompt'] | ['after', string?, ViewName?] | ['after', string, 'no view'] | ['elsewhere']
  | ['ask', 'request' | 'guardian', Question]
  | ['askAfterGuardian', Question]
  | ['grant', string] | ['owe', boolean];

function run(steps: Step[]) {
  const told: string[] = [];
  const answers: Array<[string, boolean]> = [];
  const reports: string[] = [];
  let closedCalls = 0;
  const granted: Record<string, boolean> = Object.create(null);
  let prompt: ConsentState['prompt'] = null;
  const state = () => ({ prompt, categories: { ...granted }, services: { ...granted }, age: 'adult', youthMode: false }) as unknown as ConsentState;
  let last: Shown | undefined;
  const views = createShown({
    config,
    state,
    changed: shown => (last = shown),
    // Own properties only: a polluted Object.prototype (the last test) would otherwise lend every detail a category.
    emit: (event, detail) => told.push([event, ...['view', 'category'].filter(key => Object.hasOwn(detail, key) && detail[key as 'view']).map(key => detail[key as 'view'])].join(' ')),
    report: (_kind, message) => reports.push(message),
    closed: () => closedCalls++,
    browser: true,
  });
  for (const step of steps) {
    const [op, a, b] = step;
    if (op == 'show') views.show(a as ViewName | undefined, b as Partial<Question> | undefined);
    else if (op == 'close') views.close();
    else if (op == 'hide') views.hide();
    else if (op == 'prompt') views.promptIfNeeded();
    // Made in the view open now, unless the step names another (or none): a decision that waited for its code.
    else if (op == 'after') views.closeAfterDecision(a as string | undefined, (category, service) => !!granted[service ?? category], b === 'no view' ? undefined : ((b as ViewName | undefined) ?? views.get().view));
    else if (op == 'elsewhere') views.closeAnswered((category, service) => !!granted[service ?? category]);
    else if (op == 'ask') {
      const q = b as Question;
      void views.ask(a as 'request' | 'guardian', q).then(allowed => answers.push([q.service ?? q.category, allowed]));
    } else if (op == 'askAfterGuardian') views.askAfterGuardian(a as Question);
    else if (op == 'grant') (granted[a as string] = true), views.settle((category, service) => !!granted[service ?? category]);
    else if (op == 'owe') prompt = a ? 'first-visit' : null;
  }
  const shown = views.get();
  return { shown: { banner: shown.banner, view: shown.view, request: shown.request }, told, answers, reports, closedCalls, last, carried: told.length ? last === shown : last === undefined };
}

const settled = () => new Promise(resolve => setTimeout(resolve));

describe('what is shown, operation by operation', () => {
  it.each<[string, Step[], Partial<ReturnType<typeof run>['shown']>, string[]]>([
    ['nothing at first', [], { banner: false, view: undefined }, []],
    ['show() opens the preferences', [['show']], { banner: false, view: 'preferences' }, ['show preferences']],
    ['the banner comes forward: the modal view over it closes first', [['show', 'preferences'], ['show', 'banner']], { banner: true, view: undefined },
      ['show preferences', 'hide preferences', 'show banner']],
    ['a view over the banner keeps the banner behind it', [['show', 'banner'], ['show', 'preferences']], { banner: true, view: 'preferences' }, ['show banner', 'show preferences']],
    ['close(): the modal view goes, the banner stays', [['show', 'banner'], ['show', 'minor'], ['close']], { banner: true, view: undefined },
      ['show banner', 'show minor', 'hide minor']],
    ['hide(): both go, the view first', [['show', 'banner'], ['show', 'preferences'], ['hide']], { banner: false, view: undefined },
      ['show banner', 'show preferences', 'hide preferences', 'hide banner']],
    ['promptIfNeeded() with nothing owed shows nothing', [['prompt']], { banner: false }, []],
    ['promptIfNeeded() shows the banner owed', [['owe', true], ['prompt']], { banner: true }, ['show banner']],
    ['promptIfNeeded() leaves an open view open, the banner behind it', [['show', 'preferences'], ['owe', true], ['prompt']], { banner: true, view: 'preferences' },
      ['show preferences', 'show banner']],
    ['a decision with nothing owed closes the view it was made in', [['show', 'preferences'], ['after', 'save']], { view: undefined }, ['show preferences', 'hide preferences']],
    ['a decision made with no view open leaves one opened while it waited (the banner\'s 全部接受, then the page\'s "Cookie 设置")',
      [['show', 'banner'], ['show', 'preferences'], ['after', 'accept-all', 'no view']], { view: 'preferences' }, ['show banner', 'show preferences']],
    ['a decision made in one view leaves another opened while it waited', [['show', 'minor'], ['show', 'preferences'], ['after', 'save', 'minor']], { view: 'preferences' },
      ['show minor', 'hide minor', 'show preferences']],
    ['a decision made with no view open still closes the request view whose question it answered', [['ask', 'request', { category: 'share' }], ['grant', 'share'], ['after', 'accept-all', 'no view']],
      { view: undefined }, ['show request share', 'hide request']],
    ['a decision that leaves something owed keeps the view', [['owe', true], ['show', 'preferences'], ['after', 'save']], { view: 'preferences' }, ['show preferences']],
    ['the request view asked over the preferences returns there after its answer', [['show', 'preferences'], ['ask', 'request', { category: 'share' }], ['grant', 'share'], ['after', 'contextual']],
      { view: 'preferences', request: undefined }, ['show preferences', 'hide preferences', 'show request share', 'hide request', 'show preferences']],
    ['a view shown again asking the same tells nothing', [['show', 'banner'], ['show', 'preferences'], ['show', 'preferences'], ['show', 'banner'], ['show', 'banner']],
      { banner: true, view: undefined }, ['show banner', 'show preferences', 'hide preferences']],
    ['a view replacing another tells the one it replaced closed first', [['show', 'preferences'], ['show', 'minor'], ['show', 'services']], { view: 'services' },
      ['show preferences', 'hide preferences', 'show minor', 'hide minor', 'show services']],
    ['another decision that grants nothing it asks leaves the request view asking', [['ask', 'request', { category: 'share' }], ['after', 'reject-all']], { view: 'request', request: { category: 'share', service: undefined } },
      ['show request share']],
    // Regression: the dialog kept asking about a service already granted, its request() answered true.
    ['another decision granting what the request view asks closes it', [['ask', 'request', { category: 'share' }], ['grant', 'share'], ['after', 'accept-all']], { view: undefined },
      ['show request share', 'hide request']],
    ['a decision elsewhere granting what it asks closes it, back to the view it was opened over', [['show', 'preferences'], ['ask', 'request', { category: 'share' }], ['grant', 'share'], ['elsewhere']],
      { view: 'preferences', request: undefined }, ['show preferences', 'hide preferences', 'show request share', 'hide request', 'show preferences']],
    ['a decision elsewhere granting something else leaves it asking', [['ask', 'request', { category: 'share', service: 'weibo-share' }], ['grant', 'share'], ['elsewhere']],
      { view: 'request', request: { category: 'share', service: 'weibo-share' } }, ['show request share']],
  ])('%s', (_name, steps, shown, told) => {
    const result = run(steps);
    expect(result.shown).toMatchObject(shown);
    expect(result.told).toEqual(told);
    expect(result.reports).toEqual([]);
    // The controller's state carries every new `Shown`: the last one handed to it is the one in force.
    expect(result.carried).toBe(true);
  });
});

describe('regression: a UI counting `show` / `hide` drifted (a view shown again was told again, a replaced view never closed)', () => {
  // A custom UI keeps its own list of what is open from the events alone (README "A UI of your own"). After any
  // sequence of operations, that list is what `get()` says is shown, and no event tells an open view opened again or a
  // closed one closed.
  const questions: Question[] = [{ category: 'share' }, { category: 'share', service: 'weibo-share' }, { category: 'analytics' }];
  const ops = (pick: (n: number) => number): Step => {
    const question = questions[pick(questions.length)]!;
    const all: Step[] = [
      ['show'], ['show', 'banner'], ['show', 'preferences'], ['show', 'minor'], ['show', 'services'], ['show', 'guardian'],
      ['show', 'guardian', question], ['close'], ['hide'], ['prompt'], ['owe', true], ['owe', false], ['after', 'save'], ['after', 'contextual'],
      ['ask', 'request', question], ['ask', 'guardian', question], ['askAfterGuardian', question], ['grant', question.service ?? question.category],
    ];
    return all[pick(all.length)]!;
  };
  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('sequence %i of 60', seed => {
    let x = seed * 2654435761 >>> 0;
    const pick = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0), (x >>> 8) % n);
    const steps = Array.from({ length: 14 }, () => ops(pick));
    for (let i = 1; i <= steps.length; i++) {
      const { told, shown } = run(steps.slice(0, i));
      const open = new Set<string>();
      for (const event of told) {
        const [kind, view = ''] = event.split(' ');
        expect(open.has(view), `${event} after ${JSON.stringify(steps.slice(0, i))}`).toBe(kind == 'hide');
        kind == 'show' ? open.add(view) : open.delete(view);
      }
      expect([...open].sort(), JSON.stringify(steps.slice(0, i))).toEqual([shown.banner && 'banner', shown.view].filter(Boolean).sort());
    }
  });
});

describe('questions and their answers', () => {
  it.each<[string, Step[], Array<[string, boolean]>]>([
    ['granted: yes', [['ask', 'request', { category: 'share', service: 'weibo-share' }], ['grant', 'weibo-share']], [['weibo-share', true]]],
    ['the dialog closed: no', [['ask', 'request', { category: 'share' }], ['close']], [['share', false]]],
    ['another view replacing it: no (a share click is not replayed minutes later)', [['ask', 'request', { category: 'share' }], ['show', 'preferences']], [['share', false]]],
    ['the banner coming forward: no', [['ask', 'request', { category: 'share' }], ['show', 'banner']], [['share', false]]],
    ['a second question shown over the first leaves both waiting, until the dialog closes', [['ask', 'request', { category: 'share' }], ['ask', 'request', { category: 'analytics' }]], []],
    ['... then both: no', [['ask', 'request', { category: 'share' }], ['ask', 'request', { category: 'analytics' }], ['close']], [['share', false], ['analytics', false]]],
    ['a child\'s question waits in the guardian view, and is asked after the guardian agreed', [['ask', 'guardian', { category: 'share' }], ['show', 'guardian', { category: 'share' }],
      ['askAfterGuardian', { category: 'share' }], ['grant', 'share']], [['share', true]]],
    ['a grant of something else answers nothing', [['ask', 'request', { category: 'share' }], ['grant', 'analytics']], []],
  ])('%s', async (_name, steps, answers) => {
    const result = run(steps);
    await settled();
    expect(result.answers).toEqual(answers);
  });

  it('the guardian\'s view carries the question: get().request names it, and it opens the request view next, answered back to no view', () => {
    const { shown, told } = run([['show', 'preferences'], ['ask', 'guardian', { category: 'share' }], ['askAfterGuardian', { category: 'share' }], ['grant', 'share'], ['after', 'contextual']]);
    expect(told).toEqual(['show preferences', 'hide preferences', 'show guardian share', 'hide guardian', 'show request share', 'hide request']);
    expect(shown).toMatchObject({ view: undefined, request: undefined });
  });

  it('each transfer abroad of a category just allowed is asked in its own dialog, one after the other (SPEC §5.4), then back to the view below', () => {
    const { told, shown } = run([
      ['show', 'preferences'], ['ask', 'request', { category: 'analytics' }], ['grant', 'analytics'], ['after', 'contextual'],
      ['grant', 'ga-a'], ['after', 'contextual'], ['grant', 'ga-b'], ['after', 'contextual'],
    ]);
    expect(told).toEqual([
      'show preferences', 'hide preferences', 'show request analytics', 'hide request', 'show request analytics', 'hide request', 'show request analytics',
      'hide request', 'show preferences',
    ]);
    expect(shown.view).toBe('preferences');
  });

  // Regression: another tab granting the transfer asked about closed the dialog, and the category's next transfer
  // abroad was never asked, where this dialog's own allow would have asked it.
  it('a transfer abroad granted elsewhere in the middle of the category\'s dialogs: the next one is asked', () => {
    const { told, shown } = run([
      ['show', 'preferences'], ['ask', 'request', { category: 'analytics' }], ['grant', 'analytics'], ['after', 'contextual'],
      ['grant', 'ga-a'], ['elsewhere'],
    ]);
    expect(told.slice(-2)).toEqual(['hide request', 'show request analytics']);
    expect(shown).toMatchObject({ view: 'request', request: { category: 'analytics', service: 'ga-b' } });
  });

  it('closing a modal view tells the controller, once per close (the guardian is no longer known to be at the keyboard)', () => {
    expect(run([['show', 'guardian'], ['close'], ['close']]).closedCalls).toBe(2);
  });
});

describe('mistakes and a polluted page', () => {
  it.each<[string, Step[], string]>([
    ['show("request") without its question', [['show', 'request']], 'show(): the request view opens through request(category)'],
    ['an unknown view', [['show', 'settings' as ViewName]], 'show(): unknown view "settings"'],
  ])('%s: said, nothing shown', (_name, steps, message) => {
    const result = run(steps);
    expect(result.reports).toEqual([message]);
    expect(result.told).toEqual([]);
    expect(result.shown).toMatchObject({ banner: false, view: undefined });
  });

  it('a page\'s Object.prototype.view / .category is no open view and no question (SPEC §9)', () => {
    const proto = Object.prototype as { view?: string; category?: string };
    proto.view = 'preferences';
    proto.category = 'share';
    try {
      const result = run([['show', 'guardian'], ['ask', 'request', { category: 'analytics' }], ['close']]);
      expect(result.shown.view).toBeUndefined();
      expect(Object.getPrototypeOf(result.last)).toBeNull();
      // show('guardian') with no detail opened no question: the preferences would have answered it.
      expect(result.told[0]).toBe('show guardian');
    } finally {
      delete proto.view;
      delete proto.category;
    }
  });
});
