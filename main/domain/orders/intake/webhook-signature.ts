import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Shopify (X-Shopify-Hmac-Sha256) and WooCommerce (X-WC-Webhook-Signature) sign the same way:
 * base64(HMAC-SHA256(secret, raw body bytes)). The body must be the bytes as received: re-serialising
 * parsed JSON changes whitespace and key order and the signature no longer matches.
 */

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * True when `header` is a valid signature of `rawBody` under any of `secrets` (several secrets so a
 * rotation window — Shopify says up to an hour — drops no deliveries). False on a missing or malformed
 * header, never an exception: a webhook endpoint should answer 401, not 500, to garbage.
 */
export function verifyWebhookSignature(
  rawBody: Buffer,
  header: string | string[] | undefined | null,
  secrets: readonly string[],
): boolean {
  const headerValue = Array.isArray(header) ? (header.length === 1 ? header[0] : undefined) : header;
  if (typeof headerValue !== 'string') return false;
  const trimmed = headerValue.trim();
  // Strict shape check first: Buffer.from(x, 'base64') silently skips junk characters, which would
  // let a malformed header decode to 32 bytes.
  if (!BASE64_SHA256.test(trimmed)) return false;
  const received = Buffer.from(trimmed, 'base64');
  let matched = false;
  for (const secret of secrets) {
    if (!secret) continue;
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    // No early return: every configured secret is checked so timing does not reveal which one matched.
    if (timingSafeEqual(received, expected)) matched = true;
  }
  return matched;
}

/** Computes the header value a channel would send; for tests and for replaying captured deliveries. */
export function signWebhookBody(rawBody: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * WooCommerce's secret is HTML-entity-decoded before signing (wp_specialchars_decode), so a secret
 * copied from the WP admin as "a&amp;b" signs as "a&b". Pass both forms to verifyWebhookSignature.
 */
export function wooCommerceSecretVariants(secret: string): string[] {
  const decoded = secret
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;|&#0*34;/g, '"')
    .replace(/&#0*39;|&#x0*27;/gi, "'")
    .replace(/&amp;/g, '&');
  return decoded === secret ? [secret] : [secret, decoded];
}

/**
 * A WooCommerce ping (sent when a webhook is saved) is the unsigned form body `webhook_id=<n>` and
 * nothing else. Only that exact body is a ping: a missing X-WC-Webhook-Topic does not make a body
 * one, or an unsigned order body without the header would be answered 200 and never verified.
 */
export function isWooCommercePing(rawBody: Buffer): boolean {
  // A ping body is a few bytes; skip decoding anything larger.
  return rawBody.length <= 40 && /^webhook_id=\d+$/.test(rawBody.toString('utf8').trim());
}
