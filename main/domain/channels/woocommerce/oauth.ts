import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WooCommerce's one-legged OAuth 1.0a for REST calls over plain HTTP (WC_REST_Authentication::
 * check_oauth_signature): no token; the oauth_* parameters travel in the query string; every query
 * parameter is signed. The base string is
 *   METHOD & rawurlencode(scheme://host/path) & (each `enc(key)=enc(value)` — keys sorted by strcmp —
 *   encoded once more and joined with %26)
 * and the key is consumer_secret + '&' (no token secret). HMAC-SHA256, base64.
 */

/** RFC 3986 percent-encoding (PHP rawurlencode): encodeURIComponent leaves !'()* alone. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The string WooCommerce signs for a request to `baseUrl` (no query string) with these query parameters. */
export function oauthBaseString(method: string, baseUrl: string, params: Iterable<[string, string]>): string {
  const sorted = [...params].filter(([k]) => k !== 'oauth_signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const pairs = sorted.map(([k, v]) => rfc3986(`${rfc3986(k)}=${rfc3986(v)}`));
  return `${method.toUpperCase()}&${rfc3986(baseUrl)}&${pairs.join('%26')}`;
}

export function oauthSignature(method: string, baseUrl: string, params: Iterable<[string, string]>, consumerSecret: string): string {
  return createHmac('sha256', `${consumerSecret}&`).update(oauthBaseString(method, baseUrl, params)).digest('base64');
}

/** Adds oauth_consumer_key, _timestamp, _nonce, _signature_method and _signature to `url`'s query. */
export function signUrl(method: string, url: URL, consumerKey: string, consumerSecret: string, now = Date.now()): URL {
  const signed = new URL(url);
  signed.searchParams.set('oauth_consumer_key', consumerKey);
  signed.searchParams.set('oauth_timestamp', String(Math.floor(now / 1000)));
  signed.searchParams.set('oauth_nonce', randomBytes(16).toString('hex'));
  signed.searchParams.set('oauth_signature_method', 'HMAC-SHA256');
  const base = `${signed.origin}${signed.pathname}`;
  signed.searchParams.set('oauth_signature', oauthSignature(method, base, signed.searchParams.entries(), consumerSecret));
  return signed;
}

/** Checks a signed request's signature (the simulated store does what WooCommerce does). */
export function verifyOauthSignature(method: string, url: URL, consumerSecret: string): boolean {
  const given = url.searchParams.get('oauth_signature');
  const algorithm = url.searchParams.get('oauth_signature_method');
  if (!given || (algorithm !== 'HMAC-SHA256' && algorithm !== 'HMAC-SHA1')) return false;
  const base = oauthBaseString(method, `${url.origin}${url.pathname}`, url.searchParams.entries());
  const expected = createHmac(algorithm === 'HMAC-SHA256' ? 'sha256' : 'sha1', `${consumerSecret}&`).update(base).digest();
  const received = Buffer.from(given.replace(/ /g, '+'), 'base64');
  return received.length === expected.length && timingSafeEqual(received, expected);
}
