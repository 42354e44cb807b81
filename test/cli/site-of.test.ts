// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { isFirstParty, isUnderDomain, siteOf } from '../../src/cli/scan/site-of.js';

describe('siteOf: the registrable domain a request is judged by', () => {
  it.each([
    ['www.ooopic.com', 'ooopic.com'],
    ['ooopic.com', 'ooopic.com'],
    ['WWW.OOOPIC.COM.', 'ooopic.com'],
    ['hm.baidu.com', 'baidu.com'],
    ['a.b.c.ooopic.com', 'ooopic.com'],
    // China's second-level domains are public suffixes: two companies under .com.cn are two sites.
    ['www.example.com.cn', 'example.com.cn'],
    ['static.foo.gov.cn', 'foo.gov.cn'],
    ['x.company.sh.cn', 'company.sh.cn'],
    ['com.cn', 'com.cn'],
    ['shop.example.com.hk', 'example.com.hk'],
    // Hosting platforms: each customer is a site of its own.
    ['alice.github.io', 'alice.github.io'],
    ['bob.github.io', 'bob.github.io'],
    // Regression: suffixes of three labels and platforms the scan's own short list lacked read as one site, so a
    // request from one customer's site to another's was first party.
    ['bucket.s3.amazonaws.com', 'bucket.s3.amazonaws.com'],
    ['www.school.pvt.k12.ma.us', 'school.pvt.k12.ma.us'],
    ['a.www.shop.kawasaki.jp', 'www.shop.kawasaki.jp'],
    ['shop.city.kawasaki.jp', 'city.kawasaki.jp'], // the list's exception to *.kawasaki.jp
    ['a.b.myshopify.com', 'b.myshopify.com'],
    // Local development and the demo's subdomains.
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '::1'],
    ['www.ooopic.test', 'ooopic.test'],
    ['m.ooopic.test', 'ooopic.test'],
  ])('%s → %s', (host, site) => {
    expect(siteOf(host)).toBe(site);
  });
});

describe('isUnderDomain', () => {
  it.each([
    ['ooopic.com', '.ooopic.com', true],
    ['www.ooopic.com', 'ooopic.com', true],
    ['www.ooopic.com', '.ooopic.com', true],
    ['notooopic.com', '.ooopic.com', false],
    ['ooopic.com.evil.test', '.ooopic.com', false],
    ['ooopic.com', '.', false],
  ])('%s under %s: %s', (host, domain, expected) => {
    expect(isUnderDomain(host, domain)).toBe(expected);
  });
});

describe('isFirstParty: what stays with the page', () => {
  it.each([
    // host, page host, --config cookie.domain, first party?
    ['static.ooopic.com', 'www.ooopic.com', undefined, true],
    ['hm.baidu.com', 'www.ooopic.com', undefined, false],
    ['m.ooopic.test', 'www.ooopic.test', undefined, true],
    // Ports do not make sites; addresses and names do: localhost and 127.0.0.1 are two sites to a browser.
    ['127.0.0.1', '127.0.0.1', undefined, true],
    ['localhost', '127.0.0.1', undefined, false],
    ['127.0.0.2', '127.0.0.1', undefined, false],
    // A declared cookie domain widens the first party: a staging host scanning production's CDN.
    ['img.ooopic.com', 'staging.ooopic-test.net', '.ooopic.com', true],
    ['hm.baidu.com', 'staging.ooopic-test.net', '.ooopic.com', false],
    ['static.example.com.cn', 'www.example.com.cn', undefined, true],
    ['www.other.com.cn', 'www.example.com.cn', undefined, false],
  ])('%s on a page of %s (cookie.domain %s): %s', (host, page, domain, expected) => {
    expect(isFirstParty(host, page, domain)).toBe(expected);
  });
});
