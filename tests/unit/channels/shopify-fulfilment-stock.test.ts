import { afterEach, describe, expect, it } from 'vitest';
import { ChannelApiError, type FulfilmentPush } from '../../../main/domain/channels/connector';
import { createShopifyConnector } from '../../../main/domain/channels/shopify';
import { startShopifyStore, type SimulatedShopifyStore } from '../../../main/simulators/shopify-store';

// Fulfilments and stock going out to the simulated Shopify store over loopback HTTP, and the
// simulated storefront's own rule that it never sells what it does not have.

const stores: SimulatedShopifyStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function setUp(opts: Parameters<typeof startShopifyStore>[0] = {}) {
  const store = await startShopifyStore(opts);
  stores.push(store);
  const connector = createShopifyConnector(store.credentials);
  return { store, connector };
}

function push(externalOrderId: string, lines: FulfilmentPush['lines'], overrides: Partial<FulfilmentPush> = {}): FulfilmentPush {
  return {
    externalOrderId,
    shipmentRef: 'shipment-1',
    lines,
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    notifyCustomer: true,
    orderComplete: false,
    ...overrides,
  };
}

describe('fulfilments', () => {
  it('a whole shipment marks the order fulfilled, with carrier, tracking number and URL', async () => {
    const { store, connector } = await setUp();
    store.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 10 });
    store.addProduct({ sku: 'HAT-2', name: 'Hat', stock: 10 });
    const order = (await store.sell([{ sku: 'SOCK-1', quantity: 2 }, { sku: 'HAT-2', quantity: 1 }]))!;
    expect(store.orderStatus(order.externalId)).toBe('UNFULFILLED');

    const result = await connector.createFulfilment(
      push(order.externalId, [
        { sku: 'SOCK-1', externalLineId: null, quantity: 2 },
        { sku: 'HAT-2', externalLineId: null, quantity: 1 },
      ], { orderComplete: true }),
    );
    expect(result.alreadyExisted).toBe(false);
    expect(store.orderStatus(order.externalId)).toBe('FULFILLED');
    expect(store.fulfilmentsOf(order.externalId)).toEqual([
      {
        id: result.fulfilmentId,
        status: 'success',
        trackingNumber: '1Z999AA10123456784',
        trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
        carrier: 'UPS',
        lines: [
          { sku: 'SOCK-1', quantity: 2 },
          { sku: 'HAT-2', quantity: 1 },
        ],
        // What the push asked for: Shopify e-mails the customer.
        notifyCustomer: true,
      },
    ]);
  });

  it('a partial shipment leaves the rest open for the next one, matched by the webhook line id', async () => {
    const { store, connector } = await setUp();
    store.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 10 });
    const order = (await store.sell([{ sku: 'SOCK-1', quantity: 3 }], { skipWebhook: true }))!;
    const lineId = String((store.orderJson(order.externalId)!.line_items as { id: number }[])[0].id);

    // The line id alone is enough (a channel line without a SKU).
    await connector.createFulfilment(push(order.externalId, [{ sku: null, externalLineId: lineId, quantity: 1 }]));
    expect(store.orderStatus(order.externalId)).toBe('PARTIALLY_FULFILLED');

    // More than is left is refused, naming the line, and changes nothing.
    const tooMany = await connector
      .createFulfilment(push(order.externalId, [{ sku: 'SOCK-1', externalLineId: lineId, quantity: 3 }], { trackingNumber: 'TRACK-2' }))
      .catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(ChannelApiError);
    expect((tooMany as ChannelApiError).kind).toBe('rejected');
    expect((tooMany as ChannelApiError).message).toMatch(/has only 2 of SKU SOCK-1 left to fulfil, not 3$/);

    await connector.createFulfilment(push(order.externalId, [{ sku: 'SOCK-1', externalLineId: lineId, quantity: 2 }], { trackingNumber: 'TRACK-2' }));
    expect(store.orderStatus(order.externalId)).toBe('FULFILLED');
    expect(store.fulfilmentsOf(order.externalId).map((f) => [f.trackingNumber, f.lines[0].quantity])).toEqual([
      ['1Z999AA10123456784', 1],
      ['TRACK-2', 2],
    ]);
  });

  it('recognises a fulfilment it already sent (same tracking number) instead of sending it twice', async () => {
    const { store, connector } = await setUp();
    store.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 10 });
    const order = (await store.sell([{ sku: 'SOCK-1', quantity: 1 }], { skipWebhook: true }))!;
    const shipment = push(order.externalId, [{ sku: 'SOCK-1', externalLineId: null, quantity: 1 }]);
    const first = await connector.createFulfilment(shipment);
    const retry = await connector.createFulfilment(shipment);
    expect(retry).toEqual({ fulfilmentId: first.fulfilmentId, alreadyExisted: true });
    expect(store.fulfilmentsOf(order.externalId)).toHaveLength(1);
  });

  it('a shipment without a tracking number (label not bought as postage) sends none, and its retry is recognised by its lines', async () => {
    const { store, connector } = await setUp();
    store.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 10 });
    const order = (await store.sell([{ sku: 'SOCK-1', quantity: 2 }], { skipWebhook: true }))!;
    const shipment = push(order.externalId, [{ sku: 'SOCK-1', externalLineId: null, quantity: 2 }], { trackingNumber: '', trackingUrl: null });
    const first = await connector.createFulfilment(shipment);
    expect(first.alreadyExisted).toBe(false);
    expect(store.fulfilmentsOf(order.externalId)).toMatchObject([{ status: 'success', carrier: 'UPS', trackingNumber: null }]);
    const retry = await connector.createFulfilment(shipment);
    expect(retry).toEqual({ fulfilmentId: first.fulfilmentId, alreadyExisted: true });
    expect(store.fulfilmentsOf(order.externalId)).toHaveLength(1);
  });

  it('cancelling reopens what it had fulfilled; cancelling again is not an error', async () => {
    const { store, connector } = await setUp();
    store.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 10 });
    const order = (await store.sell([{ sku: 'SOCK-1', quantity: 2 }], { skipWebhook: true }))!;
    const { fulfilmentId } = await connector.createFulfilment(push(order.externalId, [{ sku: 'SOCK-1', externalLineId: null, quantity: 2 }]));
    expect(store.orderStatus(order.externalId)).toBe('FULFILLED');

    await connector.cancelFulfilment(order.externalId, fulfilmentId);
    expect(store.fulfilmentsOf(order.externalId)[0].status).toBe('cancelled');
    expect(store.orderStatus(order.externalId)).toBe('UNFULFILLED');
    await expect(connector.cancelFulfilment(order.externalId, fulfilmentId)).resolves.toBeUndefined();

    // A voided shipment re-shipped under the same tracking number is a new fulfilment, not "already sent".
    const again = await connector.createFulfilment(push(order.externalId, [{ sku: 'SOCK-1', externalLineId: null, quantity: 2 }]));
    expect(again.alreadyExisted).toBe(false);
    expect(store.orderStatus(order.externalId)).toBe('FULFILLED');
  });

  it('an order Shopify does not have is rejected, not retried', async () => {
    const { connector } = await setUp();
    const error = (await connector.createFulfilment(push('5600000999999', [])).catch((e: unknown) => e)) as ChannelApiError;
    expect(error.kind).toBe('rejected');
    expect(error.message).toBe('Shopify has no order 5600000999999');
  });
});

describe('stock', () => {
  it('sets absolute figures with compare-and-set, and a storefront sale in between is a mismatch, never overwritten', async () => {
    const { store, connector } = await setUp({ locations: ['Main warehouse', 'Shop floor'] });
    const [main, floor] = store.locations();
    store.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 10, locationStock: { [main.id]: 10, [floor.id]: 4 } });
    store.addProduct({ sku: 'HAT-2', name: 'Hat', stock: 6 });

    expect(
      await connector.setStock([
        { sku: 'SOCK-1', locationId: main.id, quantity: 7, compareQuantity: 10 },
        { sku: 'SOCK-1', locationId: floor.id, quantity: 2, compareQuantity: null }, // first push: unconditional
      ]),
    ).toEqual([
      { sku: 'SOCK-1', locationId: main.id, outcome: 'set' },
      { sku: 'SOCK-1', locationId: floor.id, outcome: 'set' },
    ]);
    expect([store.stockOf('SOCK-1', main.id), store.stockOf('SOCK-1', floor.id)]).toEqual([7, 2]);

    await store.sell([{ sku: 'SOCK-1', quantity: 2 }], { skipWebhook: true }); // the storefront sells 2 at the main warehouse
    const results = await connector.setStock([
      { sku: 'SOCK-1', locationId: main.id, quantity: 6, compareQuantity: 7 },
      { sku: 'HAT-2', locationId: main.id, quantity: 5, compareQuantity: 6 },
      { sku: 'NOPE-9', locationId: main.id, quantity: 1, compareQuantity: 0 },
    ]);
    expect(results).toEqual([
      { sku: 'SOCK-1', locationId: main.id, outcome: 'mismatch', current: 5 },
      { sku: 'HAT-2', locationId: main.id, outcome: 'set' }, // the rest of the batch still goes through
      { sku: 'NOPE-9', locationId: main.id, outcome: 'unknown_sku' },
    ]);
    expect(store.stockOf('SOCK-1', main.id)).toBe(5); // the sale was not overwritten
    expect(store.stockOf('HAT-2', main.id)).toBe(5);

    expect(await connector.readStock([{ sku: 'SOCK-1', locationId: floor.id }, { sku: 'NOPE-9', locationId: main.id }])).toEqual([
      { sku: 'SOCK-1', locationId: floor.id, quantity: 2 },
      { sku: 'NOPE-9', locationId: main.id, quantity: null },
    ]);
    expect(connector.maxStockBatch).toBe(250);
  });

  it('looks each SKU up once and remembers its inventory item', async () => {
    const { store, connector } = await setUp();
    const [main] = store.locations();
    store.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 10 });
    await connector.setStock([{ sku: 'SOCK-1', locationId: main.id, quantity: 9, compareQuantity: 10 }]);
    await connector.setStock([{ sku: 'SOCK-1', locationId: main.id, quantity: 8, compareQuantity: 9 }]);
    expect(store.requests.map((r) => r.operation)).toEqual(['ShipshapeInventoryItems', 'ShipshapeSetStock', 'ShipshapeSetStock']);
    expect(store.stockOf('SOCK-1')).toBe(8);
  });
});

describe('the simulated storefront', () => {
  it('refuses to sell a sold-out SKU, and more than it has', async () => {
    const { store } = await setUp();
    store.addProduct({ sku: 'DROP-1', name: 'Limited print', stock: 1 });
    store.addProduct({ sku: 'SOCK-1', name: 'Sock', stock: 3 });
    expect(await store.sell([{ sku: 'DROP-1', quantity: 1 }], { skipWebhook: true })).not.toBeNull();
    expect(await store.sell([{ sku: 'DROP-1', quantity: 1 }], { skipWebhook: true })).toBeNull();
    expect(await store.sell([{ sku: 'SOCK-1', quantity: 4 }], { skipWebhook: true })).toBeNull();
    // A refused sale takes nothing, not even its lines that were in stock.
    expect(await store.sell([{ sku: 'SOCK-1', quantity: 1 }, { sku: 'DROP-1', quantity: 1 }], { skipWebhook: true })).toBeNull();
    expect([store.stockOf('DROP-1'), store.stockOf('SOCK-1')]).toEqual([0, 3]);
  });

  it('lists its products a page at a time', async () => {
    const { store, connector } = await setUp();
    for (let i = 0; i < 130; i++) store.addProduct({ sku: i === 7 ? null : `SKU-${i}`, name: `Product ${i}`, stock: 1 });
    const first = await connector.listProducts();
    expect(first.products).toHaveLength(100);
    expect(first.products[7]).toMatchObject({ sku: null, name: 'Product 7' });
    expect(first.products[0].externalId).toMatch(/^gid:\/\/shopify\/ProductVariant\/\d+$/);
    const second = await connector.listProducts(first.nextPage);
    expect(second.products.map((p) => p.sku)).toEqual(Array.from({ length: 30 }, (_, i) => `SKU-${i + 100}`));
    expect(second.nextPage).toBeNull();
  });
});
