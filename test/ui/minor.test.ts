import { fireEvent, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { mountGate } from './mount.js';

async function openMinor(...args: Parameters<typeof mountGate>) {
  const mounted = await mountGate(...args);
  fireEvent.click(await mounted.ui().findByRole('button', { name: '未成年人保护说明' }));
  const dialog = await mounted.ui().findByRole('dialog', { name: '未成年人个人信息保护' });
  return { ...mounted, dialog };
}

describe('minors view', () => {
  // Regression (compliance probe): "不进行个性化推荐、广告或广告监测" read as "no ads at all", where the English said no
  // personalised ads; the policy forgoes personalised advertising for minors, not advertising. And the children's
  // rules are the policy's 附件一: without a childrenUrl of the site's, the link goes to the policy page.
  it('regression: says no personalised ads (not no ads) for minors, and links the children\'s rules to the policy by default', async () => {
    const { ui, dialog } = await openMinor();
    expect(dialog.textContent).toContain('我们不进行个性化推荐、个性化广告或广告监测。');
    expect(ui().getByRole('link', { name: '《我图网儿童个人信息保护规则》' }).getAttribute('href')).toBe('https://www.ooopic.com/intro/about/privacyPolicy');
  });

  it('carries the notices to minors and to guardians, the policy links and youth mode', async () => {
    const { ui, dialog } = await openMinor({
      policy: { childrenUrl: 'https://www.ooopic.com/children' },
      minors: { youthModeUrl: 'https://www.ooopic.com/youth' },
    });
    expect(ui().getByRole('heading', { name: '致未成年人' })).toBeTruthy();
    expect(ui().getByRole('heading', { name: '致监护人' })).toBeTruthy();
    expect(dialog.textContent).toContain('如您未满18周岁，请在监护人陪同下阅读《我图网隐私政策》');
    // The banner beneath has the same link; a browser makes it inert while the modal view is open.
    expect(within(dialog).getByRole('link', { name: '《我图网隐私政策》' })).toBeTruthy();
    expect(ui().getByRole('link', { name: '《我图网儿童个人信息保护规则》' }).getAttribute('href')).toBe('https://www.ooopic.com/children');
    expect(ui().getByRole('link', { name: '青少年模式' }).getAttribute('href')).toBe('https://www.ooopic.com/youth');
    const ages = ui().getByRole('group', { name: '请选择您的年龄' });
    expect([...ages.querySelectorAll('button')].map(b => [b.dataset.action, b.textContent])).toEqual([
      ['age-adult', '已满18周岁'],
      ['age-minor', '14至17周岁'],
      ['age-child', '未满14周岁'],
    ]);
  });

  it('has no youth-mode link when the site has no youth-mode page', async () => {
    const { ui } = await openMinor();
    expect(ui().queryByRole('link', { name: '青少年模式' })).toBeNull();
  });

  it.each([
    ['已满18周岁', 'adult'],
    ['14至17周岁', 'minor'],
  ] as const)('"%s" sets the age group and returns to the banner', async (name, age) => {
    const { gate, ui } = await openMinor();
    fireEvent.click(ui().getByRole('button', { name }));
    expect(gate.get().age).toBe(age);
    expect(ui().queryByRole('dialog', { name: '未成年人个人信息保护' })).toBeNull();
    expect(ui().getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeTruthy();
  });

  it('"未满14周岁" applies the child rules at once and hands over to the guardian', async () => {
    const { gate, ui } = await openMinor();
    const events: unknown[] = [];
    gate.on('child', detail => events.push(detail));
    fireEvent.click(ui().getByRole('button', { name: '未满14周岁' }));
    expect(gate.get().age).toBe('child');
    expect(gate.get().guardianConsent).toBe(false);
    expect(events).toEqual([{ guardianConsent: false, source: 'visitor' }]);
    expect(await ui().findByRole('dialog', { name: '致监护人：儿童个人信息保护告知' })).toBeTruthy();
  });

  // Regression: the child rules rebuild the banner, so the button that opened the minors view was gone when the
  // guardian view closed, and focus fell to <body> with the banner still up.
  it('closing the guardian view after the child rules rebuilt the banner returns focus to that banner, not <body>', async () => {
    const { ui, root } = await mountGate();
    const opener = await ui().findByRole('button', { name: '未成年人保护说明' });
    opener.focus();
    fireEvent.click(opener);
    fireEvent.click(await ui().findByRole('button', { name: '未满14周岁' }));
    await ui().findByRole('dialog', { name: '致监护人：儿童个人信息保护告知' });
    fireEvent.keyDown(root().activeElement!, { key: 'Escape' });
    await waitFor(() => expect(ui().queryByRole('dialog', { name: '致监护人：儿童个人信息保护告知' })).toBeNull());
    const banner = root().querySelector<HTMLElement>('.b:not([inert])')!;
    expect([opener.isConnected, banner.isConnected]).toEqual([false, true]);
    const active = (banner.getRootNode() as ShadowRoot).activeElement;
    expect(active === banner || banner.contains(active)).toBe(true);
  });

  it('opened with "修改" from the preferences, an answer goes back to the preferences', async () => {
    const { gate, ui } = await mountGate();
    gate.show('preferences');
    const preferences = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    fireEvent.click(within(preferences).getByRole('button', { name: '修改' }));
    fireEvent.click(await ui().findByRole('button', { name: '14至17周岁' }));
    expect(gate.get().age).toBe('minor');
    expect(await ui().findByRole('dialog', { name: 'Cookie 设置' })).toBeTruthy();
    expect(ui().queryByRole('dialog', { name: '未成年人个人信息保护' })).toBeNull();
  });

  it('an age group from the account is said in the preferences, not offered for change', async () => {
    const { gate, ui } = await mountGate();
    gate.setAge('minor', { source: 'account' });
    gate.show('preferences');
    const preferences = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    expect(preferences.textContent).toContain('14至17周岁（依据您的账号信息）');
    expect(within(preferences).queryByRole('button', { name: '修改' })).toBeNull();
  });

  // Regression: a child whose age came from the account saw "请选择您的年龄" over three disabled
  // answers, with nothing to say why they could not be chosen.
  it('an age group from the account: the minors view says why its answers cannot be chosen', async () => {
    const { gate, ui } = await mountGate();
    gate.setAge('child', { guardianConsent: false, source: 'account' });
    gate.show('minor');
    const answers = await ui().findByRole('group', { name: '您的年龄依据账号信息确定，在此无法修改' });
    expect(within(answers).getAllByRole('button').map(button => (button as HTMLButtonElement).disabled)).toEqual([true, true, true]);
    expect(ui().queryByRole('heading', { name: '请选择您的年龄' })).toBeNull();
  });

  // Regression: the preferences' "修改" was read alone, naming nothing, to a screen reader moving by
  // control (WCAG 2.4.6): it is described by the age it changes.
  it('the preferences\' "修改" is described by the age it changes', async () => {
    const { gate, ui } = await mountGate();
    gate.setAge('minor');
    gate.show('preferences');
    const change = await ui().findByRole('button', { name: '修改' });
    const described = (change.getRootNode() as ShadowRoot).getElementById(change.getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe('年龄：14至17周岁');
  });

  it('marks the age group already chosen', async () => {
    const { gate, ui } = await mountGate();
    gate.setAge('minor');
    gate.show('minor');
    expect((await ui().findByRole('button', { name: '14至17周岁' })).getAttribute('aria-pressed')).toBe('true');
    expect(ui().getByRole('button', { name: '已满18周岁' }).getAttribute('aria-pressed')).toBe('false');
  });
});
