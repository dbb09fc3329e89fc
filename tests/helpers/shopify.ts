import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURE = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'intake', 'shopify-order-create.json'), 'utf8'));

/** A Shopify orders/create body shaped exactly like the documented payload, with our own id, lines and address. */
export function shopifyOrderBody(o: { id: number | string; name?: string; lines: { sku: string; quantity: number; price?: string }[]; zip?: string; country?: string; province?: string }): string {
  const template = FIXTURE.line_items[0];
  const body = structuredClone(FIXTURE);
  body.id = Number(o.id);
  body.name = o.name ?? `#${o.id}`;
  body.order_number = Number(String(o.id).slice(-6));
  body.line_items = o.lines.map((l, i) => ({
    ...template,
    id: Number(o.id) * 100 + i,
    sku: l.sku,
    quantity: l.quantity,
    price: l.price ?? '10.00',
    price_set: { shop_money: { amount: l.price ?? '10.00', currency_code: 'USD' }, presentment_money: { amount: l.price ?? '10.00', currency_code: 'USD' } },
    total_discount: '0.00',
    discount_allocations: [],
    tax_lines: [],
    requires_shipping: true,
  }));
  body.currency = 'USD';
  body.shipping_address = { ...body.shipping_address, zip: o.zip ?? '10001', country_code: o.country ?? 'US', country: 'United States', province_code: o.province ?? 'NY', city: 'New York' };
  return JSON.stringify(body);
}

export const signShopify = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('base64');

export async function postShopifyWebhook(baseUrl: string, webhookPath: string, body: string, secret: string | null, topic = 'orders/create') {
  const res = await fetch(`${baseUrl}${webhookPath}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': topic,
      ...(secret ? { 'X-Shopify-Hmac-Sha256': signShopify(body, secret) } : {}),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}
