// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseScanArgs, parseUrlList, UsageError } from '../../src/cli/scan/parse-scan-args.js';

const URL_A = 'https://www.ooopic.com/';

describe('parseScanArgs', () => {
  it('one URL and the defaults', () => {
    expect(parseScanArgs([URL_A])).toEqual({
      help: false,
      urls: [URL_A],
      lang: DEFAULTS.lang,
      timeoutMs: DEFAULTS.timeoutMs,
      graceMs: DEFAULTS.graceMs,
      concurrency: DEFAULTS.concurrency,
      network: { mode: 'live' },
      resolve: [],
    });
  });

  it.each<[string, string[], Record<string, unknown>]>([
    ['every value option, spaced', ['--json', 'r.json', '--html', 'rep/', '--lang', 'en', '--timeout', '5000', '--grace', '0', '--concurrency', '2', '--urls', 'u.txt', '--config', 'c.json', URL_A], { json: 'r.json', html: 'rep/', lang: 'en', timeoutMs: 5000, graceMs: 0, concurrency: 2, urlsFile: 'u.txt', configFile: 'c.json' }],
    ['--name=value', ['--json=r.json', '--timeout=2000', URL_A], { json: 'r.json', timeoutMs: 2000 }],
    ['--storage-state', ['--storage-state', 'logged-in.json', URL_A], { storageStateFile: 'logged-in.json' }],
    ['JSON on standard output', ['--json', '-', URL_A], { json: '-' }],
    ['--offline', ['--offline', URL_A], { network: { mode: 'offline' } }],
    ['--vendors gets its trailing slash', ['--vendors', 'http://127.0.0.1:4173/vendor', URL_A], { network: { mode: 'vendors', base: 'http://127.0.0.1:4173/vendor/' } }],
    ['--resolve, repeated', ['--resolve', '*.ooopic.com=10.0.0.8', '--resolve=www.ooopic.test=127.0.0.1', URL_A], { resolve: [{ host: '*.ooopic.com', address: '10.0.0.8' }, { host: 'www.ooopic.test', address: '127.0.0.1' }] }],
    ['URLs anywhere, and after --', [URL_A, '--offline', '--', 'https://m.ooopic.com/'], { urls: [URL_A, 'https://m.ooopic.com/'] }],
    ['only --urls', ['--urls', 'pages.txt'], { urls: [], urlsFile: 'pages.txt' }],
    ['--help needs no URL', ['--help'], { help: true, urls: [] }],
    ['-h', ['-h'], { help: true }],
  ])('%s', (_what, argv, expected) => {
    expect(parseScanArgs(argv)).toMatchObject(expected);
  });

  it.each<[string[], string]>([
    [[], 'no URL to scan: give one or more URLs, or --urls <file> (one URL a line)'],
    [['www.ooopic.com'], 'URL: "www.ooopic.com" is not a URL (give a full one, e.g. https://www.ooopic.com/)'],
    [['ftp://ooopic.com/'], 'URL: "ftp://ooopic.com/" is not an http(s) URL'],
    [['--jsn', 'x', URL_A], 'unknown option "--jsn" (options: --json, --html, --lang, --timeout, --grace, --concurrency, --urls, --config, --vendors, --storage-state, --resolve, --offline, --help)'],
    [[URL_A, '--storage-state'], '--storage-state needs a value, e.g. --storage-state logged-in.json'],
    [[URL_A, '--json'], '--json needs a value, e.g. --json report.json'],
    [['--json', '--html', 'x', URL_A], '--json needs a value, e.g. --json report.json'],
    [['--json=', URL_A], '--json needs a value, e.g. --json report.json'],
    [['--json', 'a', '--json', 'b', URL_A], '--json given twice'],
    [['--timeout', 'abc', URL_A], '--timeout must be a whole number of milliseconds from 1000 to 600000, got "abc"'],
    [['--timeout', '500', URL_A], '--timeout must be a whole number of milliseconds from 1000 to 600000, got "500"'],
    [['--timeout', '1e4', URL_A], '--timeout must be a whole number of milliseconds from 1000 to 600000, got "1e4"'],
    [['--grace', '-1', URL_A], '--grace must be a whole number of milliseconds from 0 to 60000, got "-1"'],
    [['--grace=-1', URL_A], '--grace must be a whole number of milliseconds from 0 to 60000, got "-1"'],
    [['--concurrency', '0', URL_A], '--concurrency must be a whole number of pages from 1 to 8, got "0"'],
    [['--lang', 'zh_CN', URL_A], '--lang must be a language tag like zh-CN, zh-TW or en, got "zh_CN"'],
    [['--offline=yes', URL_A], '--offline takes no value, got "--offline=yes"'],
    [['--offline', '--vendors', 'http://127.0.0.1/vendor/', URL_A], '--offline and --vendors exclude each other: --offline answers third parties empty, --vendors from a base URL'],
    [['--vendors', 'vendor/', URL_A], '--vendors: "vendor/" is not a URL (give a full one, e.g. https://www.ooopic.com/)'],
    [['--resolve', 'ooopic.com', URL_A], `--resolve must be host=address, e.g. --resolve '*.ooopic.com=10.0.0.8', got "ooopic.com"`],
  ])('%j → %s', (argv, message) => {
    expect(() => parseScanArgs(argv)).toThrow(new UsageError(message));
  });
});

describe('parseUrlList: --urls files', () => {
  it('one URL a line; blank lines and comments skipped', () => {
    expect(parseUrlList(`# staging\n${URL_A}\n\n  https://m.ooopic.com/pic_1.html  \r\n# end\n`, 'pages.txt')).toEqual([URL_A, 'https://m.ooopic.com/pic_1.html']);
    // Regression (scan probe): a comment after a URL was scanned as part of it, and a URL listed twice twice.
    expect(parseUrlList(`${URL_A}   # the home page\nhttps://m.ooopic.com/#top\n${URL_A}\n`, 'pages.txt')).toEqual([URL_A, 'https://m.ooopic.com/#top']);
  });

  it.each([
    [`${URL_A}\nwww.ooopic.com/x\n`, 'pages.txt line 2: "www.ooopic.com/x" is not a URL (give a full one, e.g. https://www.ooopic.com/)'],
    // Regression (scan probe): the only usage error that did not name its option.
    ['# only comments\n\n', '--urls pages.txt lists no URL (one URL a line; "#" starts a comment)'],
  ])('%j → %s', (text, message) => {
    expect(() => parseUrlList(text, 'pages.txt')).toThrow(new UsageError(message));
  });
});
