import { describe, expect, it } from 'vitest';
import { isWooCommercePing, signWebhookBody, verifyWebhookSignature, wooCommerceSecretVariants } from '../../../main/domain/orders/intake/webhook-signature';
import { readFixture } from './fixture-path';

// Expected values computed independently: openssl dgst -sha256 -hmac 'shpss_test_secret_1' -binary FILE | base64
const SHOPIFY_BODY = readFixture('shopify-webhook-body.json');
const SHOPIFY_SIGNATURE = 'CwqtK5pA1urVjPC5G0T9HFDOUa61At5K4Menmv63JbU=';
const WOO_BODY = readFixture('woocommerce-order-created.json');
const WOO_SIGNATURE = 'RzpfWWfZnmsituit/EFcz0VuoLfLD2LbhZxN2G7sPww=';

describe('verifyWebhookSignature', () => {
  it('accepts a good Shopify signature over the raw bytes', () => {
    expect(verifyWebhookSignature(SHOPIFY_BODY, SHOPIFY_SIGNATURE, ['shpss_test_secret_1'])).toBe(true);
    expect(signWebhookBody(SHOPIFY_BODY, 'shpss_test_secret_1')).toBe(SHOPIFY_SIGNATURE);
  });

  it('accepts a good WooCommerce signature (same scheme)', () => {
    expect(verifyWebhookSignature(WOO_BODY, WOO_SIGNATURE, ['shpss_test_secret_1'])).toBe(true);
  });

  it('rejects a wrong secret, a changed body and a re-serialised body', () => {
    expect(verifyWebhookSignature(SHOPIFY_BODY, SHOPIFY_SIGNATURE, ['other-secret'])).toBe(false);
    const tampered = Buffer.from(SHOPIFY_BODY.toString('utf8').replace('#9999', '#9998'));
    expect(verifyWebhookSignature(tampered, SHOPIFY_SIGNATURE, ['shpss_test_secret_1'])).toBe(false);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(SHOPIFY_BODY.toString('utf8')), null, 1));
    expect(verifyWebhookSignature(reserialised, SHOPIFY_SIGNATURE, ['shpss_test_secret_1'])).toBe(false);
  });

  it('accepts either secret during a rotation', () => {
    expect(verifyWebhookSignature(SHOPIFY_BODY, SHOPIFY_SIGNATURE, ['new-secret', 'shpss_test_secret_1'])).toBe(true);
    const signedWithNew = signWebhookBody(SHOPIFY_BODY, 'new-secret');
    expect(verifyWebhookSignature(SHOPIFY_BODY, signedWithNew, ['new-secret', 'shpss_test_secret_1'])).toBe(true);
    expect(verifyWebhookSignature(SHOPIFY_BODY, signedWithNew, ['shpss_test_secret_1'])).toBe(false);
    expect(verifyWebhookSignature(SHOPIFY_BODY, SHOPIFY_SIGNATURE, [])).toBe(false);
    expect(verifyWebhookSignature(SHOPIFY_BODY, SHOPIFY_SIGNATURE, [''])).toBe(false);
  });

  it('returns false, never throws, on malformed headers', () => {
    const secrets = ['shpss_test_secret_1'];
    for (const header of [undefined, null, '', 'abc', 'not base64 at all!!', SHOPIFY_SIGNATURE.slice(0, -4), `${SHOPIFY_SIGNATURE}AAAA`, SHOPIFY_SIGNATURE.replace('=', '*'), `sha256=${SHOPIFY_SIGNATURE}`]) {
      expect(verifyWebhookSignature(SHOPIFY_BODY, header, secrets), String(header)).toBe(false);
    }
    expect(verifyWebhookSignature(SHOPIFY_BODY, [SHOPIFY_SIGNATURE, SHOPIFY_SIGNATURE], secrets)).toBe(false);
    expect(verifyWebhookSignature(SHOPIFY_BODY, [SHOPIFY_SIGNATURE], secrets)).toBe(true);
    expect(verifyWebhookSignature(SHOPIFY_BODY, ` ${SHOPIFY_SIGNATURE} `, secrets)).toBe(true);
  });

  it('offers the HTML-decoded form of a WooCommerce secret', () => {
    expect(wooCommerceSecretVariants('a&amp;b')).toEqual(['a&amp;b', 'a&b']);
    expect(wooCommerceSecretVariants('plain')).toEqual(['plain']);
    const body = Buffer.from('{"id":1}');
    expect(verifyWebhookSignature(body, signWebhookBody(body, 'a&b'), wooCommerceSecretVariants('a&amp;b'))).toBe(true);
  });
});

describe('isWooCommercePing', () => {
  it('recognises only the form-encoded ping body; an order without a topic is not a ping', () => {
    expect(isWooCommercePing(Buffer.from('webhook_id=15'))).toBe(true);
    expect(isWooCommercePing(Buffer.from('webhook_id=15\n'))).toBe(true);
    expect(isWooCommercePing(WOO_BODY)).toBe(false);
    expect(isWooCommercePing(Buffer.from('webhook_id=15&x=1'))).toBe(false);
    expect(isWooCommercePing(Buffer.from(''))).toBe(false);
  });
});
