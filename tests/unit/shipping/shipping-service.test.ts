import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../main/clock';
import { startPrinterSimulator, type PrinterSimulator } from '../../../main/devices/simulators';
import { isValidUps1z, isValidUspsImpb } from '../../../main/domain/shipping';
import { MONDAY, placeOrder, shippingShop, type TestApp } from './service-setup';

let app: TestApp | undefined;
let printer: PrinterSimulator | undefined;
afterEach(async () => {
  await app?.cleanup();
  await printer?.close();
  app = undefined;
  printer = undefined;
});

const onHand = async (a: TestApp, sku: string) =>
  (await a.store.raw<{ on_hand: number; reserved: number }>('select sum(b.on_hand) as on_hand, sum(b.reserved) as reserved from stock_balance b join product p on p.id = b.product_id where p.sku = ?', sku))[0];

describe('rating an order', () => {
  it('recommends the cheapest service that meets the promise, and says why', async () => {
    app = await shippingShop();
    const order = await placeOrder(app);
    const rates = await app.invoke('shipping.rateOrder', { orderId: order.id });
    expect(rates.origin).toMatchObject({ postalCode: '10001', warehouse: 'MAIN' });
    // One mug (400 g) in the small box (100 g tare).
    expect(rates.packages).toEqual([expect.objectContaining({ boxCode: 'BOX-S', weightG: 500, lengthMm: 200, widthMm: 150, heightMm: 120 })]);
    expect(rates.options.map((o) => [o.serviceKey, o.priceCents])).toEqual([
      ['usps:ground_advantage', 500],
      ['usps:priority', 800],
      ['ups:ground', 900 + 140], // fuel 15.5 % of $9.00 = 139.5¢, rounded half up
    ]);
    const ground = rates.options[0];
    // Ground Advantage is 4 days in zone 5; Thursday leaves 3: it cannot make it.
    expect(ground).toMatchObject({ meetsPromise: false, onTimeProbability: 0, deliveryDate: '2026-03-06' });
    expect(rates.recommended).toEqual({ serviceKey: 'usps:priority', carrier: 'usps', service: 'priority' });
    // Published 93 % in 2 days + 60 % of the late 7 % on day 3.
    expect(rates.options[1].onTimeProbability).toBeCloseTo(0.972, 3);
    expect(rates.reason).toBe('USPS Priority Mail ($8.00) is the cheapest option with at least 95% chance of arriving by 2026-03-05 (97%); 1 cheaper option fell short of the target.');
    expect(rates.ineligible.find((i) => i.serviceKey === 'fedex:ground')?.reason).toMatch(/no zone|no rate card/);
  });

  it('on-time odds move with delivered history recorded through tracking', async () => {
    app = await shippingShop();
    const before = (await app.invoke('shipping.rateOrder', { orderId: (await placeOrder(app)).id })).options.find((o) => o.serviceKey === 'usps:priority')!;
    expect(before).toMatchObject({ historyObservations: 0 });
    // Ten Priority parcels picked up Monday, delivered the next Monday: 5 business days, late for a 3-day promise.
    const shipped = [];
    for (let i = 0; i < 10; i++) {
      const o = await placeOrder(app);
      shipped.push(await app.invoke('shipping.ship', { orderId: o.id, service: 'usps/priority', overrideReason: 'testing the record' }));
    }
    // The delivery scans arrive once they have happened (a scan in the future is refused).
    await expect(app.invoke('shipping.trackingUpdate', { trackingNumber: shipped[0].packages[0].trackingNumber!, status: 'delivered', at: '2026-03-09T14:00:00Z' })).rejects.toThrow(/is in the future/);
    (app.clock as ManualClock).set(new Date('2026-03-10T12:00:00Z'));
    for (const shipment of shipped) await app.invoke('shipping.trackingUpdate', { trackingNumber: shipment.packages[0].trackingNumber!, status: 'delivered', at: '2026-03-09T14:00:00Z' });
    (app.clock as ManualClock).set(MONDAY);
    const after = (await app.invoke('shipping.rateOrder', { orderId: (await placeOrder(app)).id })).options.find((o) => o.serviceKey === 'usps:priority')!;
    expect(after.historyObservations).toBe(10);
    // (10 × 0.972 + 0 on time) / (10 + 10)
    expect(after.onTimeProbability).toBeCloseTo(0.486, 3);
    const rates = await app.invoke('shipping.rateOrder', { orderId: (await placeOrder(app)).id });
    expect(rates.recommendationMeetsPromise).toBe(false);
    expect(rates.reason).toMatch(/^No option reaches 95% for 2026-03-05/);
  });

  it('a rule forbids a service before shopping, and the dry run shows which rule fired', async () => {
    app = await shippingShop();
    const order = await placeOrder(app);
    await app.invoke('shipping.saveRules', {
      rules: [
        { name: 'Big orders need a signature', conditions: { orderValueCents: { min: 100_000 } }, actions: [{ type: 'requireSignature' }] },
        { name: 'No Priority to DC', conditions: { destinationStates: ['DC'] }, actions: [{ type: 'neverUseService', serviceKey: 'usps/priority' }] },
      ],
    });
    const dry = await app.invoke('shipping.dryRunRules', { orderId: order.id });
    expect(dry.fired).toHaveLength(1);
    expect(dry.trace.map((t) => [t.ruleName, t.matched])).toEqual([
      ['Big orders need a signature', false],
      ['No Priority to DC', true],
    ]);
    expect(dry.trace[1].applied).toEqual(['never use usps:priority']);
    const rates = await app.invoke('shipping.rateOrder', { orderId: order.id });
    expect(rates.options.map((o) => o.serviceKey)).not.toContain('usps:priority');
    expect(rates.ineligible).toContainEqual(expect.objectContaining({ serviceKey: 'usps:priority', reason: 'a rule says never to use this service' }));
    await expect(app.invoke('shipping.ship', { orderId: order.id, service: 'usps/priority', overrideReason: 'customer asked' })).rejects.toThrow(/never to use/);
  });
});

describe('shipping an order', () => {
  it('ships in several packages, each with a tracking number, takes stock off the shelf and marks the order shipped', async () => {
    app = await shippingShop();
    const order = await placeOrder(app, [
      { sku: 'MUG', quantity: 2 },
      { sku: 'TEE', quantity: 3 },
    ]);
    expect(order.status).toBe('allocated');
    const [mugLine, teeLine] = order.orderLines;
    const shipment = await app.invoke('shipping.ship', {
      orderId: order.id,
      packages: [{ lines: [{ lineId: mugLine.id, quantity: 2 }] }, { lines: [{ lineId: teeLine.id, quantity: 3 }], boxCode: 'BOX-L' }],
    });
    expect(shipment.packages).toHaveLength(2);
    expect(shipment.packages.map((p) => [p.boxCode, p.weightG])).toEqual([
      ['BOX-S', 900],
      ['BOX-L', 1000],
    ]);
    expect(new Set(shipment.packages.map((p) => p.trackingNumber)).size).toBe(2);
    expect(shipment.priceCents).toBe(shipment.packages.reduce((s, p) => s + p.priceCents, 0));
    const after = await app.invoke('orders.get', { id: order.id });
    expect(after.status).toBe('shipped');
    expect(after.events.map((e) => e.to)).toEqual(expect.arrayContaining(['picking', 'packed', 'shipped']));
    expect(after.orderLines.map((l) => l.shippedQty)).toEqual([2, 3]);
    expect(await onHand(app, 'MUG')).toEqual({ on_hand: 98, reserved: 0 });
    expect(await onHand(app, 'TEE')).toEqual({ on_hand: 97, reserved: 0 });
    const picks = await app.store.raw<{ kind: string; quantity: number }>("select kind, quantity from stock_movement where kind = 'pick' order by id");
    expect(picks.map((p) => p.quantity).sort((x, y) => x - y)).toEqual([-3, -2]);
  });

  it('a partial shipment leaves the order partially shipped; the rest ships later', async () => {
    app = await shippingShop();
    const order = await placeOrder(app, [
      { sku: 'MUG', quantity: 1 },
      { sku: 'TEE', quantity: 1 },
    ]);
    await app.invoke('shipping.ship', { orderId: order.id, packages: [{ lines: [{ lineId: order.orderLines[0].id, quantity: 1 }] }] });
    expect((await app.invoke('orders.get', { id: order.id })).status).toBe('partially_shipped');
    expect(await onHand(app, 'TEE')).toEqual({ on_hand: 100, reserved: 1 });
    await app.invoke('shipping.ship', { orderId: order.id });
    expect((await app.invoke('orders.get', { id: order.id })).status).toBe('shipped');
    expect(await onHand(app, 'TEE')).toEqual({ on_hand: 99, reserved: 0 });
  });

  it('labels carry ship-from, ship-to, service, weight, reference barcode and order reference; without bought postage they say NOT POSTAGE and carry no carrier number', async () => {
    app = await shippingShop();
    const usps = await placeOrder(app);
    const ups = await placeOrder(app);
    const a = await app.invoke('shipping.ship', { orderId: usps.id });
    await expect(app.invoke('shipping.ship', { orderId: ups.id, service: 'ups/ground' })).rejects.toThrow(/needs a reason/);
    const b = await app.invoke('shipping.ship', { orderId: ups.id, service: 'ups/ground', overrideReason: 'customer prefers UPS' });
    expect(b.overrideReason).toBe('customer prefers UPS');
    // Honest labels: no postage account, so no USPS IMpb / UPS 1Z made up here — an internal reference.
    for (const s of [a, b]) {
      expect(s.labelKind).toBe('reference');
      expect(s.packages[0].trackingNumber).toMatch(/^REF\d{10}$/);
      expect(isValidUspsImpb(s.packages[0].trackingNumber!)).toBe(false);
      expect(isValidUps1z(s.packages[0].trackingNumber!)).toBe(false);
    }
    const label = (await app.store.raw<{ label_bytes: Buffer }>('select label_bytes from shipment_package where id = ?', b.packages[0].id))[0].label_bytes.toString('utf8');
    expect(label).toMatch(/^\^XA\^CI28\^PW812\^LL1218/);
    for (const text of ['Main', '1 Dock St', 'Ada Lovelace', '12 Analytical Way', 'Washington, DC 20001', 'UPS · UPS GROUND', '0.50 kg / 1.2 lb', `REF: ${ups.number}`, 'PKG 1 OF 1', 'NOT POSTAGE — REFERENCE ONLY', 'INTERNAL REFERENCE, NOT TRACKING']) {
      expect(label).toContain(text);
    }
    expect(label).not.toContain('TRACKING #');
    // The banner is printed white on black (^FR) twice: across the middle and along the bottom.
    expect(label.match(/\^FR(\^FH)?\^FDNOT POSTAGE — REFERENCE ONLY/g)).toHaveLength(2);
    // The barcode (Code 128) encodes the internal reference, which the pack station can scan.
    expect(label).toContain('^BC');
    expect(label).toContain(b.packages[0].trackingNumber!.slice(3));
    const preview = await app.invoke('shipping.labelPreview', { packageId: b.packages[0].id });
    expect(preview.svg).toContain('Ada Lovelace');
    expect(preview.svg).toContain('NOT POSTAGE — REFERENCE ONLY');
  });

  it('a local courier (own fleet) keeps its own numbers and its label is not marked as reference-only', async () => {
    app = await shippingShop();
    await app.invoke('shipping.importZones', { carrier: 'local', csv: 'origin_prefix,dest_prefix,zone\n100,200,local\n' });
    const report = await app.invoke('shipping.importRateCard', { carrier: 'local', service: 'next_day', csv: 'zone,max_weight_g,price\nlocal,10000,3.00\n' });
    expect(report.ok, JSON.stringify(report.errors)).toBe(true);
    const order = await placeOrder(app);
    const rates = await app.invoke('shipping.rateOrder', { orderId: order.id });
    const s = await app.invoke('shipping.ship', { orderId: order.id, service: 'local/next_day', overrideReason: rates.recommended?.serviceKey === 'local:next_day' ? undefined : 'same-day courier' });
    expect(s.labelKind).toBe('own-fleet');
    expect(s.packages[0].trackingNumber).toMatch(/^LC\d{10}$/);
    const label = (await app.store.raw<{ label_bytes: Buffer }>('select label_bytes from shipment_package where id = ?', s.packages[0].id))[0].label_bytes.toString('utf8');
    expect(label).toContain('TRACKING #');
    expect(label).not.toContain('NOT POSTAGE');
  });

  it('sends the label bytes to a label printer on loopback through the print queue', async () => {
    printer = await startPrinterSimulator();
    app = await shippingShop({ printerUri: printer.uri, workers: true });
    const order = await placeOrder(app);
    const shipment = await app.invoke('shipping.ship', { orderId: order.id, printer: 'Zebra' });
    const [job] = await printer.waitForJobs(1, 10_000);
    expect(job.text).toContain(shipment.packages[0].trackingNumber!.slice(0, 10));
    expect(job.text).toContain('Ada Lovelace');
    const stored = (await app.store.raw<{ label_bytes: Buffer }>('select label_bytes from shipment_package where id = ?', shipment.packages[0].id))[0].label_bytes;
    expect(job.bytes.equals(stored)).toBe(true);
    await app.invoke('shipping.reprint', { id: shipment.id, printer: 'Zebra' });
    const jobs = await printer.waitForJobs(2, 10_000);
    expect(jobs[1].bytes.equals(jobs[0].bytes)).toBe(true);
  });

  it('void refunds the label and puts the units back to unshipped; shipping again relabels', async () => {
    app = await shippingShop();
    const order = await placeOrder(app);
    const first = await app.invoke('shipping.ship', { orderId: order.id });
    await app.invoke('shipping.recordCost', { id: first.id, costCents: 790 });
    const voided = await app.invoke('shipping.void', { id: first.id, reason: 'wrong address' });
    expect(voided).toMatchObject({ status: 'voided', refundCents: 790, voidReason: 'wrong address' });
    const o = await app.invoke('orders.get', { id: order.id });
    expect(o.orderLines[0].shippedQty).toBe(0);
    expect(o.events.at(-1)!.reason).toContain('voided');
    const second = await app.invoke('shipping.ship', { orderId: order.id });
    expect(second.packages[0].trackingNumber).not.toBe(first.packages[0].trackingNumber);
    expect(await onHand(app, 'MUG')).toEqual({ on_hand: 99, reserved: 0 });
    await expect(app.invoke('shipping.reprint', { id: first.id, printer: 'x' })).rejects.toThrow();
    await expect(app.invoke('shipping.void', { id: first.id, reason: 'again' })).rejects.toThrow(/voided/);
  });
});

describe('end of day and tracking', () => {
  it('closes a manifest per carrier with a CSV summary', async () => {
    app = await shippingShop();
    const s1 = await app.invoke('shipping.ship', { orderId: (await placeOrder(app)).id });
    const s2 = await app.invoke('shipping.ship', { orderId: (await placeOrder(app)).id });
    await app.invoke('shipping.ship', { orderId: (await placeOrder(app)).id, service: 'ups/ground', overrideReason: 'test' });
    expect(await app.invoke('shipping.openForManifest', {})).toEqual(
      expect.arrayContaining([expect.objectContaining({ carrier: 'usps', shipments: 2 }), expect.objectContaining({ carrier: 'ups', shipments: 1 })]),
    );
    const m = await app.invoke('shipping.closeManifest', { carrier: 'usps' });
    expect(m).toMatchObject({ carrier: 'usps', shipments: 2, packages: 2, totalCents: s1.priceCents + s2.priceCents, totalWeightG: 1000 });
    const csv = m.csv.trim().split('\n');
    expect(csv[0]).toBe('shipment_id,order,tracking_numbers,service,packages,weight_g,price,dest_postal_code,dest_country');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(s1.packages[0].trackingNumber!);
    expect((await app.invoke('shipping.shipment', { id: s1.id })).status).toBe('manifested');
    await expect(app.invoke('shipping.closeManifest', { carrier: 'usps' })).rejects.toThrow(/No open USPS/);
    expect(await app.invoke('shipping.openForManifest', {})).toEqual([expect.objectContaining({ carrier: 'ups' })]);
  });

  it('imports tracking CSV: in transit, delivered (order delivered, on-time record), exceptions listed, bad rows reported', async () => {
    app = await shippingShop();
    const good = await placeOrder(app);
    const bad = await placeOrder(app);
    const a = await app.invoke('shipping.ship', { orderId: good.id });
    const b = await app.invoke('shipping.ship', { orderId: bad.id });
    const ta = a.packages[0].trackingNumber!;
    const tb = b.packages[0].trackingNumber!;
    // Scans are imported after they happened: Thursday morning.
    (app.clock as ManualClock).set(new Date(2026, 2, 5, 9, 0));
    const report = await app.invoke('shipping.trackingImport', {
      csv: [
        'tracking_number,status,at,message,location',
        `${ta},in_transit,2026-03-02T20:00:00Z,Departed,New York NY`,
        `${ta},delivered,2026-03-04T15:00:00Z,Delivered,Washington DC`,
        `${tb},failure,2026-03-03T09:00:00Z,Address not found,Washington DC`,
        `${ta},teleported,2026-03-04T15:00:00Z,,`,
        '9400000000000000000000,delivered,2026-03-04,,',
        `${tb},in_transit,2026-03-20T10:00:00Z,Departed,New York NY`,
      ].join('\n'),
    });
    expect(report).toMatchObject({ rows: 6, updated: 3, ok: false });
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [5, 'status'],
      [6, 'tracking_number'],
      [7, 'at'],
    ]);
    expect(report.errors[2].message).toBe('"2026-03-20T10:00:00Z" is in the future (the shop\'s time now is 2026-03-05 09:00): a scan cannot have happened yet');
    const delivered = await app.invoke('shipping.shipment', { id: a.id });
    expect(delivered).toMatchObject({ status: 'delivered', deliveredDate: '2026-03-04' });
    expect(delivered.events.map((e) => e.status)).toEqual(['delivered', 'in_transit']);
    expect((await app.invoke('orders.get', { id: good.id })).status).toBe('delivered');
    expect(await app.store.raw('select service_key, zone, pickup_date, delivered_date from delivery_record')).toEqual([
      { service_key: 'usps:priority', zone: '5', pickup_date: '2026-03-02', delivered_date: '2026-03-04' },
    ]);
    // Importing the same file again changes nothing.
    await app.invoke('shipping.trackingImport', { csv: `tracking_number,status,at\n${ta},delivered,2026-03-04T15:00:00Z\n` });
    expect(await app.store.raw('select * from delivery_record')).toHaveLength(1);

    (app.clock as ManualClock).set(new Date(2026, 2, 9, 10, 0));
    const exceptions = await app.invoke('shipping.exceptions', {});
    expect(exceptions).toEqual([expect.objectContaining({ shipmentId: b.id, kind: 'exception', detail: 'Address not found', trackingNumber: tb })]);
    // A third parcel that was never scanned and is past its promise shows as late.
    const late = await placeOrder(app, undefined, '2026-03-10');
    const c = await app.invoke('shipping.ship', { orderId: late.id });
    (app.clock as ManualClock).set(new Date(2026, 2, 12, 10, 0));
    expect((await app.invoke('shipping.exceptions', {})).find((e) => e.shipmentId === c.id)).toMatchObject({ kind: 'late', detail: 'promised 2026-03-10, still label created' });
  });
});
