import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { postShopifyWebhook, shopifyOrderBody, signShopify } from '../../helpers/shopify';
import { tempApp } from '../../helpers/temp-app';
import { postWooWebhook, wooOrderBody } from '../../helpers/woocommerce';

/** Issue 17, item 9: the intake defects found while connecting channels to their stores. */
const SECRET = 'woo_secret_for_tests_1';
const clock = new ManualClock(new Date('2026-11-02T10:00:00Z'));
let app: Awaited<ReturnType<typeof tempApp>>;
let server: StationServer;
let wooPath: string;

beforeEach(async () => {
  clock.set(new Date('2026-11-02T10:00:00Z'));
  app = await tempApp({ clock });
  server = await startStationServer(app, { port: 0 });
  for (const sku of ['MUG', 'TEE']) {
    await app.invoke('catalog.upsert', { sku, name: sku });
    await app.invoke('stock.receive', { sku, quantity: 10 });
  }
  wooPath = (await app.invoke('channels.upsert', { name: 'Woo', kind: 'woocommerce', secret: SECRET })).webhookPath;
});
afterEach(async () => {
  await server.close();
  await app.cleanup();
});

const orderCount = async () => (await app.store.raw<{ n: number }>('select count(*) as n from sales_order'))[0].n;
const available = async (sku: string) => (await app.invoke('stock.list', {})).rows.find((r: { sku: string }) => r.sku === sku)!.available;

describe('a WooCommerce line without a SKU', () => {
  it('is accepted (200) and the order held, naming the product; once mapped, the next order goes through', async () => {
    const body = wooOrderBody({ id: 801, lines: [{ sku: 'MUG', quantity: 1 }, { sku: null, quantity: 2, productId: 22, variationId: 23 }] });
    const res = await postWooWebhook(server.url, wooPath, body, { secret: SECRET });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'created', status: 'on_hold' });
    const order = await app.invoke('orders.get', { id: res.body.orderId });
    expect(order.holdReason).toBe('Unknown SKU wc:22:23 (line 2 "Product 22": no SKU in WooCommerce, product 22 variation 23 — map it under Settings → Store connections)');
    const line = order.orderLines.find((l) => l.sku === 'wc:22:23')!;
    expect(line.quantity).toBe(2);
    // Mapped once (remembered as the channel's alias for that product/variation) ...
    expect((await app.invoke('orders.fixLine', { id: order.id, lineId: line.id, sku: 'TEE' })).status).toBe('allocated');
    // ... and the next order for the same variation is allocated at once.
    const next = await postWooWebhook(server.url, wooPath, wooOrderBody({ id: 802, lines: [{ sku: null, quantity: 1, productId: 22, variationId: 23 }] }), { secret: SECRET });
    expect(next.body).toMatchObject({ outcome: 'created', status: 'allocated' });
  });
});

describe('order.deleted', () => {
  it('cancels the order and releases its stock (200); an unknown id is answered 200 and stores nothing', async () => {
    const created = await postWooWebhook(server.url, wooPath, wooOrderBody({ id: 803, lines: [{ sku: 'MUG', quantity: 4 }] }), { secret: SECRET });
    expect(created.body.status).toBe('allocated');
    expect(await available('MUG')).toBe(6);
    const deleted = await postWooWebhook(server.url, wooPath, '{"id":803}', { secret: SECRET, topic: 'order.deleted' });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ outcome: 'cancelled', orderId: created.body.orderId });
    expect((await app.invoke('orders.get', { id: created.body.orderId })).status).toBe('cancelled');
    expect(await available('MUG')).toBe(10);
    const unknown = await postWooWebhook(server.url, wooPath, '{"id":999}', { secret: SECRET, topic: 'order.deleted' });
    expect(unknown).toMatchObject({ status: 200, body: { outcome: 'unknown_order' } });
    expect(await orderCount()).toBe(1);
    // Unsigned, it is refused like any other delivery.
    expect((await postWooWebhook(server.url, wooPath, '{"id":803}', { secret: null, topic: 'order.deleted' })).status).toBe(401);
  });
});

describe('the WooCommerce ping', () => {
  it('is only the webhook_id form body: an unsigned order body without a topic is refused 401, a signed one is processed', async () => {
    const body = wooOrderBody({ id: 804, lines: [{ sku: 'MUG', quantity: 1 }] });
    const unsigned = await postWooWebhook(server.url, wooPath, body, { secret: null, topic: null });
    expect(unsigned.status).toBe(401);
    expect(await orderCount()).toBe(0);
    const signed = await postWooWebhook(server.url, wooPath, body, { secret: SECRET, topic: null });
    expect(signed).toMatchObject({ status: 200, body: { outcome: 'created' } });
    const ping = await fetch(`${server.url}${wooPath}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'webhook_id=12' });
    expect(ping.status).toBe(200);
    expect(await orderCount()).toBe(1);
  });
});

describe('delivery ids', () => {
  it('records X-WC-Webhook-Delivery-ID and answers a redelivery of the same id without processing it again', async () => {
    const body = wooOrderBody({ id: 805, lines: [{ sku: 'MUG', quantity: 1 }] });
    const first = await postWooWebhook(server.url, wooPath, body, { secret: SECRET, deliveryId: '5501' });
    expect(first.body).toMatchObject({ outcome: 'created' });
    const order = await app.invoke('orders.get', { id: first.body.orderId });
    expect(order.rawIdentifiers.webhook_delivery_id).toBe('5501');

    const update = wooOrderBody({ id: 805, note: 'leave at the door', lines: [{ sku: 'MUG', quantity: 1 }] });
    const updated = await postWooWebhook(server.url, wooPath, update, { secret: SECRET, topic: 'order.updated', deliveryId: '5502' });
    expect(updated.body).toMatchObject({ outcome: 'updated' });
    const updatedAt = async () => (await app.store.raw<{ updated_at: string }>('select updated_at from sales_order where id = ?', first.body.orderId))[0].updated_at;
    const before = await updatedAt();
    clock.advance(60_000);
    // The same delivery again (WooCommerce retries when our answer was lost): the first answer, nothing rewritten.
    const again = await postWooWebhook(server.url, wooPath, update, { secret: SECRET, topic: 'order.updated', deliveryId: '5502' });
    expect(again).toMatchObject({ status: 200, body: { outcome: 'updated', orderId: first.body.orderId, redelivery: true } });
    expect(await updatedAt()).toBe(before);
    // A different delivery of the same update is processed (idempotent by order id underneath): it
    // finds nothing new, so nothing is rewritten (channel-updates.ts).
    const other = await postWooWebhook(server.url, wooPath, update, { secret: SECRET, topic: 'order.updated', deliveryId: '5503' });
    expect(other.body.redelivery).toBeUndefined();
    expect(other.body).toMatchObject({ outcome: 'duplicate', orderId: first.body.orderId });
    expect(await updatedAt()).toBe(before);
  });

  it('records X-Shopify-Webhook-Id the same way', async () => {
    const shopPath = (await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: SECRET })).webhookPath;
    const body = shopifyOrderBody({ id: 4400, lines: [{ sku: 'TEE', quantity: 1 }] });
    const post = () =>
      fetch(`${server.url}${shopPath}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Hmac-Sha256': signShopify(body, SECRET), 'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' },
        body,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const first = await post();
    expect(first.body).toMatchObject({ outcome: 'created' });
    expect((await app.invoke('orders.get', { id: first.body.orderId })).rawIdentifiers.webhook_delivery_id).toBe('b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
    expect(await post()).toMatchObject({ status: 200, body: { outcome: 'created', redelivery: true } });
    // Without the header: the order-id idempotency still answers "duplicate".
    expect((await postShopifyWebhook(server.url, shopPath, body, SECRET)).body).toMatchObject({ outcome: 'duplicate' });
    expect(await orderCount()).toBe(1);
  });
});

describe('import orders', () => {
  it('counts an order that arrives already cancelled as cancelled, not as a duplicate', async () => {
    const shop = await app.invoke('channels.upsert', { name: 'Shop', kind: 'shopify', secret: SECRET });
    const fixture = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'intake', 'shopify-orders-export.csv'), 'utf8');
    // #1002 was cancelled in Shopify before the export.
    const [header, ...rows] = fixture.trimEnd().split('\n');
    const cancelledAt = header.split(',').indexOf('Cancelled at');
    const content = [header, ...rows.map((row) => (row.startsWith('#1002,') ? row.split(',').map((cell, i) => (i === cancelledAt ? '2026-10-30 09:00:00 -0400' : cell)).join(',') : row))].join('\n');
    expect(content).toContain('2026-10-30 09:00:00 -0400');
    const first = await app.invoke('orders.import', { channel: shop.id, format: 'shopify', content });
    expect(first).toMatchObject({ created: 2, cancelled: 1, duplicate: 0, failed: 0 });
    const again = await app.invoke('orders.import', { channel: shop.id, format: 'shopify', content });
    expect(again).toMatchObject({ created: 0, cancelled: 0, duplicate: 3 });
  });
});
