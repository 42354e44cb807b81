import type { Disclosure } from '../core/types.js';

/**
 * What the 第三方SDK服务商清单 says of each preset's vendor, one export each (so an app importing one preset gets
 * one text) and all of them by preset id: the UI loads this file with the
 * first view that shows it (SPEC §10), so it stays apart from the presets' code (`catalogue.ts`) that every
 * visitor downloads. Sources as in each preset's file; `[unverified]` marks what could not be confirmed.
 */
export const baiduTongjiText: Disclosure = {
  name: { 'zh-CN': '百度统计', 'zh-TW': '百度統計', en: 'Baidu Tongji' },
  provider: '北京百度网讯科技有限公司', // [unverified]
  purpose: { 'zh-CN': '网站访问统计', 'zh-TW': '網站流量統計', en: 'Site analytics' },
  data: { 'zh-CN': '页面、来源、设备与浏览器、访问时间、事件', 'zh-TW': '頁面、來源網址、裝置與瀏覽器、造訪時間、事件', en: 'Pages, referrer, device, browser, visit times, events' },
  policyUrl: 'https://tongji.baidu.com/web/help/article?id=330&type=0',
  // Hm_lvt_<id> lives a year, Hm_lpvt_<id> the session (research/china-context.md §2.1).
  retention: { 'zh-CN': 'Cookie 最长 1 年', 'zh-TW': 'Cookie 最長 1 年', en: 'Cookies up to 1 year' },
};

export const cnzzText: Disclosure = {
  name: { 'zh-CN': '友盟+ CNZZ 统计', 'zh-TW': '友盟+ CNZZ 統計', en: 'Umeng+ CNZZ' },
  provider: '友盟同欣（北京）科技有限公司',
  purpose: { 'zh-CN': '网站访问统计', 'zh-TW': '網站流量統計', en: 'Site analytics' },
  data: { 'zh-CN': '页面、来源、设备与浏览器、IP、搜索词、事件', 'zh-TW': '頁面、來源網址、裝置與瀏覽器、IP、搜尋字詞、事件', en: 'Pages, referrer, device, browser, IP, search terms, events' },
  policyUrl: 'https://www.umeng.com/page/policy',
};

export const googleAnalyticsText: Disclosure = {
  name: 'Google Analytics',
  provider: 'Google LLC', // [unverified]
  purpose: { 'zh-CN': '网站访问统计', 'zh-TW': '網站流量統計', en: 'Site analytics' },
  data: { 'zh-CN': '页面、来源、设备与浏览器、IP（用于判断地区）、事件', 'zh-TW': '頁面、來源網址、裝置與瀏覽器、IP（用於判斷地區）、事件', en: 'Pages, referrer, device, browser, IP (for region), events' },
  policyUrl: 'https://policies.google.com/privacy', // [unverified]
  // _ga and _ga_<id> live two years (research/china-context.md §2.1).
  retention: { 'zh-CN': 'Cookie 最长 2 年', 'zh-TW': 'Cookie 最長 2 年', en: 'Cookies up to 2 years' },
  // The transfer abroad (PIPL Art. 39): where Google processes the data and its privacy contact are as its policy
  // states them [unverified for mainland visitors].
  crossBorder: {
    country: { 'zh-CN': '美国', 'zh-TW': '美國', en: 'United States' },
    recipient: 'Google LLC',
    contact: 'https://policies.google.com/privacy', // [unverified]: the policy's contact section, no postal address here
    purpose: { 'zh-CN': '网站访问统计与分析', 'zh-TW': '網站流量統計與分析', en: 'Site analytics' },
    method: {
      'zh-CN': '浏览器通过 gtag.js 将数据直接发送至 Google 位于境外的服务器，由 Google 处理和存储',
      'zh-TW': '瀏覽器透過 gtag.js 將資料直接傳送至 Google 位於境外的伺服器，由 Google 處理和儲存',
      en: "Your browser sends the data through gtag.js straight to Google's servers abroad, where Google processes and stores it",
    },
    data: {
      'zh-CN': '访问的页面、来源、设备与浏览器信息、IP 地址（用于推断地区）、访问事件、Cookie 标识符',
      'zh-TW': '造訪的頁面、來源網址、裝置與瀏覽器資訊、IP 位址（用於判斷地區）、造訪事件、Cookie 識別碼',
      en: 'Pages visited, referrer, device and browser, IP address (for region), events, cookie identifiers',
    },
    rights: {
      'zh-CN': '您可按 Google 隐私权政策所述方式，或通过本站的联系方式，查阅、更正、删除个人信息或撤回同意',
      'zh-TW': '您可依 Google 隱私權政策所述方式，或透過本站的聯絡方式，查閱、更正、刪除個人資料或撤回同意',
      en: "Use the ways Google's privacy policy describes, or contact us, to access, correct or delete your information or withdraw consent",
    },
    // What the privacy policy promises to tell with any transfer abroad (安全保障措施、安全风险).
    safeguards: {
      'zh-CN': '数据经 HTTPS 加密传输；Google 按其隐私权政策采取安全措施保护所接收的数据',
      'zh-TW': '資料經 HTTPS 加密傳輸；Google 依其隱私權政策採取安全措施保護所接收的資料',
      en: "The data travels encrypted over HTTPS; Google protects what it receives with the security measures its privacy policy describes",
    },
    risks: {
      'zh-CN': '数据将在中华人民共和国境外存储和处理，适用当地法律，其个人信息保护水平可能与境内不同，当地机关可能依法调取',
      'zh-TW': '資料將在中華人民共和國境外儲存和處理，適用當地法律，其個人資料保護水準可能與境內不同，當地機關可能依法調取',
      en: "The data is stored and processed outside the People's Republic of China under local law, whose protection of personal information may differ, and local authorities may lawfully obtain it",
    },
  },
};

export const baiduOcpcText: Disclosure = {
  name: { 'zh-CN': '百度营销转化追踪', 'zh-TW': '百度營銷轉換追蹤', en: 'Baidu oCPC conversions' },
  provider: '北京百度网讯科技有限公司', // [unverified]
  purpose: { 'zh-CN': '广告转化效果监测', 'zh-TW': '廣告轉換成效評估', en: 'Ad conversion measurement' },
  data: { 'zh-CN': '落地页、点击 ID、转化事件、设备与浏览器', 'zh-TW': '到達網頁、點擊 ID、轉換事件、裝置與瀏覽器', en: 'Landing page, click ID, conversions, device, browser' },
  // policyUrl: [unverified], none found.
};

export const oceanEngineText: Disclosure = {
  name: { 'zh-CN': '巨量引擎转化追踪', 'zh-TW': '巨量引擎轉換追蹤', en: 'Ocean Engine conversions' },
  provider: '北京巨量引擎网络技术有限公司',
  purpose: { 'zh-CN': '广告转化效果监测', 'zh-TW': '廣告轉換成效評估', en: 'Ad conversion measurement' },
  data: { 'zh-CN': '页面、点击 ID、转化事件、设备与浏览器', 'zh-TW': '頁面、點擊 ID、轉換事件、裝置與瀏覽器', en: 'Pages, click ID, conversions, device, browser' },
  // policyUrl: [unverified]; partner.oceanengine.com/privacy is 穿山甲's, not the web pixel's.
};

export const tencentAdsText: Disclosure = {
  name: { 'zh-CN': '腾讯广告转化追踪', 'zh-TW': '騰訊廣告轉換追蹤', en: 'Tencent Ads conversions' },
  provider: '深圳市腾讯计算机系统有限公司', // [unverified] for this product
  purpose: { 'zh-CN': '广告转化效果监测', 'zh-TW': '廣告轉換成效評估', en: 'Ad conversion measurement' },
  data: { 'zh-CN': '页面、点击 ID、转化事件', 'zh-TW': '頁面、點擊 ID、轉換事件', en: 'Pages, click ID, conversions' },
  // policyUrl: [unverified], none found.
};

export const wechatJssdkText: Disclosure = {
  name: { 'zh-CN': '微信 JS-SDK', 'zh-TW': '微信 JS-SDK', en: 'WeChat JS-SDK' },
  provider: '深圳市腾讯计算机系统有限公司',
  purpose: { 'zh-CN': '分享到微信', 'zh-TW': '分享到微信', en: 'Sharing to WeChat' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
  policyUrl: 'https://weixin.qq.com/cgi-bin/readtemplate?lang=zh_CN&t=weixin_agreement&s=privacy',
};

export const qqShareText: Disclosure = {
  name: { 'zh-CN': 'QQ / QQ空间分享', 'zh-TW': 'QQ / QQ空間分享', en: 'QQ / Qzone share' },
  provider: '深圳市腾讯计算机系统有限公司',
  purpose: { 'zh-CN': '分享到 QQ 与 QQ空间', 'zh-TW': '分享到 QQ 與 QQ空間', en: 'Sharing to QQ and Qzone' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
  policyUrl: 'https://wiki.connect.qq.com/QQ互联SDK隐私保护声明', // [unverified] for the web
};

export const weiboShareText: Disclosure = {
  name: { 'zh-CN': '微博分享', 'zh-TW': '微博分享', en: 'Weibo share' },
  provider: '北京微梦创科网络技术有限公司',
  purpose: { 'zh-CN': '分享到微博', 'zh-TW': '分享到微博', en: 'Sharing to Weibo' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
  policyUrl: 'https://weibo.com/signup/v5/privacy',
};

export const xiaohongshuShareText: Disclosure = {
  name: { 'zh-CN': '小红书分享', 'zh-TW': '小紅書分享', en: 'Xiaohongshu share' },
  provider: '行吟信息科技（上海）有限公司',
  purpose: { 'zh-CN': '分享到小红书', 'zh-TW': '分享到小紅書', en: 'Sharing to Xiaohongshu' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
};

// Services the policy names that need no consent: signing in and paying, which the visitor starts (PIPL Art. 13(2)).
// Listed in the 清单 as the policy's annex lists them; each loads only where the page uses it.

export const carrierLoginText: Disclosure = {
  name: { 'zh-CN': '运营商一键登录', 'zh-TW': '電信業者一鍵登入', en: 'Carrier one-tap sign-in' },
  provider: { 'zh-CN': '中国移动、中国联通、中国电信（经号码认证服务商）', 'zh-TW': '中國移動、中國聯通、中國電信（經號碼認證服務商）', en: 'China Mobile, China Unicom, China Telecom (through a number-verification vendor)' },
  purpose: { 'zh-CN': '验证本机号码，完成一键登录', 'zh-TW': '驗證本機號碼，完成一鍵登入', en: 'Verifying your phone number to sign you in' },
  data: { 'zh-CN': '手机号码（由运营商网关提供）、IP 地址、网络类型、设备信息', 'zh-TW': '手機號碼（由電信業者閘道提供）、IP 位址、網路類型、裝置資訊', en: 'Phone number (from the carrier gateway), IP address, network type, device information' },
  // The three carriers' terms; the vendor's own depends on the site's contract [unverified].
  policyUrl: 'https://wap.cmpassport.com/resources/html/contract.html',
  retention: { 'zh-CN': '在您使用本服务期间；注销账号后删除或匿名化', 'zh-TW': '在您使用本服務期間；註銷帳號後刪除或匿名化', en: 'While you use the service; deleted or anonymised when you close your account' },
};

export const wechatLoginText: Disclosure = {
  name: { 'zh-CN': '微信登录', 'zh-TW': '微信登入', en: 'Sign in with WeChat' },
  provider: '深圳市腾讯计算机系统有限公司',
  purpose: { 'zh-CN': '使用微信账号登录并绑定', 'zh-TW': '使用微信帳號登入並綁定', en: 'Signing in with and linking your WeChat account' },
  data: { 'zh-CN': '授权码、OpenID/UnionID、昵称、头像', 'zh-TW': '授權碼、OpenID/UnionID、暱稱、頭像', en: 'Authorisation code, OpenID/UnionID, nickname, avatar' },
  policyUrl: 'https://weixin.qq.com/cgi-bin/readtemplate?lang=zh_CN&t=weixin_agreement&s=privacy',
};

export const qqLoginText: Disclosure = {
  name: { 'zh-CN': 'QQ 登录', 'zh-TW': 'QQ 登入', en: 'Sign in with QQ' },
  provider: '深圳市腾讯计算机系统有限公司',
  purpose: { 'zh-CN': '使用 QQ 账号登录并绑定', 'zh-TW': '使用 QQ 帳號登入並綁定', en: 'Signing in with and linking your QQ account' },
  data: { 'zh-CN': '授权码、OpenID、昵称、头像', 'zh-TW': '授權碼、OpenID、暱稱、頭像', en: 'Authorisation code, OpenID, nickname, avatar' },
  policyUrl: 'https://wiki.connect.qq.com/QQ互联SDK隐私保护声明', // [unverified] for the web
};

export const alipayText: Disclosure = {
  name: { 'zh-CN': '支付宝支付', 'zh-TW': '支付寶支付', en: 'Alipay' },
  provider: '支付宝（中国）网络技术有限公司',
  purpose: { 'zh-CN': '完成您发起的支付', 'zh-TW': '完成您發起的付款', en: 'Completing the payment you start' },
  data: { 'zh-CN': '订单信息、支付宝 user ID、支付状态', 'zh-TW': '訂單資訊、支付寶 user ID、付款狀態', en: 'Order details, Alipay user ID, payment status' },
  policyUrl: 'https://opendocs.alipay.com/open/54', // [unverified] for web payments
};

export const wechatPayText: Disclosure = {
  name: { 'zh-CN': '微信支付', 'zh-TW': '微信支付', en: 'WeChat Pay' },
  provider: '财付通支付科技有限公司',
  purpose: { 'zh-CN': '完成您发起的支付', 'zh-TW': '完成您發起的付款', en: 'Completing the payment you start' },
  data: { 'zh-CN': '订单信息、微信 OpenID、支付状态', 'zh-TW': '訂單資訊、微信 OpenID、付款狀態', en: 'Order details, WeChat OpenID, payment status' },
  // policyUrl: [unverified], none found.
};

/** Every preset's text by preset id: what the UI loads (a file of its own, with the first view). */
export const disclosures: Record<string, Disclosure> = {
  'baidu-tongji': baiduTongjiText,
  cnzz: cnzzText,
  'google-analytics': googleAnalyticsText,
  'baidu-ocpc': baiduOcpcText,
  'ocean-engine': oceanEngineText,
  'tencent-ads': tencentAdsText,
  'wechat-jssdk': wechatJssdkText,
  'qq-share': qqShareText,
  'weibo-share': weiboShareText,
  'xiaohongshu-share': xiaohongshuShareText,
  'carrier-login': carrierLoginText,
  'wechat-login': wechatLoginText,
  'qq-login': qqLoginText,
  alipay: alipayText,
  'wechat-pay': wechatPayText,
};
