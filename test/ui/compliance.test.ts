import { fireEvent, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { CATALOGUE } from '../../src/presets/catalogue.js';
import type { Loader } from '../../src/ui/view-context.js';
import { hostReady, loadAll, mountGate } from './mount.js';

const GA = { id: 'google-analytics', measurementId: 'G-TEST' };

/** #13.1: the 单独同意 of a transfer abroad (PIPL Art. 39, SPEC §5.4), in each language. */
describe('the separate consent of a service that sends data abroad', () => {
  it.each([
    ['zh-CN', '单独同意：向境外提供个人信息', ['境外接收方', 'Google LLC', '所在国家或地区', '美国', '处理目的', '处理方式', '个人信息种类', '行使权利的方式', '联系方式', '安全保障措施', '安全风险'], '同意', '不同意'],
    ['zh-TW', '單獨同意：向境外提供個人資料', ['境外接收方', '美國', '處理方式', '個人資料種類', '安全風險', '《中華人民共和國個人信息保護法》'], '同意', '不同意'],
    ['en', 'Separate consent: sending personal information abroad', ['Overseas recipient', 'United States', 'How it is processed', 'Personal information sent', 'Security safeguards', 'Risks'], 'I agree', 'I don’t agree'],
  ] as const)('%s: lists every PIPL Art. 39 item before 同意 and 不同意', async (lang, title, items, agree, refuse) => {
    const { gate, ui } = await mountGate({ lang, services: ['cnzz', GA] });
    await hostReady();
    const answer = gate.request('analytics', 'google-analytics');
    const dialog = await ui().findByRole('dialog', { name: title });
    for (const item of items) expect(dialog.textContent).toContain(item);
    // The recipient's contact, a web address, can be followed (PIPL Art. 39: how to reach it).
    expect(within(dialog).getByRole('link', { name: 'https://policies.google.com/privacy' }).getAttribute('href')).toBe('https://policies.google.com/privacy');
    const buttons = within(dialog).getAllByRole('button').filter(b => b.dataset.action == 'allow' || b.dataset.action == 'cancel');
    expect(buttons.map(b => [b.dataset.action, b.textContent, b.className])).toEqual([['allow', agree, 'p'], ['cancel', refuse, 'p']]);
    fireEvent.click(buttons[0]!);
    expect(await answer).toBe(true);
    expect(gate.granted('analytics', 'google-analytics')).toBe(true);
  });

  // Regression: a page naming Google Analytics itself (name and provider) never loaded the 清单 text, and the
  // script tag's catalogue carries no Art. 39 items: the 单独同意 showed none of them and 同意 granted.
  it('script tag: a preset service the page named itself still shows every Art. 39 item; without them there is no 同意', async () => {
    const named = { ...GA, name: '谷歌分析', provider: 'Google LLC' };
    const { gate, ui } = await mountGate({ services: [named] }, { presets: CATALOGUE });
    const answer = gate.request('analytics', 'google-analytics');
    const dialog = await ui().findByRole('dialog', { name: '单独同意：向境外提供个人信息' });
    for (const item of ['境外接收方', 'Google LLC', '美国', '处理方式', '个人信息种类', '行使权利的方式']) expect(dialog.textContent).toContain(item);
    // Described by what it asks (regression: a name alone, the question only by reading on past 关闭).
    expect(dialog.getAttribute('aria-describedby')).toBe('cg-q');
    expect(dialog.querySelector('#cg-q')!.textContent).toMatch(/^“谷歌分析”会将您的个人信息提供给境外接收方。/);
    fireEvent.click(within(dialog).getByRole('button', { name: '不同意' }));
    expect(await answer).toBe(false);
  });

  it('a transfer whose Art. 39 items did not arrive offers only 不同意', async () => {
    const load: Loader = path => (path == 'presets/disclosures' ? Promise.resolve({ disclosures: {} }) : loadAll(path));
    const { gate, ui } = await mountGate({ services: ['cnzz', GA] }, { presets: CATALOGUE, load });
    const answer = gate.request('analytics', 'google-analytics');
    const dialog = await ui().findByRole('dialog', { name: '单独同意：向境外提供个人信息' });
    expect(within(dialog).getAllByRole('button').filter(b => b.dataset.action == 'allow' || b.dataset.action == 'cancel').map(b => b.dataset.action)).toEqual(['cancel']);
    fireEvent.click(within(dialog).getByRole('button', { name: '不同意' }));
    expect(await answer).toBe(false);
    expect(gate.granted('analytics', 'google-analytics')).toBe(false);
  });

  it('in the preferences its switch carries a 境外 badge and opens that dialog, then the preferences come back', async () => {
    const { gate, ui } = await mountGate({ services: ['cnzz', GA] });
    gate.show('preferences');
    const prefs = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    const row = within(prefs).getByRole('switch', { name: 'Google Analytics' }).closest('li')!;
    expect(row.textContent).toContain('境外');
    fireEvent.click(within(prefs).getByRole('switch', { name: 'Google Analytics' }));
    const separate = await ui().findByRole('dialog', { name: '单独同意：向境外提供个人信息' });
    fireEvent.click(within(separate).getByRole('button', { name: '同意' }));
    const back = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    await waitFor(() => expect(within(back).getByRole('switch', { name: 'Google Analytics' }).getAttribute('aria-checked')).toBe('true'));
    // Accept-all there keeps it as it is and grants the rest.
    fireEvent.click(within(back).getByRole('button', { name: '全部接受' }));
    expect([gate.granted('analytics', 'google-analytics'), gate.granted('share')]).toEqual([true, true]);
  });

  // Regression (UI probe): the 同意 stores the transfer's grant, and the category's other services, shown on only
  // because the visitor had just switched the category on, were read again from the stored record (off): a switch
  // changed that nobody touched, and 保存设置 stored it off (WCAG 3.2.2).
  it('regression: back from its 同意, the switches the visitor had not saved are as they left them', async () => {
    const { gate, ui } = await mountGate({ services: ['cnzz', GA, 'qq-share'] });
    gate.show('preferences');
    const prefs = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    const category = within(prefs).getAllByRole('switch').find(s => s.dataset.category == 'analytics' && !s.dataset.service)!;
    fireEvent.click(category);
    expect(within(prefs).getByRole('switch', { name: '友盟+ CNZZ 统计' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(within(prefs).getByRole('switch', { name: 'Google Analytics' }));
    fireEvent.click(within(await ui().findByRole('dialog', { name: '单独同意：向境外提供个人信息' })).getByRole('button', { name: '同意' }));
    const back = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    await waitFor(() => expect(within(back).getByRole('switch', { name: 'Google Analytics' }).getAttribute('aria-checked')).toBe('true'));
    expect(within(back).getByRole('switch', { name: '友盟+ CNZZ 统计' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(within(back).getByRole('button', { name: '保存设置' }));
    expect([gate.granted('analytics', 'cnzz'), gate.granted('analytics', 'google-analytics'), gate.granted('share')]).toEqual([true, true, false]);
  });
});

/** #13.3: the complete 清单 (数据条例 Art. 21–22, PIPL Art. 17, 23) and the operator's line. */
describe('the 第三方SDK服务商清单 and the operator', () => {
  it('lists provider, contact, purpose, data, cookies with their retention, where it is processed, the policy link; and the consent cookie\'s own days', async () => {
    const { gate, ui } = await mountGate({ services: ['baidu-tongji', GA, 'alipay'] });
    gate.show('services');
    const list = await ui().findByRole('dialog', { name: '第三方SDK服务商清单' });
    const entry = (name: string) => within(list).getByRole('heading', { name: new RegExp(`^${name}`) }).closest('.v')!.textContent!;
    expect(entry('百度统计')).toMatch(/提供方.*北京百度网讯科技有限公司.*用途.*收集的信息.*Cookie.*Hm_\*.*保存期限.*Cookie 最长 1 年.*处理地点.*中华人民共和国境内.*隐私政策/);
    expect(entry('Google Analytics')).toContain('处理地点境外：美国');
    expect(entry('支付宝支付')).toContain('支付宝（中国）网络技术有限公司');
    expect(list.textContent).toContain('本站用于记录您选择的 Cookie：cg_consent，同意后保存 365 天，拒绝后保存 180 天。');
  });

  // Regression: the English list read "Abroad：United States", a Chinese colon.
  it('en: where a transfer abroad is processed reads as English', async () => {
    const { gate, ui } = await mountGate({ lang: 'en', services: [GA] });
    gate.show('services');
    const list = await ui().findByRole('dialog', { name: 'Third-party SDK providers' });
    expect(list.textContent).toContain('Processed inUnited States (outside mainland China)');
  });

  it('the preferences carry the operator\'s name, contact and how to exercise rights', async () => {
    const { gate, ui } = await mountGate({ operator: { name: '上海我图网络科技有限公司', contact: 'privacy@ooopic.com' } });
    gate.show('preferences');
    const prefs = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    expect(prefs.textContent).toContain('个人信息处理者：上海我图网络科技有限公司（privacy@ooopic.com）。您可联系我们查阅、更正、删除个人信息，或随时撤回同意。');
    const banner = ui().getByRole('dialog', { name: '我们如何使用 Cookie' });
    expect(banner.textContent).toContain('个人信息处理者：上海我图网络科技有限公司（privacy@ooopic.com）');
  });
});

describe('the visitor\'s rights in the preferences', () => {
  it('#13.6: "删除我的兴趣标签" fires the interests event and says the request is taken', async () => {
    const { gate, ui } = await mountGate();
    const heard: unknown[] = [];
    gate.on('interests', detail => heard.push(detail));
    gate.show('preferences');
    const prefs = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    fireEvent.click(within(prefs).getByRole('button', { name: '删除我的兴趣标签' }));
    await within(prefs).findByText('已收到删除请求，我们会尽快处理。');
    expect(heard).toEqual([{ consentId: gate.get().consentId }]);
  });

  // Regression: with no receipt and no listener the button said "已请求删除…" of a request that
  // went nowhere. It is offered only where someone acts on it, and the integration is told once.
  it('without a receipt or an interests listener 删除我的兴趣标签 is not offered, and the console says why, once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { gate, ui } = await mountGate();
    const errors: string[] = [];
    gate.on('error', e => errors.push(`${e.kind}: ${e.message}`));
    gate.show('preferences');
    const prefs = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    expect(within(prefs).queryByRole('button', { name: '删除我的兴趣标签' })).toBeNull();
    gate.hide();
    gate.show('preferences');
    await ui().findByRole('dialog', { name: 'Cookie 设置' });
    expect(errors).toEqual(['config: 删除我的兴趣标签 is not offered: nothing acts on it. Set config.receipt (the back end gets a delete-interests receipt) or listen to the interests event (GB/T 35273 §7.5)']);
    expect(warn.mock.calls.filter(([message]) => String(message).includes('删除我的兴趣标签'))).toEqual([
      ['consent-gate: 删除我的兴趣标签 is not offered: nothing acts on it. Set config.receipt (the back end gets a delete-interests receipt) or listen to the interests event (GB/T 35273 §7.5)'],
    ]);
    warn.mockRestore();
  });

  // Regressions: the button went and focus fell out of the open dialog. Then the confirmation that took the focus was
  // a status region too, and a screen reader said it twice: once as the region changed, once as it was focused.
  it('regression: after "删除我的兴趣标签" focus stays in the dialog, on the confirmation the button left, which no live region says again', async () => {
    const { gate, ui, root } = await mountGate();
    gate.on('interests', () => {});
    gate.show('preferences');
    const prefs = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    const button = within(prefs).getByRole('button', { name: '删除我的兴趣标签' });
    button.focus();
    fireEvent.click(button);
    const said = await within(prefs).findByText('已收到删除请求，我们会尽快处理。');
    expect(root().activeElement).toBe(said);
    expect(said.closest('[role=status],[role=alert],[aria-live]')).toBeNull();
  });

  // Regressions: a child's banner offered 全部接受, which accepted nothing (it opened the
  // guardian's view); a child's Google Analytics said 需经监护人同意, though no guardian can switch it on (SPEC §5.4).
  it('a child awaiting a guardian: the banner offers no 全部接受; the guardian\'s way takes its place, as prominent as 全部拒绝', async () => {
    const { gate, ui } = await mountGate();
    await gate.setAge('child');
    const banner = await ui().findByRole('dialog', { name: '我们如何使用 Cookie' });
    expect(within(banner).queryByRole('button', { name: '全部接受' })).toBeNull();
    const actions = within(banner).getAllByRole('button').filter(b => b.closest('.a'));
    expect(actions.map(b => [b.dataset.action, b.textContent, b.className])).toEqual([
      ['guardian', '请监护人确认', 'p'],
      ['reject-all', '全部拒绝', 'p'],
      ['preferences', '设置', ''],
    ]);
    fireEvent.click(actions[0]!);
    expect(await ui().findByRole('dialog', { name: '致监护人：儿童个人信息保护告知' })).toBeTruthy();
  });

  it('a child\'s transfer abroad says it is not for minors, not that a guardian could allow it', async () => {
    const { gate, ui } = await mountGate({ services: ['cnzz', GA] });
    await gate.setAge('child', { guardianConsent: true, source: 'guardian' });
    gate.show('preferences');
    const prefs = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    const row = within(prefs).getByRole('switch', { name: 'Google Analytics' }).closest('li')!;
    expect(row.textContent).toContain('未成年人不可开启');
    expect(row.textContent).not.toContain('需经监护人同意');
  });

  it('#13.4: for a child the guardian chooses service by service: no "accept all" in the preferences', async () => {
    const { gate, ui } = await mountGate();
    await gate.setAge('child', { guardianConsent: true, source: 'guardian' });
    gate.show('preferences');
    const prefs = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    expect(within(prefs).queryByRole('button', { name: '全部接受' })).toBeNull();
    expect(within(prefs).getByRole('button', { name: '全部拒绝' })).toBeTruthy();
  });
});
