import { fireEvent } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { mountGate } from './mount.js';

describe('contextual consent dialog', () => {
  it('names the service, its provider and what it receives', async () => {
    const { gate, ui } = await mountGate();
    void gate.request('share', 'share');
    const dialog = await ui().findByRole('dialog', { name: '需要您的同意' });
    expect(dialog.textContent).toContain('“示例分享”由第三方提供，需经您同意才能使用。');
    expect(dialog.textContent).toContain('提供方示例分享有限公司');
    expect(dialog.textContent).toContain('用途分享到示例');
    expect(dialog.textContent).toContain('收集的信息分享的链接和图片');
    expect(ui().getByRole('link', { name: '示例分享' }).getAttribute('href')).toBe('https://share.example/privacy');
  });

  // Regression: the dialog had a name and no description: a screen reader opening it on 关闭 read the title alone, and
  // the question it asks only by reading on.
  it.each([
    ['a service', 'share', 'share', '“示例分享”由第三方提供，需经您同意才能使用。'],
    ['a category', 'analytics', undefined, '此功能属于“统计分析”，需经您同意才能使用。'],
  ])('regression: asking for %s, the dialog is described by its question', async (_, category, service, question) => {
    const { gate, ui } = await mountGate();
    void gate.request(category, service);
    expect(await ui().findByRole('dialog', { name: '需要您的同意', description: question })).toBeTruthy();
  });

  it('allow grants that service alone and resolves the request with true', async () => {
    const { gate, ui } = await mountGate();
    const answer = gate.request('share', 'share');
    fireEvent.click(await ui().findByRole('button', { name: '允许' }));
    await expect(answer).resolves.toBe(true);
    expect(gate.get().decision?.action).toBe('contextual');
    expect(gate.granted('share', 'share')).toBe(true);
    expect(gate.get().categories.analytics).toBe(false);
    expect(ui().queryByRole('dialog', { name: '需要您的同意' })).toBeNull();
  });

  it('a request for a whole category lists every service in it, and allow grants them all', async () => {
    const { gate, ui } = await mountGate();
    const answer = gate.request('analytics');
    const dialog = await ui().findByRole('dialog', { name: '需要您的同意' });
    expect(dialog.textContent).toContain('同意后，以下第三方将获得相应信息：');
    for (const name of ['示例统计', '第二统计']) expect(ui().getByRole('heading', { name })).toBeTruthy();
    expect(dialog.textContent).toContain('提供方示例统计科技有限公司');
    expect(dialog.textContent).toContain('提供方第二统计有限公司');
    fireEvent.click(ui().getByRole('button', { name: '允许' }));
    await expect(answer).resolves.toBe(true);
    expect([gate.granted('analytics'), gate.granted('analytics', 'stats'), gate.granted('analytics', 'stats-two')]).toEqual([true, true, true]);
  });

  it.each([
    ['cancel', (ui: ReturnType<Awaited<ReturnType<typeof mountGate>>['ui']>) => fireEvent.click(ui.getByRole('button', { name: '取消' }))],
    ['close', (ui: ReturnType<Awaited<ReturnType<typeof mountGate>>['ui']>) => fireEvent.click(ui.getByRole('button', { name: '关闭' }))],
    ['Esc', (ui: ReturnType<Awaited<ReturnType<typeof mountGate>>['ui']>) => fireEvent.keyDown(ui.getByRole('button', { name: '允许' }), { key: 'Escape' })],
  ])('%s resolves the request with false and grants nothing', async (action, act) => {
    const { gate, ui } = await mountGate();
    const answer = gate.request('share', 'share');
    const dialog = await ui().findByRole('dialog', { name: '需要您的同意' });
    expect(action === 'cancel' ? ui().getByRole('button', { name: '取消' }).dataset.action : 'cancel').toBe('cancel');
    act(ui());
    await expect(answer).resolves.toBe(false);
    expect(gate.granted('share')).toBe(false);
    expect(dialog.isConnected).toBe(false);
    // The first-visit decision is still owed: the banner is back.
    expect(ui().getByRole('dialog', { name: '我们如何使用 Cookie' })).toBeTruthy();
  });

  it('asks for a category when no service is named', async () => {
    const { gate, ui } = await mountGate();
    const answer = gate.request('analytics');
    const dialog = await ui().findByRole('dialog', { name: '需要您的同意' });
    expect(dialog.textContent).toContain('此功能属于“统计分析”，需经您同意才能使用。');
    fireEvent.click(ui().getByRole('button', { name: '允许' }));
    await expect(answer).resolves.toBe(true);
    expect(gate.get().services).toMatchObject({ stats: true, 'stats-two': true });
  });

  it('works for share under DNT "respect": sharing is not tracking', async () => {
    const { gate, ui } = await mountGate({}, { signals: { dnt: true } });
    const answer = gate.request('share', 'share');
    fireEvent.click(await ui().findByRole('button', { name: '允许' }));
    await expect(answer).resolves.toBe(true);
  });
});
