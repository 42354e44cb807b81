import type { Page } from '@playwright/test';
import { axe } from './axe.js';
import { expect, test, withDoNotTrack } from './ui-fixtures.js';

// SPEC §8: WCAG 2.2 AA in every view, in each language (zh-TW in one scheme: its views share the others' styles), axe-core
// finds no violation inside the UI's shadow root.

type Gate = { show(view: string): void; setAge(group: string): void; request(category: string, service?: string): Promise<boolean> };
const gate = (page: Page, act: (gate: Gate) => void) =>
  page.evaluate(`(${act.toString()})(window.ConsentGate)`);

// In the order one page can open them: the views that change the person (a minor's forced-off preferences, a child's
// guardian view) come last.
const VIEWS: Array<[string, (page: Page) => Promise<unknown>, { 'zh-CN': string; 'zh-TW': string; en: string }]> = [
  ['banner', async () => {}, { 'zh-CN': '我们如何使用 Cookie', 'zh-TW': '我們如何使用 Cookie', en: 'How we use cookies' }],
  ['preferences', page => gate(page, g => g.show('preferences')), { 'zh-CN': 'Cookie 设置', 'zh-TW': 'Cookie 設定', en: 'Cookie settings' }],
  ['services', page => gate(page, g => g.show('services')), { 'zh-CN': '第三方SDK服务商清单', 'zh-TW': '第三方SDK服務商清單', en: 'Third-party SDK providers' }],
  ['minor', page => gate(page, g => g.show('minor')), { 'zh-CN': '未成年人个人信息保护', 'zh-TW': '未成年人個人資料保護', en: 'Protecting minors’ personal information' }],
  ['request', page => gate(page, g => void g.request('share', 'weibo-share')), { 'zh-CN': '需要您的同意', 'zh-TW': '需要您的同意', en: 'Your consent is needed' }],
  ['forced-off preferences', page => gate(page, g => (g.setAge('minor'), g.show('preferences'))), { 'zh-CN': 'Cookie 设置', 'zh-TW': 'Cookie 設定', en: 'Cookie settings' }],
  ['guardian', page => gate(page, g => (g.setAge('child'), g.show('guardian'))), { 'zh-CN': '致监护人：儿童个人信息保护告知', 'zh-TW': '致監護人：兒童個人資料保護告知', en: 'For parents and guardians: your child’s personal information' }],
];

// One page per language and scheme walks through every view (a page of its own for each view cost the suite a
// minute of loading the same page again); each view is checked as it opens, and a failure names it.
for (const [lang, path, schemes] of [['zh-CN', '/ui/plain.html', ['light', 'dark']], ['en', '/ui/en.html', ['light', 'dark']], ['zh-TW', '/ui/zh-TW.html', ['light']]] as const) {
  for (const scheme of schemes) {
    test(`axe: every view in ${lang}, ${scheme}, has no WCAG 2.2 AA violation`, async ({ page, ui }) => {
      test.setTimeout(60_000);
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await withDoNotTrack(page);
      await page.goto(path);
      await expect(ui.getByRole('dialog')).toBeVisible();
      for (const [view, open, name] of VIEWS) {
        await open(page);
        await expect(ui.getByRole('dialog', { name: name[lang] }), view).toBeVisible();
        const results = await axe(page, '#consent-gate');
        // Soft: a violation in one view still lets the views after it be checked in the same run.
        expect.soft(results.violations.map(v => `${view}: ${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)).toEqual([]);
        expect.soft(results.passes.length, view).toBeGreaterThan(5);
      }
    });
  }
}
