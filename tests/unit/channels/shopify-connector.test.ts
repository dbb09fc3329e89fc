import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelApiError } from '../../../main/domain/channels/connector';
import { createShopifyConnector, SHOPIFY_API_VERSION, shopOrigin } from '../../../main/domain/channels/shopify';
import { parseShopifyOrderObject, parseShopifyOrderWebhook } from '../../../main/domain/orders/intake/shopify-order-json';
import { verifyWebhookSignature } from '../../../main/domain/orders/intake/webhook-signature';
import { ALL_SHOPIFY_SCOPES, startShopifyStore, type SimulatedShopifyStore } from '../../../main/simulators/shopify-store';

// The Shopify connector against the simulated store, over real HTTP on loopback: connecting,
// pulling orders, and how every kind of failure reaches the sync core.

const stores: SimulatedShopifyStore[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function store(opts: Parameters<typeof startShopifyStore>[0] = {}) {
  const s = await startShopifyStore(opts);
  stores.push(s);
  return s;
}

async function failureOf(promise: Promise<unknown>): Promise<ChannelApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelApiError);
  return error as ChannelApiError;
}

/** A webhook receiver that keeps each delivery's raw bytes and headers. */
async function webhookReceiver() {
  const deliveries: { raw: Buffer; headers: Record<string, string | string[] | undefined> }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ raw: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(200).end('ok');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/shopify`, deliveries };
}

describe('connect', () => {
  it('reads the shop name and its locations, with nothing missing when every scope is granted', async () => {
    const s = await store({ shopName: 'Bright Socks', locations: ['Main warehouse', 'Shop floor'] });
    const result = await createShopifyConnector(s.credentials).connect();
    expect(result).toEqual({ shop: 'Bright Socks', locations: s.locations(), missingScopes: [] });
    expect(result.locations.map((l) => l.name)).toEqual(['Main warehouse', 'Shop floor']);
    // Every request went to the pinned version's endpoint as a named operation.
    expect(s.requests.every((r) => r.method === 'POST' && r.path === `/admin/api/${SHOPIFY_API_VERSION}/graphql.json` && r.operation?.startsWith('Shipshape'))).toBe(true);
  });

  it('refuses a wrong token with words the owner can act on', async () => {
    const s = await store();
    const error = await failureOf(createShopifyConnector({ ...s.credentials, token: 'shpat_wrong' }).connect());
    expect(error.kind).toBe('auth');
    expect(error.message).toBe('Shopify refused the access token — check it or create a new one in the custom app');
    expect(error.detail.status).toBe(401);
  });

  it('names each missing scope and what it is needed for', async () => {
    const s = await store({ scopes: ALL_SHOPIFY_SCOPES.filter((x) => x !== 'write_inventory' && x !== 'read_locations') });
    const result = await createShopifyConnector(s.credentials).connect();
    expect(result.missingScopes).toEqual([
      { scope: 'read_locations', neededFor: 'map Shopify locations to warehouses' },
      { scope: 'write_inventory', neededFor: 'push stock figures to the storefront' },
    ]);
    expect(result.locations).toEqual([]); // unreadable without read_locations, and said so
  });

  it('takes write_fulfillments instead of the merchant-managed fulfillment scope', async () => {
    const scopes = ALL_SHOPIFY_SCOPES.filter((x) => x !== 'write_merchant_managed_fulfillment_orders').concat('write_fulfillments');
    const s = await store({ scopes });
    expect((await createShopifyConnector(s.credentials).connect()).missingScopes).toEqual([]);
  });

  it('accepts the shop as a bare domain or a URL, and sends the token over HTTPS only (loopback excepted)', () => {
    expect(shopOrigin('bright-socks.myshopify.com')).toBe('https://bright-socks.myshopify.com');
    expect(shopOrigin(' https://bright-socks.myshopify.com/admin/orders ')).toBe('https://bright-socks.myshopify.com');
    expect(shopOrigin('http://127.0.0.1:4567')).toBe('http://127.0.0.1:4567');
    expect(() => shopOrigin('http://bright-socks.myshopify.com')).toThrow(/must use https/);
    expect(() => createShopifyConnector({ url: 'bright-socks.myshopify.com' })).toThrow(/No Shopify Admin API access token/);
  });
});

describe('pullOrders', () => {
  it('pages through the orders changed since the cursor, oldest change first', async () => {
    const s = await store();
    s.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 100 });
    const before = new Date(Date.now() - 1000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 19; i++) ids.push((await s.sell([{ sku: 'SOCK-1', quantity: 1 }]))!.externalId);
    const connector = createShopifyConnector(s.credentials);

    const pages: string[][] = [];
    let page: string | null = null;
    const updatedAts: string[] = [];
    do {
      const result = await connector.pullOrders(before, page);
      pages.push(result.orders.map((o) => o.externalId));
      updatedAts.push(...result.orders.map((o) => o.updatedAt));
      page = result.nextPage;
    } while (page);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 4]);
    expect(pages.flat()).toEqual(ids);
    expect([...updatedAts].sort()).toEqual(updatedAts);

    // From a later cursor only the later changes come, and a cancellation moves its order to the end.
    const since = updatedAts[15];
    await s.cancelOrder(ids[2], { skipWebhook: true });
    const later = await connector.pullOrders(since);
    expect(later.orders.map((o) => o.externalId)).toEqual([ids[15], ids[16], ids[17], ids[18], ids[2]]);
    const cancelled = later.orders[4];
    expect(cancelled).toMatchObject({ cancelled: true, topic: 'orders/cancelled' });
    const parsed = parseShopifyOrderObject(cancelled.body, cancelled.topic);
    expect(parsed.ok && parsed.value.event).toBe('cancelled');
  });

  it('fetches the rest of the lines of an order longer than one page', async () => {
    const s = await store();
    const lines = Array.from({ length: 23 }, (_, i) => ({ sku: `PART-${i}`, quantity: i + 1 }));
    for (const l of lines) s.addProduct({ sku: l.sku, name: `Part ${l.sku}`, stock: 50 });
    await s.sell(lines, { skipWebhook: true });
    const { orders } = await createShopifyConnector(s.credentials).pullOrders('2000-01-01T00:00:00Z');
    const parsed = parseShopifyOrderObject(orders[0].body, orders[0].topic);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.lines.map((l) => [l.sku, l.quantity])).toEqual(lines.map((l) => [l.sku, l.quantity]));
    expect(s.requests.filter((r) => r.operation === 'ShipshapeOrderLineItems')).toHaveLength(1);
  });

  it('makes the same order from a pulled order as from its signed webhook', async () => {
    const s = await store({ shopName: 'Bright Socks' });
    const receiver = await webhookReceiver();
    s.setWebhookTarget(receiver.url, 'whsec-test');
    s.addProduct({ sku: 'SOCK-1', name: 'Striped sock', stock: 10 });
    s.addProduct({ sku: 'HAT-2', name: 'Wool hat', stock: 10 });
    const sold = await s.sell([{ sku: 'SOCK-1', quantity: 2 }, { sku: 'HAT-2', quantity: 1 }]);

    expect(receiver.deliveries).toHaveLength(1);
    const delivery = receiver.deliveries[0];
    expect(delivery.headers['x-shopify-topic']).toBe('orders/create');
    expect(delivery.headers['x-shopify-shop-domain']).toBe('bright-socks.myshopify.com');
    expect(delivery.headers['x-shopify-api-version']).toBe(SHOPIFY_API_VERSION);
    expect(delivery.headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(verifyWebhookSignature(delivery.raw, delivery.headers['x-shopify-hmac-sha256'], ['whsec-test'])).toBe(true);

    const fromWebhook = parseShopifyOrderWebhook(delivery.raw, 'orders/create');
    const { orders } = await createShopifyConnector(s.credentials).pullOrders('2000-01-01T00:00:00Z');
    expect(orders[0]).toMatchObject({ externalId: sold!.externalId, topic: 'orders/updated', cancelled: false });
    const fromPull = parseShopifyOrderObject(orders[0].body, orders[0].topic);
    if (!fromWebhook.ok || !fromPull.ok) throw new Error('both must parse');
    // Only the event differs (created vs updated), and the checkout token GraphQL does not expose.
    const { event: e1, rawIdentifiers: r1, ...webhookOrder } = fromWebhook.value;
    const { event: e2, rawIdentifiers: r2, ...pulledOrder } = fromPull.value;
    expect([e1, e2]).toEqual(['created', 'updated']);
    expect(pulledOrder).toEqual(webhookOrder);
    const { token, ...webhookIds } = r1;
    expect(token).toBeTruthy();
    expect(r2).toEqual(webhookIds);
    // The channel-side cancellation arrives as orders/cancelled and parses as one.
    await s.cancelOrder(sold!.externalId);
    const cancelled = receiver.deliveries[1];
    expect(cancelled.headers['x-shopify-topic']).toBe('orders/cancelled');
    const parsedCancel = parseShopifyOrderWebhook(cancelled.raw, 'orders/cancelled');
    expect(parsedCancel.ok && [parsedCancel.value.externalId, parsedCancel.value.event]).toEqual([sold!.externalId, 'cancelled']);
    expect(s.stockOf('SOCK-1')).toBe(10); // restocked
    expect(pulledOrder.lines.map((l) => [l.sku, l.quantity, l.unitPriceCents])).toEqual([
      ['SOCK-1', 2, 1250],
      ['HAT-2', 1, 1250],
    ]);
  });
});

describe('failures, as the outbox needs to see them', () => {
  it('the simulated bucket runs dry under back-to-back pages, and the wait it names is enough', async () => {
    const s = await store();
    s.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 100 });
    for (let i = 0; i < 60; i++) await s.sell([{ sku: 'SOCK-1', quantity: 1 }], { skipWebhook: true });
    const connector = createShopifyConnector(s.credentials);
    let page: string | null = null;
    let pages = 0;
    let throttled: ChannelApiError | null = null;
    while (!throttled) {
      try {
        page = (await connector.pullOrders('2000-01-01T00:00:00Z', page)).nextPage;
        pages += 1;
      } catch (e) {
        throttled = e as ChannelApiError;
      }
    }
    expect(throttled.kind).toBe('throttled');
    expect(pages).toBeGreaterThan(3); // a full bucket carries several pages before the restore rate sets the pace
    expect(connector.throttle!.currentlyAvailable).toBeLessThan(317);
    await new Promise((r) => setTimeout(r, throttled!.detail.retryAfterMs));
    await expect(connector.pullOrders('2000-01-01T00:00:00Z', page)).resolves.toMatchObject({ orders: expect.any(Array) });
  });

  it('THROTTLED comes back as throttled, with the wait the bucket needs, and the bucket is visible', async () => {
    const s = await store();
    const connector = createShopifyConnector(s.credentials);
    await connector.connect();
    expect(connector.throttle).toMatchObject({ maximumAvailable: 1000, restoreRate: 50 });
    s.fail({ kind: 'throttle' });
    const error = await failureOf(connector.connect());
    expect(error.kind).toBe('throttled');
    expect(error.detail.retryAfterMs).toBeGreaterThan(0);
    expect(connector.throttle?.currentlyAvailable).toBe(0);
    // ShipshapeShop requests 2 points; at 50 points a second that is 40 ms.
    expect(error.detail.retryAfterMs).toBe(40);
  });

  it('HTTP 429 is throttled, a 5xx is transient, and the next call works again', async () => {
    const s = await store();
    const connector = createShopifyConnector(s.credentials);
    s.fail({ kind: 'http', status: 429, times: 1 });
    expect((await failureOf(connector.connect())).kind).toBe('throttled');
    s.fail({ kind: 'http', status: 503, times: 1 });
    const error = await failureOf(connector.connect());
    expect(error.kind).toBe('transient');
    expect(error.detail.status).toBe(503);
    expect((await connector.connect()).shop).toBe('Simulated Shopify Store');
  });

  it('a store that does not answer in time, or not at all, is transient', async () => {
    const s = await store();
    s.fail({ kind: 'slow', ms: 1500 });
    const slow = await failureOf(createShopifyConnector(s.credentials, { timeoutMs: 100 }).connect());
    expect(slow.kind).toBe('transient');
    expect(slow.message).toMatch(/did not answer within/);
    s.fail({ kind: 'outage' });
    const down = await failureOf(createShopifyConnector(s.credentials).connect());
    expect(down.kind).toBe('transient');
    expect(down.message).toMatch(/Could not reach Shopify/);
  });

  it('a revoked token is auth; a scope dropped after connecting is scope, naming it', async () => {
    const s = await store();
    s.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 5 });
    const connector = createShopifyConnector(s.credentials);
    const [location] = (await connector.connect()).locations;
    s.fail({ kind: 'dropScopes', scopes: ['write_inventory'] });
    const scope = await failureOf(connector.setStock([{ sku: 'SOCK-1', locationId: location.id, quantity: 3, compareQuantity: 5 }]));
    expect(scope.kind).toBe('scope');
    expect(scope.detail.scope).toBe('write_inventory');
    expect(scope.message).toMatch(/missing scope write_inventory/);
    expect(s.stockOf('SOCK-1')).toBe(5);

    s.fail({ kind: 'revokeToken' });
    const auth = await failureOf(connector.pullOrders('2000-01-01T00:00:00Z'));
    expect(auth.kind).toBe('auth');
    expect(auth.message).toMatch(/refused the access token/);
  });
});
