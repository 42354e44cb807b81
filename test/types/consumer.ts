// What a TypeScript app writes against the published types (run after the build: `npm test` step "types").
import type { ConsentGate, CreateOptions, ErrorKind, Preset, ResolvedConfig, ScriptConsentGate, SetAgeOptions, ViewName } from '../../dist/types/index.js';
import { createConsentGate } from '../../dist/types/index.js';
import { weiboShare } from '../../dist/types/presets/index.js';
import { networkGuard } from '../../dist/types/guard/index.js';
import { consentReceipts } from '../../dist/types/receipts/index.js';
import type { ConsentGateQueue } from '../../dist/types/global.js';

declare const consent: ConsentGate;
// A custom preset with its own loader: the loader's parameters are typed.
export const custom: Preset = { id: 'x', category: 'analytics', loader: (service, load) => load(service.src!, { async: '' }) };
// #9.8: from npm the config is always there; only the script tag's fail-closed controller may lack it.
export const config: ResolvedConfig = consent.config;
declare const tag: ScriptConsentGate;
// @ts-expect-error the script tag's controller may be the fail-closed one, without a config
export const tagConfig: ResolvedConfig = tag.config;
export const narrowed: ResolvedConfig | undefined = tag.config;
export const off: () => void = consent.on('change', state => void state.categories.analytics);
// @ts-expect-error only the views of SPEC §7.2 can be shown
consent.show('ads');
// Decision functions settle once the decision is applied and stored (SPEC §7.2).
export const applied: Promise<void> = consent.acceptAll();
// The presets an app imports are passed in: a bundle carries no other vendor.
export const options: CreateOptions = { presets: [weiboShare] };
export const created: ConsentGate = createConsentGate({ services: ['weibo-share'] }, options);
// The npm guard is imported and passed, like the presets (consent-gate/guard).
export const guarded: ConsentGate = createConsentGate({ services: ['weibo-share'], guard: true }, { ...options, guard: networkGuard });
// So are the receipts, where the config has `receipt` (consent-gate/receipts).
export const receipted: ConsentGate = createConsentGate({ receipt: { url: '/consent/receipts' } }, { ...options, receipts: consentReceipts });
// What is shown is the controller's: a custom UI renders it from get().
export const shown: boolean = consent.get().banner;
export const source: SetAgeOptions['source'] = 'account';
// @ts-expect-error the internals are not on the public controller
consent.decide({}, 'api');
// @ts-expect-error the contextual dialog opens from request(), which names what it asks
consent.show('request');
consent.show('guardian');
// @ts-expect-error what get() hands out is frozen
consent.get().categories.analytics = true;
// @ts-expect-error so is the controller
consent.acceptAll = async () => {};
// @ts-expect-error load() takes a category and a src, or one options object
void consent.load('share');
export const loaded: Promise<HTMLScriptElement> = consent.load({ category: 'share', src: 'https://example.com/x.js' });
// The controller's own dependencies an app may set; the script tag's stay out.
export const quiet: ConsentGate = createConsentGate({}, { tabSync: false, warn: () => {} });
// @ts-expect-error an internal of the script tag
createConsentGate({}, { needWriter: () => {} });

// consent-gate/global: a script-tag page's own TypeScript sees the controller the SDK's <script> made.
export const fromTag: boolean | undefined = window.ConsentGate?.granted('analytics');
// @ts-expect-error the script tag's controller may be the fail-closed one, without a config
export const tagConfigFromWindow: ResolvedConfig = window.ConsentGate!.config;
window.consentGateConfig = { dnt: 'respect' };
// The README's queue for code that runs before the SDK's <script> (found failing to compile in strict mode when the
// README showed only the JavaScript form): the queued function's gate and the listener's state are typed.
((window as { ConsentGate?: ConsentGateQueue }).ConsentGate ??= []).push(cg => {
  cg.on('change', state => state.categories.analytics satisfies boolean);
});
// @ts-expect-error a queued function takes the gate, not a string
((window as { ConsentGate?: ConsentGateQueue }).ConsentGate ??= []).push((cg: string) => cg);
// `texts` knows the built-in copy's keys, for every language or for one (a misspelt key once passed silently).
export const worded: ConsentGate = createConsentGate({ texts: { accept: '同意', en: { accept: 'OK' } } });
// @ts-expect-error no such key of the built-in copy
createConsentGate({ texts: { acept: '同意' } });
// @ts-expect-error nor in one language
createConsentGate({ texts: { en: { acept: 'OK' } } });
// Keys made from an id: a category's label and description.
export const labelled: ConsentGate = createConsentGate({ texts: { 'c.social': '社交', 'd.social': '分享与登录', en: { 'c.social': 'Social' } } });

// A `hide` always names the view that closed, and an `error`'s kind is one of the kinds the README lists.
consent.on('hide', ({ view }) => {
  const closed: ViewName = view;
  return closed;
});
consent.on('error', ({ kind }) => {
  const known: ErrorKind = kind;
  // @ts-expect-error no error is of this kind
  if (kind === 'network') return known;
  return kind;
});

// A wait given up with an AbortSignal, with or without a service (a component unmounted).
const unmounted = new AbortController();
export const waited: Promise<void>[] = [
  consent.whenGranted('analytics', { signal: unmounted.signal }),
  consent.whenGranted('analytics', 'baidu-tongji', { signal: unmounted.signal }),
  consent.whenGranted('analytics', 'baidu-tongji'),
];
export const loadedUntil: Promise<HTMLScriptElement> = consent.load({ category: 'share', src: 'https://example.com/x.js', signal: unmounted.signal });
// @ts-expect-error the signal, not its controller
void consent.whenGranted('analytics', { signal: unmounted });
