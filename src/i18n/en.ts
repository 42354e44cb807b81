import type { BannerCatalogue } from './catalogue.js';

/** English copy of the banner, loaded before the banner for an English-speaking visitor (SPEC §8, §10). */
export const text: BannerCatalogue = {
  title: 'How we use cookies',
  intro: 'Necessary cookies keep sign-in, security and payment working. Analytics, personalised ads, ad measurement and sharing start only if you agree; you can change this at any time.',
  policy: 'ooopic Privacy Policy',
  updated: 'Our Privacy Policy has been updated',
  dates: 'Updated {u}; effective {e}.',
  date: '{y}-{m}-{d}',
  changes: 'Please read the updated policy and choose again.',
  added: 'New third-party services: {s}. Please confirm your choice again.',
  dnt: 'Your browser sends {signal}, so we will not load analytics or ad tracking.',
  dntOnly: 'Do Not Track (DNT)',
  gpcOnly: 'Global Privacy Control (GPC)',
  both: 'Do Not Track (DNT) and Global Privacy Control (GPC)',
  operator: 'Controller: {name} ({contact}). Contact us to access, correct or delete your personal information; you can withdraw consent at any time.',
  minors: 'If you are under 18, please read this with your parent or guardian.',
  minor: 'Protection of minors',
  guardian: 'Children under 14 need a parent or guardian to agree before optional features start.',
  guardianOpen: 'For the parent or guardian',
  accept: 'Accept all',
  reject: 'Reject all',
  settings: 'Settings',
  open: 'Cookie settings',
  saved: 'Your choices are saved.',
  close: 'Close',
};
