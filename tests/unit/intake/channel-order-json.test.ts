import { describe, expect, it } from 'vitest';
import { parseShopifyOrderWebhook } from '../../../main/domain/orders/intake/shopify-order-json';
import { parseWooCommerceOrder, wooCommerceDeletedOrderId } from '../../../main/domain/orders/intake/woocommerce-order-json';
import { readFixture } from './fixture-path';

const shopifyBody = readFixture('shopify-order-create.json');
const wooBody = readFixture('woocommerce-order-created.json');

function editJson(body: Buffer, edit: (value: any) => void): string {
  // Long ids would lose precision through JSON.parse; this helper only edits bodies where that is fine.
  const value = JSON.parse(body.toString('utf8'));
  edit(value);
  return JSON.stringify(value);
}

describe('parseShopifyOrderWebhook', () => {
  it('normalises a documented orders/create payload', () => {
    const result = parseShopifyOrderWebhook(shopifyBody, 'orders/create');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const order = result.value;
    // 5678901234567890123 is above 2^53: JSON.parse alone would turn it into ...0124 (or similar).
    expect(order.externalId).toBe('5678901234567890123');
    expect(order.rawIdentifiers).toMatchObject({
      id: '5678901234567890123',
      name: '#1001',
      order_number: '1001',
      admin_graphql_api_id: 'gid://shopify/Order/5678901234567890123',
      customer_id: '7012345678901',
    });
    expect(order).toMatchObject({
      channel: 'shopify',
      orderNumber: '#1001',
      event: 'created',
      currency: 'USD',
      paymentStatus: 'paid',
      shippingMethod: 'Standard Shipping',
      shippingChargedCents: 800,
      tags: ['wholesale', 'VIP', 'rush'],
      note: 'Please leave at the side door',
      placedAt: '2025-07-16T14:03:12.000Z',
      customer: { name: 'Jon Snow', email: 'jon.snow@example.com', phone: '+16135551199' },
      shipTo: {
        name: 'Jon Snow', company: null, line1: '123 Amoebobacterieae St', line2: 'Unit 4', city: 'Ottawa',
        regionCode: 'ON', postalCode: 'K2P 0V6', countryCode: 'CA', phone: '555-625-1199', residential: null,
      },
    });
    expect(order.lines).toEqual([
      { externalLineId: '13456789012345678', sku: 'TEE-RED-M', name: 'Field Tee - Red / M', quantity: 2, unitPriceCents: 1999, discountCents: 317, taxCents: 260 },
      { externalLineId: '13456789012345679', sku: 'TOTE-CANVAS', name: 'Canvas Tote', quantity: 1, unitPriceCents: 2299, discountCents: 183, taxCents: 167 },
      { externalLineId: '13456789012345680', sku: '', name: 'Gift card $0.00 wrap', quantity: 1, unitPriceCents: 0, discountCents: 0, taxCents: 0 },
    ]);
  });

  it('maps topics to events', () => {
    expect(parseShopifyOrderWebhook(shopifyBody, 'orders/updated')).toMatchObject({ ok: true, value: { event: 'updated' } });
    expect(parseShopifyOrderWebhook(shopifyBody, 'orders/cancelled')).toMatchObject({ ok: true, value: { event: 'cancelled' } });
    const cancelled = editJson(shopifyBody, (o) => (o.cancelled_at = '2025-07-16T11:00:00-04:00'));
    expect(parseShopifyOrderWebhook(cancelled)).toMatchObject({ ok: true, value: { event: 'cancelled' } });
  });

  it('reports every bad field with its JSON path', () => {
    const body = editJson(shopifyBody, (o) => {
      o.line_items[0].price = '19.999';
      o.line_items[1].quantity = 0;
      o.line_items[1].sku = '';
      o.shipping_lines[0].discounted_price = 'free';
      o.created_at = 'yesterday';
    });
    const result = parseShopifyOrderWebhook(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual([
      'line_items[0].price',
      'line_items[1].quantity',
      'line_items[1].sku',
      'shipping_lines[0].discounted_price',
      'created_at',
    ]);
    expect(result.errors[0].message).toMatch(/more than 2 decimals/);
  });

  it('reports schema problems and broken JSON without throwing', () => {
    const missing = parseShopifyOrderWebhook(editJson(shopifyBody, (o) => { delete o.currency; o.line_items = []; }));
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.errors.map((e) => e.path).sort()).toEqual(['currency', 'line_items']);
      expect(missing.errors.find((e) => e.path === 'line_items')?.message).toMatch(/no line items/);
    }
    const broken = parseShopifyOrderWebhook(Buffer.from('{"id": 1, '));
    expect(broken).toMatchObject({ ok: false, errors: [{ field: '(body)' }] });
    expect(broken.ok === false && broken.errors[0].message).toMatch(/not valid JSON/);
    const latin1 = parseShopifyOrderWebhook(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    expect(latin1.ok === false && latin1.errors[0].message).toMatch(/UTF-8/);
  });

  it('keeps long integers exact but leaves strings that look like numbers alone', () => {
    const body = shopifyBody.toString('utf8').replace('"Please leave at the side door"', '"call 12345678901234567890 \\" ok"');
    const result = parseShopifyOrderWebhook(body);
    expect(result.ok && result.value.note).toBe('call 12345678901234567890 " ok');
  });
});

describe('parseWooCommerceOrder', () => {
  it('normalises the REST v3 order example (webhook body shape)', () => {
    const result = parseWooCommerceOrder(wooBody, 'order.created');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value).toEqual({
      channel: 'woocommerce',
      externalId: '727',
      orderNumber: '727',
      event: 'created',
      customer: { name: 'John Doe', email: 'john.doe@example.com', phone: '(555) 555-5555' },
      shipTo: {
        name: 'John Doe', company: null, line1: '969 Market', line2: null, city: 'San Francisco', regionCode: 'CA',
        postalCode: '94103', countryCode: 'US', phone: '(555) 555-5555', residential: null,
      },
      lines: [
        { externalLineId: '315', sku: 'WOO-SINGLE-1', name: 'Woo Single #1', quantity: 2, unitPriceCents: 300, discountCents: 0, taxCents: 45 },
        { externalLineId: '316', sku: 'Bar3', name: 'Ship Your Idea &ndash; Color: Black, Size: M Test', quantity: 1, unitPriceCents: 1200, discountCents: 0, taxCents: 90 },
      ],
      shippingChargedCents: 1000,
      currency: 'USD',
      paymentStatus: 'paid',
      shippingMethod: 'Flat Rate',
      tags: [],
      note: null,
      placedAt: '2017-03-22T19:28:02.000Z',
      rawIdentifiers: { id: '727', number: '727', order_key: 'wc_order_58d2d042d1d', status: 'processing' },
    });
  });

  it('derives unit price and discount from subtotal/total so the line still sums exactly', () => {
    const body = editJson(wooBody, (o) => {
      o.line_items[0].quantity = 3;
      o.line_items[0].subtotal = '10.00';
      o.line_items[0].total = '9.00';
    });
    const result = parseWooCommerceOrder(body, 'order.updated');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const line = result.value.lines[0];
    expect(line.unitPriceCents).toBe(334);
    expect(line.unitPriceCents * line.quantity - line.discountCents).toBe(900);
    expect(result.value.event).toBe('updated');
  });

  it('reports a missing GMT date and bad money with paths', () => {
    const body = editJson(wooBody, (o) => {
      o.line_items[1].total = '12,00';
      delete o.date_created_gmt;
    });
    const result = parseWooCommerceOrder(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['line_items[1].total', 'date_created_gmt']);
  });

  it('keeps a line without a SKU under its product and variation ids instead of refusing the order', () => {
    const body = editJson(wooBody, (o) => {
      o.line_items[0].sku = '';
      delete o.line_items[1].sku;
    });
    const result = parseWooCommerceOrder(body, 'order.created');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.lines.map((l) => l.sku)).toEqual(['wc:93', 'wc:22:23']);
  });

  it('treats a trashed order as cancelled', () => {
    expect(parseWooCommerceOrder(editJson(wooBody, (o) => (o.status = 'trash')), 'order.updated')).toMatchObject({ ok: true, value: { event: 'cancelled' } });
  });

  it('treats a cancelled status as a cancellation and reads order.deleted ids', () => {
    const body = editJson(wooBody, (o) => (o.status = 'cancelled'));
    expect(parseWooCommerceOrder(body, 'order.updated')).toMatchObject({ ok: true, value: { event: 'cancelled', paymentStatus: 'voided' } });
    expect(wooCommerceDeletedOrderId('{"id": 727}')).toBe('727');
    expect(wooCommerceDeletedOrderId('webhook_id=3')).toBeNull();
  });
});
