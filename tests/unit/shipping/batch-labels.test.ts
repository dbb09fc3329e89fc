import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../shared/api/contract';
import type { BatchProgressEvent } from '../../../shared/api/shipping-batch';
import { startPrinterSimulator, type PrinterSimulator } from '../../../main/devices/simulators';
import { runCli } from '../../helpers/cli';
import { placeOrder, shippingShop, type TestApp } from './service-setup';

let app: TestApp | undefined;
let printer: PrinterSimulator | undefined;
afterEach(async () => {
  await app?.cleanup();
  await printer?.close();
  app = printer = undefined;
});

/** An order to Los Angeles: no zone chart row from New York covers 900, so no service can carry it. */
const unreachable = (a: TestApp) =>
  placeOrder(a, undefined, '2026-03-05', {
    shipTo: { name: 'Grace Hopper', company: null, line1: '1 Harbor Blvd', line2: null, city: 'Los Angeles', regionCode: 'CA', postalCode: '90001', countryCode: 'US', phone: null, residential: false },
  });

describe('batch labels', () => {
  it('rates the orders (total and exceptions), ships the rest in pick order with labels at the printer, states the partial success and voids the batch', async () => {
    printer = await startPrinterSimulator();
    app = await shippingShop({ printerUri: printer.uri, workers: true });
    const first = await placeOrder(app);
    const failing = await unreachable(app);
    const second = await placeOrder(app, [{ sku: 'TEE', quantity: 1 }]);
    const orderIds = [second.id, failing.id, first.id];

    const plan = await app.invoke('shipping.batchPlan', { orderIds });
    expect(plan.orders.map((o) => o.orderNumber)).toEqual([second.number, failing.number, first.number]);
    expect(plan.exceptions).toBe(1);
    expect(plan.orders[1]).toMatchObject({ orderId: failing.id, serviceKey: null, exception: expect.stringMatching(/90001/) });
    expect(plan.orders[0]).toMatchObject({ serviceKey: expect.stringMatching(/^usps:/), labelKind: 'reference' });
    expect(plan.totals).toEqual([{ currency: 'USD', cents: plan.orders[0].priceCents! + plan.orders[2].priceCents! }]);

    const progress: BatchProgressEvent[] = [];
    const stop = app.events.subscribe((e: AppEvent) => e.topic === 'shipping.batch' && progress.push(e.data as BatchProgressEvent));
    const batch = await app.invoke('shipping.batchCreate', { orderIds, printer: 'Zebra' }, { actor: 'owner' });
    stop();
    expect(batch.summary).toBe('2 of 3 orders shipped; 1 failed');
    expect(batch.shipped.map((s) => s.orderNumber)).toEqual([second.number, first.number]);
    expect(batch.failed).toEqual([{ orderId: failing.id, orderNumber: failing.number, reason: expect.stringMatching(/90001/) }]);
    expect(batch.shipped.every((s) => s.labelKind === 'reference' && /^REF\d{10}$/.test(s.trackingNumbers[0]))).toBe(true);
    expect(progress.map((p) => [p.done, p.total, p.orderNumber, p.ok])).toEqual([
      [1, 3, second.number, true],
      [2, 3, failing.number, false],
      [3, 3, first.number, true],
    ]);
    // The failing order wrote nothing; the others shipped.
    expect((await app.invoke('orders.get', { id: failing.id })).status).toBe('allocated');
    expect((await app.invoke('orders.get', { id: first.id })).status).toBe('shipped');

    // Labels at the printer in pick order, each marked as not postage.
    const jobs = await printer.waitForJobs(2, 15_000);
    expect(jobs[0].text).toContain(`REF: ${second.number}`);
    expect(jobs[1].text).toContain(`REF: ${first.number}`);
    for (const job of jobs) expect(job.text).toContain('NOT POSTAGE — REFERENCE ONLY');

    // Each shipped order's packing slip is a PDF (the documents area's packing slip).
    const slip = await app.invoke('shipping.batchSlip', { id: batch.id, orderId: first.id });
    const pdf = Buffer.from(slip.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect(app.invoke('shipping.batchSlip', { id: batch.id, orderId: 999 })).rejects.toThrow(/not found/);

    // Read back, then void the whole batch: every label voided, units back to unshipped.
    expect((await app.invoke('shipping.batch', { id: batch.id })).summary).toBe('2 of 3 orders shipped; 1 failed');
    const voided = await app.invoke('shipping.batchVoid', { id: batch.id, reason: 'wrong pallet' });
    expect(voided.status).toBe('voided');
    expect(voided.summary).toBe('Batch voided: 2 shipments voided');
    expect(voided.shipped.map((s) => s.status)).toEqual(['voided', 'voided']);
    expect((await app.invoke('orders.get', { id: first.id })).orderLines[0].shippedQty).toBe(0);
    expect((await app.invoke('shipping.batches', { limit: 5 })).map((b) => b.id)).toEqual([batch.id]);
  });

  it('labels come in pick order: orders of a pick batch tote by tote, the rest as selected; or a whole pick batch', async () => {
    app = await shippingShop();
    const a = await placeOrder(app);
    const b = await placeOrder(app);
    const c = await placeOrder(app);
    const warehouse = (await app.store.raw<{ id: number }>("select id from warehouse where code = 'MAIN'"))[0].id;
    await app.store.raw(
      "insert into pick_batch (warehouse_id, status, route_length_mm, route_method, cart_capacity, created_by, created_at) values (?, 'done', 0, 'none', 8, 'picker', 'now')",
      warehouse,
    );
    await app.store.raw('insert into pick_batch_order (batch_id, order_id, tote, status) values (1, ?, 1, ?), (1, ?, 2, ?)', c.id, 'picked', a.id, 'picked');
    const plan = await app.invoke('shipping.batchPlan', { orderIds: [a.id, b.id, c.id] });
    expect(plan.orders.map((o) => o.orderNumber)).toEqual([c.number, a.number, b.number]);
    const whole = await app.invoke('shipping.batchCreate', { pickBatchId: 1 });
    expect(whole.shipped.map((s) => s.orderNumber)).toEqual([c.number, a.number]);
    await expect(app.invoke('shipping.batchPlan', { pickBatchId: 9 })).rejects.toThrow(/Pick batch 9 not found/);
    await expect(app.invoke('shipping.batchPlan', { orderIds: [a.id], pickBatchId: 1 })).rejects.toThrow(/one of them/);
  });

  it('refuses a printer that cannot print labels before creating anything', async () => {
    app = await shippingShop();
    const order = await placeOrder(app);
    await expect(app.invoke('shipping.batchCreate', { orderIds: [order.id], printer: 'Nowhere' })).rejects.toThrow(/Nowhere/);
    expect(await app.invoke('shipping.shipments', { limit: 10 })).toEqual([]);
    expect(await app.invoke('shipping.batches', { limit: 10 })).toEqual([]);
    await expect(app.invoke('shipping.batchCreate', { orderIds: [] })).rejects.toThrow(/orderIds/);
    // Packing slips are PDFs: a label printer is refused as the slip printer, before anything is created.
    await app.invoke('printers.upsert', { name: 'Zebra', language: 'zpl', uri: 'tcp://127.0.0.1:9' });
    await expect(app.invoke('shipping.batchCreate', { orderIds: [order.id], slipPrinter: 'Zebra' })).rejects.toThrow(/cannot print packing slips/);
    expect(await app.invoke('shipping.shipments', { limit: 10 })).toEqual([]);
  });

  it('refuses an id that is not an order, naming it, before creating anything; a held order fails with its hold reason', async () => {
    app = await shippingShop();
    const ok = await placeOrder(app);
    await expect(app.invoke('shipping.batchCreate', { orderIds: [ok.id, 99999] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Order 99999 not found' });
    expect(await app.invoke('shipping.shipments', { limit: 10 })).toEqual([]);
    expect(await app.invoke('shipping.batches', { limit: 10 })).toEqual([]);

    const held = await placeOrder(app, undefined, '2026-03-05', {
      shipTo: { name: 'Bad Zip', company: null, line1: '1 Main St', line2: null, city: 'Springfield', regionCode: 'ZZ', postalCode: 'ABCDE', countryCode: 'US', phone: null, residential: true },
    });
    expect(held.status).toBe('on_hold');
    const plan = await app.invoke('shipping.batchPlan', { orderIds: [held.id] });
    expect(plan.orders[0].exception).toMatch(/is on hold \(address needs attention: postal code "ABCDE"/);
    const batch = await app.invoke('shipping.batchCreate', { orderIds: [ok.id, held.id] });
    expect(batch.failed).toEqual([{ orderId: held.id, orderNumber: held.number, reason: expect.stringMatching(/is on hold \(address needs attention: .*state "ZZ"/) }]);
  });

  it('shipshape ship --orders ID,ID --json answers {shipped, failed:[{order, reason}]} and exits 1 on a partial batch', async () => {
    app = await shippingShop();
    const ok = await placeOrder(app);
    const failing = await unreachable(app);
    const db = app.store.path;
    await app.close();
    const result = runCli(['ship', '--orders', `${ok.id},${failing.id}`, '--db', db, '--json']);
    expect(result.status, result.stderr).toBe(1);
    const out = result.json();
    expect(out.shipped).toEqual([expect.objectContaining({ order: ok.id, number: ok.number, label: 'reference', tracking_numbers: [expect.stringMatching(/^REF\d{10}$/)] })]);
    expect(out.failed).toEqual([{ order: failing.id, number: failing.number, reason: expect.any(String) }]);
    expect(out.summary).toBe('1 of 2 orders shipped; 1 failed');
    // Global options may come first, as `shipshape --db FILE ship …` (the README's form).
    const first = runCli(['--db', db, '--json', 'ship', '--orders', String(failing.id)]);
    expect(first.status, first.stderr).toBe(1);
    expect(first.json().failed).toEqual([{ order: failing.id, number: failing.number, reason: expect.any(String) }]);
    const usage = runCli(['ship', '--orders', 'x,2', '--db', db]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--order must be an order id');
  }, 120_000);
});
