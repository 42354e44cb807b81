import { fireEvent, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { hostReady, mountGate, SERVICES, visitorClick } from './mount.js';

/** The text of the elements `aria-describedby` names, in its order: what a screen reader reads after the name. */
const describedBy = (element: Element) =>
  element.getAttribute('aria-describedby')!.split(' ').map(id => (element.getRootNode() as ShadowRoot).getElementById(id)!.textContent!.trim()).join(' ');

describe('banner', () => {
  it('shows on a first visit as a labelled, non-modal dialog with the policy link and the minors line', async () => {
    const { ui, root } = await mountGate();
    const banner = await ui().findByRole('dialog', { name: '我们如何使用 Cookie' });
    expect(banner.getAttribute('aria-modal')).toBeNull();
    expect(root().querySelector('dialog')).toBeNull();
    expect(ui().getByRole('link', { name: '《我图网隐私政策》' }).getAttribute('href')).toBe(
      'https://www.ooopic.com/intro/about/privacyPolicy',
    );
    expect(banner.textContent).toContain('未满18周岁的未成年人，请在监护人陪同下阅读');
    expect(ui().getByRole('button', { name: '未成年人保护说明' }).dataset.action).toBe('minor');
  });

  // Regression: the banner, focused as it shows, was read by its title alone: what it asks went unsaid (WCAG 4.1.2).
  it('is described by its intro and the policy link', async () => {
    const { ui } = await mountGate();
    const banner = await ui().findByRole('dialog', { name: '我们如何使用 Cookie' });
    expect(ui().getByRole('dialog', { description: /^必要的 Cookie 用于登录、安全和支付；.*您可随时更改或撤回。\s*《我图网隐私政策》$/ })).toBe(banner);
  });

  // Regression: a child with guardian consent from the account saw 请监护人确认 in 全部接受's place and no word of why
  // (the line said only while the guardian's answer was awaited).
  it.each([
    ['awaiting the guardian', {}],
    ['with guardian consent from the account', { guardianConsent: true, source: 'account' as const }],
  ])('a child\'s banner says why the way to agree is the guardian\'s: %s', async (_case, options) => {
    const { gate, ui } = await mountGate();
    gate.setAge('child', options);
    const banner = await ui().findByRole('dialog', { name: '我们如何使用 Cookie' });
    await waitFor(() => expect(ui().getByRole('button', { name: '请监护人确认' }).dataset.action).toBe('guardian'));
    expect(banner.textContent).toContain('未满14周岁的儿童须由监护人同意后才能启用可选功能。');
    expect(ui().queryByRole('button', { name: '全部接受' })).toBeNull();
    // The minors line stays where the guardian's answer is not what is awaited.
    expect(!!ui().queryByRole('button', { name: '未成年人保护说明' })).toBe(gate.get().prompt != 'guardian');
  });

  it('gives accept and refuse one look, side by side with the settings button', async () => {
    const { ui } = await mountGate();
    const accept = await ui().findByRole('button', { name: '全部接受' });
    const reject = ui().getByRole('button', { name: '全部拒绝' });
    expect([accept.dataset.action, reject.dataset.action]).toEqual(['accept-all', 'reject-all']);
    expect(accept.className).toBe(reject.className);
    expect(accept.parentElement).toBe(reject.parentElement);
    expect(ui().getByRole('button', { name: '设置' }).dataset.action).toBe('preferences');
  });

  it.each([
    ['accept-all', '全部接受', true],
    ['reject-all', '全部拒绝', false],
  ])('%s decides and closes the banner', async (action, name, granted) => {
    const { gate, ui } = await mountGate();
    visitorClick(await ui().findByRole('button', { name }));
    expect(gate.get().decided).toBe(true);
    // The visitor's click in the SDK's own banner, recorded as such (SPEC §4); the page's own call records `api`.
    expect(gate.get().decision?.action).toBe(action);
    expect(gate.get().categories.analytics).toBe(granted);
    expect(gate.get().services.share).toBe(granted);
    expect(ui().queryByRole('dialog')).toBeNull();
  });

  // Regression: a script's `.click()` on 全部接受 inside the open shadow root was stored as the visitor's
  // accept-all. It still decides (the page's code can call acceptAll() anyway), recorded as the page's code.
  it.each([
    ['全部接受', true],
    ['全部拒绝', false],
  ])('regression: a script clicking %s decides as the page\'s code (api), not as the visitor', async (name, granted) => {
    const { gate, ui } = await mountGate();
    (await ui().findByRole('button', { name })).click();
    expect([gate.get().decision?.action, gate.get().categories.analytics]).toEqual(['api', granted]);
  });

  // Regression: `Object.prototype.hidden` (an old query parser's `?__proto__[hidden]=`) hid 11 of the
  // banner's 14 elements, every button among them.
  it('a polluted Object.prototype hides no element of the banner (SPEC §9)', async () => {
    (Object.prototype as Record<string, unknown>).hidden = true;
    try {
      const { ui, root } = await mountGate();
      await ui().findByRole('button', { name: '全部接受' });
      expect([...root().querySelectorAll('[hidden]')]).toEqual([]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).hidden;
    }
  });

  it('does not come back once the visitor has decided', async () => {
    const first = await mountGate();
    fireEvent.click(await first.ui().findByRole('button', { name: '全部拒绝' }));
    first.gate.destroy();
    const again = await mountGate({}, { storage: first.storage });
    expect(again.gate.get().prompt).toBeNull();
    expect(again.ui().queryByRole('dialog')).toBeNull();
  });

  it('moves focus into the banner when nothing in the page holds it, after the first paint', async () => {
    const { ui, root } = await mountGate();
    const banner = await ui().findByRole('dialog');
    // Not inside the page's first task: focusing forces a layout of the whole page.
    expect(root().activeElement).toBe(null);
    await waitFor(() => expect(root().activeElement).toBe(banner));
  });

  it('leaves focus where the visitor is typing', async () => {
    const input = document.body.appendChild(document.createElement('input'));
    input.focus();
    const { ui } = await mountGate();
    await ui().findByRole('dialog');
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(document.activeElement).toBe(input);
    input.remove();
  });

  it('shows the "updated" variant with the policy dates and the configured change summary', async () => {
    const old = await mountGate({ policy: { version: '2024-04-23' } });
    fireEvent.click(await old.ui().findByRole('button', { name: '全部接受' }));
    old.gate.destroy();
    const { ui } = await mountGate(
      { policy: { version: '2025-01-01', updated: '2025-01-01', effective: '2025-01-15', changes: '新增了社交分享服务商' } },
      { storage: old.storage },
    );
    const banner = await ui().findByRole('dialog', { name: '我图网隐私政策已更新' });
    expect(banner.textContent).toContain('更新日期：2025年1月1日；生效日期：2025年1月15日。');
    expect(banner.textContent).toContain('新增了社交分享服务商');
    // Regression (accessibility probe): described by the intro alone, focused as it showed it was read without what
    // changed.
    expect(describedBy(banner)).toMatch(/^更新日期：2025年1月1日；生效日期：2025年1月15日。 新增了社交分享服务商 必要的 Cookie/);
  });

  // Regression (UI probe): a page that set only `policy.version` showed the built-in policy's dates (2024年04月23日) as
  // the new version's in the updated banner, and nothing said so.
  it.each([
    ['a version written as a date is its date', { version: '2025-03-01' }, '更新日期：2025年3月1日；生效日期：2025年3月1日。', false],
    ['effective is updated unless said', { version: 'v3', updated: '2025-02-10' }, '更新日期：2025年2月10日；生效日期：2025年2月10日。', false],
    ['a version that is no date and no updated: no dates, and the console says so', { version: 'v3' }, null, true],
  ])('regression: the updated banner\'s dates: %s', async (_, policy, dates, warned) => {
    const old = await mountGate({ policy: { version: '2024-04-23' } });
    fireEvent.click(await old.ui().findByRole('button', { name: '全部接受' }));
    old.gate.destroy();
    const warn = vi.fn();
    const { ui } = await mountGate({ policy }, { storage: old.storage, warn });
    const banner = await ui().findByRole('dialog', { name: '我图网隐私政策已更新' });
    if (dates) expect(banner.textContent).toContain(dates);
    expect(banner.textContent).not.toContain('2024年');
    expect(banner.textContent).toContain(dates ? '日。 ' : '');
    expect(banner.textContent!.includes('更新日期')).toBe(!!dates);
    expect(warn.mock.calls.some(([message]) => /config\.policy\.updated is not set for policy version "v3"/.test(String(message)))).toBe(warned);
  });

  // Regression: Chinese dates were written zero-padded (2025年03月01日), as no Chinese text writes them.
  it.each([
    ['zh-CN', '我图网隐私政策已更新', '更新日期：2025年3月1日；生效日期：2025年3月10日。'],
    ['zh-TW', '我圖網隱私政策已更新', '2025年3月1日'],
    ['en', 'Our Privacy Policy has been updated', 'Updated 2025-03-01; effective 2025-03-10.'],
  ] as const)('regression: the updated banner writes its dates as %s does', async (lang, name, dates) => {
    const old = await mountGate({ lang, policy: { version: '2024-04-23' } });
    await hostReady();
    await old.gate.acceptAll();
    old.gate.destroy();
    const { ui } = await mountGate({ lang, policy: { version: '2025-03-01', effective: '2025-03-10' } }, { storage: old.storage });
    await hostReady();
    expect((await ui().findByRole('dialog', { name })).textContent).toContain(dates);
  });

  it('names the new services when a granted category gained one (PIPL Art. 23)', async () => {
    const old = await mountGate({ services: SERVICES.slice(0, 1) });
    fireEvent.click(await old.ui().findByRole('button', { name: '全部接受' }));
    old.gate.destroy();
    const { ui } = await mountGate({ services: SERVICES.slice(0, 2) }, { storage: old.storage });
    const banner = await ui().findByRole('dialog', { name: '我们如何使用 Cookie' });
    expect(banner.textContent).toContain('新增第三方服务：第二统计。');
    expect(describedBy(banner)).toMatch(/^新增第三方服务：第二统计。请重新确认是否同意。 必要的 Cookie/);
  });

  // The new services were listed with the Chinese enumeration comma in every language: "Example Stats、第二统计" on
  // an English banner. The separator is copy like any other, in each language's catalogue.
  it.each([
    ['en', 'New third-party services: 第二统计, 示例像素, Example share.'],
    ['zh-TW', '新增第三方服務：第二统计、示例像素、示例分享。'],
  ] as const)('regression: in %s the new services are listed with that language\'s separator', async (lang, text) => {
    const old = await mountGate({ lang, services: SERVICES.slice(0, 1) });
    await hostReady();
    fireEvent.click(await old.ui().findByRole('button', { name: lang == 'en' ? 'Accept all' : '全部接受' }));
    old.gate.destroy();
    const { ui } = await mountGate({ lang, services: SERVICES }, { storage: old.storage });
    await hostReady();
    const banner = await ui().findByRole('dialog');
    await waitFor(() => expect(banner.textContent).toContain(text), { timeout: 2000 });
  });

  it('regression: a new service named in each language broke the banner (its name compared to its id as a string)', async () => {
    const old = await mountGate({ services: SERVICES.slice(0, 1) });
    fireEvent.click(await old.ui().findByRole('button', { name: '全部接受' }));
    old.gate.destroy();
    const heatmap = { id: 'heatmap', category: 'analytics', name: { 'zh-CN': '点击热力图', en: 'Click heatmap' }, src: 'https://heatmap.example/h.js' };
    const { ui } = await mountGate({ services: [...SERVICES.slice(0, 1), heatmap] }, { storage: old.storage });
    const banner = await ui().findByRole('dialog', { name: '我们如何使用 Cookie' });
    expect(banner.textContent).toContain('新增第三方服务：点击热力图。');
  });

  it.each([
    ['respect', { dnt: true }, true],
    ['strict', { gpc: true }, true],
    ['ignore', { dnt: true }, false],
    ['respect', {}, false],
  ] as const)('with dnt %s and signals %j the DNT note shows: %s', async (dnt, signals, shown) => {
    const { ui } = await mountGate({ dnt }, { signals });
    const banner = await ui().findByRole('dialog');
    expect(banner.textContent?.includes('，我们不会加载统计与广告追踪，“全部接受”也不会启用。')).toBe(shown);
  });

  // #9.7: GPC alone was called "请勿追踪": the note names the signal that is on, in every language.
  it.each([
    ['zh-CN', { dnt: true }, '已检测到浏览器开启了“请勿追踪”（DNT），我们不会加载统计与广告追踪，“全部接受”也不会启用。'],
    ['zh-CN', { gpc: true }, '已检测到浏览器开启了“全球隐私控制”（GPC），我们不会加载统计与广告追踪，“全部接受”也不会启用。'],
    ['zh-CN', { dnt: true, gpc: true }, '已检测到浏览器开启了“请勿追踪”（DNT）和“全球隐私控制”（GPC），'],
    ['en', { gpc: true }, 'Your browser sends Global Privacy Control (GPC), so we will not load analytics or ad tracking, not even on “Accept all”.'],
    ['en', { dnt: true }, 'Your browser sends Do Not Track (DNT),'],
    ['zh-TW', { gpc: true }, '已偵測到瀏覽器開啟了「全球隱私控制」（GPC），我們不會載入統計與廣告追蹤，「全部接受」也不會啟用。'],
  ] as const)('in %s with signals %j the note names the signal', async (lang, signals, text) => {
    const { ui } = await mountGate({ lang }, { signals });
    await hostReady();
    const banner = await ui().findByRole('dialog');
    expect(banner.textContent).toContain(text);
  });

  it('renders config strings as text, never as HTML (SPEC §9)', async () => {
    const html = '<img src=x onerror="alert(1)">';
    const old = await mountGate();
    fireEvent.click(await old.ui().findByRole('button', { name: '全部拒绝' }));
    old.gate.destroy();
    const { ui, root } = await mountGate(
      { policy: { version: 'v2', changes: html }, texts: { updated: '<b>已更新</b>' } },
      { storage: old.storage },
    );
    const banner = await ui().findByRole('dialog', { name: '<b>已更新</b>' });
    expect(banner.textContent).toContain(html);
    expect(root().querySelector('img, b')).toBeNull();
  });

  it('overrides any string from config.texts, per language first', async () => {
    const { ui } = await mountGate({ texts: { accept: '同意全部', 'zh-CN': { reject: '拒绝全部' }, en: { reject: 'No' } } });
    expect(await ui().findByRole('button', { name: '同意全部' })).toBeTruthy();
    expect(ui().getByRole('button', { name: '拒绝全部' })).toBeTruthy();
  });
});
