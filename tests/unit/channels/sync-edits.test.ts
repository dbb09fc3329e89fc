import { afterEach, describe, expect, it } from 'vitest';
import { connectedShopify, connectedWoo, deliverWebhooks, orderOf, syncShop, type SyncApp } from './sync-setup';

/**
 * Changes made in the store to an order Shipshape already has (issue 17, item 3): order edits,
 * address changes and refunds, through the station server's real webhook route and through the
 * reconciliation pull, against the simulated storefronts.
 */
let app: SyncApp;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await app.cleanup();
});

async function shopifyWithWebhooks() {
  app = await syncShop();
  const { store, channelId } = await connectedShopify(app);
  closers.push(() => store.close());
  await app.invoke('sync.run', {});
  await deliverWebhooks(app, store, channelId, closers);
  return { store, channelId };
}

const detail = (id: number) => app.invoke('orders.get', { id });
const lines = async (id: number) => (await detail(id)).orderLines.map((l) => ({ sku: l.sku, quantity: l.quantity, reserved: l.reserved.reduce((s, r) => s + r.quantity, 0) }));
const history = async (id: number) => (await detail(id)).events.map((e) => e.reason);
const refunds = async () => await app.store.raw<{ order_id: number; amount_cents: number; reason: string }>('select order_id, amount_cents, reason from refund order by id');

async function ship(id: number) {
  for (const to of ['picking', 'packed', 'shipped'] as const) await app.invoke('orders.transition', { id, to, reason: 'test' });
}

describe('Shopify: an order edited in the store before picking', () => {
  it('follows the edit (address, quantities, an added line) with the stock re-reserved, once even when the pull brings it again', async () => {
    const { store, channelId } = await shopifyWithWebhooks();
    const sold = await store.sell([{ sku: 'MUG', quantity: 3 }]);
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    expect(order.status).toBe('allocated');

    await store.editOrder(sold!.externalId, { setQuantity: [{ sku: 'MUG', quantity: 1 }], addLines: [{ sku: 'TEE', quantity: 2 }], shippingAddress: { address1: '99 New Road', zip: '62702' } });
    const after = await detail(order.id);
    expect(after.status).toBe('allocated');
    expect(await lines(order.id)).toEqual([
      { sku: 'MUG', quantity: 1, reserved: 1 },
      { sku: 'TEE', quantity: 2, reserved: 2 },
    ]);
    expect(after.shipTo).toMatchObject({ line1: '99 New Road', postalCode: '62702' });
    // The order's money follows its lines (the books book the sale at shipping from these).
    expect(after.subtotalCents).toBe(after.orderLines.reduce((s, l) => s + l.unitPriceCents * l.quantity, 0));
    expect(after.totalCents).toBe(after.subtotalCents - after.discountCents + after.taxCents + after.shippingCents);
    const reasons = await history(order.id);
    expect(reasons.filter((r) => r.startsWith('changed in Shopify'))).toEqual(['changed in Shopify: line MUG 3 → 1; added TEE × 2; ship to 99 New Road, Springfield 62702']);

    // The pull reads the same edited order: nothing changes a second time.
    const run = await app.invoke('sync.run', {});
    expect(run.channels[0].pull).toMatchObject({ pulled: 1, updated: 0, unchanged: 1 });
    expect(await history(order.id)).toEqual(reasons);
    expect(await lines(order.id)).toEqual([
      { sku: 'MUG', quantity: 1, reserved: 1 },
      { sku: 'TEE', quantity: 2, reserved: 2 },
    ]);
  });

  it('a removed line gives its stock back; an edit the webhook missed is applied by the pull', async () => {
    const { store, channelId } = await shopifyWithWebhooks();
    const sold = await store.sell([{ sku: 'MUG', quantity: 1 }, { sku: 'TEE', quantity: 4 }]);
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    await store.editOrder(sold!.externalId, { setQuantity: [{ sku: 'TEE', quantity: 0 }] }, { skipWebhook: true });
    expect(await lines(order.id)).toEqual([{ sku: 'MUG', quantity: 1, reserved: 1 }, { sku: 'TEE', quantity: 4, reserved: 4 }]);

    const run = await app.invoke('sync.run', {});
    expect(run.channels[0].pull).toMatchObject({ updated: 1 });
    expect(await lines(order.id)).toEqual([{ sku: 'MUG', quantity: 1, reserved: 1 }]);
    expect(await history(order.id)).toContain('changed in Shopify: removed TEE (was 4)');
  });

  it('an added line the warehouse cannot cover backorders the order — never oversold', async () => {
    const { store, channelId } = await shopifyWithWebhooks();
    const sold = await store.sell([{ sku: 'MUG', quantity: 1 }]);
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    // The storefront still has TEE to sell; the warehouse has only 100.
    store.addProduct({ sku: 'CAP', name: 'Cap', stock: 5 });
    await app.invoke('catalog.upsert', { sku: 'CAP', name: 'Cap', priceCents: 900, weightG: 100, lengthMm: 200, widthMm: 200, heightMm: 100 });
    await store.editOrder(sold!.externalId, { addLines: [{ sku: 'CAP', quantity: 2 }] });
    const after = await detail(order.id);
    expect(after.status).toBe('backordered');
    expect(after.orderLines.flatMap((l) => l.reserved)).toEqual([]);
  });
});

describe('Shopify: refunds', () => {
  it('before shipping: a refund of some units shrinks the line (refunds/create and orders/updated apply it once); a refund of the rest cancels and releases the stock', async () => {
    const { store, channelId } = await shopifyWithWebhooks();
    const sold = await store.sell([{ sku: 'MUG', quantity: 3 }]);
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    await store.refundOrder(sold!.externalId, { lines: [{ sku: 'MUG', quantity: 1 }] });
    expect(store.webhooks.map((w) => [w.topic, w.status])).toEqual([
      ['orders/create', 200],
      ['refunds/create', 200],
      ['orders/updated', 200],
    ]);
    expect(await lines(order.id)).toEqual([{ sku: 'MUG', quantity: 2, reserved: 2 }]);
    expect((await history(order.id)).filter((r) => r.includes('MUG 3 → 2'))).toHaveLength(1);
    // Before shipping nothing was booked, so there is nothing to refund in the books.
    expect(await refunds()).toEqual([]);

    await store.refundOrder(sold!.externalId, { lines: [{ sku: 'MUG', quantity: 2 }] });
    const after = await detail(order.id);
    expect(after.status).toBe('cancelled');
    expect(after.orderLines.flatMap((l) => l.reserved)).toEqual([]);
    expect(after.events.at(-1)?.reason).toBe('refunded in full in Shopify before shipping');
    expect(await refunds()).toEqual([]);
  });

  it('while picking: nothing changes under the packer — the order goes on hold saying what changed, once', async () => {
    const { store, channelId } = await shopifyWithWebhooks();
    const sold = await store.sell([{ sku: 'MUG', quantity: 2 }]);
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    await app.invoke('orders.transition', { id: order.id, to: 'picking', reason: 'picker started' });
    await store.refundOrder(sold!.externalId, { lines: [{ sku: 'MUG', quantity: 1 }] });
    const after = await detail(order.id);
    expect(after.status).toBe('on_hold');
    expect(after.holdReason).toBe('Changed in Shopify after picking started: line MUG 2 → 1');
    expect(after.orderLines.map((l) => l.quantity)).toEqual([2]);
    const reasons = await history(order.id);

    await app.invoke('sync.run', {});
    expect(await history(order.id)).toEqual(reasons);
    expect((await detail(order.id)).holdReason).toBe('Changed in Shopify after picking started: line MUG 2 → 1');
  });

  it('after shipping: the refund is booked once (webhook, then the pull) and the stock is not touched', async () => {
    const { store, channelId } = await shopifyWithWebhooks();
    const sold = await store.sell([{ sku: 'MUG', quantity: 2 }]);
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    await ship(order.id);
    const linesBefore = await lines(order.id);
    const { refundId } = await store.refundOrder(sold!.externalId, { amount: '10.00', note: 'scratched' });
    expect(await refunds()).toEqual([{ order_id: order.id, amount_cents: 1000, reason: `refunded in Shopify (refund ${refundId}): scratched` }]);
    expect((await detail(order.id)).status).toBe('shipped');
    expect(await lines(order.id)).toEqual(linesBefore);
    expect((await history(order.id)).filter((r) => r.startsWith('refunded 10.00 USD in Shopify after shipping'))).toHaveLength(1);

    await app.invoke('sync.run', {});
    expect(await refunds()).toHaveLength(1);
    // The books see it: the refunds listing the accounting export reads.
    const listed = await app.invoke('returns.refunds', {});
    expect(listed.map((r) => [r.orderNumber, r.amountCents])).toEqual([[(await detail(order.id)).number, 1000]]);
  });

  it('after shipping, a refund whose webhooks were lost is booked by the pull', async () => {
    const { store, channelId } = await shopifyWithWebhooks();
    const sold = await store.sell([{ sku: 'TEE', quantity: 1 }]);
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    await ship(order.id);
    await store.refundOrder(sold!.externalId, { lines: [{ sku: 'TEE', quantity: 1 }] }, { skipWebhook: true });
    expect(await refunds()).toEqual([]);
    await app.invoke('sync.run', {});
    const price = Number((store.orderJson(sold!.externalId)!.line_items as { price: string }[])[0].price);
    expect((await refunds()).map((r) => r.amount_cents)).toEqual([Math.round(price * 100)]);
    await app.invoke('sync.run', {});
    expect(await refunds()).toHaveLength(1);
  });
});

describe('WooCommerce: refunds', () => {
  it('after shipping: a partial refund (order.updated with `refunds`) is booked once', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedWoo(app);
    closers.push(() => store.close());
    await app.invoke('sync.run', {});
    await deliverWebhooks(app, store, channelId, closers);
    const sold = await store.sell([{ sku: 'MUG', quantity: 2 }]);
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    await ship(order.id);
    await store.refundOrder(sold!.externalId, { amount: '4.50', reason: 'late' });
    expect((await refunds()).map((r) => r.amount_cents)).toEqual([450]);
    await app.invoke('sync.run', {});
    expect(await refunds()).toHaveLength(1);
    expect((await detail(order.id)).status).toBe('shipped');
  });

  it('before shipping: a full refund (status refunded) read by the pull cancels the order and releases its stock', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedWoo(app);
    closers.push(() => store.close());
    const sold = await store.sell([{ sku: 'TEE', quantity: 2 }], { skipWebhook: true });
    await app.invoke('sync.run', {});
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    expect(order.status).toBe('allocated');
    await store.refundOrder(sold!.externalId, { amount: store.order(sold!.externalId).total }, { skipWebhook: true });
    expect(store.orderStatus(sold!.externalId)).toBe('refunded');
    await app.invoke('sync.run', {});
    const after = await detail(order.id);
    expect(after.status).toBe('cancelled');
    expect(after.orderLines.flatMap((l) => l.reserved)).toEqual([]);
    expect(await refunds()).toEqual([]);
  });

  it('before shipping: a partial refund that does not say which items holds the order for a person', async () => {
    app = await syncShop();
    const { store, channelId } = await connectedWoo(app);
    closers.push(() => store.close());
    const sold = await store.sell([{ sku: 'TEE', quantity: 2 }], { skipWebhook: true });
    await app.invoke('sync.run', {});
    const order = (await orderOf(app, channelId, sold!.externalId))!;
    await store.refundOrder(sold!.externalId, { amount: '3.00' }, { skipWebhook: true });
    await app.invoke('sync.run', {});
    const after = await detail(order.id);
    expect(after.status).toBe('on_hold');
    expect(after.holdReason).toBe("Refunded in WooCommerce before shipping without saying which items: 3.00 USD — adjust the order's lines");
    const reasons = await history(order.id);
    await app.invoke('sync.run', {});
    expect(await history(order.id)).toEqual(reasons);
  });
});
