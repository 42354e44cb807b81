// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createOriginPolicy } from '../../src/server/origin-policy.js';

// A wildcard stands over one site's subdomains. Over a public suffix, of the Public Suffix List's ICANN section or its
// private one (a platform whose customers each have a site under it), it would let every site under that suffix post
// receipts. Regression: `*.com.cn` was refused, but `*.s3.amazonaws.com` and `*.pvt.k12.ma.us` were taken (the
// server knew an excerpt of the list, of two-label suffixes and a few platforms).
describe('createOriginPolicy: a wildcard over a public suffix', () => {
  it.each([
    ['https://*.com.cn', 'com.cn', 'ICANN'],
    ['https://*.CO.UK.', 'co.uk', 'ICANN'],
    ['https://*.公司.cn', 'xn--55qx5d.cn', 'ICANN'],
    ['https://*.pvt.k12.ma.us', 'pvt.k12.ma.us', 'ICANN'],
    ['https://*.k12.ma.us', 'k12.ma.us', 'ICANN'],
    ['https://*.kawasaki.jp', 'kawasaki.jp', 'ICANN'],
    // Under the list's `*.kawasaki.jp`, every name of one label more is a suffix too.
    ['https://*.shop.kawasaki.jp', 'shop.kawasaki.jp', 'ICANN'],
    ['https://*.github.io', 'github.io', 'private'],
    ['https://*.s3.amazonaws.com', 's3.amazonaws.com', 'private'],
    ['https://*.eu-west-1.compute.amazonaws.com', 'eu-west-1.compute.amazonaws.com', 'private'],
    ['https://*.blogspot.com', 'blogspot.com', 'private'],
    ['http://*.vercel.app:8080', 'vercel.app', 'private'],
  ])('%s is refused (%s, %s section)', (entry, suffix, section) => {
    const scheme = entry.slice(0, entry.indexOf(':'));
    const port = entry.endsWith(':8080') ? ':8080' : '';
    const platform = section === 'private' ? " (a platform's, under which each customer has a site of its own)" : '';
    expect(() => createOriginPolicy([entry], () => '--origin')).toThrow(
      new TypeError(
        `consent-gate/server: --origin may not put "*." directly before ${suffix}, a public suffix${platform}: every site registered under it could post ` +
          `receipts. Name your own site: ${scheme}://*.your-site.${suffix}${port} or ${scheme}://www.your-site.${suffix}${port}`,
      ),
    );
  });

  it.each([
    ['https://*.ooopic.com', 'https://m.ooopic.com'],
    ['https://*.ooopic.com.cn', 'https://www.ooopic.com.cn'],
    ['https://*.ooopic.co.uk', 'https://www.ooopic.co.uk'],
    ['https://*.shop.ooopic.com', 'https://a.shop.ooopic.com'],
    ['https://*.ooopic.github.io', 'https://www.ooopic.github.io'],
    ['https://*.ooopic.s3.amazonaws.com', 'https://cdn.ooopic.s3.amazonaws.com'],
    ['https://*.ooopic.pvt.k12.ma.us', 'https://www.ooopic.pvt.k12.ma.us'],
    // The list's exception `!city.kawasaki.jp`: a registrable name under the `*.kawasaki.jp` rule.
    ['https://*.city.kawasaki.jp', 'https://www.city.kawasaki.jp'],
    ['http://*.ooopic.internal:8080', 'http://www.ooopic.internal:8080'],
    // An exact origin is one site, whatever its name.
    ['https://ooopic.github.io', 'https://ooopic.github.io'],
  ])('%s is taken, and allows %s', (entry, origin) => {
    expect(createOriginPolicy([entry])(origin, 'https://log.ooopic.com')).toBe(true);
  });
});

describe('createOriginPolicy: a wildcard takes the hosts of its own site only', () => {
  // Regression: `*.amazonaws.com` names a registrable domain, but the list's s3.amazonaws.com below it makes each
  // bucket a customer's site of its own, and every one of them could post receipts.
  it.each([
    ['https://*.amazonaws.com', 'https://www.amazonaws.com', true],
    ['https://*.amazonaws.com', 'https://bucket.s3.amazonaws.com', false],
    ['https://*.amazonaws.com', 'https://app.eu-west-1.compute.amazonaws.com', false],
    ['https://*.ooopic.com', 'https://a.b.ooopic.com', true],
    ['https://*.shop.ooopic.com', 'https://a.shop.ooopic.com', true],
    ['https://*.shop.ooopic.com', 'https://shop.ooopic.com', false],
    ['https://*.ooopic.com', 'https://ooopic.com.evil.example', false],
  ])('%s: %s → %s', (entry, origin, taken) => {
    expect(createOriginPolicy([entry])(origin, 'https://log.ooopic.com')).toBe(taken);
  });
});

// Found by a mutation probe: each check below could be taken out with the suite still passing.
describe('createOriginPolicy: an origin is taken only as written, on its own port', () => {
  it.each([
    ['https://www.ooopic.com', 'https://www.ooopic.com', true],
    ['https://www.ooopic.com', 'https://www.ooopic.com:8443', false],
    ['https://*.ooopic.com', 'https://m.ooopic.com:8443', false],
    ['https://www.ooopic.com:8443', 'https://www.ooopic.com:8443', true],
    ['https://www.ooopic.com:8443', 'https://www.ooopic.com', false],
    // Not an origin as a browser sends it: a path, the default port written out.
    ['https://www.ooopic.com', 'https://www.ooopic.com/x', false],
    ['https://www.ooopic.com', 'https://www.ooopic.com:443', false],
  ])('%s: %s → %s', (entry, origin, taken) => {
    expect(createOriginPolicy([entry])(origin, 'https://log.ooopic.com')).toBe(taken);
  });

  it('refuses an entry that carries credentials', () => {
    expect(() => createOriginPolicy(['https://u:p@www.ooopic.com'])).toThrow('must not carry credentials');
  });
});
