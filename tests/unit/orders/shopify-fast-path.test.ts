import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonKeepingLongIntegers, quoteLongIntegers, quoteLongIntegerValues } from '../../../main/domain/orders/intake/exact-json';
import { parseShopifyOrderWithSchema } from '../../../main/domain/orders/intake/shopify-order-json';
import { readShopifyOrderFast } from '../../../main/domain/orders/intake/shopify-order-fast-path';
import { shopifyOrderBody } from '../../helpers/shopify';

/** Parsed as the webhook route parses: 64-bit ids kept exact (as strings). */
const fixture = (name: string): any => {
  const parsed = parseJsonKeepingLongIntegers(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake', name), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

/** The fast reader may only ever say "same as the schema" or "ask the schema" (null). */
function expectAgreement(body: unknown) {
  const schema = parseShopifyOrderWithSchema(body);
  const fast = readShopifyOrderFast(body);
  if (!schema.success) expect(fast).toBeNull();
  else if (fast !== null) expect(fast).toStrictEqual(schema.data);
  return { schema, fast };
}

describe('Shopify order fast reader', () => {
  it('reads real Shopify bodies exactly as the schema does', () => {
    expectAgreement(fixture('shopify-webhook-body.json'));
    for (const body of [fixture('shopify-order-create.json'), JSON.parse(shopifyOrderBody({ id: 42, lines: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1, price: '3.50' }] }))]) {
      const { fast } = expectAgreement(body);
      expect(fast).not.toBeNull();
    }
  });

  it('agrees with the schema (or defers to it) on damaged bodies', () => {
    const base = fixture('shopify-order-create.json');
    const mutations: ((b: any) => void)[] = [
      (b) => delete b.id,
      (b) => (b.id = -1),
      (b) => (b.id = ''),
      // eslint-disable-next-line no-loss-of-precision -- an id past 2^53, as a careless sender writes it
      (b) => (b.id = 5678901234567890123),
      (b) => (b.id = 42),
      (b) => (b.name = ''),
      (b) => (b.currency = 'dollars'),
      (b) => (b.line_items = []),
      (b) => (b.line_items[0].quantity = '2'),
      (b) => (b.line_items[0].price = null),
      (b) => (b.line_items[0].price = 12.5),
      (b) => (b.line_items[0].sku = '   '),
      (b) => (b.line_items[0].sku = 17),
      (b) => delete b.line_items[0].tax_lines,
      (b) => (b.line_items[0].discount_allocations = null),
      (b) => (b.line_items[0].discount_allocations = [{ amount: {} }]),
      (b) => (b.line_items[0].requires_shipping = 'yes'),
      (b) => (b.customer = null),
      (b) => delete b.customer,
      (b) => (b.customer = { id: 7 }),
      (b) => (b.shipping_address = null),
      (b) => (b.shipping_address = []),
      (b) => (b.shipping_address.zip = 10001),
      (b) => (b.shipping_lines = [{ price: '5.00' }]),
      (b) => (b.shipping_lines = 'free'),
      (b) => (b.tags = ['a']),
      (b) => (b.order_number = null),
      (b) => delete b.order_number,
      (b) => (b.note = '  gift  '),
      (b) => (b.created_at = 5),
      (b) => (b.unknown_field = { deep: [1, 2] }),
    ];
    for (const mutate of mutations) {
      const body = structuredClone(base);
      mutate(body);
      expectAgreement(body);
    }
    expect(readShopifyOrderFast(null)).toBeNull();
    expect(readShopifyOrderFast([])).toBeNull();
  });
});

describe('long integers in webhook bodies', () => {
  it('quotes only whole integer literals that are not safe, never digits inside strings or floats', () => {
    const text = '{"id":5678901234567890123,"s":"12345678901234567890","esc":"a\\"5678901234567890123","f":1.12345678901234567,"e":1e-12345678901234567,"n":-5678901234567890123,"safe":1234567890123456,"arr":[9007199254740993]}';
    expect(quoteLongIntegers(text)).toBe(
      '{"id":"5678901234567890123","s":"12345678901234567890","esc":"a\\"5678901234567890123","f":1.12345678901234567,"e":1e-12345678901234567,"n":"-5678901234567890123","safe":1234567890123456,"arr":["9007199254740993"]}',
    );
    expect(quoteLongIntegers('{"id":42}')).toBe('{"id":42}');
    const parsed = parseJsonKeepingLongIntegers(Buffer.from(text));
    expect(parsed.ok && (parsed.value as { id: string }).id).toBe('5678901234567890123');
  });

  it('the quick regex pass agrees with the exact scan, and a body it gets wrong falls back to the scan', () => {
    const values = '{"id": 5678901234567890123,\n "ids":[5678901234567890123, 9007199254740993 ],"n":-5678901234567890123,"safe":1234567890123456,"f":1.12345678901234567}';
    expect(quoteLongIntegerValues(values)).toBe(quoteLongIntegers(values));
    // Digits inside a string that look like a value: the quick pass breaks the JSON, the exact scan decides.
    const tricky = '{"note":"ref: 5678901234567890123, thanks","also":"[5678901234567890123]","id":5678901234567890123}';
    expect(() => JSON.parse(quoteLongIntegerValues(tricky))).toThrow();
    const parsed = parseJsonKeepingLongIntegers(Buffer.from(tricky));
    expect(parsed.ok && parsed.value).toEqual({ note: 'ref: 5678901234567890123, thanks', also: '[5678901234567890123]', id: '5678901234567890123' });
  });

  it('skips the regex pass only when it could change nothing (random bodies)', () => {
    // The regex pass on its own is the reference: the prefilter may only skip it when it would be a no-op.
    const reference = (text: string) => text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, (m, before: string, digits: string) => (Number.isSafeInteger(Number(digits)) ? m : `${before}"${digits}"`));
    const pieces = ['{', '}', '[', ']', ',', ':', ' ', '\n', '-', '"', 'a', '/', '.', '1', '9007199254740993', '5678901234567890123', '1234567890123456', '12345'];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let n = 0; n < 5000; n++) {
      let text = '';
      for (let i = 0, len = 1 + Math.floor(random() * 30); i < len; i++) text += pieces[Math.floor(random() * pieces.length)];
      expect(quoteLongIntegerValues(text)).toBe(reference(text));
    }
    // A Shopify body: long digit runs only inside strings (the gid), none as a value — returned as is.
    const body = shopifyOrderBody({ id: 1, lines: [{ sku: 'A', quantity: 1 }] });
    expect(body).toMatch(/\d{16}/);
    expect(quoteLongIntegerValues(body)).toBe(body);
  });
});
