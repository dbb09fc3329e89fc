import { describe, expect, it } from 'vitest';
import { trackingPageUrl } from '../../../main/domain/shipping/tracking-pages';
import { externalUrlAllowList, isAllowedExternalUrl } from '../../../main/external-links';

const ALLOW = ['www.ups.com', 'tools.usps.com', 'shop.example.com'];

describe('isAllowedExternalUrl', () => {
  it('lets through https pages of exactly the allowed hosts', () => {
    expect(isAllowedExternalUrl('https://www.ups.com/track?tracknum=1Z999AA10123456784', ALLOW)).toBe(true);
    expect(isAllowedExternalUrl('https://WWW.UPS.COM/track', ALLOW)).toBe(true);
    expect(isAllowedExternalUrl('https://shop.example.com/products/mug#reviews', ALLOW)).toBe(true);
  });

  it.each([
    ['http, not https', 'http://www.ups.com/track'],
    ['another scheme', 'file:///etc/passwd'],
    ['a protocol handler', 'ms-msdt:/id PCWDiagnostic'],
    ['javascript', 'javascript:alert(1)'],
    ['credentials (the host is evil.example)', 'https://www.ups.com@evil.example/'],
    ['a username on an allowed host', 'https://user@www.ups.com/track'],
    ['a suffix of an allowed host', 'https://www.ups.com.evil.example/'],
    ['a parent of an allowed host', 'https://ups.com/track'],
    ['a sibling host', 'https://evil.example.com/'],
    ['a trailing dot', 'https://www.ups.com./track'],
    ['another port', 'https://www.ups.com:8443/track'],
    ['a backslash trick', 'https://evil.example\\@www.ups.com/'],
    ['whitespace', 'https://www.ups.com/track?x=1 2'],
    ['a newline', 'https://www.ups\n.com/'],
    ['an IP address', 'https://93.184.216.34/'],
    ['not a URL', 'www.ups.com/track'],
    ['an empty string', ''],
    ['an overlong URL', `https://www.ups.com/${'a'.repeat(3000)}`],
  ])('refuses %s', (_why, url) => {
    expect(isAllowedExternalUrl(url, ALLOW)).toBe(false);
  });

  it('refuses everything with an empty allow-list', () => {
    expect(isAllowedExternalUrl('https://www.ups.com/', [])).toBe(false);
  });
});

describe('externalUrlAllowList', () => {
  it('holds every carrier tracking page and the https store addresses given, and each tracking link passes', () => {
    const list = externalUrlAllowList(['https://shop.example.com/', 'http://insecure.example.com/', 'not a url']);
    expect(list).toEqual(expect.arrayContaining(['tools.usps.com', 'www.ups.com', 'www.fedex.com', 'www.dhl.com', 'shop.example.com']));
    expect(list).not.toContain('insecure.example.com');
    for (const carrier of ['usps', 'ups', 'fedex', 'dhl']) {
      const url = trackingPageUrl(carrier, '1Z 999/AA?1');
      expect(url).not.toBeNull();
      expect(isAllowedExternalUrl(url!, list), url!).toBe(true);
    }
    expect(trackingPageUrl('local', 'LC123')).toBeNull();
  });
});
