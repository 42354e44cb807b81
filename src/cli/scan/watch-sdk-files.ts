import type { BrowserContext, Request } from 'playwright-core';
import type { StepId } from './report.js';

/** A file of the SDK that did not come: its bundle, or one the bundle loads from beside itself. */
export interface SdkFileFailure {
  url: string;
  /** The HTTP status it was answered with (400 or more); absent when no answer came. */
  status?: number;
  statusText?: string;
  /** Chromium's error (`net::ERR_CONNECTION_REFUSED`, …), when no answer came. */
  failure?: string;
  step: StepId;
}

/** The bundle, by the name its own loader looks for (`script[src*="consent-gate"]`, src/script/load-file.ts). */
const BUNDLE = /\/[^/?#]*consent-gate[^/?#]*\.js$/;

const pathOf = (url: string) => {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`;
  } catch {
    return undefined;
  }
};

export const isBundle = (url: string) => BUNDLE.test(pathOf(url) ?? '');

/** What the SDK's bundle has and another script named like it has not: the name of its files' registry. */
export const isSdkBundleText = (text: string) => text.includes('__consentGate');

/**
 * Whether `url` is one of the SDK's files: a bundle, or a script in a bundle's folder or below it (`gate.js`,
 * `decide.js`, `views/preferences.js`, `i18n/en.js`: the bundle asks for them relative to its own URL,
 * src/script/load-file.ts). `folders` are the folders of the bundles seen so far.
 */
export function isSdkFile(url: string, folders: ReadonlySet<string>): boolean {
  const path = pathOf(url);
  if (!path) return false;
  return BUNDLE.test(path) || (path.endsWith('.js') && [...folders].some(folder => path.startsWith(folder)));
}

/** `answered HTTP 404 Not Found`, `could not be loaded (net::ERR_CONNECTION_REFUSED)`: what happened to a file. */
export const whatHappened = (file: SdkFileFailure) =>
  file.status ? `answered HTTP ${`${file.status} ${file.statusText ?? ''}`.trim()}` : `could not be loaded (${file.failure ?? 'failed'})`;

/**
 * Records the SDK's files that answered an error or failed, in a profile's pages and frames: why a page shows no
 * banner, or why a choice is not kept, is most often a file of the SDK missing from a deploy (SPEC §10: the bundle
 * loads the rest of itself from beside it), and the report must name that file and its status rather than only say
 * that no banner came. A request cut off by a navigation (`net::ERR_ABORTED`) is no failure of the file.
 */
export function watchSdkFiles(
  context: BrowserContext,
  step: () => StepId,
  failed: (file: SdkFileFailure) => void,
): { failures: SdkFileFailure[]; isOwn(url: string): boolean; isSdk(url: string): boolean } {
  const failures: SdkFileFailure[] = [];
  const folders = new Set<string>();
  /** The folders of bundles whose text is the SDK's: by name alone, any host serving a `consent-gate.js` would be it. */
  const checked = new Set<string>();
  const file = (request: Request) => {
    const url = request.url();
    if (isBundle(url)) folders.add(pathOf(url)!.replace(/[^/]*$/, ''));
    return isSdkFile(url, folders);
  };
  const add = (failure: SdkFileFailure) => {
    failures.push(failure);
    failed(failure);
  };
  context.on('request', request => void file(request));
  context.on('response', response => {
    const url = response.url();
    if (isBundle(url) && response.status() < 400) {
      void response
        .text()
        .then(text => isSdkBundleText(text) && checked.add(pathOf(url)!.replace(/[^/]*$/, '')))
        .catch(() => {});
    }
    if (response.status() >= 400 && file(response.request())) {
      add({ url: response.url(), status: response.status(), ...(response.statusText() ? { statusText: response.statusText() } : {}), step: step() });
    }
  });
  context.on('requestfailed', request => {
    const failure = request.failure()?.errorText ?? 'failed';
    if (!/ERR_ABORTED/.test(failure) && file(request)) add({ url: request.url(), failure, step: step() });
  });
  return { failures, isOwn: url => isSdkFile(url, folders), isSdk: url => (path => !!path && path.endsWith('.js') && [...checked].some(folder => path.startsWith(folder)))(pathOf(url)) };
}
