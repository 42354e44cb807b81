import type { Service } from './types.js';

/**
 * Google's tag and advertising hosts. A service loading from one is a Google tag: Consent Mode is written for it, and
 * what it collects leaves China (research/china-context.md §2.1), so it needs its own 单独同意 (PIPL Art. 39).
 */
const GOOGLE = /(^|\.)(googletagmanager|google-analytics|doubleclick|googleadservices|googlesyndication)\.(com|net)([/:]|$)/i;

/** Whether a service is a Google tag: one of its hosts, or its script's (its host only, not a URL in its query). */
export const isGoogle = (service: Pick<Service, 'hosts' | 'src'>) =>
  [...service.hosts, /^(https?:)?\/\/([^/?#]*)/i.exec(service.src || '')?.[2] ?? ''].some(host => GOOGLE.test(host));
