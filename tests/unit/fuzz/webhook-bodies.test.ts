import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShopifyOrderObject, parseShopifyOrderWebhook, parseWooCommerceOrder, wooCommerceDeletedOrderId, type IntakeResult, type IncomingOrder } from '../../../main/domain/orders/intake/index';
import { readShopifyOrderFast } from '../../../main/domain/orders/intake/shopify-order-fast-path';
import { parseShopifyOrderWithSchema } from '../../../main/domain/orders/intake/shopify-order-json';
import { mutatedJson } from './arbitraries';

// Webhook bodies come from the internet (after the signature check, but a store's own bugs and
// plugins send anything): the parsers must answer every body with an order or with errors that
// name the field, never throw.

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake');
const shopifyOrder = JSON.parse(readFileSync(path.join(FIXTURES, 'shopify-webhook-body.json'), 'utf8')) as unknown;
const wooOrder = JSON.parse(readFileSync(path.join(FIXTURES, 'woocommerce-order-created.json'), 'utf8')) as unknown;

/** The parser's answer is either an order or at least one error, each naming a field (or the body) with a message. */
function expectWellFormed(result: IntakeResult<IncomingOrder>): void {
  if (result.ok) {
    expect(typeof result.value.externalId).toBe('string');
    expect(result.value.externalId.length).toBeGreaterThan(0);
    for (const line of result.value.lines) expect(Number.isSafeInteger(line.unitPriceCents) && Number.isSafeInteger(line.quantity)).toBe(true);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(`${error.path ?? ''}${error.field}`.length, JSON.stringify(error)).toBeGreaterThan(0);
    expect(error.message.length).toBeGreaterThan(0);
    // Never a 50 MB echo of the input.
    expect(error.message.length).toBeLessThan(1000);
  }
}

const anyBody = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)));
const topics = fc.constantFrom(undefined, null, 'orders/create', 'orders/updated', 'orders/cancelled', 'order.created', 'order.updated', 'x');

describe('webhook body parsers (fuzz)', () => {
  it('Shopify: any bytes give an order or errors naming the field', () => {
    fc.assert(
      fc.property(anyBody, topics, (body, topic) => expectWellFormed(parseShopifyOrderWebhook(body, topic))),
      { numRuns: 2000 },
    );
  });

  it('Shopify: a real order with fields changed, removed or retyped gives an order or errors naming the field', () => {
    fc.assert(
      fc.property(mutatedJson(shopifyOrder), topics, (body, topic) => {
        expectWellFormed(parseShopifyOrderWebhook(JSON.stringify(body), topic));
        expectWellFormed(parseShopifyOrderObject(body, topic));
      }),
      { numRuns: 2500 },
    );
  });

  it('Shopify: the fast reader accepts only what the schema accepts, with the same result', () => {
    fc.assert(
      fc.property(mutatedJson(shopifyOrder), (body) => {
        const fast = readShopifyOrderFast(body);
        if (fast === null) return;
        const schema = parseShopifyOrderWithSchema(body);
        expect(schema.success).toBe(true);
        if (schema.success) expect(fast).toEqual(schema.data);
      }),
      { numRuns: 2500 },
    );
  });

  it('WooCommerce: any bytes, and a real order mutated, give an order or errors naming the field', () => {
    fc.assert(
      fc.property(anyBody, topics, (body, topic) => {
        expectWellFormed(parseWooCommerceOrder(body, topic));
        const id = wooCommerceDeletedOrderId(body);
        expect(id === null || typeof id === 'string').toBe(true);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(mutatedJson(wooOrder), topics, (body, topic) => expectWellFormed(parseWooCommerceOrder(JSON.stringify(body), topic))),
      { numRuns: 2500 },
    );
  });
});
