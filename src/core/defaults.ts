import type { CategoryConfig } from './types.js';

/**
 * The ooopic profile: what Consent Gate does when a page passes no config. Facts come from the privacy policy of
 * 2024-04-23 (`shared/policy/`); labels and descriptions of the categories live in the i18n catalogues so a
 * visitor downloads one language only.
 */
export const OOOPIC_POLICY = {
  version: '2024-04-23',
  updated: '2024-04-23',
  effective: '2024-04-23',
  // The policy page path is the one the policy mirror was read from. 《我图网儿童个人信息保护规则》 is that page's 附件一
  // (as the 第三方SDK服务商清单 is its 附件二): the link goes there, not to a page of its own no copy of the policy names.
  url: 'https://www.ooopic.com/intro/about/privacyPolicy',
  childrenUrl: 'https://www.ooopic.com/intro/about/privacyPolicy',
};

export const OOOPIC_OPERATOR = {
  name: '上海我图网络科技有限公司',
  // 投诉电话 and 电子邮箱 from the policy (sections 三 and 八).
  contact: '021-38760448 · tousu@ooopic.com',
};

/** The default categories of SPEC §3, in display order. */
export const DEFAULT_CATEGORIES: Record<string, CategoryConfig> = {
  necessary: { tracking: false },
  // The minors table of SPEC §5.3: analytics stays the choice of a minor (with a guardian, of a child).
  analytics: { tracking: true, minors: true },
  // 未成年人网络保护条例 Art. 24: no automated-decision marketing to minors, so these two are forced off for them.
  personalization: { tracking: true, minors: false },
  pixel: { tracking: true, minors: false },
  share: { tracking: false },
};

export const COOKIE_DEFAULTS = { name: 'cg_consent', acceptDays: 365, rejectDays: 180 };
