/** zh-CN copy of the contextual-consent dialog of `request()` (SPEC §6.4); loaded with the view. */
export const text = {
  reqTitle: '需要您的同意',
  reqService: '“{name}”由第三方提供，需经您同意才能使用。',
  reqCategory: '此功能属于“{category}”，需经您同意才能使用。',
  reqRecipients: '同意后，以下第三方将获得相应信息：',
  allow: '允许',
  cancel: '取消',
};
