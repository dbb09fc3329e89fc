import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../main/app';
import { ManualClock } from '../../../main/clock';
import { startStationServer, type StationServer } from '../../../main/server/server';
import { postShopifyWebhook, shopifyOrderBody, signShopify } from '../../helpers/shopify';
import { tempApp } from '../../helpers/temp-app';

const SECRET = 'shpss_first_secret_123';
const clock = new ManualClock(new Date('2026-11-02T10:00:00Z'));
let app: Awaited<ReturnType<typeof tempApp>>;
let server: StationServer;
let path: string;
let channelId: number;

beforeEach(async () => {
  clock.set(new Date('2026-11-02T10:00:00Z'));
  app = await tempApp({ clock });
  server = await startStationServer(app, { port: 0 });
  await app.invoke('catalog.upsert', { sku: 'TEE-RED-M', name: 'Tee red M' });
  await app.invoke('stock.receive', { sku: 'TEE-RED-M', quantity: 10 });
  const channel = await app.invoke('channels.upsert', { name: 'My Shopify', kind: 'shopify', secret: SECRET });
  path = channel.webhookPath;
  channelId = channel.id;
});
afterEach(async () => {
  await server.close();
  await app.cleanup();
});

const orderCount = async () => (await app.store.raw<{ n: number }>('select count(*) as n from sales_order'))[0].n;

describe('Shopify webhooks', () => {
  it('accepts a signed order once; a redelivery is a duplicate, not a second order', async () => {
    const body = shopifyOrderBody({ id: 5678901234567890, lines: [{ sku: 'TEE-RED-M', quantity: 2 }] });
    const first = await postShopifyWebhook(server.url, path, body, SECRET);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ outcome: 'created', status: 'allocated' });
    const again = await postShopifyWebhook(server.url, path, body, SECRET);
    expect(again.body).toMatchObject({ outcome: 'duplicate', orderId: first.body.orderId });
    expect(await orderCount()).toBe(1);
    const order = await app.invoke('orders.get', { id: first.body.orderId });
    expect(order.externalId).toBe('5678901234567890'); // exactly as sent, no float rounding
    expect(order.orderLines[0].reserved).toEqual([{ sku: 'TEE-RED-M', warehouse: 'MAIN', bin: 'DEFAULT', lot: null, quantity: 2 }]);
  });

  it('refuses a bad or missing signature with 401, stores nothing, and logs the attempt', async () => {
    const body = shopifyOrderBody({ id: 1001, lines: [{ sku: 'TEE-RED-M', quantity: 1 }] });
    expect((await postShopifyWebhook(server.url, path, body, 'wrong-secret-xyz')).status).toBe(401);
    expect((await postShopifyWebhook(server.url, path, body, null)).status).toBe(401);
    // Signed body, then tampered with: still refused.
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Hmac-Sha256': signShopify(body, SECRET) },
      body: body.replace('"quantity":1', '"quantity":9'),
    });
    expect(res.status).toBe(401);
    expect(await orderCount()).toBe(0);
    expect((await app.store.raw<{ outcome: string }>('select outcome from webhook_log')).map((r) => r.outcome)).toEqual(['bad_signature', 'bad_signature', 'bad_signature']);
  });

  it('answers a malformed body with 400 and a reason, storing nothing', async () => {
    const body = '{"id": 12, "line_items": "nope"}';
    const res = await postShopifyWebhook(server.url, path, body, SECRET);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Malformed order/);
    expect(await orderCount()).toBe(0);
  });

  it('accepts old and new secrets during a rotation window, then only the new one', async () => {
    await app.invoke('channels.upsert', { id: channelId, name: 'My Shopify', kind: 'shopify', secret: 'shpss_second_secret_456', retireOldAfterHours: 1 });
    const a = shopifyOrderBody({ id: 2001, lines: [{ sku: 'TEE-RED-M', quantity: 1 }] });
    const b = shopifyOrderBody({ id: 2002, lines: [{ sku: 'TEE-RED-M', quantity: 1 }] });
    expect((await postShopifyWebhook(server.url, path, a, SECRET)).status).toBe(200);
    expect((await postShopifyWebhook(server.url, path, b, 'shpss_second_secret_456')).status).toBe(200);
    clock.advance(61 * 60_000);
    const c = shopifyOrderBody({ id: 2003, lines: [{ sku: 'TEE-RED-M', quantity: 1 }] });
    expect((await postShopifyWebhook(server.url, path, c, SECRET)).status).toBe(401);
    expect((await postShopifyWebhook(server.url, path, c, 'shpss_second_secret_456')).status).toBe(200);
  });

  it('honours a secret rotated by another process on the same database at once, and drops the old one', async () => {
    // The CLI (`shipshape channels add --secret ...`) is a second connection; the server keeps the
    // channel in memory for up to a second, and reads it afresh before refusing a signature.
    const body = (id: number) => shopifyOrderBody({ id, lines: [{ sku: 'TEE-RED-M', quantity: 1 }] });
    expect((await postShopifyWebhook(server.url, path, body(2100), SECRET)).status).toBe(200);
    const cli = await openApp({ dbPath: app.store.path, clock });
    await cli.invoke('channels.upsert', { id: channelId, name: 'My Shopify', kind: 'shopify', secret: 'shpss_rotated_secret_789' });
    await cli.close();
    expect((await postShopifyWebhook(server.url, path, body(2101), 'shpss_rotated_secret_789')).status).toBe(200);
    // The fresh read above replaced the remembered channel: the retired secret no longer verifies.
    expect((await postShopifyWebhook(server.url, path, body(2102), SECRET)).status).toBe(401);
    expect(await orderCount()).toBe(2);
  });

  it('puts an order with an unknown SKU on hold, visible and fixable', async () => {
    await app.invoke('catalog.upsert', { sku: 'MUG', name: 'Mug' });
    await app.invoke('stock.receive', { sku: 'MUG', quantity: 3 });
    const body = shopifyOrderBody({ id: 3001, lines: [{ sku: 'TEE-RED-M', quantity: 1 }, { sku: 'MUG-OLD-CODE', quantity: 1 }] });
    const res = await postShopifyWebhook(server.url, path, body, SECRET);
    expect(res.body.status).toBe('on_hold');
    let order = await app.invoke('orders.get', { id: res.body.orderId });
    expect(order.holdReason).toBe('Unknown SKU MUG-OLD-CODE (line 2)');
    const line = order.orderLines.find((l) => l.sku === 'MUG-OLD-CODE')!;
    order = await app.invoke('orders.fixLine', { id: order.id, lineId: line.id, sku: 'MUG' });
    expect(order.status).toBe('allocated');
    // The alias is remembered: the next order with the old code goes straight through.
    const next = await postShopifyWebhook(server.url, path, shopifyOrderBody({ id: 3002, lines: [{ sku: 'MUG-OLD-CODE', quantity: 1 }] }), SECRET);
    expect(next.body.status).toBe('allocated');
  });

  it('cancels an order when Shopify sends orders/cancelled, releasing its stock', async () => {
    const body = shopifyOrderBody({ id: 4001, lines: [{ sku: 'TEE-RED-M', quantity: 4 }] });
    const created = await postShopifyWebhook(server.url, path, body, SECRET);
    const cancelled = await postShopifyWebhook(server.url, path, body, SECRET, 'orders/cancelled');
    expect(cancelled.body).toMatchObject({ outcome: 'cancelled', orderId: created.body.orderId });
    const stock = await app.invoke('stock.list', {});
    expect(stock.rows[0]).toMatchObject({ reserved: 0, available: 10 });
  });
});

describe('webhook addresses', () => {
  it('answers 404 for an unknown address and for a channel that receives no webhooks, storing nothing (not even a log row)', async () => {
    const body = shopifyOrderBody({ id: 7001, lines: [{ sku: 'TEE-RED-M', quantity: 1 }] });
    expect((await postShopifyWebhook(server.url, '/webhooks/shopify/no-such-key', body, SECRET)).status).toBe(404);
    // A CSV channel has a key too, but nothing sends it webhooks: never parsed as some other kind.
    const csv = await app.invoke('channels.upsert', { name: 'Phone orders', kind: 'csv' });
    const key = (await app.store.raw<{ webhook_key: string }>('select webhook_key from channel where id = ?', csv.id))[0].webhook_key;
    const res = await fetch(`${server.url}/webhooks/csv/${key}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-WC-Webhook-Signature': signShopify(body, SECRET) }, body });
    expect(res.status).toBe(404);
    expect(await orderCount()).toBe(0);
    expect((await app.store.raw<{ outcome: string }>('select outcome from webhook_log')).map((r) => r.outcome)).toEqual([]);
  });
});

describe('WooCommerce webhooks', () => {
  it('answers the ping sent when a webhook is saved with 200 and stores nothing', async () => {
    const woo = await app.invoke('channels.upsert', { name: 'Woo', kind: 'woocommerce', secret: 'woo_secret_abc' });
    const res = await fetch(`${server.url}${woo.webhookPath}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'webhook_id=12' });
    expect(res.status).toBe(200);
    expect(await orderCount()).toBe(0);
  });
});
