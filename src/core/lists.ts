/*
 * The closed lists of the contract, each defined once: the types in `types.ts` are derived from them, and the checks
 * of the config, the record codec and the controller read them (SPEC §3, §5.3, §7.2, §8).
 */

/**
 * Age groups of SPEC §5.3 (contract): `child` is under 14, `minor` 14–17, `adult` 18 and over. Loosest rules first:
 * decision.ts reads the order.
 */
export const AGE_GROUPS = ['unknown', 'adult', 'minor', 'child'] as const;

/** Who set an age group (`setAge(group, { source })`): the site's account, a guardian, or the visitor. */
export const AGE_SOURCES = ['account', 'guardian', 'visitor'] as const;

/** Views `show(view)` opens (SPEC §7.2); `guardian` and `request` are reached from the flows. */
export const VIEWS = ['banner', 'preferences', 'minor', 'services', 'guardian', 'request'] as const;

/** What `on(event, fn)` listens to (SPEC §7.2); `ConsentEvents` in `types.ts` gives each its detail. */
export const EVENTS = ['ready', 'change', 'granted', 'revoked', 'show', 'hide', 'age', 'child', 'held', 'interests', 'error'] as const;

/**
 * How a decision was made; stored in the record and sent in receipts (SPEC §4). `api`: the page's code, through the
 * public controller; the others: the visitor in the SDK's own banner, preferences, contextual dialog and guardian view.
 */
export const ACTIONS = ['accept-all', 'reject-all', 'save', 'contextual', 'api', 'guardian'] as const;

/**
 * What a visitor is told of a transfer abroad before its separate consent, every one required: PIPL Art. 39's items,
 * and the safeguards and risks the privacy policy promises with any transfer (its 存储地点: 安全保障措施、安全风险).
 */
export const CROSS_BORDER_ITEMS = ['country', 'recipient', 'contact', 'purpose', 'method', 'data', 'rights', 'safeguards', 'risks'] as const;

/**
 * The ids the consent cookie's format 3 writes as one capital letter, `A` first (record.ts): the optional default
 * categories (SPEC §3) and the presets of the catalogue (SPEC §6.5), which nearly every record names. Part of the
 * format: never reordered or extended, since a reader that does not know a letter refuses the whole record (a new
 * entry is a new format version).
 */
export const SHORT_IDS: readonly string[] = [
  'analytics', 'personalization', 'pixel', 'share',
  'baidu-tongji', 'cnzz', 'google-analytics', 'baidu-ocpc', 'ocean-engine', 'tencent-ads',
  'wechat-jssdk', 'qq-share', 'weibo-share', 'xiaohongshu-share',
  'carrier-login', 'wechat-login', 'qq-login', 'alipay', 'wechat-pay',
];

/**
 * What a press on a share link is made of, before its click: a page's own handler of one (Zepto's `tap`, made of
 * `touchend`; a `pointerup` or `mousedown` opening the share window) must not reach the vendor without its grant.
 */
export const PRESSES = ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'touchstart', 'touchend'];

/** Languages the built-in copy ships in. */
export const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;

/** Ids of categories and services: safe in the compact cookie encoding and never `__proto__`-like. */
export const ID_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/** Policy versions: dates (`2024-04-23`) or numbers (`3.1`), ordered by `comparePolicy` (SPEC §5.1). */
export const POLICY_PATTERN = /^[\w.-]{1,32}$/;

/** A cookie name: an RFC 6265 token (no separators, no controls). */
export const COOKIE_NAME_PATTERN = /^[\w!#$%&'*+.^`|~-]{1,64}$/;

/** A cookie domain: a domain of two labels at least, with or without its leading dot. */
export const COOKIE_DOMAIN_PATTERN = /^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/**
 * The most consent ids a `merge` receipt names (`merged`), as the consent log takes them (SPEC §7.4, §7.6): the copies
 * of the cookie beyond these (seventeen domain levels and paths at once) are merged all the same, only not named.
 */
export const MERGED_IDS = 16;
