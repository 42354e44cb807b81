/**
 * zh-CN copy of the guardian view: what PIPL Art. 17 and 儿童个人信息网络保护规定 Art. 10 require a guardian to be told
 * before consenting, stated as the policy and its 《儿童个人信息保护规则》 state it (存储于中华人民共和国境内, 15个工作日).
 */
export const text = {
  gTitle: '致监护人：儿童个人信息保护告知',
  gHand: '如果你是孩子本人，请把这个页面交给爸爸妈妈或其他监护人。',
  gIntro: '您的孩子未满14周岁。在您明确同意前，我们只使用网站运行所必需的 Cookie（登录状态、安全、支付），不启用任何可选的第三方服务。',
  gPurposeT: '处理目的、方式和范围',
  gPurpose: '经您同意，我们仅按您在设置中的选择，通过 Cookie 和第三方SDK提供统计分析、社交分享等功能；不对儿童进行个性化推荐、个性化广告或广告监测。',
  gStorageT: '存储地点和期限',
  gStorage: '我们将儿童个人信息存储于中华人民共和国境内，只保留实现目的所必需的最短期限，期满后删除或匿名化处理；您的选择保存在本网站的 Cookie 中：同意保存{days}天，拒绝保存{refuseDays}天。第三方服务商按其隐私政策处理，详见下方列出的第三方服务。',
  gSecurityT: '安全措施',
  gSecurity: '我们采用符合行业标准的安全技术和管理措施，并严格限制工作人员的访问权限。',
  gRefuseT: '拒绝的后果',
  gRefuse: '您拒绝后，我们只使用必要的 Cookie，并清除本站可选服务的 Cookie；孩子仍可浏览网站，但无法使用分享等需经同意的功能。',
  gContactT: '投诉渠道',
  gContact: '{operator}，{contact}。我们将在15个工作日内处理。',
  gRightsT: '更正与删除',
  gRights: '您可随时在“Cookie 设置”中更改或撤回同意，也可通过上述方式要求查阅、更正或删除孩子的个人信息。',
  gYouth: '我们建议您为孩子开启青少年模式：不进行个性化推荐、个性化广告或广告监测。',
  gYouthLink: '开启青少年模式',
  gConfirm: '我是该未成年人的监护人',
  gNeed: '请先勾选“我是该未成年人的监护人”。',
  children: '《我图网儿童个人信息保护规则》',
  gList: '《我图网第三方SDK服务商清单》',
  gShared: '可能接收儿童个人信息的第三方服务（{n}项）',
  gBy: '（{provider}）',
  gFor: '：{purpose}',
  gData: '；收集{data}',
  gCollects: '：收集{data}',
  agree: '同意',
  refuse: '拒绝',
};
