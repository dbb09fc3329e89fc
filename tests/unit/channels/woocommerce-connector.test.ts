import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelApiError, type ChannelConnector, type FulfilmentPush } from '../../../main/domain/channels/connector';
import { createWooCommerceConnector } from '../../../main/domain/channels/woocommerce/index';
import { parseWooCommerceOrderObject } from '../../../main/domain/orders/intake/index';
import { startWooCommerceStore, type SimulatedWooCommerceStore } from '../../../main/simulators/woocommerce-store';

/** The WooCommerce connector against the simulated store over real loopback HTTP (OAuth 1.0a signed). */
let store: SimulatedWooCommerceStore;
let woo: ChannelConnector;

beforeEach(async () => {
  store = await startWooCommerceStore({ name: 'Harbor Goods' });
  woo = createWooCommerceConnector(store.credentials, { timeoutMs: 2000 });
});
afterEach(() => store.close());

async function failure(p: Promise<unknown>): Promise<ChannelApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ChannelApiError) return err;
    throw err;
  }
  throw new Error('expected a ChannelApiError');
}

describe('connect', () => {
  it('reads the store and its one location with good credentials', async () => {
    expect(await woo.connect()).toEqual({ shop: 'Harbor Goods', locations: [{ id: 'store', name: 'Harbor Goods' }], missingScopes: [] });
    // Signed OAuth over plain HTTP: the secret itself never travels.
    expect(store.requests.some((r) => r.path === '/wp-json/wc/v3/system_status')).toBe(true);
  });

  it('refuses a wrong secret or key as an auth failure in plain words', async () => {
    const badSecret = await failure(createWooCommerceConnector({ ...store.credentials, secret: 'cs_wrong' }).connect());
    expect(badSecret.kind).toBe('auth');
    expect(badSecret.message).toMatch(/refused the API key: Invalid signature/);
    const badKey = await failure(createWooCommerceConnector({ ...store.credentials, key: 'ck_wrong' }).connect());
    expect(badKey).toMatchObject({ kind: 'auth', detail: { status: 401 } });
    expect(badKey.message).toMatch(/Consumer key is invalid/);
  });

  it('reports a read-only key as the missing read_write permission, and refuses its writes as a scope error', async () => {
    store.addProduct({ sku: 'MUG', name: 'Mug', stock: 5 });
    store.fail({ kind: 'dropScopes', scopes: ['read_write'] });
    expect((await woo.connect()).missingScopes).toEqual([{ scope: 'read_write', neededFor: 'send fulfilments and push stock' }]);
    const err = await failure(woo.setStock([{ sku: 'MUG', locationId: null, quantity: 3, compareQuantity: null }]));
    expect(err).toMatchObject({ kind: 'scope', detail: { scope: 'read_write' } });
    expect(store.stockOf('MUG')).toBe(5);
  });

  it('a tampered signature or a replayed nonce is refused by the store', async () => {
    const sent: string[] = [];
    const tampering = createWooCommerceConnector(store.credentials, {
      fetch: (input, init) => {
        const url = new URL(String(input));
        url.searchParams.set('page', '7'); // changed after signing
        return fetch(url, init);
      },
    });
    expect((await failure(tampering.pullOrders('2026-01-01T00:00:00Z'))).message).toMatch(/provided signature does not match/);
    const replaying = createWooCommerceConnector(store.credentials, {
      fetch: async (input, init) => {
        sent.push(String(input));
        return fetch(sent[0], init);
      },
    });
    await replaying.pullOrders('2026-01-01T00:00:00Z');
    expect((await failure(replaying.pullOrders('2026-01-01T00:00:00Z'))).message).toMatch(/nonce has already been used/);
  });

  it('uses HTTP Basic auth, and no signature, for an https:// store', async () => {
    const proxied = await startWooCommerceStore({ acceptBasicAuth: true });
    try {
      const seen: { url: string; auth: string | null }[] = [];
      const https = createWooCommerceConnector(
        { ...proxied.credentials, url: proxied.url.replace('http://', 'https://') },
        {
          // Stands in for the TLS hop: the request is what the connector would send to https://.
          fetch: (input, init) => {
            seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
            return fetch(String(input).replace('https://', 'http://'), init);
          },
        },
      );
      expect((await https.connect()).missingScopes).toEqual([]);
      const api = seen.find((s) => s.url.includes('/system_status'))!;
      expect(api.url).not.toContain('oauth_signature');
      expect(api.auth).toBe(`Basic ${Buffer.from(`${proxied.credentials.key}:${proxied.credentials.secret}`).toString('base64')}`);
    } finally {
      await proxied.close();
    }
  });
});

describe('pullOrders', () => {
  it('pages through orders changed since the cursor, oldest first, as webhook bodies; cancelled ones flagged', async () => {
    store.addProduct({ sku: 'MUG', name: 'Mug', stock: 1000 });
    const start = new Date(Date.now() - 5000).toISOString();
    const sold: string[] = [];
    for (let i = 0; i < 130; i++) sold.push((await store.sell([{ sku: 'MUG', quantity: 1 }], { skipWebhook: true }))!.externalId);
    await store.cancelOrder(sold[3], { skipWebhook: true });
    const first = await woo.pullOrders(start);
    expect(first.orders).toHaveLength(100);
    expect(first.nextPage).toBe('2');
    const second = await woo.pullOrders(start, first.nextPage);
    expect(second.nextPage).toBeNull();
    const all = [...first.orders, ...second.orders];
    expect(new Set(all.map((o) => o.externalId))).toEqual(new Set(sold));
    expect(all.map((o) => o.updatedAt)).toEqual([...all.map((o) => o.updatedAt)].sort());
    expect(all.at(-1)).toMatchObject({ externalId: sold[3], cancelled: true, topic: 'order.updated' });
    expect(all.filter((o) => o.cancelled)).toHaveLength(1);
    const parsed = parseWooCommerceOrderObject(all[0].body, all[0].topic);
    expect(parsed).toMatchObject({ ok: true, value: { externalId: all[0].externalId, lines: [{ sku: 'MUG', quantity: 1 }] } });
  });

  it('reads nothing older than the cursor (beyond the one-second overlap)', async () => {
    store.addProduct({ sku: 'MUG', name: 'Mug', stock: 10 });
    const old = (await store.sell([{ sku: 'MUG', quantity: 1 }], { skipWebhook: true }))!.externalId;
    const later = new Date(Date.now() + 5000).toISOString();
    expect((await woo.pullOrders(later)).orders).toEqual([]);
    store.setOrderStatus(old, 'on-hold');
    const all = await woo.pullOrders(new Date(Date.now() - 60_000).toISOString());
    expect(all.orders.map((o) => o.externalId)).toEqual([old]);
  });
});

describe('listProducts', () => {
  it('lists products and variations, with and without SKUs, under product_id or product_id:variation_id', async () => {
    const mug = store.addProduct({ sku: 'MUG', name: 'Mug', stock: 1 });
    const plain = store.addProduct({ sku: null, name: 'Gift card', stock: 1 });
    const tee = store.addVariableProduct({ name: 'Tee', variations: [{ sku: 'TEE-S', name: 'S', stock: 2 }, { sku: null, name: 'M', stock: 2 }] });
    const { products, nextPage } = await woo.listProducts();
    expect(nextPage).toBeNull();
    expect(products).toEqual([
      { externalId: mug.externalId, sku: 'MUG', name: 'Mug' },
      { externalId: plain.externalId, sku: null, name: 'Gift card' },
      { externalId: tee.variations[0], sku: 'TEE-S', name: 'S' },
      { externalId: tee.variations[1], sku: null, name: 'M' },
    ]);
  });
});

describe('fulfilments', () => {
  const push = (externalOrderId: string, over: Partial<FulfilmentPush> = {}): FulfilmentPush => ({
    externalOrderId,
    shipmentRef: 'shipment-1',
    lines: [{ sku: 'MUG', externalLineId: null, quantity: 1 }],
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    notifyCustomer: true,
    orderComplete: true,
    ...over,
  });

  it('a whole shipment completes the order with tracking meta and a customer note; a retry is recognised', async () => {
    store.addProduct({ sku: 'MUG', name: 'Mug', stock: 5 });
    const { externalId } = (await store.sell([{ sku: 'MUG', quantity: 1 }], { skipWebhook: true }))!;
    const sent = await woo.createFulfilment(push(externalId));
    expect(sent.alreadyExisted).toBe(false);
    expect(store.orderStatus(externalId)).toBe('completed');
    expect(store.fulfilmentsOf(externalId)).toEqual([
      { id: sent.fulfilmentId, status: 'success', trackingNumber: '1Z999AA10123456784', trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784', carrier: 'UPS', lines: [] },
    ]);
    const meta = store.order(externalId).meta_data.find((m) => m.key === '_wc_shipment_tracking_items')!;
    expect(meta.value).toEqual([
      { tracking_provider: '', custom_tracking_provider: 'UPS', custom_tracking_link: 'https://www.ups.com/track?tracknum=1Z999AA10123456784', tracking_number: '1Z999AA10123456784', date_shipped: expect.stringMatching(/^\d+$/), tracking_id: sent.fulfilmentId },
    ]);
    expect(store.notesOf(externalId)).toEqual([{ note: 'Shipped with UPS, tracking number 1Z999AA10123456784 (https://www.ups.com/track?tracknum=1Z999AA10123456784): 1 × MUG.', customer_note: true }]);
    // The answer was lost and the outbox sends again: the same tracking number is recognised.
    expect(await woo.createFulfilment(push(externalId))).toEqual({ fulfilmentId: sent.fulfilmentId, alreadyExisted: true });
    expect(store.fulfilmentsOf(externalId)).toHaveLength(1);
    expect(store.notesOf(externalId)).toHaveLength(1);
  });

  it('a partial shipment leaves the status; the last one completes it; a voided one is withdrawn and the order reopened', async () => {
    store.addProduct({ sku: 'MUG', name: 'Mug', stock: 5 });
    store.addProduct({ sku: 'TEE', name: 'Tee', stock: 5 });
    const { externalId } = (await store.sell([{ sku: 'MUG', quantity: 1 }, { sku: 'TEE', quantity: 1 }], { skipWebhook: true }))!;
    const first = await woo.createFulfilment(push(externalId, { orderComplete: false, notifyCustomer: false }));
    expect(store.orderStatus(externalId)).toBe('processing');
    expect(store.notesOf(externalId)[0]).toMatchObject({ customer_note: false, note: expect.stringMatching(/^Part of the order shipped with UPS/) });
    const second = await woo.createFulfilment(push(externalId, { shipmentRef: 'shipment-2', trackingNumber: '1Z999AA10123456785', lines: [{ sku: 'TEE', externalLineId: null, quantity: 1 }] }));
    expect(second.fulfilmentId).not.toBe(first.fulfilmentId);
    expect(store.orderStatus(externalId)).toBe('completed');
    await woo.cancelFulfilment(externalId, second.fulfilmentId);
    expect(store.orderStatus(externalId)).toBe('processing');
    expect(store.fulfilmentsOf(externalId).map((f) => [f.trackingNumber, f.status])).toEqual([
      ['1Z999AA10123456785', 'cancelled'],
      ['1Z999AA10123456784', 'success'],
    ]);
    expect(store.notesOf(externalId).at(-1)!.note).toMatch(/Shipment voided: tracking number 1Z999AA10123456785/);
    // Already withdrawn: not an error, nothing more written.
    await woo.cancelFulfilment(externalId, second.fulfilmentId);
    expect(store.notesOf(externalId)).toHaveLength(3);
  });

  it('an unknown order is rejected with WooCommerce\'s message', async () => {
    const err = await failure(woo.createFulfilment(push('99999')));
    expect(err).toMatchObject({ kind: 'rejected', detail: { status: 404 } });
    expect(err.message).toMatch(/Invalid ID/);
  });
});

describe('stock', () => {
  it('sets figures on products and variations, refuses to overwrite a count that moved, and reports unknown SKUs', async () => {
    store.addProduct({ sku: 'MUG', name: 'Mug', stock: 10 });
    store.addProduct({ sku: null, name: 'No SKU', stock: 4 });
    store.addVariableProduct({ name: 'Tee', variations: [{ sku: 'TEE-S', name: 'S', stock: 2 }] });
    expect(await woo.setStock([
      { sku: 'MUG', locationId: null, quantity: 8, compareQuantity: null },
      { sku: 'TEE-S', locationId: null, quantity: 6, compareQuantity: 2 },
      { sku: 'GONE', locationId: null, quantity: 1, compareQuantity: null },
    ])).toEqual([
      { sku: 'MUG', locationId: null, outcome: 'set' },
      { sku: 'TEE-S', locationId: null, outcome: 'set' },
      { sku: 'GONE', locationId: null, outcome: 'unknown_sku' },
    ]);
    expect([store.stockOf('MUG'), store.stockOf('TEE-S')]).toEqual([8, 6]);
    // A storefront sale Shipshape has not heard of yet: the figure moved from 8 to 7.
    await store.sell([{ sku: 'MUG', quantity: 1 }], { skipWebhook: true });
    expect(await woo.setStock([{ sku: 'MUG', locationId: null, quantity: 5, compareQuantity: 8 }])).toEqual([{ sku: 'MUG', locationId: null, outcome: 'mismatch', current: 7 }]);
    expect(store.stockOf('MUG')).toBe(7);
    expect(await woo.readStock([{ sku: 'MUG', locationId: null }, { sku: 'GONE', locationId: null }])).toEqual([
      { sku: 'MUG', locationId: null, quantity: 7 },
      { sku: 'GONE', locationId: null, quantity: null },
    ]);
    expect(await woo.setStock([{ sku: 'MUG', locationId: null, quantity: 4, compareQuantity: 7 }])).toEqual([{ sku: 'MUG', locationId: null, outcome: 'set' }]);
    expect(store.stockOf('MUG')).toBe(4);
    expect(woo.maxStockBatch).toBe(100);
  });

  it('an unconditional push of a known SKU needs no read: the id is cached', async () => {
    store.addProduct({ sku: 'MUG', name: 'Mug', stock: 10 });
    await woo.setStock([{ sku: 'MUG', locationId: null, quantity: 9, compareQuantity: null }]);
    const before = store.requests.length;
    await woo.setStock([{ sku: 'MUG', locationId: null, quantity: 3, compareQuantity: null }]);
    expect(store.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /wp-json/wc/v3/products/batch']);
    expect(store.stockOf('MUG')).toBe(3);
  });
});

describe('failures', () => {
  it('429 beyond the rate limit is throttled with Retry-After', async () => {
    const tight = await startWooCommerceStore({ rateLimitPerSecond: 2 });
    try {
      const c = createWooCommerceConnector(tight.credentials);
      await c.pullOrders('2026-01-01T00:00:00Z');
      await c.pullOrders('2026-01-01T00:00:00Z');
      expect(await failure(c.pullOrders('2026-01-01T00:00:00Z'))).toMatchObject({ kind: 'throttled', detail: { status: 429, retryAfterMs: 1000 } });
    } finally {
      await tight.close();
    }
    store.fail({ kind: 'throttle', times: 1 });
    expect(await failure(woo.pullOrders('2026-01-01T00:00:00Z'))).toMatchObject({ kind: 'throttled', detail: { retryAfterMs: 2000 } });
    expect((await woo.pullOrders('2026-01-01T00:00:00Z')).orders).toEqual([]);
  });

  it('5xx, an outage and a timeout are transient; a revoked key is auth', async () => {
    store.fail({ kind: 'http', status: 503, times: 1 });
    expect(await failure(woo.connect())).toMatchObject({ kind: 'transient', detail: { status: 503 } });
    expect((await woo.connect()).shop).toBe('Harbor Goods');
    store.fail({ kind: 'outage' });
    expect((await failure(woo.connect())).kind).toBe('transient');
    store.fail({ kind: 'slow', ms: 400 });
    const impatient = createWooCommerceConnector(store.credentials, { timeoutMs: 100 });
    expect(await failure(impatient.pullOrders('2026-01-01T00:00:00Z'))).toMatchObject({ kind: 'transient', message: expect.stringMatching(/did not answer/) });
    store.fail({ kind: 'revokeToken' });
    expect((await failure(woo.connect())).kind).toBe('auth');
    store.fail(null);
    expect((await woo.connect()).missingScopes).toEqual([]);
  });
});
