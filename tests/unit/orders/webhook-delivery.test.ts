import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/clock';
import { shopifyOrderBody, signShopify } from '../../helpers/shopify';
import { tempApp } from '../../helpers/temp-app';

/**
 * The orders domain answers a webhook delivery without any HTTP: headers as a plain object, the body
 * as bytes, the answer as `{ status, body }` (main/server/webhook-routes.ts is the HTTP side, and
 * tests/unit/orders/webhooks.test.ts covers the whole path over a real server).
 */
const SECRET = 'shpss_domain_secret_456';
let app: Awaited<ReturnType<typeof tempApp>>;
let key: string;

beforeEach(async () => {
  app = await tempApp({ clock: new ManualClock(new Date('2026-11-02T10:00:00Z')) });
  await app.invoke('catalog.upsert', { sku: 'TEE-RED-M', name: 'Tee red M' });
  await app.invoke('stock.receive', { sku: 'TEE-RED-M', quantity: 10 });
  const channel = await app.invoke('channels.upsert', { name: 'My Shopify', kind: 'shopify', secret: SECRET });
  key = channel.webhookPath.split('/').pop()!;
});
afterEach(async () => {
  await app.cleanup();
});

const deliver = async (headers: Record<string, string>, kind = 'shopify', to = key) => await app.services.orders.openWebhookDelivery({ kind, key: to, headers, remoteAddress: '192.0.2.7' });

describe('webhook delivery in the orders domain', () => {
  it('creates the order from a signed body and answers 200 with the outcome', async () => {
    const body = shopifyOrderBody({ id: 4242, lines: [{ sku: 'TEE-RED-M', quantity: 2 }] });
    const delivery = await deliver({ 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify(body, SECRET) });
    const answer = await delivery!.receive(Buffer.from(body));
    expect(answer).toMatchObject({ status: 200, body: { ok: true, outcome: 'created', status: 'allocated' } });
    const order = await app.invoke('orders.get', { id: answer.body.orderId as number });
    expect(order.externalId).toBe('4242');
  });

  it('answers 401 to a wrong signature and logs the attempt with the sender address', async () => {
    const body = shopifyOrderBody({ id: 4243, lines: [{ sku: 'TEE-RED-M', quantity: 1 }] });
    const answer = await (await deliver({ 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify(body, 'not-the-secret') }))!.receive(Buffer.from(body));
    expect(answer.status).toBe(401);
    expect(await app.store.raw<{ outcome: string; remote: string }>('select outcome, remote from webhook_log')).toEqual([{ outcome: 'bad_signature', remote: '192.0.2.7' }]);
  });

  it('knows no delivery for an unknown key or the wrong platform, and a refused body is logged as malformed', async () => {
    expect(await deliver({}, 'shopify', 'no-such-key')).toBeNull();
    expect(await deliver({}, 'woocommerce')).toBeNull();
    await (await deliver({ 'x-shopify-topic': 'orders/create' }))!.bodyRefused(413, 'Request body is larger than 5242880 bytes');
    expect(await app.store.raw<{ outcome: string; http_status: number }>('select outcome, http_status from webhook_log')).toEqual([{ outcome: 'malformed', http_status: 413 }]);
  });
});
