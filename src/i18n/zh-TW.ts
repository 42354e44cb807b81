import type { BannerCatalogue } from './catalogue.js';

/**
 * Traditional-Chinese copy of the banner, loaded before the banner for a zh-TW / zh-HK visitor (SPEC §8, §10).
 * Taiwan's usage where the words are the UI's own (個人資料, 隱私權政策, 蒐集, 申訴); document titles keep the policy's
 * own wording (《我圖網隱私政策》, 《兒童個人信息保護規則》), and the law its full name (《中華人民共和國個人信息保護法》:
 * a bare 《個人信息保護法》 reads in Taiwan as its own 個人資料保護法).
 */
export const text: BannerCatalogue = {
  title: '我們如何使用 Cookie',
  intro: '必要的 Cookie 用於登入、安全和支付；統計分析、個人化推薦與廣告、廣告監測和社群分享，須經您同意才會啟用，您可隨時變更或撤回。',
  policy: '《我圖網隱私政策》',
  updated: '我圖網隱私政策已更新',
  dates: '更新日期：{u}；生效日期：{e}。',
  date: '{y}年{m}月{d}日',
  changes: '請閱讀更新後的政策，並重新選擇是否同意。',
  added: '新增第三方服務：{s}。請重新確認是否同意。',
  sep: '、',
  dnt: '已偵測到瀏覽器開啟了{signal}，我們不會載入統計與廣告追蹤，「全部接受」也不會啟用。',
  dntOnly: '「請勿追蹤」（DNT）',
  gpcOnly: '「全球隱私控制」（GPC）',
  both: '「請勿追蹤」（DNT）和「全球隱私控制」（GPC）',
  operator: '個人資料處理者：{name}（{contact}）。您可聯絡我們查閱、更正、刪除個人資料，或隨時撤回同意。',
  minors: '未滿18歲的未成年人，請在監護人陪同下閱讀。',
  minor: '未成年人保護說明',
  guardian: '未滿14歲的兒童須由監護人同意後才能啟用可選功能。',
  guardianOpen: '請監護人確認',
  accept: '全部接受',
  reject: '全部拒絕',
  settings: '設定',
  open: 'Cookie 設定',
  saved: '已儲存您的選擇。',
  ageSaved: '已記錄您的年齡：{a}。',
  reloaded: '已儲存您的選擇。頁面已重新載入，以停止您撤回同意的服務。',
  unsaved: '瀏覽器無法儲存 Cookie，您的選擇僅對目前頁面有效。',
  loading: '開啟中…',
  unavailable: '暫時無法開啟，請重新整理頁面後再試。',
  notSaved: '暫時無法儲存您的選擇，請重新整理頁面後再試。',
  close: '關閉',
};
