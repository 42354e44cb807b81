/** zh-CN copy of the minors view, from the policy's 致未成年人 / 致监护人 sections; loaded with the view. */
export const text = {
  minorTitle: '未成年人个人信息保护',
  toMinor: '致未成年人',
  minorText: '如您未满18周岁，请在监护人陪同下阅读《我图网隐私政策》，并征得监护人同意后再使用我们的服务或提供个人信息。',
  childText: '如您未满14周岁，请先告诉监护人，由监护人阅读《儿童个人信息保护规则》并决定是否同意。',
  toGuardian: '致监护人',
  guardianText: '请指导、监督未成年人上网，妥善保管支付设备和密码。对已确认未成年或开启青少年模式的用户，我们不进行个性化推荐、个性化广告或广告监测。',
  youthLink: '青少年模式',
  children: '《我图网儿童个人信息保护规则》',
  askAge: '请选择您的年龄',
  ageLocked: '您的年龄依据账号信息确定，在此无法修改',
};
