/** A mistake on the command line: printed with the usage hint, exit code 2 (nothing was checked). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** How requests to third parties are answered: the network, an empty local answer, or the demo's fake vendors. */
export type NetworkMode = { mode: 'live' } | { mode: 'offline' } | { mode: 'vendors'; base: string };

export interface ScanArgs {
  help: boolean;
  urls: string[];
  urlsFile?: string;
  /** A file, or `-` for standard output (the table then goes to standard error). */
  json?: string;
  html?: string;
  lang: string;
  timeoutMs: number;
  graceMs: number;
  concurrency: number;
  configFile?: string;
  /** Playwright's storage state (cookies and localStorage of a logged-in session), for both profiles. */
  storageStateFile?: string;
  network: NetworkMode;
  /** Host resolver rules, e.g. staging under the production names: `--resolve '*.ooopic.com=10.0.0.8'`. */
  resolve: Array<{ host: string; address: string }>;
}

// Four pages at once: a scan mostly waits (for quiet, for late trackers), so even two cores keep up.
export const DEFAULTS = { lang: 'zh-CN', timeoutMs: 30_000, graceMs: 1_000, concurrency: 4 } as const;

type Kind = 'flag' | 'value' | 'list';
const OPTIONS: Record<string, { kind: Kind; example: string }> = {
  '--json': { kind: 'value', example: '--json report.json' },
  '--html': { kind: 'value', example: '--html report/' },
  '--lang': { kind: 'value', example: '--lang zh-CN' },
  '--timeout': { kind: 'value', example: '--timeout 30000' },
  '--grace': { kind: 'value', example: '--grace 1000' },
  '--concurrency': { kind: 'value', example: '--concurrency 2' },
  '--urls': { kind: 'value', example: '--urls pages.txt' },
  '--config': { kind: 'value', example: '--config scan-config.json' },
  '--vendors': { kind: 'value', example: '--vendors http://127.0.0.1:4173/vendor/' },
  '--storage-state': { kind: 'value', example: '--storage-state logged-in.json' },
  '--resolve': { kind: 'list', example: "--resolve '*.ooopic.com=10.0.0.8'" },
  '--offline': { kind: 'flag', example: '--offline' },
  '--help': { kind: 'flag', example: '--help' },
};
const ALIASES: Record<string, string> = { '-h': '--help' };

/** An integer option within bounds, or an error naming the option, the unit and the value. */
function integer(option: string, value: string, min: number, max: number, unit: string): number {
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(`${option} must be a whole number of ${unit} from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

/** An http(s) URL, or an error saying what was given and where. */
export function httpUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${where}: "${value}" is not a URL (give a full one, e.g. https://www.ooopic.com/)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${where}: "${value}" is not an http(s) URL`);
  }
  return url.href;
}

/**
 * `consent-gate scan` arguments. Hand-written rather than `util.parseArgs` for the messages: each names the exact
 * option and value, and says what a good one looks like.
 */
export function parseScanArgs(argv: readonly string[]): ScanArgs {
  const values = new Map<string, string[]>();
  const urls: string[] = [];
  let onlyUrls = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyUrls || !arg.startsWith('-') || arg === '-') {
      urls.push(httpUrl(arg, 'URL'));
      continue;
    }
    if (arg === '--') {
      onlyUrls = true;
      continue;
    }
    const [rawName, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const name = ALIASES[rawName] ?? rawName;
    const option = Object.prototype.hasOwnProperty.call(OPTIONS, name) ? OPTIONS[name] : undefined;
    if (!option) throw new UsageError(`unknown option "${rawName}" (options: ${Object.keys(OPTIONS).join(', ')})`);
    let value: string;
    if (option.kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`${name} takes no value, got "${arg}"`);
      value = '';
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`${name} needs a value, e.g. ${option.example}`);
      value = next;
      i++;
    }
    if (option.kind !== 'flag' && value === '') throw new UsageError(`${name} needs a value, e.g. ${option.example}`);
    if (option.kind !== 'list' && values.has(name)) throw new UsageError(`${name} given twice`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const one = (name: string) => values.get(name)?.[0];

  const help = values.has('--help');
  if (values.has('--offline') && values.has('--vendors')) {
    throw new UsageError('--offline and --vendors exclude each other: --offline answers third parties empty, --vendors from a base URL');
  }
  const vendors = one('--vendors');
  const lang = one('--lang') ?? DEFAULTS.lang;
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) throw new UsageError(`--lang must be a language tag like zh-CN, zh-TW or en, got "${lang}"`);
  const resolve = (values.get('--resolve') ?? []).map(rule => {
    const match = /^((?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)=([A-Za-z0-9.:-]+)$/.exec(rule);
    if (!match) throw new UsageError(`--resolve must be host=address, e.g. --resolve '*.ooopic.com=10.0.0.8', got "${rule}"`);
    return { host: match[1]!, address: match[2]! };
  });
  const args: ScanArgs = {
    help,
    urls,
    lang,
    timeoutMs: one('--timeout') === undefined ? DEFAULTS.timeoutMs : integer('--timeout', one('--timeout')!, 1_000, 600_000, 'milliseconds'),
    graceMs: one('--grace') === undefined ? DEFAULTS.graceMs : integer('--grace', one('--grace')!, 0, 60_000, 'milliseconds'),
    concurrency:
      one('--concurrency') === undefined ? DEFAULTS.concurrency : integer('--concurrency', one('--concurrency')!, 1, 8, 'pages'),
    network: values.has('--offline')
      ? { mode: 'offline' }
      : vendors !== undefined
        ? { mode: 'vendors', base: httpUrl(vendors, '--vendors').replace(/\/?$/, '/') }
        : { mode: 'live' },
    resolve,
  };
  for (const [key, name] of [['urlsFile', '--urls'], ['json', '--json'], ['html', '--html'], ['configFile', '--config'], ['storageStateFile', '--storage-state']] as const) {
    const value = one(name);
    if (value !== undefined) args[key] = value;
  }
  if (!help && !urls.length && args.urlsFile === undefined) {
    throw new UsageError('no URL to scan: give one or more URLs, or --urls <file> (one URL a line)');
  }
  return args;
}

/** `--urls` file content: one URL a line; blank lines and `#` comments skipped; errors name the line. */
export function parseUrlList(text: string, file: string): string[] {
  const urls: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    // A comment starts a line or follows a blank (a URL's own fragment has none before its "#"); a URL listed twice
    // is scanned once.
    const entry = line.replace(/(^|\s)#.*$/, '').trim();
    if (!entry) return;
    const url = httpUrl(entry, `${file} line ${i + 1}`);
    if (!urls.includes(url)) urls.push(url);
  });
  // Named with its option, as every other usage error is (an empty file given by a script: `--urls /dev/null`).
  if (!urls.length) throw new UsageError(`--urls ${file} lists no URL (one URL a line; "#" starts a comment)`);
  return urls;
}
