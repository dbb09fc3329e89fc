import { afterEach, describe, expect, it } from 'vitest';
import { placeOrder, shippingShop, ZONES, type TestApp } from './service-setup';

// The shipping configuration an owner edits in Settings (carriers, services, boxes, the default
// origin) and the shipments list's filters, through the API on the engine under test.

let app: TestApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

describe('shipping configuration', () => {
  it("a shop's own carrier and service are added, renamed and disabled, with their zone chart and rate card counted", async () => {
    app = await shippingShop();
    await app.invoke('shipping.upsertCarrier', { code: 'townrun', name: 'Town Run', enabled: true });
    const service = await app.invoke('shipping.upsertService', { carrier: 'townrun', code: 'sameday', template: 'ups:ground', name: 'Same Day', transitDaysByZone: { '5': 1 } });
    expect(service).toMatchObject({ key: 'townrun:sameday', carrier: 'townrun', name: 'Same Day', builtIn: false, enabled: true, transitDaysByZone: { '5': 1 } });
    await app.invoke('shipping.importZones', { carrier: 'townrun', csv: ZONES });
    await app.invoke('shipping.importRateCard', { carrier: 'townrun', service: 'sameday', csv: 'zone,max_weight_g,price\n5,2000,12.00\n' });

    const own = (await app.invoke('shipping.carriers', {})).find((c) => c.code === 'townrun')!;
    expect(own).toMatchObject({ name: 'Town Run', builtIn: false, enabled: true, zoneChartRows: 2 });
    expect(own.services.map((s) => [s.key, s.rateCardRows])).toEqual([['townrun:sameday', 1]]);
    // The service carries the mug to 20001 (zone 5): it is offered, in one day.
    const rates = await app.invoke('shipping.rateOrder', { orderId: (await placeOrder(app)).id });
    expect(rates.options.find((o) => o.serviceKey === 'townrun:sameday')).toMatchObject({ transitDays: 1 });

    // Saving again changes what was sent and keeps the rest (the service keeps its transit days).
    await app.invoke('shipping.upsertCarrier', { code: 'townrun', name: 'Town Run Couriers', enabled: false });
    await app.invoke('shipping.upsertService', { carrier: 'townrun', code: 'sameday', name: 'Same Day Express' });
    const renamed = (await app.invoke('shipping.carriers', {})).find((c) => c.code === 'townrun')!;
    expect(renamed).toMatchObject({ name: 'Town Run Couriers', enabled: false });
    expect(renamed.services).toEqual([expect.objectContaining({ name: 'Same Day Express', transitDaysByZone: { '5': 1 } })]);
    // A disabled carrier's services are not offered.
    const after = await app.invoke('shipping.rateOrder', { orderId: (await placeOrder(app)).id });
    expect(after.options.map((o) => o.serviceKey)).not.toContain('townrun:sameday');

    await expect(app.invoke('shipping.upsertService', { carrier: 'nobody', code: 'x', template: 'ups:ground' })).rejects.toThrow(/Carrier "nobody"/);
  });

  it('lists boxes smallest first and removes one by its code in any case', async () => {
    app = await shippingShop();
    await app.invoke('shipping.upsertBox', { code: 'MAILER', name: 'Mailer', innerLengthMm: 300, innerWidthMm: 200, innerHeightMm: 20, tareG: 30 });
    // BOX-S 3.6 l, MAILER 1.2 l, BOX-L 30 l: by volume, not by code or when they were added.
    expect((await app.invoke('shipping.boxes', {})).map((b) => b.code)).toEqual(['MAILER', 'BOX-S', 'BOX-L']);
    // Saving a box again by its code changes it in place.
    const changed = await app.invoke('shipping.upsertBox', { code: 'MAILER', name: 'Poly mailer', innerLengthMm: 300, innerWidthMm: 200, innerHeightMm: 20, tareG: 25, active: false });
    expect(changed).toMatchObject({ code: 'MAILER', name: 'Poly mailer', tareG: 25, active: false });
    expect((await app.invoke('shipping.boxes', {})).filter((b) => b.code === 'MAILER')).toHaveLength(1);

    expect(await app.invoke('shipping.removeBox', { code: 'box-s' })).toEqual({ removed: true });
    expect((await app.invoke('shipping.boxes', {})).map((b) => b.code)).toEqual(['MAILER', 'BOX-L']);
    await expect(app.invoke('shipping.removeBox', { code: 'box-s' })).rejects.toThrow(/Box "box-s"/);
  });

  it('the default origin is set and cleared; the on-time target stays as set', async () => {
    app = await shippingShop();
    await app.invoke('shipping.updateSettings', { onTimeTarget: 0.9, origin: { postalCode: '94107', country: 'US' } });
    expect(await app.invoke('shipping.settings', {})).toEqual({ onTimeTarget: 0.9, origin: { postalCode: '94107', country: 'US' } });
    await app.invoke('shipping.updateSettings', { origin: null });
    expect(await app.invoke('shipping.settings', {})).toEqual({ onTimeTarget: 0.9, origin: null });
  });
});

describe('the shipments list', () => {
  it('is newest first and filters by status and by order', async () => {
    app = await shippingShop();
    const first = await placeOrder(app);
    const second = await placeOrder(app);
    const a = await app.invoke('shipping.ship', { orderId: first.id });
    const b = await app.invoke('shipping.ship', { orderId: second.id });
    await app.invoke('shipping.void', { id: a.id, reason: 'wrong box' });

    expect((await app.invoke('shipping.shipments', {})).map((s) => s.id)).toEqual([b.id, a.id]);
    expect((await app.invoke('shipping.shipments', { status: 'voided' })).map((s) => s.id)).toEqual([a.id]);
    expect((await app.invoke('shipping.shipments', { status: 'label_created' })).map((s) => s.id)).toEqual([b.id]);
    expect((await app.invoke('shipping.shipments', { orderId: second.id })).map((s) => s.id)).toEqual([b.id]);
    expect(await app.invoke('shipping.shipments', { orderId: first.id, status: 'label_created' })).toEqual([]);
    expect((await app.invoke('shipping.shipments', { limit: 1 })).map((s) => s.id)).toEqual([b.id]);
  });
});
