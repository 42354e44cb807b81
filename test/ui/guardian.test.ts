import { fireEvent } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { mountGate, SERVICES } from './mount.js';

/** A visitor who said they are under 14: the guardian view, as the minors view leaves it. */
async function openGuardian(...args: Parameters<typeof mountGate>) {
  const mounted = await mountGate(...args);
  mounted.gate.setAge('child');
  mounted.gate.show('guardian');
  const dialog = await mounted.ui().findByRole('dialog', { name: '致监护人：儿童个人信息保护告知' });
  return { ...mounted, dialog };
}

describe('guardian view', () => {
  it('tells the guardian purpose, storage, security, refusal, complaints and rights', async () => {
    const { dialog, ui } = await openGuardian();
    const terms = [...dialog.querySelectorAll('dt')].map(dt => dt.textContent);
    expect(terms).toEqual(['处理目的、方式和范围', '存储地点和期限', '安全措施', '拒绝的后果', '投诉渠道', '更正与删除']);
    expect(dialog.textContent).toContain('存储于中华人民共和国境内');
    expect(dialog.textContent).toContain('同意保存365天，拒绝保存180天');
    expect(dialog.textContent).toContain('上海我图网络科技有限公司，021-38760448 · tousu@ooopic.com');
    expect(ui().getByRole('link', { name: '《我图网儿童个人信息保护规则》' })).toBeTruthy();
    expect(ui().getByRole('checkbox', { name: '我是该未成年人的监护人' })).toHaveProperty('checked', false);
  });

  // Regression: the storage item points to the list of third parties, and a site without a page of it (no policy.sdkListUrl,
  // the default profile) gave the guardian no way to read who receives the child's information before agreeing.
  // Copy review: the heading promises 处理目的、方式和范围, and PIPL Art. 17 asks for the kinds of information; each
  // recipient now says what it collects.
  it('names each third party a child\'s information may reach, its provider, purpose and what it collects, before the guardian agrees', async () => {
    const { dialog, ui } = await openGuardian({ services: [...SERVICES, { id: 'bare', category: 'share' }, { id: 'terse', category: 'share', name: '简单分享', data: '分享的链接' }] });
    const list = ui().getByText('可能接收儿童个人信息的第三方服务（5项）', { selector: 'summary' }).closest('details')!;
    expect(dialog.contains(list)).toBe(true);
    const items = [...list.querySelectorAll('li')].map(li => li.textContent);
    expect(items[0]).toBe('示例统计（示例统计科技有限公司）：网站访问统计；收集访问的页面、设备信息');
    // Not the pixel: no guardian can allow it for a child (SPEC §5.3). A service that gives no words is named by its id.
    expect(items.some(item => item!.includes('示例像素'))).toBe(false);
    expect(items).toContain('bare');
    // Regression: what a service without a purpose collects read "简单分享；收集…", a clause joined to nothing.
    expect(items).toContain('简单分享：收集分享的链接');
  });

  // Regression: the storage item sends the guardian to the 清单, which the view did not link.
  it('links the 第三方SDK服务商清单 where the site publishes it', async () => {
    const { ui } = await openGuardian({ policy: { version: '2024-04-23', sdkListUrl: 'https://www.ooopic.com/sdk-list' } });
    expect(ui().getByRole('link', { name: '《我图网第三方SDK服务商清单》' }).getAttribute('href')).toBe('https://www.ooopic.com/sdk-list');
  });

  // Regression: the policy tells a guardian to use youth mode (如您为监护人的，您应选择青少年模式), and
  // only the minors view linked it; the guardian view, where the guardian decides, said nothing of it.
  it('points the guardian to youth mode where the site has one', async () => {
    const { ui } = await openGuardian({ minors: { youthModeUrl: 'https://www.ooopic.com/youth' } });
    expect(ui().getByRole('link', { name: '开启青少年模式' }).getAttribute('href')).toBe('https://www.ooopic.com/youth');
  });

  it('says nothing of youth mode where the site has none', async () => {
    const { dialog } = await openGuardian();
    expect(dialog.textContent).not.toContain('青少年模式');
  });

  // Compliance probe: the view promised "no third-party service" until the guardian consents, while the necessary
  // ones (sign-in, payment, which the visitor starts) stay on, as the rules say they must.
  it('regression: promises no optional third-party service, and names the necessary ones that stay', async () => {
    const { dialog, gate } = await openGuardian({ services: ['baidu-tongji', 'wechat-login'] });
    expect(dialog.textContent).toContain('只使用网站运行所必需的 Cookie（登录状态、安全、支付），不启用任何可选的第三方服务');
    expect(gate.granted('necessary', 'wechat-login')).toBe(true);
    expect(gate.granted('analytics')).toBe(false);
  });

  // Copy review: the view opens on a child's own choice of "under 14", with the guardian's tick box below; nothing told
  // the child to hand the screen over, and its intro said sign-in went on unaffected, which the policy allows a child
  // only with a guardian's consent.
  it('regression: tells the child first to hand the screen to a guardian, and promises nothing of sign-in', async () => {
    const { dialog } = await openGuardian();
    const paragraphs = [...dialog.querySelectorAll('p')].map(p => p.textContent);
    expect(paragraphs[0]).toBe('如果你是孩子本人，请把这个页面交给爸爸妈妈或其他监护人。');
    expect(paragraphs[1]).toMatch(/^您的孩子未满14周岁。/);
    expect(dialog.textContent).not.toContain('不受影响');
  });

  it('puts 同意 and 拒绝 side by side with one look', async () => {
    const { ui } = await openGuardian();
    const agree = ui().getByRole('button', { name: '同意' });
    const refuse = ui().getByRole('button', { name: '拒绝' });
    expect([agree.dataset.action, refuse.dataset.action]).toEqual(['guardian-agree', 'guardian-refuse']);
    expect(agree.className).toBe(refuse.className);
    expect(agree.nextElementSibling).toBe(refuse);
  });

  // Regression: the message was an alert besides the checkbox's description, and a screen reader said it twice.
  it('does not take 同意 without the guardian confirmation, and says why once: as the checkbox it moves to describes it', async () => {
    const { gate, ui, root } = await openGuardian();
    fireEvent.click(ui().getByRole('button', { name: '同意' }));
    const box = ui().getByRole('checkbox', { name: '我是该未成年人的监护人', description: '请先勾选“我是该未成年人的监护人”。' });
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(root().activeElement).toBe(box);
    expect(ui().queryByRole('alert')).toBeNull();
    expect(gate.get().guardianConsent).toBe(false);
  });

  it('同意 records the guardian consent and lets the guardian choose, nothing switched on', async () => {
    const { gate, ui } = await openGuardian();
    const ages: unknown[] = [];
    gate.on('age', detail => ages.push(detail));
    fireEvent.click(ui().getByRole('checkbox', { name: '我是该未成年人的监护人' }));
    fireEvent.click(ui().getByRole('button', { name: '同意' }));
    expect(gate.get()).toMatchObject({ age: 'child', guardianConsent: true });
    expect(ages).toEqual([expect.objectContaining({ age: 'child', guardianConsent: true, source: 'guardian' })]);
    await ui().findByRole('dialog', { name: 'Cookie 设置' });
    const switches = ui().getAllByRole('switch').filter(s => s.dataset.category !== 'necessary');
    expect(switches.some(s => s.getAttribute('aria-checked') === 'true')).toBe(false);
    // Still the minor rules: no personalisation, no ad measurement for a child (未成年人网络保护条例 Art. 24).
    expect(ui().getByRole('switch', { name: '个性化推荐与广告' })).toHaveProperty('disabled', true);
    fireEvent.click(ui().getByRole('switch', { name: '社交分享' }));
    fireEvent.click(ui().getByRole('button', { name: '保存设置' }));
    expect(gate.get().categories).toMatchObject({ share: true, analytics: false, personalization: false });
  });

  it('拒绝 keeps the child on necessary cookies, records the answer and closes', async () => {
    const { gate, ui } = await openGuardian();
    const events: unknown[] = [];
    gate.on('child', detail => events.push(detail));
    fireEvent.click(ui().getByRole('button', { name: '拒绝' }));
    expect(gate.get()).toMatchObject({ age: 'child', guardianConsent: false, prompt: null, decided: true });
    expect(gate.get().decision?.action).toBe('guardian');
    expect(Object.keys(gate.get().categories).filter(id => gate.get().categories[id])).toEqual(['necessary']);
    expect(events).toEqual([{ guardianConsent: false, source: 'guardian' }]);
    expect(ui().queryByRole('dialog')).toBeNull();
  });

  // Regression: the guardian view used to open as a modal on every page load until answered, blocking
  // the page (SPEC §2). A child still waiting for a guardian now gets the non-modal banner; the guardian view
  // opens when asked for.
  it('a child still waiting for a guardian gets the banner, not a modal, on a later page', async () => {
    const first = await mountGate();
    first.gate.setAge('child');
    first.gate.destroy();
    const { ui, gate } = await mountGate({}, { storage: first.storage, now: () => Date.now() + 60_000 });
    expect(await ui().findByRole('button', { name: '全部拒绝' })).toBeTruthy();
    expect(ui().queryByRole('dialog', { name: '致监护人：儿童个人信息保护告知' })).toBeNull();
    expect(gate.get().prompt).toBe('guardian');
    expect(ui().getByText('未满14周岁的儿童须由监护人同意后才能启用可选功能。', { exact: false })).toBeTruthy();
    fireEvent.click(ui().getByRole('button', { name: '请监护人确认' }));
    expect(await ui().findByRole('dialog', { name: '致监护人：儿童个人信息保护告知' })).toBeTruthy();
  });

  // Regression: a child whose guardian consented through the account, with no decision yet, was offered 全部接受 (SPEC
  // §5.3: no "accept all" for a child; the guardian chooses per service), which then opened the guardian view instead.
  it("regression: a child with a guardian's consent and no decision is offered the guardian's choice, not 全部接受", async () => {
    const { ui, gate } = await mountGate();
    gate.setAge('child', { guardianConsent: true, source: 'account' });
    expect(await ui().findByRole('button', { name: '全部拒绝' })).toBeTruthy();
    expect([gate.get().prompt, ui().queryByRole('button', { name: '全部接受' })]).toEqual(['first-visit', null]);
    fireEvent.click(ui().getByRole('button', { name: '请监护人确认' }));
    expect(await ui().findByRole('dialog', { name: '致监护人：儿童个人信息保护告知' })).toBeTruthy();
  });

  it('the page that reloads right after entering the child rules opens the guardian view by itself (SPEC §5.3)', async () => {
    const first = await mountGate();
    first.gate.setAge('child');
    first.gate.destroy();
    const { ui } = await mountGate({}, { storage: first.storage, reloaded: () => true });
    expect(await ui().findByRole('dialog', { name: '致监护人：儿童个人信息保护告知' })).toBeTruthy();
  });

  // Regression: any page visited within ten seconds opened the guardian view by itself, even after the visitor
  // had closed it: only the withdrawal's reload hands over.
  it('another page visited right after entering the child rules does not open the guardian view by itself', async () => {
    const first = await mountGate();
    first.gate.setAge('child');
    first.gate.destroy();
    const { ui, gate } = await mountGate({}, { storage: first.storage, reloaded: () => false });
    await ui().findByRole('dialog');
    await new Promise(resolve => setTimeout(resolve, 50));
    expect([gate.get().view, ui().queryByRole('dialog', { name: '致监护人：儿童个人信息保护告知' })]).toEqual([undefined, null]);
  });
});
