// The libraries `npm run bench` compares (SPEC §10), and what the runner needs to know about each: the files a
// visitor downloads, the URL prefix of its requests, and where its banner's accept button is.
// Each page is bench/pages/<id>.html, made by bench/make-pages.js from bench/host.html + bench/libs/<id>.html.

/**
 * `banner` is a path of CSS selectors to the accept-all button: the first is queried on the document, each
 * next one inside the open shadow root of the previous match (our UI lives in a shadow root, SPEC §8).
 * `accept` is the same button as a Playwright selector (Playwright's CSS engine pierces open shadow roots).
 */
export const LIBS = [
  {
    id: 'consent-gate',
    label: 'Consent Gate',
    ours: true,
    files: ['dist/consent-gate.min.js', 'dist/consent-gate.css'],
    prefix: '/dist/',
    banner: ['#consent-gate', '[data-action="accept-all"]'],
    accept: '#consent-gate [data-action="accept-all"]',
    gating: '`<script type="text/plain" data-consent="analytics" data-src>` (SPEC §6.1)',
  },
  {
    id: 'vanilla-cookieconsent',
    label: 'vanilla-cookieconsent 3.1.0',
    files: ['node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js', 'node_modules/vanilla-cookieconsent/dist/cookieconsent.css'],
    prefix: '/node_modules/vanilla-cookieconsent/',
    banner: ['#cc-main .cm [data-role="all"]'],
    accept: '#cc-main .cm [data-role="all"]',
    gating: '`<script type="text/plain" data-category="analytics" data-service data-src>`',
  },
  {
    id: 'klaro',
    label: 'klaro 0.7.22',
    // The default build: JS, CSS and all translations in one file (the "no-css" split is no smaller in sum).
    files: ['node_modules/klaro/dist/klaro.js'],
    prefix: '/node_modules/klaro/',
    banner: ['.klaro .cookie-notice:not(.cookie-notice-hidden) .cn-buttons .cm-btn-success'],
    accept: '.klaro .cookie-notice .cn-buttons .cm-btn-success',
    gating: '`<script type="text/plain" data-type="text/javascript" data-name="tongji" data-src>` + a config service',
  },
  {
    id: 'osano',
    label: 'osano cookieconsent 3.1.1',
    files: ['node_modules/cookieconsent/build/cookieconsent.min.js', 'node_modules/cookieconsent/build/cookieconsent.min.css'],
    prefix: '/node_modules/cookieconsent/',
    banner: ['.cc-window .cc-allow'],
    accept: '.cc-window .cc-allow',
    gating: 'none built in: the page inserts the script from `onStatusChange` / `onInitialise` when the status is "allow"',
  },
];

/** The host page with no consent library: the floor every column stands on (probes, parsing, layout). */
export const BASELINE = {
  id: 'baseline',
  label: 'host page, no banner',
  baseline: true,
  files: [],
  prefix: undefined,
  banner: undefined,
  accept: undefined,
  gating: '-',
};

/** The local stand-in for a vendor tracker (hm.baidu.com/hm.js in real life); its request is what we time. */
export const FAKE_TRACKER = '/bench/fake/hm.js';
