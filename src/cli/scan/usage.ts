import { DEFAULTS } from './parse-scan-args.js';

export const SCAN_USAGE = `usage: consent-gate scan <url>… [options]

Loads each page in Chromium with a fresh profile three ways — before any decision (scrolled to its end,
clicked beside the banner and given ↓ ↑, as a visitor reads it, the banner unanswered 5 s at least); after the banner's
"reject all" (then a reload, read and watched the same way, and a second page of the site); after "accept all"
(a fresh profile) — and reports every request leaving the page's site, every cookie and storage key, named by
service.

Verdict: nothing optional before a decision or after a refusal; after acceptance only the services the
page's config lists. Anything leaving the site that no service names is an "unknown third party".

options:
  --json <file>         write the report as JSON (- for standard output; the table then goes to stderr)
  --html <dir>          write an HTML report with a screenshot of each phase to <dir>/index.html
  --urls <file>         more URLs, one a line (# starts a comment)
  --config <file>       JSON { cookie: { domain }, services: [...] }: the site's domain and its own services
                        ({ id, category, hosts, cookies, storage }); the site's consent config works as is
  --storage-state <file> cookies and localStorage of a logged-in session for both profiles (Playwright's
                        storageState JSON), for pages that send a visitor without one to a login page
  --lang <tag>          browser language (default ${DEFAULTS.lang})
  --timeout <ms>        limit of each step: loading, finding the banner, a click (default ${DEFAULTS.timeoutMs})
  --grace <ms>          how long each step waits at least for late trackers (default ${DEFAULTS.graceMs}); timers
                        the page sets for up to 10 s (or --grace) are waited for as well
  --concurrency <n>     pages scanned at once (default ${DEFAULTS.concurrency})
  --offline             answer every third-party request locally with an empty response (recorded, never sent)
  --vendors <base>      answer third-party requests from <base>/<host>/<path> (e.g. the demo's fake vendors)
  --resolve <h>=<ip>    resolve a host (or *.domain) to an address, e.g. staging under production names
  -h, --help            this help

exit code: 0 every page clean · 1 a page leaks · 2 a page could not be scanned (or bad arguments)

Needs Playwright (npm install --save-dev playwright-core && npx playwright-core install chromium);
CHROMIUM_PATH picks another Chromium. See docs/scan.md.
`;
