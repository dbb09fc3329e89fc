/**
 * Fulfilment bench (`npm run bench -- fulfilment`). Prints JSON lines {"metric","value","unit"}.
 *
 * - route_exact_ms_per_50_picks: p95 of the exact (Ratliff–Rosenthal) route for 50 random picks
 *   in a 16-aisle single-block layout (the generator of bench/fulfilment-routing.ts), 1000 runs.
 * - route_vs_s_shape / route_vs_order_by_order: the demo shop (seeded into a temp database) —
 *   every order picked in MAIN in the last 30 days, with the bins its units were actually picked
 *   from, batched day by day as `picking.createBatches` would (carts of 8, routed through MAIN's
 *   layout), divided by S-shape on the same carts, and by walking each order alone.
 * - pack_scan_to_label_p95_ms: at a packing station of a running app (print queue worker on),
 *   from the last verifying scan through weighing, rate shopping and ship & print, to the label's
 *   bytes arriving at a loopback TCP printer. 40 orders.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openApp } from '../main/app';
import { seedDemo } from '../main/demo/index';
import { startPrinterSimulator } from '../main/devices/simulators';
import { planPickBatches, type PickOrder } from '../main/domain/fulfilment/batching';
import { buildWarehouseLayout, locateBin } from '../main/domain/fulfilment/layout';
import { orderByOrderLength } from '../main/domain/fulfilment/route';
import { planExactRoute } from '../main/domain/fulfilment/route-exact';
import { planSShapeRoute } from '../main/domain/fulfilment/route-s-shape';
import { buildGridBins, seededRandom } from '../main/domain/fulfilment/sample-warehouse';
import { loadWarehouseLayout } from '../main/domain/fulfilment/service/warehouse-layout';
import { percentile, report } from './_harness';

// ---------- exact routing speed ----------
{
  const bins = buildGridBins({ aisles: 16, baysPerBlock: 20, aislesPerZone: 8 });
  const layout = buildWarehouseLayout(bins, { x: 0, y: -3 });
  const ids = bins.map((b) => b.id);
  const random = seededRandom(1);
  const instances = Array.from({ length: 1000 }, () => Array.from({ length: 50 }, () => ids[Math.floor(random() * ids.length)]));
  for (const instance of instances.slice(0, 100)) planExactRoute(layout, instance); // warm up the JIT
  const times = instances.map((instance) => {
    const start = performance.now();
    planExactRoute(layout, instance);
    return performance.now() - start;
  });
  report('route_exact_ms_per_50_picks', percentile(times, 95), 'ms', { max: 1 });
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-fulfilment-'));
try {
  // ---------- the demo warehouse's last 30 days ----------
  {
    const app = await openApp({ dbPath: path.join(dir, 'demo.sqlite') });
    await seedDemo(app, { seed: 1 });
    const warehouseId = (await app.store.raw<{ id: number }>("select id from warehouse where code = 'MAIN'"))[0].id;
    const { layout } = await loadWarehouseLayout(app.services.core, warehouseId);
    const since = new Date(app.clock.now().getTime() - 30 * 86_400_000).toISOString();
    const picks = await app.store.raw<{ reference: string; bin: string; sku: string; at: string }>(
      `select m.reference, bin.code as bin, p.sku, m.at from stock_movement m join bin on bin.id = m.bin_id join product p on p.id = m.product_id
       where m.warehouse_id = ? and m.kind = 'pick' and m.quantity < 0 and m.at >= ? order by m.at, m.id`,
      warehouseId,
      since,
    );
    const orders = new Map<string, { number: string; day: string; lines: { bin: string; sku: string }[] }>();
    for (const p of picks) {
      const number = p.reference.replace(/^.* \/ /, '').replace(/^order /, '');
      if (!locateBin(layout!, p.bin)) continue;
      const o = orders.get(number) ?? { number, day: p.at.slice(0, 10), lines: [] };
      o.lines.push({ bin: p.bin, sku: p.sku });
      orders.set(number, o);
    }
    const byDay = new Map<string, PickOrder[]>();
    for (const o of orders.values()) {
      const meta = (await app.store.raw<{ priority: number; promised_date: string | null }>('select priority, promised_date from sales_order where number = ?', o.number))[0];
      const list = byDay.get(o.day) ?? [];
      list.push({ id: o.number, priority: meta?.priority ?? 0, promisedDate: meta?.promised_date ?? '9999-12-31', lines: o.lines.map((l, i) => ({ lineId: String(i), bin: l.bin, sku: l.sku, qty: 1 })) });
      byDay.set(o.day, list);
    }
    let batched = 0;
    let sShape = 0;
    let alone = 0;
    let carts = 0;
    for (const [day, dayOrders] of byDay) {
      // Urgency is judged against the day the orders were picked, as it was then.
      for (const batch of planPickBatches(dayOrders, { layout: layout!, today: day, cartCapacity: 8 })) {
        batched += batch.routeLengthM;
        sShape += planSShapeRoute(layout!, batch.picks.map((p) => p.bin)).lengthM;
        carts++;
      }
      alone += orderByOrderLength(layout!, dayOrders.map((o) => o.lines.map((l) => l.bin)));
    }
    report('route_vs_s_shape', batched / sShape, 'ratio', { max: 1 });
    report('route_vs_order_by_order', batched / alone, 'ratio', { max: 0.7 });
    report('demo_orders_30_days', orders.size, 'orders');
    report('demo_carts_30_days', carts, 'carts');
    report('demo_layout_blocks', layout!.blockCount, 'blocks');
    await app.close();
  }

  // ---------- packing: last verifying scan → label bytes at the printer ----------
  {
    const printer = await startPrinterSimulator();
    const app = await openApp({ dbPath: path.join(dir, 'pack.sqlite'), workers: true });
    const api = <T = unknown>(method: string, input: unknown) => app.invoke(method as never, input as never) as Promise<T>;
    await api('warehouses.upsert', { code: 'MAIN', name: 'Main', postalCode: '10001', country: 'US', city: 'New York', region: 'NY', address: '1 Dock St', depot: { xM: 0, yM: -1 } });
    await api('bins.upsert', { warehouse: 'MAIN', code: 'A01-01', aisle: '01', xM: 2, yM: 2, kind: 'pick' });
    await api('bins.upsert', { warehouse: 'MAIN', code: 'A02-01', aisle: '02', xM: 5, yM: 3, kind: 'pick' });
    await api('catalog.upsert', { sku: 'MUG', name: 'Enamel Mug', priceCents: 1800, weightG: 400, lengthMm: 120, widthMm: 100, heightMm: 100, barcodes: [{ code: 'SUP-MUG', kind: 'supplier' }] });
    await api('catalog.upsert', { sku: 'TEE', name: 'Field Tee', priceCents: 2500, weightG: 200, lengthMm: 300, widthMm: 250, heightMm: 25, barcodes: [{ code: 'SUP-TEE', kind: 'supplier' }] });
    await api('stock.receive', { sku: 'MUG', warehouse: 'MAIN', bin: 'A01-01', quantity: 1000 });
    await api('stock.receive', { sku: 'TEE', warehouse: 'MAIN', bin: 'A02-01', quantity: 1000 });
    await api('shipping.upsertBox', { code: 'BOX-L', name: 'Large', innerLengthMm: 400, innerWidthMm: 300, innerHeightMm: 250, tareG: 400 });
    await api('shipping.importZones', { carrier: 'usps', csv: 'origin_prefix,dest_prefix,zone\n100,200,5\n' });
    await api('shipping.importZones', { carrier: 'ups', csv: 'origin_prefix,dest_prefix,zone\n100,200,5\n' });
    await api('shipping.importRateCard', { carrier: 'usps', service: 'ground_advantage', csv: 'zone,max_weight_g,price\n5,2000,5.00\n5,10000,9.00\n' });
    await api('shipping.importRateCard', { carrier: 'usps', service: 'priority', csv: 'zone,max_weight_g,price\n5,2000,8.00\n5,10000,14.00\n' });
    await api('shipping.importRateCard', { carrier: 'ups', service: 'ground', csv: 'zone,max_weight_g,price\n5,2000,9.00\n5,10000,15.00\n' });
    await api('printers.upsert', { name: 'Zebra', language: 'zpl', uri: printer.uri });
    await api('stations.upsert', { name: 'Bench', shippingLabelPrinter: 'Zebra' });

    const runs = 40;
    const orderIds: number[] = [];
    for (let i = 0; i < runs; i++) {
      const o = await api<{ id: number }>('orders.create', {
        customer: { name: 'Ada Lovelace', email: null, phone: null },
        shipTo: { name: 'Ada Lovelace', company: null, line1: '12 Analytical Way', line2: null, city: 'Washington', regionCode: 'DC', postalCode: '20001', countryCode: 'US', phone: null, residential: false },
        lines: [{ sku: 'MUG', quantity: 1 }, { sku: 'TEE', quantity: 1 }],
      });
      orderIds.push(o.id);
    }
    for (const batch of await api<{ id: number }[]>('picking.createBatches', { warehouse: 'MAIN', cartCapacity: 8 })) {
      for (;;) {
        const step = await api<{ done: boolean; task: { id: number; bin: string; sku: string; qty: number } | null }>('picking.next', { batchId: batch.id });
        if (step.done || !step.task) break;
        await api('picking.scanBin', { taskId: step.task.id, code: step.task.bin });
        await api('picking.confirm', { taskId: step.task.id, code: step.task.sku, qty: step.task.qty });
      }
    }
    const times: number[] = [];
    for (const [i, orderId] of orderIds.entries()) {
      const session = await api<{ id: number }>('packing.open', { station: 'Bench', code: String(orderId) });
      await api('packing.scanItem', { sessionId: session.id, code: 'SUP-MUG' });
      const start = performance.now();
      await api('packing.scanItem', { sessionId: session.id, code: 'SUP-TEE' }); // the last verifying scan
      await api('packing.weigh', { sessionId: session.id, grams: 1000 });
      await api('packing.rates', { sessionId: session.id });
      await api('packing.ship', { sessionId: session.id });
      await printer.waitForJobs(i + 1, 10_000);
      times.push(performance.now() - start);
    }
    report('pack_scan_to_label_p95_ms', percentile(times.slice(5), 95), 'ms', { max: 250 });
    report('pack_scan_to_label_median_ms', percentile(times.slice(5), 50), 'ms');
    await app.close();
    await printer.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
