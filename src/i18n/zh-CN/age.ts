/** zh-CN names of the age groups (SPEC §5.3), shared by the preferences and minors views. */
export const text = {
  'a.unknown': '未确认',
  'a.adult': '已满18周岁',
  'a.minor': '14至17周岁',
  'a.child': '未满14周岁',
};
