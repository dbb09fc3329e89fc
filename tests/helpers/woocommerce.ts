import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURE = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'intake', 'woocommerce-order-created.json'), 'utf8'));

/** A WooCommerce REST v3 order (the order.* webhook body) shaped like the documented example, with our own id and lines. */
export function wooOrderBody(o: { id: number; status?: string; note?: string; lines: { sku: string | null; quantity: number; productId?: number; variationId?: number }[] }): string {
  const body = structuredClone(FIXTURE);
  body.id = o.id;
  body.number = String(o.id);
  body.status = o.status ?? 'processing';
  body.customer_note = o.note ?? '';
  const template = FIXTURE.line_items[0];
  body.line_items = o.lines.map((l, i) => ({
    ...template,
    id: o.id * 100 + i,
    name: l.sku ?? `Product ${l.productId}`,
    product_id: l.productId ?? 90 + i,
    variation_id: l.variationId ?? 0,
    quantity: l.quantity,
    subtotal: (3 * l.quantity).toFixed(2),
    total: (3 * l.quantity).toFixed(2),
    sku: l.sku ?? '',
  }));
  return JSON.stringify(body);
}

export const signWoo = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('base64');

/** Posts a WooCommerce webhook delivery the way WooCommerce sends one (headers only where given). */
export async function postWooWebhook(
  baseUrl: string,
  webhookPath: string,
  body: string,
  opts: { secret?: string | null; topic?: string | null; deliveryId?: string } = {},
) {
  const topic = opts.topic === undefined ? 'order.created' : opts.topic;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-WC-Webhook-Source': 'https://example.com/', 'X-WC-Webhook-ID': '7' };
  if (topic) {
    headers['X-WC-Webhook-Topic'] = topic;
    headers['X-WC-Webhook-Resource'] = topic.split('.')[0];
    headers['X-WC-Webhook-Event'] = topic.split('.')[1];
  }
  if (opts.secret) headers['X-WC-Webhook-Signature'] = signWoo(body, opts.secret);
  if (opts.deliveryId) headers['X-WC-Webhook-Delivery-ID'] = opts.deliveryId;
  const res = await fetch(`${baseUrl}${webhookPath}`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as any };
}
