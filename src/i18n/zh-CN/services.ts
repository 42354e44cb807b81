/**
 * zh-CN labels of the categories (SPEC §3) and of the 第三方SDK服务商清单 (policy 附件二), shared by the preferences
 * and contextual-consent views. The core leaves `label` / `description` empty unless a site configures them.
 */
export const text = {
  'c.necessary': '必要',
  'c.analytics': '统计分析',
  'c.personalization': '个性化推荐与广告',
  'c.pixel': '广告监测（信标与像素）',
  'c.share': '社交分享',
  'd.necessary': '保障登录、安全防护、支付，并保存您的选择。',
  'd.analytics': '统计访问量和页面使用情况，帮助我们改进网站。',
  'd.personalization': '根据您的浏览、搜索和收藏记录及设备、订单信息形成兴趣标签（用户画像），推荐内容与广告。',
  'd.pixel': '通过信标和像素标签统计广告带来的访问与转化效果。',
  'd.share': '将内容分享到 QQ、QQ空间、微信、微博、小红书。',
  third: '第三方',
  provider: '提供方',
  purpose: '用途',
  data: '收集的信息',
  cookies: 'Cookie',
  vendorPolicy: '隐私政策',
  contact: '联系方式',
  retention: '保存期限',
  place: '处理地点',
  inChina: '中华人民共和国境内',
  abroad: '境外',
  abroadIn: '境外：{c}',
  ownCookie: '本站用于记录您选择的 Cookie：{name}，同意后保存 {accept} 天，拒绝后保存 {reject} 天。',
};
