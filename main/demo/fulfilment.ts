import { SIMULATED } from '../devices/simulated-devices';
import type { DemoContext, DemoSeeder } from './index';

const ACTOR = 'demo';
const CTX = { actor: ACTOR, transport: 'cli' as const };

/**
 * Fulfilment in the demo shop: packing stations, a pick batch in progress in MAIN (two picks done),
 * a batch fully picked with its totes waiting at packing, allocated orders still ready to batch,
 * and an open return. Runs after the orders and shipping seeders, through the real API on the
 * app's clock (today), so scan-to-pick and the packing station can be tried at once. With
 * `serve --simulate-devices` "Packing 1" weighs and prints on the simulated devices, and the
 * "Simulated station" (the same devices) appears too.
 */
export const fulfilmentSeeder: DemoSeeder = {
  name: 'fulfilment',
  async seed({ app, random }: DemoContext) {
    // "Packing 1" is the pack screen's default station: with `serve --simulate-devices` (started
    // before the demo is seeded) it gets the simulated printers and scale, so the demo packs at once.
    const printers = new Set((await app.invoke('printers.list', {})).map((p) => p.name));
    const simulatedScale = (await app.invoke('scales.list', {})).some((s) => s.name === SIMULATED.scale);
    const simulated = printers.has(SIMULATED.labelPrinter)
      ? {
          shippingLabelPrinter: SIMULATED.labelPrinter,
          labelPrinter: SIMULATED.labelPrinter,
          ...(printers.has(SIMULATED.receiptPrinter) ? { packingSlipPrinter: SIMULATED.receiptPrinter, pickListPrinter: SIMULATED.receiptPrinter } : {}),
          scale: simulatedScale ? SIMULATED.scale : null,
        }
      : {};
    for (const name of ['Packing 1', 'Packing 2']) {
      const exists = (await app.invoke('stations.list', {})).some((s) => s.name === name);
      if (!exists) await app.invoke('stations.upsert', { name, ...(name === 'Packing 1' ? simulated : {}) }, CTX);
    }

    const { store } = app;
    const db = store.kysely;
    // Allocated orders whose every line is in MAIN.
    const allocatedIn = async () =>
      await store.all(
        db.selectFrom('sales_order as o').select('o.id').where('o.status', '=', 'allocated')
          .where((eb) => eb.not(eb.exists(
            eb.selectFrom('order_line as l').select('l.id').whereRef('l.order_id', '=', 'o.id')
              .where((line) => line.or([line('l.warehouse_id', 'is', null), line('l.warehouse_id', '<>', line.selectFrom('warehouse').select('id').where('code', '=', 'MAIN'))])),
          )))
          .orderBy('o.promised_date').orderBy('o.id'),
      );
    // Enough allocated MAIN orders for two carts and some left over: top up with Portland-area orders.
    const products = await store.all(
      db.selectFrom('product as p').innerJoin('stock_level as l', 'l.product_id', 'p.id').innerJoin('warehouse as w', 'w.id', 'l.warehouse_id')
        .select('p.sku').where('w.code', '=', 'MAIN').where('p.is_kit', '=', 0).where('p.lot_tracked', '=', 0)
        .where((eb) => eb(eb(eb('l.sellable', '-', eb.ref('l.reserved')), '-', eb.ref('p.safety_stock')), '>=', 6))
        .orderBy('p.sku'),
    );
    for (let i = (await allocatedIn()).length; i < 14 && products.length > 0; i++) {
      const lines = Array.from({ length: random.int(1, 3) }, () => ({ sku: random.pick(products).sku, quantity: random.int(1, 2) }));
      const unique = [...new Map(lines.map((l) => [l.sku, l])).values()];
      await app.invoke(
        'orders.create',
        {
          customer: { name: random.pick(['June Park', 'Theo Grant', 'Ines Moreau', 'Kai Brennan', 'Ruth Silva']), email: null, phone: null },
          shipTo: { name: 'Demo Customer', company: null, line1: `${random.int(100, 999)} SE Division St`, line2: null, city: 'Portland', regionCode: 'OR', postalCode: '97202', countryCode: 'US', phone: null, residential: true },
          lines: unique,
        },
        CTX,
      );
    }

    const ids = (await allocatedIn()).map((o) => o.id);
    if (ids.length >= 4) {
      // A cart already picked: its totes wait at the packing stations.
      const [picked] = await app.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: ids.slice(0, 3), cartCapacity: 3, groupByZone: false }, CTX);
      if (picked) await pickAll(picked.id);
      // A cart on the floor: two picks done.
      const [inProgress] = await app.invoke('picking.createBatches', { warehouse: 'MAIN', orderIds: ids.slice(3, 9), cartCapacity: 6, groupByZone: false }, CTX);
      if (inProgress) await pickAll(inProgress.id, 2);
    }

    // An open return on a delivered order.
    const delivered = await store.get(db.selectFrom('sales_order').select('id').where('status', 'in', ['delivered', 'shipped']).orderBy('id', 'desc').limit(1));
    if (delivered) {
      const line = await store.get(db.selectFrom('order_line').select('id').where('order_id', '=', delivered.id).where('shipped_qty', '>', 0).orderBy('line_no').limit(1));
      if (line) await app.invoke('returns.create', { orderId: delivered.id, reason: 'Too small', lines: [{ orderLineId: line.id, qty: 1 }] }, CTX);
    }

    async function pickAll(batchId: number, limit = Infinity): Promise<void> {
      for (let n = 0; n < limit; n++) {
        const step = await app.invoke('picking.next', { batchId }, CTX);
        if (step.done || !step.task) return;
        await app.invoke('picking.scanBin', { taskId: step.task.id, code: step.task.bin }, CTX);
        await app.invoke('picking.confirm', { taskId: step.task.id, code: step.task.sku, qty: step.task.qty }, CTX);
      }
    }
  },
};
