import { fireEvent, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/core/storage.js';
import { loadModule } from '../../src/ui/load-module.js';
import { mountGate, visitorClick } from './mount.js';

/** Opens the preferences from the banner, as a visitor does. */
async function openPreferences(...args: Parameters<typeof mountGate>) {
  const mounted = await mountGate(...args);
  fireEvent.click(await mounted.ui().findByRole('button', { name: '设置' }));
  const dialog = await mounted.ui().findByRole('dialog', { name: 'Cookie 设置' });
  return { ...mounted, dialog };
}

const isOn = (element: HTMLElement) => element.getAttribute('aria-checked') === 'true';

describe('preferences', () => {
  // #9.10: the banner ordered 接受 / 拒绝 / 设置, the preferences 拒绝 / 接受 / 保存设置.
  it('orders its actions as the banner does: accept, refuse, then its own', async () => {
    const { ui, dialog } = await openPreferences();
    const actions = (root: ParentNode) => [...root.querySelectorAll('.a > button')].map(b => (b as HTMLElement).dataset.action);
    expect(actions(dialog)).toEqual(['accept-all', 'reject-all', 'save']);
    expect(actions(ui().getByRole('dialog', { name: '我们如何使用 Cookie' }))).toEqual(['accept-all', 'reject-all', 'preferences']);
  });

  it('lists each category with its description and a switch, services beneath, nothing switched on', async () => {
    const { ui } = await openPreferences();
    const switches = ui().getAllByRole('switch');
    expect(switches.map(s => [s.dataset.category, s.dataset.service ?? null, isOn(s)])).toEqual([
      ['necessary', null, true],
      ['analytics', null, false],
      ['analytics', 'stats', false],
      ['analytics', 'stats-two', false],
      ['personalization', null, false],
      ['pixel', null, false],
      ['pixel', 'pixel', false],
      ['share', null, false],
      ['share', 'share', false],
    ]);
    expect(ui().getByRole('switch', { name: '必要' })).toHaveProperty('disabled', true);
    expect(ui().getByRole('heading', { name: '统计分析' })).toBeTruthy();
    expect(ui().getByText(/统计访问量和页面使用情况/)).toBeTruthy();
    // A service's switch waits for its category.
    expect(ui().getByRole('switch', { name: '示例统计' })).toHaveProperty('disabled', true);
  });

  // Regression (UI probe): a category without services (必要, 个性化推荐与广告 here) rendered an empty list, which a
  // screen reader announces as "list, 0 items".
  it('a category without services has no list; one with services lists them', async () => {
    const { ui } = await openPreferences();
    const lists = (name: string) => within(ui().getByRole('heading', { name }).closest('section')!).queryAllByRole('list');
    expect(lists('必要')).toEqual([]);
    expect(lists('个性化推荐与广告')).toEqual([]);
    expect(within(lists('统计分析')[0]!).getAllByRole('listitem')).toHaveLength(2);
  });

  it('saves only what the visitor switched, category and service alike', async () => {
    const { gate, ui } = await openPreferences();
    fireEvent.click(ui().getByRole('switch', { name: '统计分析' }));
    const service = ui().getByRole('switch', { name: '第二统计' });
    expect(isOn(service)).toBe(true);
    fireEvent.click(service);
    expect(isOn(service)).toBe(false);
    fireEvent.click(ui().getByRole('switch', { name: '社交分享' }));
    visitorClick(ui().getByRole('button', { name: '保存设置' }));
    const state = gate.get();
    expect(state.decision?.action).toBe('save');
    expect(state.categories).toMatchObject({ analytics: true, share: true, personalization: false, pixel: false });
    expect(state.services).toMatchObject({ stats: true, 'stats-two': false, share: true, pixel: false });
    expect(ui().queryByRole('dialog')).toBeNull();
  });

  it('saving untouched switches records a refusal (nothing pre-ticked)', async () => {
    const { gate, ui } = await openPreferences();
    fireEvent.click(ui().getByRole('button', { name: '保存设置' }));
    expect(gate.get().decided).toBe(true);
    expect(Object.entries(gate.get().categories).filter(([, on]) => on).map(([id]) => id)).toEqual(['necessary']);
  });

  it.each([
    ['accept-all', '全部接受', true],
    ['reject-all', '全部拒绝', false],
  ])('%s decides from the preferences too', async (action, name, granted) => {
    const { gate, dialog } = await openPreferences();
    const button = [...dialog.querySelectorAll<HTMLElement>(`[data-action="${action}"]`)];
    expect(button.map(b => b.textContent)).toEqual([name]);
    visitorClick(button[0]!);
    expect([gate.get().categories.pixel, gate.get().decision?.action]).toEqual([granted, action]);
  });

  // Regression: a script's `.click()` in the preferences was stored as the visitor's choice.
  it.each(['全部接受', '全部拒绝', '保存设置'])('regression: a script clicking %s in the preferences decides as the page\'s code (api)', async name => {
    const { gate, dialog } = await openPreferences();
    within(dialog).getByRole('button', { name }).click();
    expect(gate.get().decision?.action).toBe('api');
  });

  it('shows the 第三方SDK服务商清单: provider, purpose, data, cookies and policy link, each marked 第三方', async () => {
    const { ui } = await openPreferences();
    const list = ui().getByRole('region', { name: '第三方SDK服务商清单' });
    const entry = list.querySelector('.v')!;
    expect(entry.textContent).toContain('示例统计 第三方');
    expect(entry.textContent).toContain('提供方示例统计科技有限公司');
    expect(entry.textContent).toContain('用途网站访问统计');
    expect(entry.textContent).toContain('收集的信息访问的页面、设备信息');
    expect(entry.textContent).toContain('Cookiest_*, st_id');
    expect(entry.querySelector('a')?.getAttribute('href')).toBe('https://stats.example/privacy');
    expect(list.querySelectorAll('.v small')).toHaveLength(4);
    expect(list.textContent).toContain('第三方在其自有域名下设置的 Cookie，只能在浏览器设置中清除。');
  });

  it('show("services") opens the list alone, with a way on to the preferences', async () => {
    const { gate, ui } = await mountGate();
    gate.show('services');
    const dialog = await ui().findByRole('dialog', { name: '第三方SDK服务商清单' });
    expect(dialog.querySelectorAll('[role=switch]')).toHaveLength(0);
    fireEvent.click(ui().getByRole('button', { name: 'Cookie 设置' }));
    expect(await ui().findByRole('dialog', { name: 'Cookie 设置' })).toBeTruthy();
  });

  const notForMinors = { personalization: '未成年人不可开启', pixel: '未成年人不可开启' };
  it.each([
    ['a minor', async (gate: Awaited<ReturnType<typeof mountGate>>['gate']) => gate.setAge('minor'), {}, notForMinors],
    ['youth mode', async (gate: Awaited<ReturnType<typeof mountGate>>['gate']) => gate.setYouthMode(true), {}, { personalization: '青少年模式下不可开启', pixel: '青少年模式下不可开启' }],
    // Regression: a child's personalised ads and pixel said 需经监护人同意, a switch no guardian has (SPEC §5.3).
    ['a child without guardian consent', async (gate: Awaited<ReturnType<typeof mountGate>>['gate']) => gate.setAge('child'), {}, { analytics: '需经监护人同意', share: '需经监护人同意', ...notForMinors }],
    ['DNT strict', async () => {}, { dnt: 'strict' as const }, { analytics: '浏览器要求不被追踪（DNT/GPC）', personalization: '浏览器要求不被追踪（DNT/GPC）', pixel: '浏览器要求不被追踪（DNT/GPC）' }],
  ])('for %s shows the forced-off categories off and disabled, with the reason', async (_who, act, config, forced: Record<string, string>) => {
    const { gate, ui } = await mountGate(config, { signals: { dnt: true } });
    await act(gate);
    gate.show('preferences');
    await ui().findByRole('dialog', { name: 'Cookie 设置' });
    for (const id of ['analytics', 'personalization', 'pixel', 'share']) {
      const toggle = ui().getAllByRole('switch').find(s => s.dataset.category === id && !s.dataset.service) as HTMLButtonElement;
      const reason = forced[id];
      expect([id, toggle.disabled]).toEqual([id, reason !== undefined]);
      if (reason) {
        expect(isOn(toggle)).toBe(false);
        const note = toggle.getAttribute('aria-describedby');
        expect([id, ui().getAllByText(new RegExp(reason)).some(p => p.id === note)]).toEqual([id, true]);
      }
    }
  });

  // Regression: a disabled service switch said nothing of why (WCAG 1.3.1): a screen reader heard "百度统计, switch, off,
  // dimmed" under a category switched off, or a transfer abroad a child may not make.
  it.each([
    ['its category is off', async () => {}, 'baidu-tongji', '请先开启“统计分析”'],
    ['its category is forced off (a minor)', async (gate: Awaited<ReturnType<typeof mountGate>>['gate']) => gate.setAge('minor'), 'ocean-engine', '未成年人不可开启'],
    ['a minor may not send data abroad', async (gate: Awaited<ReturnType<typeof mountGate>>['gate']) => { gate.setAge('minor'); await gate.save({ categories: { analytics: true } }); }, 'google-analytics', '未成年人不可开启'],
  ])('a disabled service switch says why: %s', async (_why, act, service, reason) => {
    const { gate, ui, root } = await mountGate({ services: ['baidu-tongji', 'ocean-engine', { id: 'google-analytics', measurementId: 'G-1' }] });
    await act(gate);
    gate.show('preferences');
    await ui().findByRole('dialog', { name: 'Cookie 设置' });
    const toggle = ui().getAllByRole('switch').find(s => s.dataset.service === service) as HTMLButtonElement;
    expect(toggle.disabled).toBe(true);
    const note = root().querySelector(`[id="${toggle.getAttribute('aria-describedby')}"]`);
    expect(note?.textContent).toContain(reason);
  });

  it('an enabled service switch is described by nothing', async () => {
    const { gate, ui } = await mountGate({ services: ['baidu-tongji'] });
    await gate.save({ categories: { analytics: true } });
    gate.show('preferences');
    await ui().findByRole('dialog', { name: 'Cookie 设置' });
    const toggle = ui().getAllByRole('switch').find(s => s.dataset.service === 'baidu-tongji') as HTMLButtonElement;
    expect([toggle.disabled, toggle.hasAttribute('aria-describedby')]).toEqual([false, false]);
  });

  it('says how old the visitor said they are, and links to the minors view', async () => {
    const { gate, ui } = await mountGate();
    gate.setAge('child', { guardianConsent: true });
    gate.show('preferences');
    const dialog = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    expect(dialog.textContent).toContain('年龄：未满14周岁（监护人已同意）');
    fireEvent.click(ui().getByRole('button', { name: '修改' }));
    expect(await ui().findByRole('dialog', { name: '未成年人个人信息保护' })).toBeTruthy();
  });

  it('notes DNT under "respect", yet lets the visitor grant one tracking category (W3C TPE exception)', async () => {
    const { gate, ui, dialog } = await openPreferences({}, { signals: { dnt: true } });
    expect(dialog.textContent).toContain('已检测到浏览器开启了“请勿追踪”（DNT）');
    fireEvent.click(ui().getByRole('switch', { name: '统计分析' }));
    fireEvent.click(ui().getByRole('button', { name: '保存设置' }));
    expect(gate.get().categories.analytics).toBe(true);
    expect(gate.get().choices.exceptions).toEqual(['analytics']);
  });

  // Compliance probe: with analytics switched on as an exception, the note still said no analytics would load while
  // 百度统计 and CNZZ ran.
  it('regression: once the visitor switched a category on under DNT, the note says what still loads', async () => {
    const { gate, ui } = await openPreferences({}, { signals: { dnt: true } });
    fireEvent.click(ui().getByRole('switch', { name: '统计分析' }));
    fireEvent.click(ui().getByRole('button', { name: '保存设置' }));
    expect(gate.get().choices.exceptions).toEqual(['analytics']);
    gate.show('preferences');
    const dialog = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    expect(dialog.textContent).toContain('您单独开启的类别照常使用，其余统计与广告追踪不会加载');
    expect(dialog.textContent).not.toContain('我们不会加载统计与广告追踪');
  });

  // Accessibility probe: back from the minors view (修改) the preferences had lost the switch the visitor had just
  // turned on, were scrolled to the top and had focus on ×.
  it('regression: back from a view it opened, the preferences keep their unsaved switches, and focus is where it was', async () => {
    const { ui, root } = await openPreferences();
    fireEvent.click(ui().getByRole('switch', { name: '统计分析' }));
    expect(isOn(ui().getByRole('switch', { name: '统计分析' }))).toBe(true);
    const change = ui().getByRole('button', { name: '修改' });
    change.focus();
    fireEvent.click(change);
    await ui().findByRole('dialog', { name: '未成年人个人信息保护' });
    fireEvent.keyDown(root().activeElement!, { key: 'Escape' });
    await ui().findByRole('dialog', { name: 'Cookie 设置' });
    expect(isOn(ui().getByRole('switch', { name: '统计分析' }))).toBe(true);
    expect(root().activeElement).toBe(ui().getByRole('button', { name: '修改' }));
  });

  it('closes with the close button and with Esc, back to the banner, focus on the button that opened it', async () => {
    const { ui, root } = await mountGate();
    const opener = await ui().findByRole('button', { name: '设置' });
    opener.focus();
    fireEvent.click(opener);
    await ui().findByRole('dialog', { name: 'Cookie 设置' });
    fireEvent.click(ui().getByRole('button', { name: '关闭' }));
    await waitFor(() => expect(ui().queryByRole('dialog', { name: 'Cookie 设置' })).toBeNull());
    expect(ui().getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeTruthy();
    expect(root().activeElement).toBe(opener);

    fireEvent.click(opener);
    const dialog = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    fireEvent.keyDown(root().activeElement!, { key: 'Escape' });
    expect(dialog.isConnected).toBe(false);
    expect(root().activeElement).toBe(opener);
  });

  it('keeps Tab inside: past the last control to the first, and back', async () => {
    const { ui, root } = await openPreferences();
    const close = ui().getByRole('button', { name: '关闭' });
    const save = ui().getByRole('button', { name: '保存设置' });
    expect(root().activeElement).toBe(close);
    save.focus();
    fireEvent.keyDown(save, { key: 'Tab' });
    expect(root().activeElement).toBe(close);
    fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
    expect(root().activeElement).toBe(save);
  });

  // Regression: after a click on the view's text, focus was on the dialog itself, and Shift+Tab left it for the page.
  it('regression: Shift+Tab from the dialog itself goes to its last control, not out of the view', async () => {
    const { ui, root } = await openPreferences();
    const dialog = ui().getByRole('dialog', { name: 'Cookie 设置' });
    dialog.tabIndex = -1;
    dialog.focus();
    expect(root().activeElement).toBe(dialog);
    const event = fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect([event, root().activeElement]).toEqual([false, ui().getByRole('button', { name: '保存设置' })]);
  });

  it('says when cookies cannot be kept', async () => {
    // Memory storage stands for a browser that refuses cookies (SPEC §4: state.persisted === false).
    const { dialog } = await openPreferences({}, { storage: memoryStorage() });
    expect(dialog.textContent).toContain('浏览器无法保存 Cookie，您的选择仅对当前页面有效。');
  });

  it('says nothing of it where they can', async () => {
    expect((await openPreferences()).dialog.textContent).not.toContain('浏览器无法保存');
  });
});

// Regression: from npm, a preset of the app's own without a name or provider made the views ask for the catalogue's
// 清单 text, which the npm entry does not have: the preferences closed with an error instead of opening.
describe('npm: a preset of the app\'s own without its 清单 text', () => {
  it('the preferences open and show it by id', async () => {
    const own = { id: 'own-stats', category: 'analytics', hosts: ['stats.example.com'] };
    const { gate, ui } = await mountGate({ services: ['own-stats'] }, { presets: { 'own-stats': own }, load: loadModule });
    const errors: string[] = [];
    gate.on('error', e => errors.push(e.message));
    gate.on('interests', () => {});
    gate.show('preferences');
    const prefs = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    expect(within(prefs).getByRole('switch', { name: 'own-stats' })).toBeTruthy();
    expect(errors).toEqual([]);
  });
});
