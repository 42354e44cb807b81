import { waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/core/storage.js';
import type { ErrorDetail } from '../../src/core/types.js';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent, type ConsentCore } from '../../src/core/controller.js';
import { CATALOGUE } from '../../src/presets/catalogue.js';
import { mountUI } from '../../src/ui/mount-ui.js';
import type { Loader } from '../../src/ui/view-context.js';
import { hostReady, loadAll, mountGate } from './mount.js';

// The script tag's catalogue comes without its 清单 text, which loads with the first view (SPEC §10): these tests
// mount the UI with that catalogue.
const CATALOGUE_ONLY = { presets: CATALOGUE };

describe('the presets\' 清单 text, loaded on demand', () => {
  it('is not part of what the banner needs: services from the catalogue start with their ids', async () => {
    const { gate } = await mountGate({ services: ['baidu-tongji'] }, CATALOGUE_ONLY);
    const service = gate.config.services[0]!;
    expect([service.name, service.provider]).toEqual(['baidu-tongji', '']);
  });

  it('arrives with the preferences: names, provider, purpose and policy link in the list', async () => {
    const { gate, ui } = await mountGate({ services: ['baidu-tongji', 'weibo-share'] }, CATALOGUE_ONLY);
    gate.show('services');
    const dialog = await ui().findByRole('dialog', { name: '第三方SDK服务商清单' });
    await waitFor(() => expect(dialog.textContent).toContain('百度统计'));
    expect(dialog.textContent).toContain('北京微梦创科网络技术有限公司');
    expect(within(dialog).getByRole('link', { name: '微博分享' }).getAttribute('href')).toBe('https://weibo.com/signup/v5/privacy');
  });

  // Regression (axe heading-order): shown alone, the list went from the dialog's h2 straight to h4.
  it('each service is a heading one level under the list: h3 shown alone, h4 in the preferences', async () => {
    const { gate, ui } = await mountGate({ services: ['baidu-tongji'] }, CATALOGUE_ONLY);
    gate.show('services');
    const dialog = await ui().findByRole('dialog', { name: '第三方SDK服务商清单' });
    await waitFor(() => expect(within(dialog).getByRole('heading', { level: 3, name: /百度统计/ })).toBeTruthy());
    gate.show('preferences');
    const preferences = await ui().findByRole('dialog', { name: 'Cookie 设置' });
    await waitFor(() => expect(within(preferences).getByRole('heading', { level: 4, name: /百度统计/ })).toBeTruthy());
  });

  it('shows Google Analytics\' cookies as names, not as a regular expression', async () => {
    const { gate, ui } = await mountGate({ services: [{ id: 'google-analytics', measurementId: 'G-TEST' }] }, CATALOGUE_ONLY);
    gate.show('services');
    const dialog = await ui().findByRole('dialog', { name: '第三方SDK服务商清单' });
    await waitFor(() => expect(dialog.textContent).toContain('Google Analytics'));
    for (const name of ['_ga', '_ga_*', '_gid', '_gat_*', '_gcl_*']) expect(dialog.textContent).toContain(name);
    expect(dialog.textContent).not.toMatch(/[()|^$\\]/);
  });

  it('regression: the script tag\'s 清单 carried no retention or contact from the preset text (数据条例 Art. 21)', async () => {
    const { gate, ui } = await mountGate({ services: ['baidu-tongji', { id: 'google-analytics', measurementId: 'G-TEST' }] }, CATALOGUE_ONLY);
    gate.show('services');
    const dialog = await ui().findByRole('dialog', { name: '第三方SDK服务商清单' });
    await waitFor(() => expect(dialog.textContent).toContain('保存期限Cookie 最长 1 年'));
    expect(dialog.textContent).toContain('保存期限Cookie 最长 2 年');
  });

  it('keeps what the page wrote itself over the preset text', async () => {
    const { gate, ui } = await mountGate({ services: [{ id: 'cnzz', name: '站长统计', purpose: '我们的访问统计' }] }, CATALOGUE_ONLY);
    gate.show('services');
    const dialog = await ui().findByRole('dialog', { name: '第三方SDK服务商清单' });
    await waitFor(() => expect(dialog.textContent).toContain('友盟同欣（北京）科技有限公司'));
    expect(dialog.textContent).toContain('站长统计');
    expect(dialog.textContent).toContain('我们的访问统计');
    expect(dialog.textContent).not.toContain('友盟+ CNZZ 统计');
  });

  it('zh-TW visitors read the service names in Traditional characters', async () => {
    const { gate, ui } = await mountGate({ lang: 'zh-TW', services: ['baidu-tongji', 'xiaohongshu-share'] }, CATALOGUE_ONLY);
    await hostReady();
    gate.show('services');
    const dialog = await ui().findByRole('dialog', { name: '第三方SDK服務商清單' });
    await waitFor(() => expect(dialog.textContent).toContain('百度統計'));
    expect(dialog.textContent).toContain('小紅書分享');
    expect(dialog.textContent).not.toContain('百度统计');
  });

  // WCAG 3.1.2: a service of the page's own given in zh-CN only, read in an English UI, is marked Chinese where it shows.
  it('an English visitor\'s list marks a service\'s Chinese texts zh-CN, and nothing English', async () => {
    const { gate, ui } = await mountGate({ lang: 'en' });
    await hostReady();
    gate.show('services');
    const dialog = await ui().findByRole('dialog', { name: 'Third-party SDK providers' });
    await waitFor(() => expect(dialog.textContent).toContain('第二统计'));
    const marked = [...dialog.querySelectorAll('[lang="zh-CN"]')].map(element => element.textContent);
    expect(marked).toEqual(expect.arrayContaining(['第二统计', '第二统计有限公司', '访问统计', '页面', '示例统计科技有限公司']));
    expect(marked).not.toContain('Example Stats');
    expect(marked.every(text => /^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+$/.test(text!))).toBe(true);
  });

  // Regression (WCAG 3.1.2): the English preferences and request dialogs left a page's Chinese-only texts unmarked — a
  // category's label and description, a service's name as its policy link and as a recipient's heading, the question
  // a request dialog asks (also its description), read in the English voice.
  it('an English visitor\'s preferences and request dialogs leave no Chinese text unmarked', async () => {
    const { gate, ui } = await mountGate({
      lang: 'en',
      categories: { vip: { label: '会员推荐', description: '根据会员等级推荐素材' } },
      services: [
        { id: 'heatmap', category: 'analytics', name: '点击热力图', provider: '示例科技有限公司', policyUrl: 'https://heatmap.example/privacy' },
        { id: 'vip-recs', category: 'vip', name: '会员推荐引擎', policyUrl: 'https://vip.example/privacy' },
      ],
    });
    await hostReady();
    const unmarked = (dialog: HTMLElement) => {
      const walker = document.createTreeWalker(dialog, NodeFilter.SHOW_TEXT);
      const found: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode())
        if (/[\u3400-\u9fff]/.test(node.nodeValue!) && !node.parentElement!.closest('[lang="zh-CN"]')) found.push(node.nodeValue!);
      return found;
    };
    gate.show('preferences');
    const preferences = await ui().findByRole('dialog', { name: 'Cookie settings' });
    await waitFor(() => expect(preferences.textContent).toContain('会员推荐引擎'));
    expect(within(preferences).getByRole('heading', { level: 3, name: '会员推荐' }).querySelector('[lang="zh-CN"]')?.textContent).toBe('会员推荐');
    expect(within(preferences).getAllByRole('link', { name: '点击热力图' })[0]!.querySelector('[lang="zh-CN"]')).not.toBeNull();
    expect(unmarked(preferences)).toEqual([]);
    for (const [category, service] of [['analytics', 'heatmap'], ['vip', undefined]] as const) {
      gate.request(category, service);
      const dialog = await ui().findByRole('dialog', { name: 'Your consent is needed' });
      await waitFor(() => expect(dialog.textContent).toMatch(/点击热力图|会员推荐/));
      expect(unmarked(dialog)).toEqual([]);
      gate.hide();
      await waitFor(() => expect(ui().queryByRole('dialog', { name: 'Your consent is needed' })).toBeNull());
    }
  });

  it('a banner naming new services waits for their names', async () => {
    const first = await mountGate({ services: ['cnzz'] }, CATALOGUE_ONLY);
    first.gate.acceptAll();
    first.gate.destroy();
    document.getElementById('consent-gate')?.remove();
    const { gate, ui } = await mountGate({ services: ['cnzz', 'baidu-tongji'] }, { ...CATALOGUE_ONLY, storage: first.storage });
    expect(gate.get().prompt).toBe('new-service');
    const banner = await ui().findByRole('dialog', { name: '我们如何使用 Cookie' });
    expect(banner.textContent).toContain('新增第三方服务：百度统计。');
  });
});

describe('when the 清单 text does not load', () => {
  const hosts: Array<() => void> = [];
  afterEach(() => hosts.splice(0).forEach(f => f()));

  /** A returning visitor whose granted category gained a service: the banner names it. */
  function newServiceVisit(load: Loader) {
    const storage = memoryStorage();
    const create = (services: string[]) =>
      createConsent(normalizeConfig({ services, reloadOnRevoke: false, lang: 'zh-CN' }, CATALOGUE), { storage, tabSync: false, warn: () => {} });
    const before = create(['cnzz']);
    before.acceptAll();
    before.destroy();
    const gate = create(['cnzz', 'baidu-tongji']);
    const errors: ErrorDetail[] = [];
    gate.on('error', detail => errors.push(detail));
    const ui = mountUI(gate, load);
    hosts.push(() => (ui.unmount(), gate.destroy()));
    return { gate, errors, root: async () => within((await hostReady()) as unknown as HTMLElement) };
  }

  it('the banner names new services by id, and an error event says why', async () => {
    const { errors, root } = newServiceVisit(path => (path === 'presets/disclosures' ? Promise.reject(new Error('offline')) : loadAll(path)));
    const banner = await (await root()).findByRole('dialog', { name: '我们如何使用 Cookie' });
    expect(banner.textContent).toContain('新增第三方服务：baidu-tongji。');
    expect(errors.map(e => [e.kind, e.message])).toEqual([['ui', 'consent UI: Error: offline']]);
  });

  it('a stalled 清单 file holds the banner three seconds at most, and the views open meanwhile', async () => {
    const { gate, root } = newServiceVisit(path => (path === 'presets/disclosures' ? new Promise(() => {}) : loadAll(path)));
    const started = Date.now();
    const ui = await root();
    gate.show('minor');
    expect(await ui.findByRole('dialog', { name: '未成年人个人信息保护' })).toBeTruthy();
    expect(ui.queryByRole('dialog', { name: '我们如何使用 Cookie' })).toBeNull();
    gate.close();
    const banner = await ui.findByRole('dialog', { name: '我们如何使用 Cookie' }, { timeout: 4500 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(banner.textContent).toContain('新增第三方服务：baidu-tongji。');
  }, 8000);

  it('a view never asks for consent without naming the recipient; it closes and loads again next time', async () => {
    let fail = true;
    const { gate, errors, root } = newServiceVisit(path =>
      path === 'presets/disclosures' && fail ? Promise.reject(new Error('offline')) : loadAll(path),
    );
    const ui = await root();
    await ui.findByRole('dialog', { name: '我们如何使用 Cookie' });
    await expect(gate.request('analytics', 'baidu-tongji')).resolves.toBe(false);
    expect(ui.queryByRole('dialog', { name: '需要您的同意' })).toBeNull();
    expect(errors.map(e => e.kind)).toEqual(['ui', 'ui']);
    fail = false;
    gate.show('services');
    const list = await ui.findByRole('dialog', { name: '第三方SDK服务商清单' });
    await waitFor(() => expect(list.textContent).toContain('百度统计'));
  });
});

// Regression: the 清单 text was read through the prototype chain: a page's `Object.prototype.contact` or `.retention`
// (an old query parser) was shown as the contact and the retention of every vendor that has none (PIPL Art. 23: what
// the visitor is told of a recipient must be the recipient's).
describe('regression: a polluted Object.prototype adds nothing to a vendor\'s 清单 text', () => {
  afterEach(() => ['contact', 'retention'].forEach(name => delete (Object.prototype as Record<string, unknown>)[name]));

  it('a preset without a contact or retention shows none', async () => {
    const { withDisclosures } = await import('../../src/ui/views/mount-views.js');
    const { disclosures } = await import('../../src/presets/disclosures.js');
    const config = normalizeConfig({ services: ['cnzz'] }, CATALOGUE);
    Object.assign(Object.prototype, { contact: 'tel: 1', retention: 'forever' });
    const [cnzz] = withDisclosures(config.services, disclosures);
    expect([cnzz!.provider, cnzz!.contact, cnzz!.retention]).toEqual(['友盟同欣（北京）科技有限公司', undefined, undefined]);
  });
});
