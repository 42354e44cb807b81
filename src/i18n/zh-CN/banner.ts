/**
 * zh-CN copy of the banner and the floating button. It ships inside the script-tag bundle, so a Simplified-Chinese
 * visitor downloads no language file (SPEC §10). Written from the privacy policy of 2024-04-23: 首次使用以弹窗提醒,
 * Cookie 用途, Do Not Track (二(三)), 致未成年人.
 */
export const text = {
  title: '我们如何使用 Cookie',
  intro: '必要的 Cookie 用于登录、安全和支付；统计分析、个性化推荐与广告、广告监测和社交分享，须经您同意才会启用，您可随时更改或撤回。',
  policy: '《我图网隐私政策》',
  updated: '我图网隐私政策已更新',
  dates: '更新日期：{u}；生效日期：{e}。',
  date: '{y}年{m}月{d}日',
  changes: '请阅读更新后的政策，并重新选择是否同意。',
  added: '新增第三方服务：{s}。请重新确认是否同意。',
  /** Between the names of a list (`added`'s services). */
  sep: '、',
  dnt: '已检测到浏览器开启了{signal}，我们不会加载统计与广告追踪，“全部接受”也不会启用。',
  dntOnly: '“请勿追踪”（DNT）',
  gpcOnly: '“全球隐私控制”（GPC）',
  both: '“请勿追踪”（DNT）和“全球隐私控制”（GPC）',
  operator: '个人信息处理者：{name}（{contact}）。您可联系我们查阅、更正、删除个人信息，或随时撤回同意。',
  minors: '未满18周岁的未成年人，请在监护人陪同下阅读。',
  minor: '未成年人保护说明',
  guardian: '未满14周岁的儿童须由监护人同意后才能启用可选功能。',
  guardianOpen: '请监护人确认',
  accept: '全部接受',
  reject: '全部拒绝',
  settings: '设置',
  open: 'Cookie 设置',
  saved: '已保存您的选择。',
  ageSaved: '已记录您的年龄：{a}。',
  reloaded: '已保存您的选择。页面已重新载入，以停止您撤回同意的服务。',
  unsaved: '浏览器无法保存 Cookie，您的选择仅对当前页面有效。',
  loading: '正在打开…',
  unavailable: '暂时无法打开，请刷新页面后重试。',
  notSaved: '暂时无法保存您的选择，请刷新页面后重试。',
  close: '关闭',
};
