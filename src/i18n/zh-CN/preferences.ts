/** zh-CN copy of the preferences view and the 第三方SDK服务商清单; loaded with the view. */
export const text = {
  prefsIntro: '请选择允许使用的类别。未开启的类别及其第三方服务不会加载。',
  always: '始终开启',
  'f.minor': '未成年人不可开启',
  'f.child': '需经监护人同意',
  'f.dnt': '浏览器已开启“请勿追踪”',
  list: '第三方SDK服务商清单',
  fullList: '查看完整清单',
  none: '目前没有使用第三方服务。',
  vendorNote: '第三方在其自有域名下设置的 Cookie，只能在浏览器设置中清除。',
  memory: '浏览器无法保存 Cookie，您的选择仅对当前页面有效。',
  age: '年龄：{a}',
  guardianOk: '（监护人已同意）',
  youth: '青少年模式已开启。',
  fromAccount: '（依据您的账号信息）',
  changeAge: '修改',
  save: '保存设置',
};
