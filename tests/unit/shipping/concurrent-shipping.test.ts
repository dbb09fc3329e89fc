import { afterEach, describe, expect, it } from 'vitest';
import { placeOrder, shippingShop, type TestApp } from './service-setup';

/**
 * Requests that arrive at the same moment (several at one station server, or stations on one
 * PostgreSQL: each request then has a connection and a transaction of its own) must not do the
 * same end-of-day or void work twice.
 */
let app: TestApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

describe('shipping requests at the same moment', () => {
  it('voiding one shipment several times at once voids it once and puts its units back once', async () => {
    app = await shippingShop();
    const order = await placeOrder(app, [{ sku: 'MUG', quantity: 2 }]);
    const line = order.orderLines[0].id;
    const first = await app.invoke('shipping.ship', { orderId: order.id, packages: [{ lines: [{ lineId: line, quantity: 1 }] }] });
    await app.invoke('shipping.ship', { orderId: order.id });
    const shippedQty = async () => (await app!.store.raw<{ shipped_qty: number }>('select shipped_qty from order_line where id = ?', line))[0].shipped_qty;
    expect(await shippedQty()).toBe(2);

    const results = await Promise.allSettled(Array.from({ length: 4 }, () => app!.invoke('shipping.void', { id: first.id, reason: 'wrong box' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(new RegExp(`Shipment ${first.id} is voided`));
    // The other shipment's unit is still shipped: the void took back one unit, not four.
    expect(await shippedQty()).toBe(1);
  });

  it('closing the same carrier twice at once writes one manifest holding each shipment once', async () => {
    app = await shippingShop();
    const shipped = [];
    for (let i = 0; i < 3; i++) shipped.push(await app.invoke('shipping.ship', { orderId: (await placeOrder(app)).id }));

    const results = await Promise.allSettled([app.invoke('shipping.closeManifest', { carrier: 'usps' }), app.invoke('shipping.closeManifest', { carrier: 'usps' })]);
    const closed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ carrier: 'usps', shipments: 3 });
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(refused[0]).toMatch(/No open USPS shipments|manifested or voided by another station/);
    expect(await app.invoke('shipping.manifests', {})).toHaveLength(1);
    for (const s of shipped) expect((await app.invoke('shipping.shipment', { id: s.id })).manifestId).toBe(closed[0].id);
  });
});
